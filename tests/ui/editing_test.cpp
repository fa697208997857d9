// Editing text by character, natively: the same ImGui text fields the browser
// runs, with characters beyond U+FFFF (IMGUI_USE_WCHAR32).
#include "harness.h"

#include <gtest/gtest.h>

namespace gy::test {
namespace {

class Editing : public ::testing::Test {
protected:
    void SetUp() override {
        ui = std::make_unique<UiHarness>(dir.path);
        ui->click("nav.settings");
        ui->click("settings.device_name");
    }
    std::string saved() {
        ui->press(ImGuiKey_Enter);
        return ui->value("settings.device_name");
    }
    TempFolder dir;
    std::unique_ptr<UiHarness> ui;
};

TEST_F(Editing, BackspaceRemovesAWholeSupplementaryCharacter) {
    ui->type("吉𠮷");
    ui->press(ImGuiKey_Backspace);
    EXPECT_EQ(saved(), "吉");
}

TEST_F(Editing, ArrowsStepOverCodePoints) {
    ui->type("刘𠮷䶮");
    ui->press(ImGuiKey_LeftArrow);
    ui->press(ImGuiKey_LeftArrow);  // now between 刘 and 𠮷
    ui->type("x");
    EXPECT_EQ(saved(), "刘x𠮷䶮");
}

TEST_F(Editing, HomeEndAndDelete) {
    ui->type("张三");
    ui->press(ImGuiKey_Home);
    ui->press(ImGuiKey_Delete);
    ui->press(ImGuiKey_End);
    ui->type("丰");
    EXPECT_EQ(saved(), "三丰");
}

TEST_F(Editing, CtrlASelectsAllAndTypingReplaces) {
    ui->type("旧名称");
    ui->press(ImGuiKey_A, ImGuiMod_Ctrl);
    ui->type("新");
    EXPECT_EQ(saved(), "新");
}

TEST_F(Editing, DoubleClickSelectsAWord) {
    ui->type("Datang office");
    ui->press(ImGuiKey_Enter);
    auto r = ui->snapshot()["items"]["settings.device_name"];
    const float x = r[0].get<float>() + 20, y = r[1].get<float>() + r[3].get<float>() / 2;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    ui->frame();
    for (int i = 0; i < 2; ++i) {  // a double click on "Datang"
        io.AddMouseButtonEvent(0, true);
        ui->frame();
        io.AddMouseButtonEvent(0, false);
        ui->frame();
    }
    ui->type("Xiangshui");
    EXPECT_EQ(saved(), "Xiangshui office");
}

TEST_F(Editing, TooLongANameIsRefusedWithAChineseMessage) {
    std::string long_name;
    for (int i = 0; i < 41; ++i) long_name += "名";  // 123 bytes
    ui->type(long_name.c_str());
    ui->press(ImGuiKey_Enter);
    EXPECT_EQ(ui->value("settings.device_name"), "");  // nothing saved
    EXPECT_EQ(ui->value("save_state"), "");
    EXPECT_NE(ui->value("settings.error").find("名称太长"), std::string::npos) << ui->value("settings.error");
}

}  // namespace
}  // namespace gy::test
