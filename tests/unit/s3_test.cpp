// S3-compatible storage: presigned URLs as AWS's own SDK makes them (botocore's,
// tests/data/s3/presigned.json, from tools/s3_vectors.py), bucket listings of
// AWS and Aliyun OSS, and a township syncing through a bucket that checks
// every signature (memory_s3.h).
#include "core/dav_listing.h"
#include "core/local_state.h"
#include "core/s3_sign.h"
#include "core/scopes.h"
#include "core/seal.h"
#include "core/storage.h"
#include "core/sync_service.h"
#include "memory_s3.h"
#include "same_records.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace gy {
namespace {

using nlohmann::json;

// [SECTION] Presigned URLs

// The query of a URL as a sorted list of name=value: botocore keeps the order it was given, SigV4 signs them sorted.
std::pair<std::string, std::vector<std::string>> split(const std::string& url) {
    const size_t mark = url.find('?');
    std::vector<std::string> params;
    std::stringstream query(mark == std::string::npos ? "" : url.substr(mark + 1));
    for (std::string p; std::getline(query, p, '&');) params.push_back(p);
    std::sort(params.begin(), params.end());
    return {url.substr(0, mark), params};
}

TEST(S3Sign, PresignedUrlsAreBotocoresToTheCharacter) {
    std::ifstream in(std::string(GONGYU_TEST_DATA) + "/s3/presigned.json");
    const json vectors = json::parse(in);
    const S3Credential credential{vectors["access_key"], vectors["secret"]};
    ASSERT_EQ(vectors["cases"].size(), 5u);
    for (const json& c : vectors["cases"]) {
        S3Request r{c["method"], c["region"], c["url"], {}, c["signed_at"], c["expires"]};
        for (const json& q : c["query"]) r.query.emplace_back(q[0], q[1]);
        Result<std::string> url = presign_s3(credential, r);
        ASSERT_TRUE(url) << url.error().detail;
        EXPECT_EQ(split(url.value()), split(c["presigned"])) << r.url;
    }
}

TEST(S3Sign, AwsDocumentedExampleSignature) {
    // docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    const S3Request r{"GET", "us-east-1", "https://examplebucket.s3.amazonaws.com/test.txt", {}, 1369353600, 86400};
    const std::string url = presign_s3({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}, r).value();
    EXPECT_TRUE(url.ends_with("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")) << url;
}

TEST(S3Sign, WithoutACredentialTheUrlGoesUnsignedButEncoded) {
    const S3Request r{"GET", "oss-cn-changsha", "https://b.oss-cn-changsha.aliyuncs.com/大塘镇/keys/township.gyk", {{"a b", "c/d"}}, 0, 900};
    EXPECT_EQ(presign_s3({}, r).value(), "https://b.oss-cn-changsha.aliyuncs.com/%E5%A4%A7%E5%A1%98%E9%95%87/keys/township.gyk?a%20b=c%2Fd");
}

TEST(S3Sign, DefaultPortsAreLeftOutOfTheSignedHostAsBrowsersLeaveThemOut) {
    const S3Credential c{"AKID", "secret"};
    S3Request with_port{"GET", "us-east-1", "https://b.example.com:443/k", {}, 1796256000, 900};
    S3Request without{"GET", "us-east-1", "https://b.example.com/k", {}, 1796256000, 900};
    EXPECT_EQ(presign_s3(c, with_port).value(), presign_s3(c, without).value());
}

TEST(S3Sign, BadUrlsAndExpiriesAreRefusedWithAReason) {
    const S3Credential c{"AKID", "secret"};
    for (const char* url : {"ftp://b/k", "b.example.com/k", "https:///k", "https://b/k?x=1"}) {
        Result<std::string> r = presign_s3(c, {"GET", "us-east-1", url, {}, 1796256000, 900});
        ASSERT_FALSE(r) << url;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidValue);
    }
    EXPECT_FALSE(presign_s3(c, {"GET", "us-east-1", "https://b/k", {}, 1796256000, 604801}));
    EXPECT_FALSE(presign_s3(c, {"GET", "us-east-1", "https://b/k", {}, 1796256000, 0}));
}

// [SECTION] Bucket listings

