// Syncing with Apache mod_dav: its PROPFIND listings (samples captured from
// Debian's Apache 2.4 in tests/data/apache), how HttpFolder learns which way a
// server lists folders, and PUTs into folders Apache does not have yet (409,
// then MKCOL). The e2e test apache.test.mjs runs the same against a real Apache.
#include "core/dav_listing.h"
#include "core/ledger.h"
#include "core/seal.h"
#include "core/sync.h"
#include "core/sync_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace gy {
namespace {

std::string sample(const char* name) {
    std::ifstream in(std::string(GONGYU_TEST_DATA) + "/apache/" + name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << name;
    return text.str();
}

using Entries = std::vector<std::pair<std::string, uint64_t>>;

Entries sorted(const Result<std::vector<RemoteEntry>>& listing) {
    EXPECT_TRUE(listing.ok()) << (listing.ok() ? "" : listing.error().detail);
    Entries out;
    if (listing)
        for (const RemoteEntry& e : listing.value()) out.emplace_back(e.name, e.size);
    std::sort(out.begin(), out.end());
    return out;
}

// [SECTION] The multistatus, as Apache writes it

TEST(DavListing, ApacheDeviceFolderFilesWithSizesAndEncodedNames) {
    // Captured: PROPFIND Depth 1 with kPropfindBody on /gongyu-store/大塘镇/changes/00000a/.
    const std::string xml = sample("device_folder.xml");
    const Entries expected{{"000000000001-000000000003.gyc", 1234}, {"000000000004-000000000004.gyc", 10}, {"吉𠮷 a&b.gyc", 0}};
    // However the app names the folder: a full URL, an absolute path, relative to the page, percent-encoded or not.
    for (const char* folder : {"http://127.0.0.1:18999/gongyu-store/大塘镇/changes/00000a/", "/gongyu-store/大塘镇/changes/00000a/",
                               "gongyu-store/大塘镇/changes/00000a/", "../gongyu-store/%E5%A4%A7%E5%A1%98%E9%95%87/changes/00000a/"})
        EXPECT_EQ(sorted(parse_multistatus(xml, folder)), expected) << folder;
}

TEST(DavListing, ApacheFoldersEndInASlashAndTheFolderItselfIsLeftOut) {
    EXPECT_EQ(sorted(parse_multistatus(sample("township.xml"), "/gongyu-store/大塘镇/")), (Entries{{"changes/", 0}, {"keys/", 0}}));
    // allprop (no body): every property, lock entries and all; the same listing.
    EXPECT_EQ(sorted(parse_multistatus(sample("allprop.xml"), "/gongyu-store/大塘镇/changes/")), (Entries{{"00000a/", 0}, {"00000b/", 0}}));
    EXPECT_EQ(sorted(parse_multistatus(sample("empty_folder.xml"), "/gongyu-store/大塘镇/changes/00000b/")), Entries{});
}

// Captured: the keys folder, then again after roles.gyd was put once more at the same size a second later.
TEST(DavListing, ApacheETagsTellAFileRewrittenAtTheSameSize) {
    const auto listed = [](const char* name) {
        std::map<std::string, RemoteEntry> by_name;
        Result<std::vector<RemoteEntry>> entries = parse_multistatus(sample(name), "/gongyu-store/大塘镇/keys/");
        EXPECT_TRUE(entries.ok());
        if (entries) for (RemoteEntry& e : entries.value()) by_name[e.name] = e;
        return by_name;
    };
    std::map<std::string, RemoteEntry> before = listed("keys_folder.xml"), after = listed("keys_folder_rewritten.xml");
    ASSERT_EQ(before.size(), 2u);
    ASSERT_EQ(after.size(), 2u);
    EXPECT_EQ(before["roles.gyd"].size, after["roles.gyd"].size);
    EXPECT_FALSE(before["roles.gyd"].same_file(after["roles.gyd"])) << "rewritten: another ETag";
    // Untouched, though Apache's ETag for it went from weak to strong in the meantime.
    EXPECT_EQ(before["school.3fa2c1.7.gyk"].version, "\"78-6619f64369647\"");
    EXPECT_TRUE(before["school.3fa2c1.7.gyk"].same_file(after["school.3fa2c1.7.gyk"]));
}

// Other servers spell the namespace otherwise (a default xmlns, `d:`) and may
// give full URLs; only what a propstat with status 200 says counts.
TEST(DavListing, AnyPrefixFullUrlsAndOnlyPropertiesFoundCount) {
    const std::string xml = R"(<?xml version="1.0"?>
<!-- another server -->
<multistatus xmlns="DAV:"><response><href>http://host:8080/store/t/changes/</href>
  <propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>http://host:8080/store/t/changes/00000a/</href>
  <propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
 <d:response xmlns:d="DAV:"><d:href><![CDATA[/store/t/changes/1-2.gyc]]></d:href>
  <d:propstat><d:prop><d:getcontentlength> 77 </d:getcontentlength><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getcontentlength>5</d:getcontentlength></d:prop>
   <d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>
 <response><href>/store/t/changes/00000a/deeper.gyc</href><propstat><prop/><status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>/store/other/x.gyc</href><propstat><prop/><status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>/store/t/changes/bad%zz.gyc</href><propstat><prop/><status>HTTP/1.1 200 OK</status></propstat></response>
 <response xmlns:o="urn:other"><href>/store/t/changes/o.gyc</href><propstat><prop>
  <resourcetype><o:collection/></resourcetype><getcontentlength>&#49;&#x32;</getcontentlength></prop><status>HTTP/1.1 200 OK</status></propstat></response>
</multistatus>)";
    EXPECT_EQ(sorted(parse_multistatus(xml, "store/t/changes/")), (Entries{{"00000a/", 0}, {"1-2.gyc", 77}, {"o.gyc", 12}}));
    // A folder named like the end of another's path is not that folder.
    EXPECT_EQ(sorted(parse_multistatus(xml, "/other-store/t/changes/")), Entries{});
}

TEST(DavListing, WhatIsNotAMultistatusIsRefused) {
    for (const char* text : {"", "[]", "<html><body>Index of /store</body></html>", "<?xml version=\"1.0\"?>",
                             "<multistatus xmlns=\"urn:not-dav\"/>",                       // the name, but not DAV's
                             "<D:multistatus xmlns:D=\"DAV:\"><D:response></D:multistatus>",  // end tag does not match
                             "<D:multistatus><D:response/></D:multistatus>",                 // D: never declared
                             "<!DOCTYPE m [<!ENTITY a \"b\">]><multistatus xmlns=\"DAV:\"/>",
                             "<multistatus xmlns=\"DAV:\"/><multistatus xmlns=\"DAV:\"/>",
                             "<multistatus xmlns=\"DAV:\"><href>&bogus;</href></multistatus>",
                             "<multistatus xmlns=\"DAV:\"><response><href>/a</href>",
                             "<multistatus xmlns='DAV:' a=b/>"}) {
        Result<std::vector<RemoteEntry>> r = parse_multistatus(text, "/store/");
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidFormat) << text;
    }
    std::string deep = "<multistatus xmlns=\"DAV:\">";
    for (int i = 0; i < 100; ++i) deep += "<a>";
    EXPECT_FALSE(parse_multistatus(deep, "/store/").ok());
}

