// The registry screen natively: keyboard-first entry and the CSV export.
#include "harness.h"

#include "core/csv.h"
#include "core/xlsx.h"

#include <algorithm>
#include "core/id_number.h"

#include <fstream>
#include <sstream>
#include <gtest/gtest.h>

namespace gy::test {
namespace {

// Opens the sample county's tree down to a campus (double-click opens a node), so class names are unambiguous.
void open_sample_campus(UiHarness& ui) {
    for (const char* node : {"tree.云集镇", "tree.云集镇校联体"}) ui.click(node), ui.click(node);
    ui.click("tree.云集中心学校");
}

// What the user does to import a file: choose it in 导入's file chooser.
void import_file(UiHarness& ui, const std::string& path) {
    ui.platform().choose_next_file(path);
    ui.click("registry.import");
}

TEST(Registry, ExportWritesTheTableAsACsvExcelOpens) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const std::string rows = ui.value("registry.rows");
    ASSERT_FALSE(rows.empty());
    ui.click("registry.export");
    std::ifstream file(ui.platform().last_saved_file(), std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    Result<Sheet> sheet = read_csv(bytes.str());
    ASSERT_TRUE(sheet) << sheet.error().detail;
    ASSERT_EQ(sheet.value().size(), std::stoul(rows) + 1);
    EXPECT_EQ(sheet.value()[0][0], "姓名");
    EXPECT_EQ(sheet.value()[1][0], ui.value("registry.first"));
    const std::string sex = sheet.value()[1][1];
    EXPECT_TRUE(sex == "男" || sex == "女") << sex;
}

TEST(Registry, AFormIsFilledAndSavedWithTheKeyboardAlone) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const int before = std::stoi(ui.value("registry.students"));
    ui.click("tree.add");  // the org tree's "新增乡镇": the caret starts in the name
    ui.frame();            // focus moves two frames after the form opens
    ui.type("松江镇");
    EXPECT_EQ(ui.value("form.name"), "松江镇");
    ui.press(ImGuiKey_Tab);
    ui.type("430422");
    ui.press(ImGuiKey_Enter);
    EXPECT_EQ(ui.value("registry.save_state"), "saved");
    EXPECT_TRUE(ui.has_item("tree.松江镇"));
    EXPECT_EQ(std::stoi(ui.value("registry.students")), before);
}

}  // namespace
}  // namespace gy::test

namespace gy::test {
namespace {

std::string with_check(const std::string& first17) { return first17 + id_check_character(first17); }

TEST(Registry, ImportChecksEveryRowAndWritesOnlyTheGoodOnes) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const int before = std::stoi(ui.value("registry.students"));
    open_sample_campus(ui);
    const std::string csv = dir.path + "/名单.csv";
    std::ofstream(csv, std::ios::binary) << write_csv({{"学生姓名", "性别", "身份证号码", "所在班级"},
                                                       {"欧阳𠮷", "女", with_check("43042220170815124"), "1年级1班"},
                                                       {"李四", "男", "430422201708151240", "1年级1班"},
                                                       {"王五", "男", with_check("43042220170815133"), "9年级9班"}});
    import_file(ui, csv);
    EXPECT_EQ(ui.value("import.column.2"), "id_number");
    EXPECT_EQ(ui.value("import.valid"), "1");
    EXPECT_EQ(ui.value("import.problems"), "2");
    EXPECT_EQ(ui.value("import.first_problem"), "第 3 行 身份证号校验位不对，可能有一位输错了（430422201708151240）");
    ui.click("import.accept");
    EXPECT_EQ(std::stoi(ui.value("registry.students")), before + 1);
}

}  // namespace
}  // namespace gy::test