TEST(S3Listing, AwsPageWithNamespaceObjectsPrefixesAndContinuation) {
    const char* xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>gongyu</Name><Prefix>大塘镇/</Prefix>
<KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
<Contents><Key>大塘镇/snapshot.gys</Key><LastModified>2026-12-03T01:02:03.000Z</LastModified>
<ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass></Contents>
<CommonPrefixes><Prefix>大塘镇/changes/</Prefix></CommonPrefixes></ListBucketResult>)";
    Result<S3ListPage> page = parse_s3_list_page(xml);
    ASSERT_TRUE(page) << page.error().detail;
    ASSERT_EQ(page.value().objects.size(), 1u);
    EXPECT_EQ(page.value().objects[0].name, "大塘镇/snapshot.gys");
    EXPECT_EQ(page.value().objects[0].size, 434234u);
    EXPECT_EQ(page.value().objects[0].version, "\"fba9dede5f27731c9771645a39863328\"");
    EXPECT_EQ(page.value().prefixes, std::vector<std::string>{"大塘镇/changes/"});
    EXPECT_TRUE(page.value().truncated);
    EXPECT_EQ(page.value().next_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3Listing, AliyunOssPageWithoutNamespace) {
    const char* xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult><Name>gongyu</Name><Prefix>t/changes/</Prefix><MaxKeys>100</MaxKeys><Delimiter>/</Delimiter>
<IsTruncated>false</IsTruncated><Contents><Key>t/changes/00000a-000001.gys</Key><LastModified>2026-12-03T01:02:03.000Z</LastModified>
<ETag>"5B3C1A2E053D763E1B002CC607C5A0FE"</ETag><Type>Normal</Type><Size>344606</Size><StorageClass>Standard</StorageClass>
</Contents><KeyCount>1</KeyCount></ListBucketResult>)";
    Result<S3ListPage> page = parse_s3_list_page(xml);
    ASSERT_TRUE(page) << page.error().detail;
    ASSERT_EQ(page.value().objects.size(), 1u);
    EXPECT_EQ(page.value().objects[0].size, 344606u);
    EXPECT_FALSE(page.value().truncated);
}

