// The app shell, natively: navigation, settings saved to files, damaged data, bad attributes.
#include "harness.h"

#include <gtest/gtest.h>

#include <fstream>

namespace gy::test {
namespace {

const char* kAreas[] = {"registry", "survey", "pairing", "visits", "activities",
                        "requests", "timetable", "dashboard", "sync", "settings"};

TEST(UiShell, EveryAreaIsReachableFromTheNavigation) {
    TempFolder dir;
    UiHarness ui(dir.path);
    for (const char* area : kAreas) {
        ui.click(std::string("nav.") + area);
        EXPECT_EQ(ui.value("area"), area);
        const std::string a = area;
        const bool built = a == "settings" || a == "sync" || a == "registry" || a == "survey" || a == "pairing" || a == "visits" ||
                           a == "requests";
        if (!built) EXPECT_TRUE(ui.has_item("area.not_built")) << area;
    }
}

TEST(UiShell, PhoneWidthNavigationFitsWithoutSidewaysScrolling) {
    TempFolder dir;
    UiHarness ui(dir.path, {}, ImVec2(360, 740));
    auto items = ui.snapshot()["items"];
    EXPECT_EQ(items["nav.registry"][1], items["nav.survey"][1]) << "buttons share rows";
    for (const char* area : kAreas) {
        auto r = items[std::string("nav.") + area];
        EXPECT_TRUE(r[4].get<bool>()) << area << " visible";
        EXPECT_LE(r[0].get<float>() + r[2].get<float>(), 360.0f) << area << " inside the screen";
    }
    ui.click("nav.settings");
    EXPECT_EQ(ui.value("area"), "settings");
}

TEST(UiShell, ChineseSettingsAreSavedToFilesAndReadBack) {
    TempFolder dir;
    {
        UiHarness ui(dir.path);
        ui.click("nav.settings");
        ui.click("settings.device_name");
        ui.type("大塘镇政府 吉𠮷");
        ui.press(ImGuiKey_Enter);
        EXPECT_EQ(ui.value("save_state"), "已保存");
    }
    UiHarness again(dir.path);
    again.click("nav.settings");
    EXPECT_EQ(again.value("settings.device_name"), "大塘镇政府 吉𠮷");
}

TEST(UiShell, DamagedSettingsAreReportedAndKeptAside) {
    TempFolder dir;
    std::ofstream(dir.path + "/settings") << "{\"format\":\"gongyu.settings\",";
    UiHarness ui(dir.path);
    EXPECT_NE(ui.value("problem").find("已损坏"), std::string::npos);
    bool kept = false;
    for (auto& f : std::filesystem::directory_iterator(dir.path))
        kept |= f.path().filename().string().rfind("quarantine%2fsettings%2f", 0) == 0;
    EXPECT_TRUE(kept);
    ui.click("problem.dismiss");
    EXPECT_EQ(ui.value("problem"), "");
}

TEST(UiShell, BadAttributeIsReportedInChinese) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"role", "root"}, {"township", "430422105"}});
    EXPECT_NE(ui.value("problem").find("无效"), std::string::npos);
    EXPECT_EQ(ui.value("role"), "clerk");
    EXPECT_EQ(ui.value("township"), "430422105");
}

TEST(UiShell, UnreachableBackendShowsOffline) {
    TempFolder dir;
    UiHarness ui(dir.path, {{"backend", "http://127.0.0.1:9/store/"}});
    ui.frame();
    EXPECT_EQ(ui.value("backend"), "offline");
}

}  // namespace
}  // namespace gy::test