namespace gy::test {
namespace {

TEST(Registry, TeachersAndHelpersHaveTablesOfTheirOwn) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const std::string students = ui.value("registry.rows");
    ui.click("registry.tab.teacher");
    EXPECT_EQ(ui.value("registry.rows"), "88");
    ui.click("registry.tab.helper");
    EXPECT_EQ(ui.value("registry.rows"), "60");
    ui.click("registry.tab.guardian");
    EXPECT_EQ(ui.value("registry.rows"), students) << "one guardian per child in the sample county";
    ui.click("registry.tab.student");
    EXPECT_EQ(ui.value("registry.rows"), students);
}

}  // namespace
}  // namespace gy::test

namespace gy::test {
namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

TEST(Registry, PrintingTheLedgerOfAClassWritesItsPrintView) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    ui.click("registry.print");  // nothing chosen in the tree yet: a whole township is not a ledger
    EXPECT_EQ(ui.value("registry.message"), "请先在左边选择要打印的校联体、校区或班级");
    EXPECT_TRUE(ui.platform().last_saved_file().empty());
    for (const char* node : {"tree.云集镇", "tree.云集镇校联体", "tree.云集中心学校"}) ui.click(node), ui.click(node);
    ui.click("tree.1年级1班");
    const std::string rows = ui.value("registry.rows");
    ASSERT_GT(std::stoi(rows), 10);
    ui.click("registry.print");
    const std::string path = ui.platform().last_saved_file();
    EXPECT_NE(path.find("/exports/家校共育台账-云集镇校联体 云集中心学校 1年级1班-"), std::string::npos) << path;
    EXPECT_EQ(path.substr(path.size() - 5), ".html");
    EXPECT_EQ(ui.value("registry.message").rfind("已打开打印页面：家校共育台账-", 0), 0u) << ui.value("registry.message");
    const std::string html = file_bytes(path);
    EXPECT_NE(html.find("<p class=\"place\">云集镇校联体 云集中心学校 1年级1班</p>"), std::string::npos);
    const size_t body = html.find("<tbody>");
    ASSERT_NE(body, std::string::npos);
    EXPECT_EQ(count_of(html.substr(body), "<tr>"), std::stoul(rows)) << "one row per student the table lists";
}

TEST(Registry, AStudentsFormPrintsTheChildsFile) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const std::string name = ui.value("registry.first");
    ui.click("registry.first_row");
    ASSERT_TRUE(ui.has_item("form.print"));
    ui.click("form.print");
    const std::string path = ui.platform().last_saved_file();
    EXPECT_NE(path.find("/exports/一生一档-" + name + "-"), std::string::npos) << path;
    const std::string html = file_bytes(path);
    EXPECT_NE(html.find("<h1>一生一档</h1>\n<p class=\"place\">" + name + "</p>"), std::string::npos);
    EXPECT_NE(html.find("<h2>家访记录（共 "), std::string::npos);
    EXPECT_EQ(ui.value("form.name"), name) << "the form stays open";
    ui.click("form.cancel");
    ui.click("registry.tab.teacher");
    ui.click("registry.first_row");
    EXPECT_FALSE(ui.has_item("form.print")) << "only a student has a 一生一档";
}

TEST(Registry, ExportExcelWritesAWorkbookTheCoreReadsBack) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const std::string rows = ui.value("registry.rows");
    ui.click("registry.export_xlsx");
    const std::string path = ui.platform().last_saved_file();
    ASSERT_TRUE(path.ends_with(".xlsx")) << path;
    EXPECT_NE(ui.value("registry.message").find("已导出 " + rows + " 人"), std::string::npos) << ui.value("registry.message");
    Result<Sheet> sheet = read_xlsx(file_bytes(path));
    ASSERT_TRUE(sheet) << sheet.error().detail;
    ASSERT_EQ(sheet.value().size(), std::stoul(rows) + 1);
    // The same cells as the CSV export of the same table.
    ui.click("registry.export");
    Result<Sheet> csv = read_csv(file_bytes(ui.platform().last_saved_file()));
    ASSERT_TRUE(csv);
    EXPECT_EQ(sheet.value(), csv.value());
    const auto& header = sheet.value()[0];
    const size_t birth = std::find(header.begin(), header.end(), "出生日期") - header.begin();
    ASSERT_LT(birth, header.size());
    EXPECT_EQ(sheet.value()[1][birth].size(), 10u) << sheet.value()[1][birth];  // 2015-06-07, read back from an Excel date
}