// [SECTION] HttpFolder against servers in memory that answer like the real ones

// Apache 2.4 with mod_dav as measured: no folder listing by GET (404 without
// mod_autoindex), PROPFIND Depth 1, 409 for a PUT or MKCOL whose parent is
// missing, 405 for MKCOL of a folder that is there.
struct FakeApache {
    std::set<std::string> folders{"http://s/gongyu-store/"};
    std::map<std::string, std::string> files;
    std::vector<std::string> requests;  // "METHOD url"
    std::map<std::string, int> refuse;  // "METHOD url" → status

    static std::string parent(const std::string& url) {
        return url.substr(0, url.find_last_of('/', url.size() - (url.ends_with('/') ? 2 : 1)) + 1);
    }
    std::string multistatus(const std::string& folder) const {
        auto response = [](const std::string& url, bool collection, size_t size) {
            const std::string href = url.substr(std::string("http://s").size());
            return "<D:response xmlns:lp1=\"DAV:\"><D:href>" + href + "</D:href><D:propstat><D:prop>" +
                   (collection ? "<lp1:resourcetype><D:collection/></lp1:resourcetype>"
                               : "<lp1:resourcetype/><lp1:getcontentlength>" + std::to_string(size) + "</lp1:getcontentlength>") +
                   "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n";
        };
        std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">\n" + response(folder, true, 0);
        for (const std::string& f : folders)
            if (f != folder && parent(f) == folder) xml += response(f, true, 0);
        for (const auto& [url, bytes] : files)
            if (parent(url) == folder) xml += response(url, false, bytes.size());
        return xml + "</D:multistatus>\n";
    }
    HttpResponse answer(const std::string& method, const std::string& url, std::string body) {
        requests.push_back(method + " " + url);
        if (auto it = refuse.find(method + " " + url); it != refuse.end()) return {it->second, "no"};
        if (method == "PUT") {
            if (!folders.contains(parent(url))) return {409, "<html>Conflict</html>"};
            return files[url] = std::move(body), HttpResponse{201, {}};
        }
        if (method == "MKCOL") {
            if (folders.contains(url)) return {405, {}};
            if (!folders.contains(parent(url))) return {409, {}};
            return folders.insert(url), HttpResponse{201, {}};
        }
        if (method == "PROPFIND") return folders.contains(url) ? HttpResponse{207, multistatus(url)} : HttpResponse{404, {}};
        if (method == "GET" && files.contains(url)) return {200, files[url]};
        return {404, "<html>Not Found</html>"};
    }
    HttpFn handler() {
        return [this](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
            done(answer(method, url, std::move(body)));
        };
    }
};

