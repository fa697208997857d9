// The registry screen natively: keyboard-first entry and the CSV export.
#include "harness.h"

#include "core/csv.h"
#include "core/id_number.h"

#include <fstream>
#include <sstream>
#include <gtest/gtest.h>

namespace gy::test {
namespace {

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
    // Open the tree down to a campus (double-click opens a node), so class names are unambiguous.
    for (const char* node : {"tree.云集镇", "tree.云集镇校联体"}) ui.click(node), ui.click(node);
    ui.click("tree.云集中心学校");
    const std::string csv = dir.path + "/名单.csv";
    std::ofstream(csv, std::ios::binary) << write_csv({{"学生姓名", "性别", "身份证号码", "所在班级"},
                                                       {"欧阳𠮷", "女", with_check("43042220170815124"), "1年级1班"},
                                                       {"李四", "男", "430422201708151240", "1年级1班"},
                                                       {"王五", "男", with_check("43042220170815133"), "9年级9班"}});
    ui.platform().choose_next_file(csv);
    ui.click("registry.import");
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

std::string read_file(const std::string& path) {
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
    const std::string html = read_file(path);
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
    const std::string html = read_file(path);
    EXPECT_NE(html.find("<h1>一生一档</h1>\n<p class=\"place\">" + name + "</p>"), std::string::npos);
    EXPECT_NE(html.find("<h2>家访记录（共 "), std::string::npos);
    EXPECT_EQ(ui.value("form.name"), name) << "the form stays open";
    ui.click("form.cancel");
    ui.click("registry.tab.teacher");
    ui.click("registry.first_row");
    EXPECT_FALSE(ui.has_item("form.print")) << "only a student has a 一生一档";
}

}  // namespace
}  // namespace gy::test