TEST(Registry, ImportsAnXlsxWithABadRowAndRemembersTheMapping) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const int before = std::stoi(ui.value("registry.students"));
    open_sample_campus(ui);
    const Sheet sheet = {{"学生姓名", "性别", "身份证号码", "所在班级", "出生日期"},
                         {"刘䶮", "男", with_check("43042220170815125"), "1年级1班", "2017-08-15"},
                         {"吉𠮷", "女", "430422201708151240", "1年级1班", "2017-08-15"}};
    Result<std::string> xlsx = write_xlsx(sheet, {CellType::Text, CellType::Text, CellType::Text, CellType::Text, CellType::Date}, "名单");
    ASSERT_TRUE(xlsx);
    const std::string path = dir.path + "/名单.xlsx";
    std::ofstream(path, std::ios::binary) << xlsx.value();
    import_file(ui, path);
    EXPECT_EQ(ui.value("import.remembered"), "0");
    EXPECT_EQ(ui.value("import.column.2"), "id_number");
    EXPECT_EQ(ui.value("import.column.4"), "birth_date");
    EXPECT_EQ(ui.value("import.valid"), "1");
    EXPECT_EQ(ui.value("import.first_problem"), "第 3 行 身份证号校验位不对，可能有一位输错了（430422201708151240）");
    ui.click("import.accept");
    EXPECT_EQ(std::stoi(ui.value("registry.students")), before + 1);

    // The same headers again: the accepted mapping is offered, and said so.
    import_file(ui, path);
    EXPECT_EQ(ui.value("import.remembered"), "1");
    EXPECT_EQ(ui.value("import.column.2"), "id_number");
    ui.click("import.cancel");
}

TEST(Registry, AnOldXlsFileIsRefusedWithWhatToDo) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const std::string path = dir.path + "/名单.xls";
    std::ofstream(path, std::ios::binary) << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) << std::string(1024, '\0');
    import_file(ui, path);
    EXPECT_EQ(ui.value("registry.message"), "这是旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入");

    std::ofstream(path, std::ios::binary) << "PK\x03\x04 but not a zip";
    import_file(ui, path);
    EXPECT_EQ(ui.value("registry.message"), "无法读取文件“名单.xls”：不是有效的 Excel（.xlsx）文件，或文件已损坏");
}

}  // namespace
}  // namespace gy::test

namespace gy::test {
namespace {

// Extension B's pinyin arrives after the first name that needs it (core/pinyin.h, as in the browser):
// a renamed child is still found by her new name.
TEST(Registry, ANameWithAnExtensionBCharacterIsFoundByItsNewNameOnceItsReadingsCame) {
    forget_extension_b();
    TempFolder dir;
    UiHarness ui(dir.path, {{"sample-county", "1"}});
    const auto rename_first = [&](const char* name) {
        ui.click("registry.first_row");
        ui.click("form.name");
        ui.press(ImGuiKey_A, ImGuiMod_Ctrl);
        ui.type(name);
        ui.press(ImGuiKey_Enter);
        ASSERT_EQ(ui.value("registry.save_state"), "saved");
    };
    const auto search = [&](const char* text) {
        ui.click("registry.search");
        ui.press(ImGuiKey_A, ImGuiMod_Ctrl);
        ui.type(text);
        ui.frame();
        return ui.value("registry.rows");
    };
    rename_first("吉𠮷");
    EXPECT_EQ(search("吉𠮷"), "1");
    EXPECT_TRUE(extension_b_installed());
    rename_first("吉𠮷甲");
    EXPECT_EQ(search("吉𠮷甲"), "1");
    EXPECT_EQ(search("吉𠮷"), "1");
    EXPECT_EQ(search("jijijia"), "1");
}

}  // namespace
}  // namespace gy::test
