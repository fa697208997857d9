// sync_bench — what a sync round moves, natively: bytes of 1,000 edited records.
//
//   build/native/tests/sync_bench        (after tools/build.sh)
//
// A township office edits 1,000 students of a synthetic county (core/county.h,
// 5 %: 6,150 students) — a risk level and a need each, one commit per student
// as the form makes them — and records 1,000 home visits (a new record of six
// fields each). Device A sends them through the sync round to a server in
// memory, device B fetches them; the benchmark prints the bytes of the change
// files as they travel (sealed: deflated, encrypted, signed) up and down, and
// the time, sealing and opening included. Listings add a few hundred bytes per
// round (one entry per file). Device A also puts up a snapshot of its whole
// history when it has grown by half (sync.h); that is printed apart. Budget (design.md): ≤ 200 KB on the wire for
// 1,000 edited records.
//
// Then the same again once the township has issued role keys (scopes.h): every
// joint school's administrator and one helper in five hold one. Each commit
// then also goes up in the stream of each role that may read it; the figures
// show the township's stream and the roles' apart, and what one joint
// school's administrator and one helper download. Last, a second office PC
// pairs 50 children and relays the first PC's commits on them to the helpers.
#include "core/county.h"
#include "core/scopes.h"
#include "core/seal.h"
#include "core/sync.h"
#include "../unit/memory_server.h"

#include <chrono>
#include <cstdio>

using namespace gy;

