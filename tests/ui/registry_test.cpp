// The registry screen natively: keyboard-first entry and the CSV export.
#include "harness.h"

#include "core/csv.h"

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
