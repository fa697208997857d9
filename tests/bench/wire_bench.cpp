// wire_bench — what sync moves on the wire over a working day, natively.
//
//   build/native/tests/wire_bench        (after tools/build.sh)
//
// sync_bench sends 1,000 edits in one round. The app does not: it runs a round
// 3 s after each save and every minute while the server answers. So here a
// township clerk saves 1,000 students one by one (a risk level and a need each,
// one save every 30 s of a working day), her office PC syncing after every save;
// a second PC and a teacher's phone sync once a minute all day. The server is
// nginx as tools/serve.sh configures it, in memory: GET and PUT of files, and
// folders listed as `autoindex_format json` writes them (mtime and size).
// Every request is counted with its headers: what Chromium sends with a fetch
// and what nginx answers, as estimated below.
// Budget (design.md): ≤ 200 KB on the wire for a sync of 1,000 edited records.
#include "core/county.h"
#include "core/seal.h"
#include "core/sync.h"
#include "core/sync_service.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <set>

using namespace gy;

namespace {

// Header bytes of one exchange over HTTP/1.1: an estimate, not a capture. A fetch from the page sends
// User-Agent, sec-ch-ua*, Accept, Referer, Accept-Encoding, Accept-Language and Sec-Fetch-*; nginx
// answers with its status line, Server, Date, Content-Type, Content-Length or chunked, Last-Modified,
// ETag and Cache-Control. A PUT adds Content-Type and Content-Length. (HTTP/2 would compress these.)
constexpr size_t kRequestHeaders = 520, kPutExtra = 60, kAnswerHeaders = 240;

struct Wire {
    size_t requests = 0, headers = 0, bodies_up = 0, bodies_down = 0, listings = 0, listing_bytes = 0;
    size_t total() const { return headers + bodies_up + bodies_down; }
    Wire operator-(const Wire& o) const {
        return {requests - o.requests, headers - o.headers, bodies_up - o.bodies_up, bodies_down - o.bodies_down,
                listings - o.listings, listing_bytes - o.listing_bytes};
    }
};

// nginx's JSON autoindex of a WebDAV folder: one entry per file, its mtime to the second.
struct NginxInMemory {
    struct File {
        std::string bytes;
        int64_t mtime_s = 0;
    };
    std::map<std::string, File> files;  // by URL
    std::map<std::string, int64_t> folder_mtime;  // by URL: changes when an entry is added or replaced in it
    int64_t now_s = 0;

    bool exists(const std::string& folder) const {
        auto it = files.lower_bound(folder);
        return it != files.end() && it->first.starts_with(folder);
    }
    void put(const std::string& url, std::string bytes) {
        for (size_t slash = url.rfind('/'); slash != std::string::npos; slash = url.rfind('/', slash - 1)) {
            const std::string folder = url.substr(0, slash + 1);
            const bool was_there = exists(folder);
            folder_mtime[folder] = now_s;
            if (was_there) break;  // its parent's entries did not change
        }
        files[url] = {std::move(bytes), now_s};
    }

    static std::string http_date(int64_t s) {
        char buf[40];
        const time_t t = s;
        std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&t));
        return buf;
    }
    // As ngx_http_autoindex_module writes it: `{ "name":"…", "type":"file", "mtime":"…", "size":412 }`.
    std::string listing(const std::string& url) const {
        std::string out = "[\n";
        std::set<std::string> folders;
        for (auto it = files.lower_bound(url); it != files.end() && it->first.starts_with(url); ++it) {
            const std::string rest = it->first.substr(url.size());
            const size_t slash = rest.find('/');
            const bool folder = slash != std::string::npos;
            if (folder && !folders.insert(rest.substr(0, slash)).second) continue;
            if (out.size() > 2) out += ",\n";
            out += "{ \"name\":" + nlohmann::json(folder ? rest.substr(0, slash) : rest).dump() + ", \"type\":\"" +
                   (folder ? "directory" : "file") + "\", \"mtime\":\"" +
                   http_date(folder ? folder_mtime.at(url + rest.substr(0, slash + 1)) : it->second.mtime_s) + "\"" +
                   (folder ? "" : ", \"size\":" + std::to_string(it->second.bytes.size())) + " }";
        }
        return out + "\n]\n";
    }
    HttpFn handler(Wire& wire) {
        return [this, &wire](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
            ++wire.requests;
            wire.headers += kRequestHeaders + kAnswerHeaders + (method == "PUT" ? kPutExtra : 0);
            wire.bodies_up += body.size();
            HttpResponse r;
            if (method == "PUT") {
                put(url, std::move(body));
                r = {201, {}};
            } else if (url.ends_with('/')) {
                const bool any = files.lower_bound(url) != files.end() && files.lower_bound(url)->first.starts_with(url);
                r = any ? HttpResponse{200, listing(url)} : HttpResponse{404, {}};
                ++wire.listings, wire.listing_bytes += r.body.size();
            } else {
                auto it = files.find(url);
                r = it == files.end() ? HttpResponse{404, {}} : HttpResponse{200, it->second.bytes};
            }
            wire.bodies_down += r.body.size();
            done(std::move(r));
        };
    }
};

struct Device {
    Ledger ledger;
    Keyring keys;
    DirectVault vault;
    Wire wire;
    std::unique_ptr<HttpFolder> folder;
    std::unique_ptr<SyncEngine> engine;