Result<bool> put(HttpFolder& folder, const std::string& path, std::string bytes) {
    Result<bool> out = Error{ErrorCode::InvalidValue, "no answer"};
    folder.put(path, std::move(bytes), [&](Result<bool> r) { out = std::move(r); });
    return out;
}

Result<std::vector<RemoteEntry>> list(HttpFolder& folder, const std::string& path) {
    Result<std::vector<RemoteEntry>> out = Error{ErrorCode::InvalidValue, "no answer"};
    folder.list(path, [&](Result<std::vector<RemoteEntry>> r) { out = std::move(r); });
    return out;
}

TEST(HttpFolderApache, APutIntoMissingFoldersMakesThemParentFirstThenPutsOnce) {
    FakeApache apache;
    HttpFolder folder(apache.handler(), "http://s/gongyu-store/大塘镇/");
    ASSERT_TRUE(put(folder, "changes/00000a/1-1.gyc", "sealed").ok());
    EXPECT_EQ(apache.requests, (std::vector<std::string>{
                                   "PUT http://s/gongyu-store/大塘镇/changes/00000a/1-1.gyc",
                                   "MKCOL http://s/gongyu-store/大塘镇/",
                                   "MKCOL http://s/gongyu-store/大塘镇/changes/",
                                   "MKCOL http://s/gongyu-store/大塘镇/changes/00000a/",
                                   "PUT http://s/gongyu-store/大塘镇/changes/00000a/1-1.gyc",
                               }));
    EXPECT_EQ(apache.files.at("http://s/gongyu-store/大塘镇/changes/00000a/1-1.gyc"), "sealed");

    // Folders another device made already answer 405: fine.
    apache.requests.clear();
    ASSERT_TRUE(put(folder, "changes/00000b/1-1.gyc", "other").ok());
    EXPECT_EQ(apache.requests.size(), 5u);
    apache.requests.clear();
    ASSERT_TRUE(put(folder, "changes/00000a/2-2.gyc", "next").ok());
    EXPECT_EQ(apache.requests.size(), 1u) << "the folder is there now: one PUT";
}

