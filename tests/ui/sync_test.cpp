// 同步 natively: the township's keys set up, joined, recovered; a sealed sync
// bundle carried from one device to another, and the refusals.
#include "harness.h"
#include "memory_http.h"
#include "../unit/memory_s3.h"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>

namespace gy::test {
namespace {

const char* kPassphrase = "大塘镇共育2026";

void fill_passphrase(UiHarness& h, const char* passphrase, bool confirm) {
    h.click("keys.passphrase");
    h.type(passphrase);
    if (!confirm) return;
    h.click("keys.confirm");
    h.type(passphrase);
}

// Waits out the asynchronous key work (natively it answers at once; a frame draws the result).
void settle(UiHarness& h) {
    for (int i = 0; i < 5 && h.value("keys.busy") == "1"; ++i) h.frame();
}

void set_up_keys(UiHarness& h) {
    h.click("nav.sync");
    fill_passphrase(h, kPassphrase, true);
    h.click("keys.setup");
    settle(h);
    ASSERT_EQ(h.value("keys.ready"), "1") << h.value("keys.message");
    h.click("keys.code_kept");
}

void join(UiHarness& h, const std::string& secret) {
    h.click("nav.sync");
    fill_passphrase(h, secret.c_str(), false);
    h.click("keys.join");
    settle(h);
}

TEST(KeysPanel, TheFirstDeviceSetsUpOthersJoinAWrongPassphraseChangesNothingAndTheCodeRecovers) {
    MemoryHttp server;
    TempFolder office, village, phone;
    UiHarness a(office.path, {{"township", "430422105"}});
    a.platform().route_http(server.handler());
    a.click("nav.sync");
    EXPECT_EQ(a.value("sync.state"), "nokeys");
    fill_passphrase(a, "短密码", true);
    a.click("keys.setup");
    EXPECT_EQ(a.value("keys.message"), "密码至少 8 个字（汉字、字母、数字都可以）。");
    a.click("keys.passphrase"), a.press(ImGuiKey_A, ImGuiMod_Ctrl), a.press(ImGuiKey_Backspace);
    a.click("keys.confirm"), a.press(ImGuiKey_A, ImGuiMod_Ctrl), a.press(ImGuiKey_Backspace);
    fill_passphrase(a, kPassphrase, true);
    a.click("keys.setup");
    settle(a);
    EXPECT_EQ(a.value("keys.ready"), "1");
    const std::string code = a.value("keys.recovery_code");
    EXPECT_EQ(code.size(), 39u);
    ASSERT_EQ(server.files.size(), 1u);
    ASSERT_TRUE(server.files.begin()->first.ends_with("430422105/keys/township.gyk")) << server.files.begin()->first;
    const std::string key_file = server.files.begin()->second;
    EXPECT_EQ(key_file.find(kPassphrase), std::string::npos);
    a.click("keys.print_code");
    std::ifstream printed(a.platform().last_saved_file());
    EXPECT_NE(std::string(std::istreambuf_iterator<char>(printed), {}).find(code), std::string::npos);
    a.click("keys.code_kept");
    EXPECT_EQ(a.value("keys.recovery_code"), "");

    UiHarness b(village.path, {{"township", "430422105"}});
    b.platform().route_http(server.handler());
    join(b, "大塘镇共育2025");
    EXPECT_EQ(b.value("keys.message"), "密码或恢复码不对，请再试一次。本机数据没有任何改动。");
    EXPECT_EQ(b.value("keys.ready"), "0");
    b.click("keys.passphrase"), b.press(ImGuiKey_A, ImGuiMod_Ctrl), b.press(ImGuiKey_Backspace);
    join(b, kPassphrase);
    EXPECT_EQ(b.value("keys.ready"), "1");
    EXPECT_EQ(b.value("keys.message"), "已加入本乡镇，开始同步。");

    // The passphrase forgotten: the printed code lets a device join, then sets a new passphrase.
    UiHarness c(phone.path, {{"township", "430422105"}});
    c.platform().route_http(server.handler());
    join(c, code);
    EXPECT_EQ(c.value("keys.ready"), "1");
    fill_passphrase(c, "新的密码新的密码", true);
    c.click("keys.change_confirm");
    settle(c);
    EXPECT_EQ(c.value("keys.message"), "本乡镇密码已更换：其他设备以后用新密码加入，已加入的设备不受影响。");
    EXPECT_NE(c.value("keys.recovery_code"), code);
    EXPECT_NE(server.files.begin()->second, key_file);
}

// A township in S3 storage: the clerk types the county's access key at set-up; it is used at once
// (the key file goes up signed), kept only sealed in the key file, and a device that joins with
// the passphrase learns it there and syncs the clerk's edits, signed, through the bucket.
TEST(KeysPanel, InS3StorageTheClerkTypesTheAccessKeyOnceAndJoiningDevicesLearnItFromTheKeyFile) {
    MemoryS3 bucket;
    bucket.now = static_cast<int64_t>(std::time(nullptr));  // the app signs by the real clock here
    TempFolder office, village;
    const std::map<std::string, std::string> page{{"township", "430422105"}, {"backend", bucket.bucket_url}, {"s3-region", "oss-cn-changsha"}};
    UiHarness a(office.path, page);
    a.platform().route_http(bucket.handler());
    a.click("nav.sync");
    fill_passphrase(a, kPassphrase, true);
    a.click("keys.setup");
    EXPECT_EQ(a.value("keys.message"), "首次设置请先填写县里给的访问密钥 ID 和访问密钥。");
    EXPECT_TRUE(bucket.objects.empty());
    a.click("keys.storage_id"), a.type(bucket.credential.access_key.c_str());
    a.click("keys.storage_secret"), a.type(bucket.credential.secret.c_str());
    a.click("keys.setup");
    settle(a);
    ASSERT_EQ(a.value("keys.ready"), "1") << a.value("keys.message") << bucket.last_refusal;
    a.click("keys.code_kept");
    const std::string key_file = bucket.objects.at("430422105/keys/township.gyk");
    EXPECT_EQ(key_file.find(bucket.credential.secret), std::string::npos);
    EXPECT_EQ(key_file.find(bucket.credential.access_key), std::string::npos);
    a.click("nav.registry");
    a.click("tree.add"), a.frame();  // a township added: one commit to send
    a.type("松江镇"), a.press(ImGuiKey_Tab), a.type("430422"), a.press(ImGuiKey_Enter);
    ASSERT_EQ(a.value("registry.save_state"), "saved");
    a.click("nav.sync");
    a.click("sync.now");
    for (int i = 0; i < 5; ++i) a.frame();
    EXPECT_EQ(a.value("sync.problems"), "0");
    EXPECT_GT(bucket.objects.size(), 1u) << "the clerk's change files went up";

    UiHarness b(village.path, page);
    b.platform().route_http(bucket.handler());
    join(b, kPassphrase);
    ASSERT_EQ(b.value("keys.ready"), "1") << b.value("keys.message");
    b.click("sync.now");
    for (int i = 0; i < 5; ++i) b.frame();
    EXPECT_EQ(b.value("sync.problems"), "0") << "joined, the device signs with the key from the key file";
    EXPECT_NE(b.value("sync.received"), "0");
    EXPECT_EQ(bucket.refused, 0u) << bucket.last_refusal;
}

// The access key mistyped at set-up is refused by the bucket and named as such, with nothing
// stored. Later the county revokes it and issues a new one: the clerk's syncs are refused until
// the clerk types the new key while changing the passphrase; it signs that put at once and goes
// into the new key file, from which a device joining afterwards learns it.
TEST(KeysPanel, InS3AMistypedAccessKeyIsNamedAndARevokedOneIsReplacedWhenThePassphraseChanges) {
    MemoryS3 bucket;
    bucket.now = static_cast<int64_t>(std::time(nullptr));
    TempFolder office, village, phone;
    const std::map<std::string, std::string> page{{"township", "430422105"}, {"backend", bucket.bucket_url}, {"s3-region", "oss-cn-changsha"}};
    UiHarness a(office.path, page);
    a.platform().route_http(bucket.handler());
    const auto type_key = [&](const S3Credential& key) {
        for (const char* id : {"keys.storage_id", "keys.storage_secret"})
            a.click(id), a.press(ImGuiKey_A, ImGuiMod_Ctrl), a.press(ImGuiKey_Backspace);
        a.click("keys.storage_id"), a.type(key.access_key.c_str());
        a.click("keys.storage_secret"), a.type(key.secret.c_str());
    };
    a.click("nav.sync");
    fill_passphrase(a, kPassphrase, true);
    type_key({bucket.credential.access_key, "not the secret"});
    a.click("keys.setup");
    settle(a);
    EXPECT_EQ(a.value("keys.message"), "存储服务器不认这个访问密钥：请核对县里给的访问密钥 ID 和访问密钥。本机数据没有任何改动。");
    EXPECT_EQ(a.value("keys.ready"), "0");
    EXPECT_TRUE(bucket.objects.empty());
    type_key(bucket.credential);
    a.click("keys.setup");
    settle(a);
    ASSERT_EQ(a.value("keys.ready"), "1") << a.value("keys.message");
    a.click("keys.code_kept");
    UiHarness c(phone.path, page);  // joined before the key is revoked
    c.platform().route_http(bucket.handler());
    join(c, kPassphrase);
    ASSERT_EQ(c.value("keys.ready"), "1") << c.value("keys.message");

    const S3Credential issued{"LTAI5tNEWKEY", "the/new+secret"};
    bucket.credential = issued;  // the county's console: the old key revoked, a new one issued
    a.click("sync.now");
    for (int i = 0; i < 5; ++i) a.frame();
    EXPECT_NE(a.value("sync.problems"), "0") << "signed with the revoked key, refused";
    EXPECT_NE(a.value("sync.problem_lines").find("存储服务器不认本机的访问密钥"), std::string::npos) << a.value("sync.problem_lines");
    const std::string old_key_file = bucket.objects.at("430422105/keys/township.gyk");

    a.click("keys.change");
    fill_passphrase(a, "新的密码新的密码", true);
    a.click("keys.storage_id"), a.type(issued.access_key.c_str());
    a.click("keys.change_confirm");
    EXPECT_EQ(a.value("keys.message"), "新的访问密钥 ID 和访问密钥要一起填。");
    EXPECT_EQ(bucket.objects.at("430422105/keys/township.gyk"), old_key_file);
    a.click("keys.storage_secret"), a.type(issued.secret.c_str());
    a.click("keys.change_confirm");
    settle(a);
    ASSERT_EQ(a.value("keys.message"), "本乡镇密码和访问密钥已更换：已加入的设备下次同步时自动换用新的访问密钥，其他设备以后用新密码加入；角色密钥请重新生成。")
        << bucket.last_refusal;
    a.click("keys.code_kept");
    const std::string key_file = bucket.objects.at("430422105/keys/township.gyk");
    EXPECT_NE(key_file, old_key_file);
    EXPECT_EQ(key_file.find(issued.secret), std::string::npos);
    const size_t refused = bucket.refused;
    a.click("sync.now");
    for (int i = 0; i < 5; ++i) a.frame();
    EXPECT_EQ(a.value("sync.problems"), "0") << "signed with the new key";
    EXPECT_EQ(bucket.refused, refused) << bucket.last_refusal;

    UiHarness b(village.path, page);
    b.platform().route_http(bucket.handler());
    join(b, "新的密码新的密码");
    ASSERT_EQ(b.value("keys.ready"), "1") << b.value("keys.message");
    b.click("sync.now");
    for (int i = 0; i < 5; ++i) b.frame();
    EXPECT_EQ(b.value("sync.problems"), "0") << "the new key, from the new key file";
    EXPECT_EQ(bucket.refused, refused) << bucket.last_refusal;

    // The phone that joined before: its first round is refused, it finds the new key in the
    // key file with the township's key it holds, and the next round goes.
    c.click("sync.now");
    for (int i = 0; i < 5; ++i) c.frame();
    EXPECT_GT(bucket.refused, refused) << "signed with the revoked key";
    for (int i = 0; i < 10 && c.value("sync.problems") != "0"; ++i) c.frame();
    EXPECT_EQ(c.value("sync.problems"), "0") << c.value("sync.problem_lines");
    const size_t refused_once = bucket.refused;
    c.click("sync.now");
    for (int i = 0; i < 5; ++i) c.frame();
    EXPECT_EQ(bucket.refused, refused_once) << "the new key kept: " << bucket.last_refusal;
}

// 角色密钥: the clerk issues a joint school's administrator a key of their own; the administrator's device
// joins with the account and holds only that role's keys. A wrong or unknown account changes nothing.
TEST(RolesPanel, TheClerkIssuesARoleKeyAndTheRolesDeviceJoinsWithItsAccount) {
    MemoryHttp server;
    TempFolder office, school_pc;
    UiHarness clerk(office.path, {{"township", "430422105"}, {"sample-county", "1"}});
    clerk.platform().route_http(server.handler());
    set_up_keys(clerk);
    clerk.click("roles.school");
    clerk.click("roles.issue");
    EXPECT_EQ(clerk.value("roles.message"), "请先选择校联体或帮扶人。");
    clerk.click("roles.record");
    clerk.click("roles.pick_first");
    clerk.click("roles.passphrase");
    clerk.type("一校联体管理员密码");
    clerk.click("roles.confirm");
    clerk.type("一校联体管理员密码");
    clerk.click("roles.issue");
    for (int i = 0; i < 5 && clerk.value("roles.account").empty(); ++i) clerk.frame();
    const std::string account = clerk.value("roles.account");
    ASSERT_TRUE(account.starts_with("school.")) << clerk.value("roles.message");
    EXPECT_EQ(clerk.value("roles.recovery_code").size(), 39u);
    ASSERT_TRUE(server.files.contains(server.files.begin()->first.substr(0, server.files.begin()->first.find("/keys/")) + "/keys/" + account + ".gyk"))
        << "the role's key file is on the server, where its being there starts its stream";

    UiHarness school(school_pc.path, {{"township", "430422105"}});
    school.platform().route_http(server.handler());
    school.click("nav.sync");
    const auto join_as = [&](const char* typed) {
        school.click("keys.account"), school.press(ImGuiKey_A, ImGuiMod_Ctrl), school.press(ImGuiKey_Backspace);
        school.type(typed);
        school.click("keys.passphrase"), school.press(ImGuiKey_A, ImGuiMod_Ctrl), school.press(ImGuiKey_Backspace);
        school.type("一校联体管理员密码");
        school.click("keys.join");
        settle(school);
    };
    join_as("student.3fa2c1.9");
    EXPECT_EQ(school.value("keys.message"), "账号不对：请照乡镇给的账号填写，例如 helper.3fa2c1.9。本机数据没有任何改动。");
    join_as("school.3fa2c1.99999");
    EXPECT_EQ(school.value("keys.message"), "服务器上没有这个账号的密钥，请向乡镇办事员确认账号。本机数据没有任何改动。");
    EXPECT_EQ(school.value("keys.ready"), "0");
    join_as(account.c_str());
    EXPECT_EQ(school.value("keys.ready"), "1") << school.value("keys.message");
    EXPECT_FALSE(school.has_item("keys.change")) << "a role does not rewrap the township's key file";
    EXPECT_FALSE(school.has_item("roles.issue")) << "only the clerk issues role keys";
}

// 核对修改记录: every commit against its signed copy on the server.
void add_township_and_sync(UiHarness& h, const char* name) {
    h.click("nav.registry");
    h.click("tree.add");
    h.frame();
    h.type(name);
    h.press(ImGuiKey_Enter);
    ASSERT_EQ(h.value("registry.save_state"), "saved");
    h.click("nav.sync");
    h.click("sync.now");
    for (int i = 0; i < 5; ++i) h.frame();
    ASSERT_EQ(h.value("sync.pending"), "0");
}

TEST(AuditPanel, TheCheckFindsEveryCommitAsSignedAndNamesAFileChangedOnTheServer) {
    MemoryHttp server;
    TempFolder office, village;
    UiHarness a(office.path, {{"township", "430422105"}});
    a.platform().route_http(server.handler());
    set_up_keys(a);
    add_township_and_sync(a, "松江镇");

    UiHarness b(village.path, {{"township", "430422105"}});
    b.platform().route_http(server.handler());
    join(b, kPassphrase);
    b.click("sync.now");
    for (int i = 0; i < 5; ++i) b.frame();
    b.click("audit.check");
    EXPECT_EQ(b.value("audit.check_message"), "核对完毕：服务器上 1 个修改文件签名完好，其中 1 条修改与本机记录逐字一致（0 条本机还没有）。");
    EXPECT_EQ(b.value("audit.check_findings"), "0");

    for (auto& [url, bytes] : server.files)
        if (url.find("/changes/") != std::string::npos) bytes[bytes.size() / 2] ^= 1;
    b.click("audit.check");
    EXPECT_EQ(b.value("audit.check_message"), "核对发现 1 处不一致，修改记录可能被改动过（请保留本机与服务器现状，报告县教育局）：");
    EXPECT_EQ(b.value("audit.check_findings"), "1");
}

// A file in the township's folder that another township's key sealed (copied across), and one that is
// no sealed file at all (a proxy's error page stored in its place): each is named on 同步 in Chinese by
// the device and commits it claims, nothing of it is merged, and the rest of the round still arrives.
TEST(SyncScreen, AForeignOrMalformedFileOnTheServerIsNamedInChineseAndTheRestStillArrives) {
    MemoryHttp server;
    TempFolder office, village, elsewhere;
    UiHarness a(office.path, {{"township", "430422105"}});
    a.platform().route_http(server.handler());
    set_up_keys(a);
    add_township_and_sync(a, "松江镇");
    UiHarness other(elsewhere.path, {{"township", "430422106"}});
    other.platform().route_http(server.handler());
    set_up_keys(other);
    add_township_and_sync(other, "别的镇");

    std::string foreign, folder;
    for (const auto& [url, bytes] : server.files) {
        if (url.find("/430422106/changes/") != std::string::npos && url.ends_with(".gyc")) foreign = bytes;
        if (url.find("/430422105/changes/") != std::string::npos && url.ends_with(".gyc")) folder = url.substr(0, url.find("/changes/") + 9);
    }
    ASSERT_FALSE(foreign.empty() || folder.empty());
    server.files[folder + "0000ff/000000000001-000000000001.gyc"] = foreign;
    server.files[folder + "0000ee/000000000001-000000000003.gyc"] = "<html><body>502 Bad Gateway</body></html>\n";

    UiHarness b(village.path, {{"township", "430422105"}});
    b.platform().route_http(server.handler());
    join(b, kPassphrase);
    b.click("sync.now");
    for (int i = 0; i < 5; ++i) b.frame();
    EXPECT_EQ(b.value("sync.state"), "failed");
    EXPECT_EQ(b.value("sync.problems"), "2");
    const std::string lines = b.value("sync.problem_lines");
    // (the signature covers the file's path too: a file moved from anywhere else fails it first)
    EXPECT_NE(lines.find("服务器上的文件被改动过或不完整（签名不符），已跳过，未合并：设备 0000ff 的第 1–1 条修改"), std::string::npos) << lines;
    EXPECT_NE(lines.find("服务器上的文件损坏或不完整，已跳过，未合并：设备 0000ee 的第 1–3 条修改"), std::string::npos) << lines;
    EXPECT_EQ(b.value("sync.received"), "1") << "松江镇 arrived all the same";
    b.click("nav.registry");
    EXPECT_TRUE(b.has_item("tree.松江镇"));
    EXPECT_FALSE(b.has_item("tree.别的镇"));
}

TEST(SyncScreen, ABundleCarriesATownshipFromOneDeviceToAnotherWithoutANetwork) {
    MemoryHttp server;
    TempFolder office, village, elsewhere;
    UiHarness a(office.path, {{"sample-county", "1"}, {"township", "430422105"}});
    a.platform().route_http(server.handler());
    set_up_keys(a);
    a.click("nav.registry");
    a.click("tree.add");  // a new township, typed on device A
    a.frame();
    a.type("松江镇");
    a.press(ImGuiKey_Enter);
    ASSERT_EQ(a.value("registry.save_state"), "saved");
    a.click("nav.sync");
    a.click("sync.bundle_export");
    const std::string bundle = a.platform().last_saved_file();
    ASSERT_NE(bundle.find("共育同步-430422105-"), std::string::npos) << bundle;

    std::ifstream in(bundle);
    const std::string whole(std::istreambuf_iterator<char>(in), {});
    EXPECT_EQ(whole.find("松江镇"), std::string::npos);  // sealed: nothing readable on the stick

    UiHarness b(village.path, {{"sample-county", "1"}, {"township", "430422105"}});
    b.platform().route_http(server.handler());
    EXPECT_FALSE(b.has_item("tree.松江镇"));
    b.click("nav.sync");
    b.platform().choose_next_file(bundle);
    b.click("sync.bundle_import");  // no keys, no passphrase typed: nothing happens but the question
    EXPECT_EQ(b.value("sync.bundle_message"),
              "本机还没有本乡镇密钥：请在上面的密码框填写本乡镇密码（或恢复码），再导入一次。同步文件里带着加密的本乡镇密钥，不用联网。");
    b.platform().route_http(nullptr);  // and no network at all: the bundle carries the key file
    fill_passphrase(b, kPassphrase, false);
    b.platform().choose_next_file(bundle);
    b.click("sync.bundle_import");
    EXPECT_EQ(b.value("sync.bundle_message"), "已导入同步文件：1 条新修改已合并，0 条本机已有。");
    b.platform().choose_next_file(bundle);
    b.click("sync.bundle_import");  // the same file again: nothing new
    EXPECT_EQ(b.value("sync.bundle_message"), "已导入同步文件：0 条新修改已合并，1 条本机已有。");
    b.click("nav.registry");
    EXPECT_TRUE(b.has_item("tree.松江镇"));

    UiHarness other(elsewhere.path, {{"sample-county", "1"}, {"township", "430422106"}});
    other.platform().route_http(server.handler());
    set_up_keys(other);
    other.platform().choose_next_file(bundle);
    other.click("sync.bundle_import");
    EXPECT_EQ(other.value("sync.bundle_message"), "这是其他乡镇的同步文件，未导入。本机数据没有任何改动。");

    std::ofstream(village.path + "/cut.gysync") << whole.substr(0, whole.size() - 10);  // a transfer cut short
    b.click("nav.sync");
    b.platform().choose_next_file(village.path + "/cut.gysync");
    b.click("sync.bundle_import");
    EXPECT_EQ(b.value("sync.bundle_message"), "这个同步文件被改动过或不完整（签名不符），未导入。本机数据没有任何改动。");
}

}  // namespace
}  // namespace gy::test
