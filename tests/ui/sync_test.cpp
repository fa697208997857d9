// 同步 natively: a sync bundle carried from one device to another, and the refusals.
#include "harness.h"

#include <gtest/gtest.h>

#include <fstream>

namespace gy::test {
namespace {

TEST(SyncScreen, ABundleCarriesATownshipFromOneDeviceToAnotherWithoutANetwork) {
    TempFolder office, village, elsewhere;
    UiHarness a(office.path, {{"sample-county", "1"}, {"township", "430422105"}});
    a.click("tree.add");  // a new township, typed on device A
    a.frame();
    a.type("松江镇");
    a.press(ImGuiKey_Enter);
    ASSERT_EQ(a.value("registry.save_state"), "saved");
    a.click("nav.sync");
    a.click("sync.bundle_export");
    const std::string bundle = a.platform().last_saved_file();
    ASSERT_NE(bundle.find("共育同步-430422105-"), std::string::npos) << bundle;

    UiHarness b(village.path, {{"sample-county", "1"}, {"township", "430422105"}});
    EXPECT_FALSE(b.has_item("tree.松江镇"));
    b.click("nav.sync");
    b.platform().choose_next_file(bundle);
    b.click("sync.bundle_import");
    EXPECT_EQ(b.value("sync.bundle_message"), "已导入同步文件：1 条新修改已合并，0 条本机已有。");
    b.platform().choose_next_file(bundle);
    b.click("sync.bundle_import");  // the same file again: nothing new
    EXPECT_EQ(b.value("sync.bundle_message"), "已导入同步文件：0 条新修改已合并，1 条本机已有。");
    b.click("nav.registry");
    EXPECT_TRUE(b.has_item("tree.松江镇"));

    UiHarness other(elsewhere.path, {{"sample-county", "1"}, {"township", "430422106"}});
    other.click("nav.sync");
    other.platform().choose_next_file(bundle);
    other.click("sync.bundle_import");
    EXPECT_EQ(other.value("sync.bundle_message"), "这是其他乡镇的同步文件，未导入。本机数据没有任何改动。");

    std::ifstream in(bundle);
    const std::string whole(std::istreambuf_iterator<char>(in), {});
    std::ofstream(village.path + "/cut.gysync") << whole.substr(0, whole.size() - 10);  // a transfer cut short
    b.click("nav.sync");
    b.platform().choose_next_file(village.path + "/cut.gysync");
    b.click("sync.bundle_import");
    EXPECT_EQ(b.value("sync.bundle_message"), "这不是共育同步文件，或文件已损坏（可能没有传完整），未导入。本机数据没有任何改动。");
}

}  // namespace
}  // namespace gy::test