TEST(HttpFolderApache, AFolderThatCannotBeMadeIsReportedAndThePutNotRetriedForever) {
    FakeApache apache;
    apache.refuse["MKCOL http://s/gongyu-store/t/changes/"] = 403;
    HttpFolder folder(apache.handler(), "http://s/gongyu-store/t/");
    Result<bool> r = put(folder, "changes/00000a/1-1.gyc", "x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::ServerRefused);
    EXPECT_EQ(std::count_if(apache.requests.begin(), apache.requests.end(), [](auto& q) { return q.starts_with("PUT"); }), 1);

    // A server that answers 409 whatever happens: one retry, then its 409.
    HttpFolder stubborn([](const std::string&, const std::string&, std::string, std::function<void(HttpResponse)> done) { done({409, {}}); },
                        "http://s/t/");
    r = put(stubborn, "keys/township.gyk", "k");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().detail, "HTTP 409");
}

TEST(HttpFolderApache, ListingFallsBackToPropfindOnceAndKeepsIt) {
    FakeApache apache;
    HttpFolder folder(apache.handler(), "http://s/gongyu-store/t/");
    // Nothing there yet: GET 404, PROPFIND 404 — an empty folder, and still unknown how the server lists.
    EXPECT_EQ(sorted(list(folder, "changes/")), Entries{});
    EXPECT_EQ(folder.listing(), HttpFolder::Listing::Unknown);
    ASSERT_TRUE(put(folder, "changes/00000a/1-3.gyc", "12345").ok());
    ASSERT_TRUE(put(folder, "changes/00000a/4-4.gyc", "1").ok());
    apache.requests.clear();
    EXPECT_EQ(sorted(list(folder, "changes/")), (Entries{{"00000a/", 0}}));
    EXPECT_EQ(apache.requests, (std::vector<std::string>{"GET http://s/gongyu-store/t/changes/", "PROPFIND http://s/gongyu-store/t/changes/"}));
    EXPECT_EQ(folder.listing(), HttpFolder::Listing::Propfind);
    apache.requests.clear();
    EXPECT_EQ(sorted(list(folder, "changes/00000a/")), (Entries{{"1-3.gyc", 5}, {"4-4.gyc", 1}}));
    EXPECT_EQ(apache.requests, (std::vector<std::string>{"PROPFIND http://s/gongyu-store/t/changes/00000a/"}));
    EXPECT_EQ(sorted(list(folder, "changes/00000c/")), Entries{});  // 404: not there yet

    apache.refuse["PROPFIND http://s/gongyu-store/t/changes/"] = 503;
    Result<std::vector<RemoteEntry>> failed = list(folder, "changes/");
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::ServerFailed);
}