    Device(uint32_t id, const Keyring& township, NginxInMemory& server) : ledger(id), keys(township) {
        folder = std::make_unique<HttpFolder>(server.handler(wire), "http://localhost:8080/store/");
        engine = std::make_unique<SyncEngine>(*folder, vault, keys, ledger, [this](std::vector<Commit> commits, std::function<void(bool)> stored) {
            for (Commit& c : commits) ledger.merge(std::move(c));
            stored(true);
        });
    }
    void sync(double now_ms) {
        engine->run([](const SyncReport&) {}, now_ms);
    }
};

void print(const char* who, const Wire& w) {
    std::printf("  %-34s %6zu requests, %8.1f KB in all: headers %7.1f KB, up %7.1f KB, down %8.1f KB (of it %zu listings, %.1f KB)\n", who,
                w.requests, w.total() / 1024.0, w.headers / 1024.0, w.bodies_up / 1024.0, w.bodies_down / 1024.0, w.listings,
                w.listing_bytes / 1024.0);
}

}  // namespace

int main() {
    const Date today{2026, 11, 23};
    const int64_t day_start_ms = 1795420800000;  // 2026-11-23 08:00 Beijing
    const Keyring township = new_keyring("430422105");
    NginxInMemory server;
    Device office(0x00000b, township, server), second(0x00000d, township, server), phone(0x0000e1, township, server);
    generate_county(office.ledger, CountyShape::scaled(0.05), 2026, today);
    generate_county(second.ledger, CountyShape::scaled(0.05), 2026, today);
    generate_county(phone.ledger, CountyShape::scaled(0.05), 2026, today);

    const auto students = office.ledger.records(Kind::Student);
    const int risk = field_index(Kind::Student, "risk"), needs = field_index(Kind::Student, "needs");
    const char* risks[] = {"low", "medium", "high"};
    const char* wants[] = {"学习辅导", "心理疏导", "生活物资", "亲情陪伴"};

    // A morning's start: every device syncs once (nothing to send yet).
    for (Device* d : {&office, &second, &phone}) d->sync(day_start_ms);
    const Wire office0 = office.wire, second0 = second.wire, phone0 = phone.wire;

    // 1,000 saves, one every 30 s (8 h 20 min); a round 3 s after each save at the office PC,
    // and the other two devices' rounds every minute.
    for (int i = 0; i < 1000; ++i) {
        const int64_t at = day_start_ms + static_cast<int64_t>(i) * 30000;
        server.now_s = at / 1000;
        const RecordId kid = students[static_cast<size_t>(i) * 6].id;
        Edit e;
        e.fields = {{kid, risk, risks[i % 3]}, {kid, needs, std::string(wants[i % 4]) + "，每周电话联系一次监护人"}};
        if (!office.ledger.commit(e, "王丽 @ 大塘镇办公室电脑", at, today).ok()) return std::printf("edit %d refused\n", i), 1;
        server.now_s = (at + 3000) / 1000;
        office.sync(at + 3000);
        if (i % 2 == 1) {
            server.now_s = (at + 10000) / 1000;
            second.sync(at + 10000);
            phone.sync(at + 10000);
        }
    }
    Device evening(0x0000e2, township, server);  // a phone in a village with no signal all day
    generate_county(evening.ledger, CountyShape::scaled(0.05), 2026, today);
    for (Device* d : {&second, &phone, &evening}) d->sync(day_start_ms + 30'100'000);
    const bool converged = second.ledger.commits().size() == office.ledger.commits().size() &&
                           phone.ledger.commits().size() == office.ledger.commits().size() &&
                           evening.ledger.commits().size() == office.ledger.commits().size();

    size_t files = 0;
    for (const auto& [url, f] : server.files) files += url.find("/changes/") != std::string::npos;
    std::printf("1,000 students saved one by one over a day (a round after each save; the others every minute), %zu change files on the server%s:\n",
                files, converged ? "" : " — NOT CONVERGED");
    print("the office PC (sends them)", office.wire - office0);
    print("the second office PC (receives)", second.wire - second0);
    print("a teacher's phone (receives)", phone.wire - phone0);
    print("a phone offline all day, one round", evening.wire);

    // The budget's case: 1,000 records edited offline, then one round up and one down.
    NginxInMemory server2;
    Device pc(0x00000b, township, server2), other(0x00000d, township, server2);
    generate_county(pc.ledger, CountyShape::scaled(0.05), 2026, today);
    generate_county(other.ledger, CountyShape::scaled(0.05), 2026, today);
    for (int i = 0; i < 1000; ++i) {
        const RecordId kid = students[static_cast<size_t>(i) * 6].id;
        Edit e;
        e.fields = {{kid, risk, risks[(i + 1) % 3]}, {kid, needs, std::string(wants[(i + 1) % 4]) + "，每周电话联系一次监护人"}};
        if (!pc.ledger.commit(e, "王丽 @ 大塘镇办公室电脑", day_start_ms + i * 1000, today).ok()) return std::printf("edit %d refused\n", i), 1;
    }
    pc.sync(day_start_ms + 1'100'000);
    other.sync(day_start_ms + 1'200'000);
    std::printf("1,000 students edited offline, then one round each (budget: 200 KB on the wire)%s:\n",
                other.ledger.commits().size() == pc.ledger.commits().size() ? "" : " — NOT CONVERGED");
    print("the PC that edited them", pc.wire);
    print("the PC that receives them", other.wire);
    return converged ? 0 : 1;
}
