// 县级汇总 natively: township devices sync and send their figures; the county
// sets up its key, other county devices unlock it, and the screen shows each
// township's latest figures with a total, names what does not open, exports .xlsx.
#include "harness.h"
#include "memory_http.h"
#include "../unit/memory_s3.h"

#include "core/county_figures.h"
#include "core/local_state.h"
#include "core/storage.h"
#include "core/text.h"
#include "core/xlsx.h"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>

namespace gy::test {
namespace {

const char* kCountyPassphrase = "衡南县教育局2026";
const double kDay = 86'400'000, kMonday = 1795400000000;  // 2026-11-23

// A township device in the core only: its own store, a sync service on the shared server.
struct TownshipDevice {
    MemoryStorage storage;
    LocalState local{storage};
    DirectVault vault;
    std::unique_ptr<SyncService> sync;

    TownshipDevice(MemoryHttp& server, const std::string& township, uint32_t device, const PublicKey& county, double sample) {
        local.load(kMonday, device);
        if (sample > 0) local.fill_with_sample_county(sample, kMonday);
        sync = std::make_unique<SyncService>(server.handler(), "http://s/" + township + "/", local, vault);
        sync->set_county_key(county);
    }
    void round(double now) {
        sync->sync_now(now);
        sync->poll(now);
        ASSERT_TRUE(sync->last_report().problems.empty());
    }
};

void settle(UiHarness& h) {
    for (int i = 0; i < 5 && (h.value("keys.busy") == "1" || h.value("county.busy") == "1"); ++i) h.frame();
}

void enter_passphrase(UiHarness& h, const std::string& secret, bool confirm) {
    h.click("keys.passphrase"), h.press(ImGuiKey_A, ImGuiMod_Ctrl), h.press(ImGuiKey_Backspace);
    h.type(secret.c_str());
    if (!confirm) return;
    h.click("keys.confirm");
    h.type(secret.c_str());
}

std::vector<std::string> table_lines(UiHarness& h) {
    std::vector<std::string> lines;
    std::string table = h.value("county.table");
    for (size_t at = 0, end; (end = table.find('\n', at)) != std::string::npos; at = end + 1) lines.push_back(table.substr(at, end - at));
    return lines;
}

TEST(CountyScreen, TheCountySetsUpItsKeyOthersUnlockItAndEveryTownshipsLatestFiguresShow) {
    MemoryHttp server;
    TempFolder bureau, second, spare;
    UiHarness county(bureau.path, {{"role", "county"}, {"backend", "http://s/"}});
    county.platform().route_http(server.handler());
    county.frame();
    EXPECT_EQ(county.value("area"), "dashboard");
    // It holds no township's records: only its own areas are offered.
    EXPECT_TRUE(county.has_item("nav.dashboard") && county.has_item("nav.settings"));
    for (const char* area : {"nav.registry", "nav.survey", "nav.pairing", "nav.visits", "nav.sync"})
        EXPECT_FALSE(county.has_item(area)) << area;
    EXPECT_EQ(county.value("county.ready"), "0");
    enter_passphrase(county, kCountyPassphrase, true);
    county.click("keys.setup");
    settle(county);
    ASSERT_EQ(county.value("keys.ready"), "1") << county.value("keys.message");
    const std::string code = county.value("keys.recovery_code");
    ASSERT_EQ(code.size(), 39u);
    ASSERT_TRUE(server.files.count("http://s/county/county.gyk"));
    EXPECT_EQ(server.files["http://s/county/county.gyk"].find(kCountyPassphrase), std::string::npos);
    county.click("keys.code_kept");
    county.frame();
    const std::string public_hex = county.value("county.public_key");
    PublicKey county_key;
    ASSERT_TRUE(hex_decode(public_hex, county_key)) << public_hex;
    EXPECT_EQ(county.value("county.problems"), "");

    // Two devices of one township, a day apart (the later one has the later figures), and a second township.
    const Keyring township = new_keyring("430422105");
    TownshipDevice office(server, "430422105", 0x0a, county_key, 0.01), phone(server, "430422105", 0x0b, county_key, 0);
    office.local.save_keys(township, [](bool) {});
    Keyring joined = township;
    new_device_keys(joined);
    phone.local.save_keys(joined, [](bool) {});
    TownshipDevice other(server, "430422106", 0x0c, county_key, 0.005);
    other.local.save_keys(new_keyring("430422106"), [](bool) {});
    office.round(kMonday);
    phone.round(kMonday + kDay);
    other.round(kMonday);
    ASSERT_EQ(office.sync->figures_sent() + phone.sync->figures_sent() + other.sync->figures_sent(), 3u);
    const TownshipFigures expected = township_figures(phone.local.ledger(), "430422105", china_date(kMonday + kDay));

    county.click("county.refresh");
    settle(county);
    std::vector<std::string> lines = table_lines(county);
    ASSERT_EQ(lines.size(), 4u) << county.value("county.table");
    EXPECT_TRUE(lines[0].starts_with("乡镇\t截至日期\t特殊群体儿童\t已摸底\t摸底率\t本学期已家访\t家访覆盖率\t在帮结对\t")) << lines[0];
    EXPECT_TRUE(lines[1].starts_with("430422105\t2026-11-24\t" + std::to_string(expected.special) + "\t")) << lines[1];
    EXPECT_TRUE(lines[2].starts_with("430422106\t2026-11-23\t")) << lines[2];
    EXPECT_TRUE(lines[3].starts_with("合计\t")) << lines[3];
    EXPECT_EQ(county.value("county.problems"), "");

    // A file changed on the server is named, the rest still shows.
    std::string& sealed = server.files["http://s/430422106/aggregates/00000c.gya"];
    sealed[50] ^= 1;
    county.click("county.refresh");
    settle(county);
    EXPECT_EQ(county.value("county.problems"), "430422106/aggregates/00000c.gya：文件被改动或不完整，签名不符，已跳过");
    EXPECT_EQ(table_lines(county).size(), 3u);
    sealed[50] ^= 1;

    county.click("county.refresh");
    settle(county);
    county.click("county.export");
    settle(county);
    std::ifstream file(county.platform().last_saved_file(), std::ios::binary);
    Result<Sheet> workbook = read_xlsx(std::string(std::istreambuf_iterator<char>(file), {}));
    ASSERT_TRUE(workbook) << county.platform().last_saved_file();
    ASSERT_EQ(workbook.value().size(), 4u);
    EXPECT_EQ(workbook.value()[1][0], "430422105");
    EXPECT_EQ(workbook.value()[1][2], std::to_string(expected.special));
    EXPECT_EQ(workbook.value()[3][0], "合计");

    // Another county PC: a wrong passphrase changes nothing, the right one shows the same key and figures.
    UiHarness b(second.path, {{"role", "county"}, {"backend", "http://s/"}});
    b.platform().route_http(server.handler());
    enter_passphrase(b, "衡南县教育局2025", false);
    b.click("keys.join");
    settle(b);
    EXPECT_EQ(b.value("keys.message"), "密码或恢复码不对，请再试一次。本机数据没有任何改动。");
    EXPECT_EQ(b.value("county.ready"), "0");
    enter_passphrase(b, kCountyPassphrase, false);
    b.click("keys.join");
    settle(b);
    b.frame();
    EXPECT_EQ(b.value("county.public_key"), public_hex);
    EXPECT_EQ(table_lines(b).size(), 4u);

    // The passphrase forgotten: the recovery code opens it too.
    UiHarness c(spare.path, {{"role", "county"}, {"backend", "http://s/"}});
    c.platform().route_http(server.handler());
    enter_passphrase(c, code, false);
    c.click("keys.join");
    settle(c);
    c.frame();
    EXPECT_EQ(c.value("county.public_key"), public_hex);
    EXPECT_EQ(c.value("keys.message"), "已用恢复码加入县级查看。请现在设置一个新密码，县里其他电脑以后用新密码加入。");
}

void type_storage_key(UiHarness& h, const S3Credential& key) {
    for (const char* id : {"keys.storage_id", "keys.storage_secret"}) h.click(id), h.press(ImGuiKey_A, ImGuiMod_Ctrl), h.press(ImGuiKey_Backspace);
    h.click("keys.storage_id"), h.type(key.access_key.c_str());
    h.click("keys.storage_secret"), h.type(key.secret.c_str());
}

// 县级汇总 in S3 storage: the first county device types the county's own access key once (the
// bucket policy lets it list the townships and read their aggregates/ only); it goes sealed into
// the county's key file, so another county device joins with the passphrase alone. When the key is
// revoked, a new passphrase with the new key on one device puts it in the key file, and the other
// device, refused once, opens it there and shows the figures again.
TEST(CountyScreen, InS3TheCountysOwnAccessKeyIsTypedOnceLearntByOthersAndReplacedAfterARevocation) {
    MemoryS3 bucket;
    bucket.now = static_cast<int64_t>(std::time(nullptr));  // the app signs by the real clock here
    TempFolder bureau, second;
    const std::map<std::string, std::string> page{{"role", "county"}, {"backend", bucket.bucket_url}, {"s3-region", "oss-cn-changsha"}};
    UiHarness a(bureau.path, page);
    a.platform().route_http(bucket.handler());
    a.frame();
    enter_passphrase(a, kCountyPassphrase, true);
    a.click("keys.setup");
    EXPECT_EQ(a.value("keys.message"), "首次设置请先填写县级查看的访问密钥 ID 和访问密钥（见部署说明的 S3 一节）。");
    EXPECT_TRUE(bucket.objects.empty());
    type_storage_key(a, bucket.county);
    a.click("keys.setup");
    settle(a);
    ASSERT_EQ(a.value("keys.ready"), "1") << a.value("keys.message") << bucket.last_refusal;
    const std::string key_file = bucket.objects.at("county/county.gyk");
    EXPECT_EQ(key_file.find(bucket.county.secret), std::string::npos);
    a.click("keys.code_kept");
    a.frame();
    PublicKey county_key;
    ASSERT_TRUE(hex_decode(a.value("county.public_key"), county_key));

    for (const auto& [township, device] : {std::pair{"430422105", 0x0au}, {"430422106", 0x0cu}}) {  // as township devices put them
        const std::string path = county_figures_path(device);
        TownshipFigures f{township, "2026-11-23", 10, 8, 6, 4};
        bucket.objects[std::string(township) + "/" + path] = seal_for_county(county_key, new_keyring(township), path, figures_to_json(f));
    }
    a.click("county.refresh");
    settle(a);
    EXPECT_EQ(table_lines(a).size(), 4u) << a.value("county.table") << a.value("county.problems");
    EXPECT_EQ(a.value("county.problems"), "");

    UiHarness b(second.path, page);
    b.platform().route_http(bucket.handler());
    enter_passphrase(b, kCountyPassphrase, false);
    b.click("keys.join");
    settle(b);
    b.frame();
    ASSERT_EQ(b.value("keys.ready"), "1") << b.value("keys.message");
    EXPECT_EQ(table_lines(b).size(), 4u) << "the access key came in the county's key file: " << b.value("county.problems");
    EXPECT_EQ(bucket.refused, 0u) << bucket.last_refusal;

    const S3Credential issued{"LTAI5tCOUNTYNEW", "the/new+county=secret"};
    bucket.county = issued;  // the old key revoked, a new one made in the storage console
    a.click("county.refresh");
    settle(a);
    EXPECT_NE(a.value("county.problems").find("存储服务器不认本机的访问密钥"), std::string::npos) << a.value("county.problems");
    a.click("keys.change");
    enter_passphrase(a, "衡南县教育局2027", true);
    type_storage_key(a, issued);
    a.click("keys.change_confirm");
    settle(a);
    ASSERT_EQ(a.value("keys.message"), "县级密码和访问密钥已更换：已加入的电脑下次刷新时自动换用新的访问密钥，县里其他电脑以后用新密码加入。")
        << bucket.last_refusal;
    a.click("keys.code_kept");
    a.click("county.refresh");
    settle(a);
    EXPECT_EQ(a.value("county.problems"), "");
    EXPECT_EQ(table_lines(a).size(), 4u);

    const size_t refused = bucket.refused;
    b.click("county.refresh");
    settle(b);
    EXPECT_GT(bucket.refused, refused) << "signed with the revoked key";
    EXPECT_EQ(b.value("county.problems"), "") << "the new key opened from the key file, the figures fetched again";
    EXPECT_EQ(table_lines(b).size(), 4u);
    b.click("county.refresh");
    settle(b);
    EXPECT_EQ(bucket.refused, refused + 1) << "the new key kept: " << bucket.last_refusal;
}

}  // namespace
}  // namespace gy::test