// nginx with `autoindex_format json` goes on exactly as before: no PROPFIND once JSON came.
TEST(HttpFolderApache, NginxJsonListingsNeverAskByPropfind) {
    std::vector<std::string> requests;
    std::string answer = R"([{"name":"00000a","type":"directory"},{"name":"1-1.gyc","type":"file","size":3}])";
    int status = 200;
    HttpFn nginx = [&](const std::string& method, const std::string& url, std::string, std::function<void(HttpResponse)> done) {
        requests.push_back(method + " " + url);
        if (method == "PROPFIND") return done({405, "<html>405 Not Allowed</html>"});
        done({status, answer});
    };
    HttpFolder folder(nginx, "http://s/store/t/");
    // A folder not there yet, before any listing: one PROPFIND, refused, so empty.
    status = 404;
    EXPECT_EQ(sorted(list(folder, "changes/00000b/")), Entries{});
    EXPECT_EQ(requests.size(), 2u);
    // A listing cut short before the server is known: still a format error, as before.
    status = 200, answer.resize(20);
    EXPECT_EQ(list(folder, "changes/").error().code, ErrorCode::InvalidFormat);
    answer = R"([{"name":"00000a","type":"directory"},{"name":"1-1.gyc","type":"file","size":3}])";
    requests.clear();
    EXPECT_EQ(sorted(list(folder, "changes/")), (Entries{{"00000a/", 0}, {"1-1.gyc", 3}}));
    EXPECT_EQ(folder.listing(), HttpFolder::Listing::Json);
    answer = R"([{"name":"roles.gyd","type":"file","mtime":"Wed, 02 Dec 2026 04:37:10 GMT","size":300}])";
    EXPECT_EQ(list(folder, "keys/").value().at(0).version, "Wed, 02 Dec 2026 04:37:10 GMT") << "nginx's mtime tells a rewritten file";
    status = 404;
    EXPECT_EQ(sorted(list(folder, "changes/00000c/")), Entries{});
    status = 200, answer = "<html>";
    EXPECT_EQ(list(folder, "changes/").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(std::count_if(requests.begin(), requests.end(), [](auto& q) { return q.starts_with("PROPFIND"); }), 0);
}

// [SECTION] A whole sync through Apache: two devices, each edits, both converge

const Date kToday{2026, 11, 23};
const int64_t kNow = 1795400000000;

struct Device {
    Ledger ledger;
    Keyring keys;
    DirectVault vault;
    HttpFolder folder;
    SyncEngine engine;
    Device(uint32_t id, const Keyring& township, FakeApache& apache)
        : ledger(id), keys(township), folder(apache.handler(), "http://s/gongyu-store/430422105/"),
          engine(folder, vault, keys, ledger, [this](std::vector<Commit> commits, std::function<void(bool)> stored) {
              for (Commit& c : commits) ledger.merge(std::move(c));
              stored(true);
          }) {
        new_device_keys(keys);
    }
    SyncReport sync() {
        SyncReport out;
        EXPECT_TRUE(engine.run([&](const SyncReport& r) { out = r; }));
        for (const SyncProblem& p : out.problems) ADD_FAILURE() << p.path << ": " << p.error.detail;
        return out;
    }
    std::string name(RecordId id) const { return ledger.find(id)->value(field_index(Kind::Township, "name")); }
};

TEST(HttpFolderApache, TwoDevicesSyncThroughApacheAndConverge) {
    FakeApache apache;
    const Keyring township = new_keyring("430422105");
    Device a(0x00000a, township, apache), b(0x00000b, township, apache);
    const int name = field_index(Kind::Township, "name");
    const RecordId id = a.ledger.new_id(Kind::Township);
    ASSERT_TRUE(a.ledger.commit({{{id, name, "大塘镇"}}, {}, {}}, "a", kNow, kToday).ok());
    EXPECT_EQ(a.sync().sent_commits, 1u);
    EXPECT_EQ(b.sync().received_commits, 1u);
    EXPECT_EQ(b.name(id), "大塘镇");
    ASSERT_TRUE(b.ledger.commit({{{id, name, "大塘乡"}}, {}, {}}, "b", kNow + 1000, kToday).ok());
    b.sync();
    EXPECT_EQ(a.sync().received_commits, 1u);
    EXPECT_EQ(a.name(id), "大塘乡");
    EXPECT_EQ(a.folder.listing(), HttpFolder::Listing::Propfind);
    // Nothing left to send: a round lists and puts nothing again.
    apache.requests.clear();
    EXPECT_EQ(a.sync().sent_commits, 0u);
    EXPECT_EQ(std::count_if(apache.requests.begin(), apache.requests.end(), [](auto& q) { return q.starts_with("PUT"); }), 0);
}

}  // namespace
}  // namespace gy