TEST(S3Listing, NotAListingIsInvalidFormatAndErrorsAreNamed) {
    EXPECT_EQ(parse_s3_list_page("<html><body>502 Bad Gateway</body></html>").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(parse_s3_list_page("<ListBucketResult><Contents>").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(parse_s3_list_page("").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(s3_error_code("<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>"),
              "SignatureDoesNotMatch: The request signature we calculated does not match");
    EXPECT_EQ(s3_error_code("not xml"), "");
}

// [SECTION] S3Folder against a bucket that checks signatures

struct Bucket {
    test::MemoryS3 s3;
    DirectVault vault;
    S3Credential credential = s3.credential;
    double clock_ms = 1'796'256'000'000;
    S3Folder folder{s3.handler(), vault, {s3.bucket_url, "oss-cn-changsha", [this] { return clock_ms; }}, "大塘镇/", [this] { return credential; }};

    template <typename T, typename Call>
    Result<T> wait(Call call) {
        std::optional<Result<T>> out;
        call([&](Result<T> r) { out = std::move(r); });
        EXPECT_TRUE(out.has_value());
        return out ? std::move(*out) : Result<T>(Error{ErrorCode::Unreachable, "no answer"});
    }
    Result<bool> put(const std::string& path, std::string bytes) { return wait<bool>([&](auto done) { folder.put(path, bytes, done); }); }
    Result<std::string> get(const std::string& path) { return wait<std::string>([&](auto done) { folder.get(path, done); }); }
    Result<std::vector<RemoteEntry>> list(const std::string& path) {
        return wait<std::vector<RemoteEntry>>([&](auto done) { folder.list(path, done); });
    }
};

std::vector<std::string> names(const std::vector<RemoteEntry>& entries) {
    std::vector<std::string> out;
    for (const RemoteEntry& e : entries) out.push_back(e.name);
    std::sort(out.begin(), out.end());
    return out;
}

TEST(S3Folder, PutGetAndListPageByPageUnderTheTownshipsPrefix) {
    Bucket b;
    b.s3.page_size = 2;
    for (const char* path : {"changes/00000a/1.gys", "changes/00000a/2.gys", "changes/00000a/3.gys", "changes/00000b/1.gys", "snapshot.gys"})
        ASSERT_TRUE(b.put(path, std::string("sealed ") + path)) << path;
    b.s3.objects["其他镇/changes/x.gys"] = "another township's";
    EXPECT_EQ(b.s3.objects.count("大塘镇/snapshot.gys"), 1u);
    EXPECT_EQ(b.get("changes/00000a/2.gys").value(), "sealed changes/00000a/2.gys");
    EXPECT_EQ(names(b.list("").value()), (std::vector<std::string>{"changes/", "snapshot.gys"}));
    EXPECT_EQ(names(b.list("changes/").value()), (std::vector<std::string>{"00000a/", "00000b/"}));
    const std::vector<RemoteEntry> three = b.list("changes/00000a/").value();  // two pages
    EXPECT_EQ(names(three), (std::vector<std::string>{"1.gys", "2.gys", "3.gys"}));
    EXPECT_EQ(three[0].size, std::string("sealed changes/00000a/1.gys").size());
    EXPECT_FALSE(three[0].version.empty());
    EXPECT_TRUE(b.list("photos/").value().empty());  // nothing there yet
    EXPECT_EQ(b.get("changes/00000c/1.gys").error().code, ErrorCode::NotFound);
    EXPECT_EQ(b.s3.refused, 0u);
}

// The files module that signs did not load (a bad line): no request goes, and the trouble is the
// device's part that is missing (Unavailable), not the server's silence (Unreachable).
TEST(S3Folder, ARequestThatCannotBeSignedIsUnavailableAndNothingIsSent) {
    struct NoModule final : DirectVault {
        void presign(S3Credential, S3Request, std::function<void(Result<std::string>)> done) override {
            done(Error{ErrorCode::Unavailable, "the files module did not load"});
        }
    };
    Bucket b;
    NoModule vault;
    S3Folder folder{b.s3.handler(), vault, {b.s3.bucket_url, "oss-cn-changsha", [&] { return b.clock_ms; }}, "大塘镇/", [&] { return b.credential; }};
    std::optional<Result<bool>> put;
    folder.put("changes/00000a/1.gys", "sealed", [&](Result<bool> r) { put = std::move(r); });
    ASSERT_TRUE(put.has_value());
    EXPECT_EQ(put->error().code, ErrorCode::Unavailable) << put->error().detail;
    EXPECT_EQ(b.s3.requests, 0u);
    EXPECT_TRUE(b.s3.objects.empty());
}

TEST(S3Folder, AWrongSecretIsRefusedWithS3sReasonAndStoresNothing) {
    Bucket b;
    b.credential.secret = "not the township's";
    Result<bool> put = b.put("changes/00000a/1.gys", "x");
    ASSERT_FALSE(put);
    EXPECT_EQ(put.error().code, ErrorCode::ServerRefused);
    EXPECT_NE(put.error().detail.find("SignatureDoesNotMatch"), std::string::npos) << put.error().detail;
    EXPECT_TRUE(b.s3.objects.empty());
}

TEST(S3Folder, WithoutACredentialOnlyTheKeyFileIsRead) {
    Bucket b;
    ASSERT_TRUE(b.put("keys/township.gyk", "{key file}"));
    b.credential = {};
    EXPECT_EQ(b.get("keys/township.gyk").value(), "{key file}");
    EXPECT_EQ(b.put("changes/00000a/1.gys", "x").error().code, ErrorCode::ServerRefused);
    EXPECT_EQ(b.list("changes/").error().code, ErrorCode::ServerRefused);
}

TEST(S3Folder, ADevicesClockFourDaysSlowOrThreeFastIsStillLetIn) {
    Bucket b;
    const double day = 86'400'000;
    for (double skew : {-4 * day + 60'000, -day, 0.0, day, 3 * day}) {
        b.clock_ms = b.s3.now * 1000.0 + skew;
        EXPECT_TRUE(b.put("changes/00000a/1.gys", "x")) << skew / day;
    }
    b.clock_ms = b.s3.now * 1000.0 + 3.5 * day;
    EXPECT_EQ(b.put("changes/00000a/1.gys", "x").error().code, ErrorCode::ServerRefused);
}

// [SECTION] A township through a bucket: two devices converge

struct Device {
    MemoryStorage storage;
    LocalState local{storage};
    DirectVault vault;
    SyncService sync;
    // keys: the township's (the clerk's devices, which make signing keys of their own) or a role's.
    Device(test::MemoryS3& s3, uint32_t id, Keyring keys)
        : sync(s3.handler(), s3.bucket_url + "430422105/", local, vault, {s3.bucket_url, "oss-cn-changsha", [&s3] { return s3.now * 1000.0; }}) {
        local.load(s3.now * 1000.0, id);
        keys.storage = s3.credential;
        if (keys.is_clerk()) new_device_keys(keys);
        local.save_keys(keys, [](bool) {});
    }
    void round(double now) {
        sync.sync_now(now);
        sync.poll(now);
        ASSERT_FALSE(sync.running());
        for (const SyncProblem& p : sync.last_report().problems) ADD_FAILURE() << p.path << ": " << p.error.detail;
    }
};

TEST(S3Folder, TwoDevicesOfATownshipSyncThroughABucketAndConverge) {
    test::MemoryS3 s3;
    s3.page_size = 1;  // each listing takes a page per entry
    const Keyring township = new_keyring("430422105");
    Device office(s3, 0x00000a, township), phone(s3, 0x00000b, township);
    const double now = s3.now * 1000.0;
    const int name = field_index(Kind::Township, "name");
    std::vector<RecordId> ids;
    for (int i = 0; i < 20; ++i) {
        ids.push_back(office.local.new_id(Kind::Township));
        ASSERT_TRUE(office.local.commit(Edit{{{ids.back(), name, "镇" + std::to_string(i)}}, {}, {}}, now + i).ok());
    }
    office.round(now + 100);
    phone.round(now + 1000);
    expect_same_records(office.local.ledger(), phone.local.ledger());
    ASSERT_TRUE(phone.local.commit(Edit{{{ids[3], name, "大塘镇"}}, {}, {}}, now + 2000).ok());
    phone.round(now + 3000);
    office.round(now + 4000);
    EXPECT_EQ(office.local.ledger().find(ids[3])->value(name), "大塘镇");
    expect_same_records(office.local.ledger(), phone.local.ledger());
    EXPECT_EQ(s3.refused, 0u);
    EXPECT_GT(s3.objects.size(), 1u);
    for (const auto& [key, bytes] : s3.objects) EXPECT_TRUE(key.starts_with("430422105/")) << key;
}

}  // namespace
}  // namespace gy

namespace gy {
namespace {

// [SECTION] The access key travels only inside key files

TEST(S3KeyFile, TheAccessKeyIsSealedInTheKeyFileAndOpensWithThePassphraseOrCodeAndForRoles) {
    Keyring clerk = new_keyring("430422105");
    clerk.storage = {"LTAI5tGONGYUTEST", "secret/of+the=township"};
    Result<Enrolment> e = wrap_keys(clerk, "大塘镇的口令2026");
    ASSERT_TRUE(e);
    EXPECT_EQ(e.value().key_file.find("LTAI5tGONGYUTEST"), std::string::npos) << "not even the key's ID is readable on the server";
    EXPECT_EQ(e.value().key_file.find("secret/of"), std::string::npos);
    EXPECT_EQ(unlock_key_file(e.value().key_file, "430422105", "大塘镇的口令2026").value().storage, clerk.storage);
    EXPECT_EQ(unlock_key_file(e.value().key_file, "430422105", e.value().recovery_code).value().storage, clerk.storage);
    Result<Enrolment> school = issue_role_key_file(clerk, "school.3fa2c1.7", "school.3fa2c1.7", "学校的口令2026");
    ASSERT_TRUE(school);
    EXPECT_EQ(unlock_key_file(school.value().key_file, "430422105", "学校的口令2026").value().storage, clerk.storage);

    json tampered = json::parse(e.value().key_file);
    std::string box = tampered["storage"]["box"];
    box[0] = box[0] == '0' ? '1' : '0';
    tampered["storage"]["box"] = box;
    EXPECT_EQ(unlock_key_file(tampered.dump(), "430422105", "大塘镇的口令2026").error().code, ErrorCode::InvalidFormat);
    const Keyring webdav = new_keyring("430422105");  // no access key: no storage part, as before
    EXPECT_FALSE(json::parse(wrap_keys(webdav, "大塘镇的口令2026").value().key_file).contains("storage"));
}

// A clerk's device that joined long ago opens the access key of a new key file with the township's
// key it holds, no passphrase: how the county's new key reaches it (SyncService::learn_new_storage_key).
TEST(S3KeyFile, TheClerksDevicesOpenANewAccessKeyWithTheTownshipsKeyAndNothingElseDoes) {
    Keyring clerk = new_keyring("430422105");
    clerk.storage = {"LTAI5tOLD", "old-secret"};
    Keyring rotated = clerk;
    rotated.storage = {"LTAI5tNEW", "new/secret"};
    const std::string key_file = wrap_keys(rotated, "新的口令新的口令").value().key_file;
    EXPECT_EQ(storage_key_in(key_file, clerk).value(), rotated.storage);

    Result<Enrolment> school = issue_role_key_file(clerk, "school.3fa2c1.7", "school.3fa2c1.7", "学校的口令2026");
    const Keyring school_keys = unlock_key_file(school.value().key_file, "430422105", "学校的口令2026").value();
    EXPECT_EQ(storage_key_in(key_file, school_keys).error().code, ErrorCode::WrongKey) << "a role's keys do not hold the township's";
    EXPECT_EQ(storage_key_in(school.value().key_file, clerk).error().code, ErrorCode::WrongKey) << "a role's file is not the township's";
    EXPECT_EQ(storage_key_in(key_file, new_keyring("430422105")).error().code, ErrorCode::Tampered) << "another set of keys";
    EXPECT_EQ(storage_key_in(key_file, new_keyring("430422106")).error().code, ErrorCode::OtherTownship);
    EXPECT_EQ(storage_key_in(wrap_keys(new_keyring("430422105"), "口令口令口令口令").value().key_file, clerk).error().code, ErrorCode::NotFound);
    EXPECT_EQ(storage_key_in("not json", clerk).error().code, ErrorCode::InvalidFormat);
    json tampered = json::parse(key_file);
    std::string box = tampered["storage"]["box"];
    box[0] = box[0] == '0' ? '1' : '0';
    tampered["storage"]["box"] = box;
    EXPECT_EQ(storage_key_in(tampered.dump(), clerk).error().code, ErrorCode::Tampered);
}

// A role's device cannot open the township's key file, where the new access key goes: the clerk's
// devices put it in the roles directory too, signed as the township, and the role's device, refused
// once with the revoked key, reads it there (unsigned, as the policy lets anyone read keys/) and syncs on.
TEST(S3KeyFile, ARolesDeviceLearnsANewAccessKeyFromTheSignedRolesDirectory) {
    test::MemoryS3 s3;
    Device office(s3, 0x00000a, new_keyring("430422105"));
    const double now = s3.now * 1000.0;
    const RecordId helper = office.local.new_id(Kind::Helper);  // (a role needs no record to hold a key)
    const std::string role = scope_text(Scope::helper(helper));
    Result<Keyring> role_keys = issue_role_keys(office.local.keys(), role, {role});
    ASSERT_TRUE(role_keys) << role_keys.error().detail;
    s3.objects["430422105/" + role_key_file_path(role)] = "(the role's key file)";
    Device phone(s3, 0x0000b1, role_keys.value());
    office.round(now + 100);
    ASSERT_TRUE(s3.objects.contains(std::string("430422105/") + kRolesDirectoryPath));
    phone.round(now + 200);

    const S3Credential issued{"LTAI5tNEWKEY", "the/new+secret"};
    s3.credential = issued;  // the county revokes the key and issues another
    Keyring with_new = office.local.keys();
    with_new.storage = issued;  // as 更换本乡镇密码 with the new key leaves the clerk's keyring
    office.local.save_keys(with_new, [](bool) {});
    const std::string old_directory = s3.objects.at(std::string("430422105/") + kRolesDirectoryPath);
    office.round(now + 300);
    EXPECT_NE(s3.objects.at(std::string("430422105/") + kRolesDirectoryPath), old_directory) << "put again with the new key";

    phone.sync.sync_now(now + 400);
    phone.sync.poll(now + 400);
    const auto& problems = phone.sync.last_report().problems;
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](const SyncProblem& p) { return storage_key_refused(p.error); }));
    EXPECT_EQ(phone.local.keys().storage, issued) << "learnt from the directory";
    EXPECT_EQ(phone.local.keys().role, role);
    const size_t refused = s3.refused;
    phone.round(now + 500);
    EXPECT_EQ(s3.refused, refused) << s3.last_refusal;

    // A directory a role's device sealed itself (naming another key) is not the township's: not taken.
    s3.credential = {"LTAI5tTHIRD", "third"};
    const std::string forged_plain = R"({"format":"gongyu.roles","township":"430422105","roles":{},"storage":{"access_key":"LTAI5tFORGED","secret":"x"}})";
    s3.objects[std::string("430422105/") + kRolesDirectoryPath] = seal_for_readers(phone.local.keys(), kRolesDirectoryPath, forged_plain, {"directory"});
    phone.sync.sync_now(now + 600);
    phone.sync.poll(now + 600);
    EXPECT_EQ(phone.local.keys().storage, issued) << "kept: the forged directory is not signed by the township";
}

TEST(S3KeyFile, TheKeyringKeepsTheAccessKeyOnThisDevice) {
    Keyring keys = new_keyring("430422105");
    keys.storage = {"AKID", "secret"};
    EXPECT_EQ(keyring_from_json(keyring_to_json(keys)).value().storage, keys.storage);
}

}  // namespace
}  // namespace gy