int main() {
    const Date today{2026, 11, 23};
    const int64_t now = 1795400000000;
    Ledger a(0x00000b), b(0x00000d);
    generate_county(a, CountyShape::scaled(0.05), 2026, today);
    generate_county(b, CountyShape::scaled(0.05), 2026, today);
    const auto students = a.records(Kind::Student);
    const auto helpers = a.records(Kind::Helper);
    const int risk = field_index(Kind::Student, "risk"), needs = field_index(Kind::Student, "needs");
    const char* risks[] = {"low", "medium", "high"};
    const char* wants[] = {"学习辅导", "心理疏导", "生活物资", "亲情陪伴"};

    const Keyring township = new_keyring("430422105");
    auto round = [](Ledger& l, MemoryServer& server, const Keyring& device_keys) {
        SyncReport out;
        DirectVault vault;
        Keyring keys = device_keys;
        SyncEngine engine(server, vault, keys, l, [&l](std::vector<Commit> commits, std::function<void(bool)> stored) {
            for (Commit& c : commits) l.merge(std::move(c));
            stored(true);
        });
        const auto t0 = std::chrono::steady_clock::now();
        engine.run([&](const SyncReport& r) { out = r; });
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        return std::pair{out, ms};
    };

    MemoryServer server;
    const RecordId school = a.records(Kind::School)[0].id, helper = helpers[0].id;
    std::vector<std::string> roles;
    for (const Record& r : a.records(Kind::School)) roles.push_back(scope_text(Scope::school(r.id)));
    for (size_t h = 0; h < helpers.size(); h += 5) roles.push_back(scope_text(Scope::helper(helpers[h].id)));
    for (int scenario = 0; scenario < 4; ++scenario) {
        if (scenario == 2) {
            for (const std::string& role : roles) server.files[role_key_file_path(role)] = "(issued)";
            std::printf("with %zu role keys issued (%zu joint schools, one helper in five):\n", roles.size(), a.records(Kind::School).size());
            round(a, server, township);  // the roles' streams catch up with what came before
        }
        const uint64_t before = a.last_seq();
        const auto files_before = server.files;
        for (int i = 0; i < 1000; ++i) {
            Edit e;
            if (scenario % 2 == 0) {
                const RecordId kid = students[static_cast<size_t>(i) * 6].id;
                e.fields = {{kid, risk, risks[(i + scenario) % 3]}, {kid, needs, std::string(wants[(i + scenario) % 4]) + "，每周电话联系一次监护人"}};
            } else {
                const RecordId visit = a.new_id(Kind::Visit);
                e.fields = {{visit, 0, students[static_cast<size_t>(i) * 6].id.text()},
                            {visit, 1, helpers[static_cast<size_t>(i) % helpers.size()].id.text()},
                            {visit, 2, "2026-11-20"},
                            {visit, 3, "home"},
                            {visit, 4, "孩子学习状态良好，与祖父母相处融洽，冬季取暖需关注"},
                            {visit, 5, "课外读物"}};
            }
            if (!a.commit(e, "王丽 @ 大塘镇办公室电脑", now + i * 1000, today).ok()) return std::printf("edit %d refused\n", i), 1;
        }
        auto [up, up_ms] = round(a, server, township);
        auto [down, down_ms] = round(b, server, township);
        size_t role_bytes = 0, role_files = 0;
        for (const auto& [path, bytes] : server.files)
            if (!files_before.contains(path) && path.ends_with(".gyc") && parse_change_file(0, path.substr(path.rfind('/') + 1))->readers != "")
                role_bytes += bytes.size(), ++role_files;
        std::printf("%s: %llu commits; up %.1f KB in %zu file(s) (the township's stream %.1f KB, the roles' %.1f KB in %zu files, "
                    "a snapshot of all history %.1f KB), %.1f ms; down %.1f KB, %zu commits merged, %.1f ms\n",
                    scenario % 2 == 0 ? "1,000 students edited (risk + need)" : "1,000 home visits recorded",
                    static_cast<unsigned long long>(a.last_seq() - before), up.bytes_up / 1024.0, server.files.size() - files_before.size(),
                    (up.bytes_up - up.snapshot_bytes - role_bytes) / 1024.0, role_bytes / 1024.0, role_files, up.snapshot_bytes / 1024.0,
                    up_ms, down.bytes_down / 1024.0, down.received_commits, down_ms);
    }
    // The second office PC pairs 50 of the children edited above with helpers holding keys. The edits were
    // made on the first PC, which may not sync for weeks: the second PC's round relays them (sync.h, Relays).
    // Its round with nothing new, before, says what looking for relays costs every round.
    {
        DirectVault vault;
        Keyring keys = township;
        SyncEngine engine(server, vault, keys, b, [&b](std::vector<Commit> commits, std::function<void(bool)> stored) {
            for (Commit& c : commits) b.merge(std::move(c));
            stored(true);
        });
        const auto timed_round = [&engine] {
            SyncReport out;
            const auto t0 = std::chrono::steady_clock::now();
            engine.run([&](const SyncReport& r) { out = r; });
            return std::pair{out, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()};
        };
        timed_round();  // learns which of its files are on the server whole
        const auto [idle, idle_ms] = timed_round();
        for (int i = 0; i < 50; ++i) {
            const RecordId pair = b.new_id(Kind::Pair);
            Edit e;
            e.fields = {{pair, field_index(Kind::Pair, "helper"), helpers[static_cast<size_t>(i) * 5 % helpers.size()].id.text()},
                        {pair, field_index(Kind::Pair, "student"), students[static_cast<size_t>(i) * 6].id.text()},
                        {pair, field_index(Kind::Pair, "start"), "2026-11-20"}};
            if (Outcome o = b.commit(e, "李娟 @ 大塘镇第二台电脑", now + 2000000 + i * 1000, today); !o.ok()) return std::printf("pair %d refused: %s\n", i, o.problems[0].detail.c_str()), 1;
        }
        const auto [relayed, relay_ms] = timed_round();
        size_t relay_bytes = 0, relay_files = 0;
        for (const auto& [path, bytes] : server.files)
            if (path.ends_with(".gyr")) relay_bytes += bytes.size(), ++relay_files;
        std::printf("the second office PC: a round with nothing new %.1f ms (%zu commits known); after pairing 50 children with helpers "
                    "holding keys: %zu commits of other devices relayed in %zu files, %.1f KB, round %.1f ms\n",
                    idle_ms, b.commits().size(), relayed.relayed_commits, relay_files, relay_bytes / 1024.0, relay_ms);
        if (idle.relayed_commits != 0) std::printf("  (the idle round relayed %zu commits)\n", idle.relayed_commits);
    }
    // What a joint school's administrator and a helper fetch of all of it, from nothing.
    for (const RecordId scope : {school, helper}) {
        Ledger device(scope == school ? 0x0000a1 : 0x0000b1);
        Result<Keyring> keys = issue_role_keys(township, scope.text(), roles);
        if (!keys) return std::printf("%s\n", keys.error().detail.c_str()), 1;
        auto [got, ms] = round(device, server, keys.value());
        std::printf("%s fetches %.1f KB: %zu commits it may read, %.1f ms%s\n", scope == school ? "a joint school's administrator" : "a helper",
                    got.bytes_down / 1024.0, got.received_commits, ms, got.problems.empty() ? "" : " (with problems)");
    }
    return 0;
}
