// Sync: stamps, merging, change files, the round against a server in memory,
// and the randomized convergence test (GONGYU_LONG=1: 10,000 runs).
#include "core/ledger.h"
#include "core/ledger_store.h"
#include "core/seal.h"
#include "core/storage.h"
#include "core/scopes.h"
#include "core/sync.h"
#include "core/sync_service.h"
#include "core/text.h"
#include "memory_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};
const int64_t kNow = 1795400000000;  // 2026-11-23

int field(Kind kind, const char* key) { return field_index(kind, key); }

// One township's data key, as every device that joined it holds it.
const Keyring& township_keys() {
    static const Keyring keys = new_keyring("430422105");
    return keys;
}

Keyring device_keys(const Keyring& township = township_keys()) {
    Keyring keys = township;
    new_device_keys(keys);
    return keys;
}

// A device: its ledger, its keys and its sync engine, merging straight into the ledger.
// The path of the change file a device put up for these commits, whatever readers it was sealed for.
std::string path_on(const MemoryServer& server, uint32_t device, uint64_t first, uint64_t last) {
    for (const auto& [path, bytes] : server.files) {
        const size_t slash = path.rfind('/');
        const std::optional<ChangeFileName> n = parse_change_file(device, std::string_view(path).substr(slash + 1));
        if (n && path.starts_with(change_file_path({device, first, last, {}, {}}).substr(0, slash + 1)) && n->first == first && n->last == last) return path;
    }
    return "";
}

struct Device {
    Ledger ledger;
    Keyring keys = device_keys();
    DirectVault vault;
    SyncEngine engine;
    int64_t skew_ms = 0;

    Device(uint32_t id, RemoteFolder& server)
        : ledger(id), engine(server, vault, keys, ledger, [this](std::vector<Commit> commits, std::function<void(bool)> stored) {
              for (Commit& c : commits) ledger.merge(std::move(c));
              stored(true);
          }) {
        engine.on_refused([this](const Edit& undo) { return ledger.commit(undo, "clerk", kNow + 60000, kToday).ok(); });
    }

    SyncReport sync(double now_ms = 0) {
        SyncReport out;
        EXPECT_TRUE(engine.run([&](const SyncReport& r) { out = r; }, now_ms));
        return out;
    }
    Outcome edit(const Edit& e, int64_t now) { return ledger.commit(e, "device", now + skew_ms, kToday); }
};

// The base every device of a township starts from: a class to put students in.
struct Base {
    RecordId township, school, campus, klass;
    std::vector<Commit> commits;

    Base() {
        Ledger l(0xbbbbbb);
        auto make = [&](Kind kind, std::vector<std::pair<const char*, std::string>> values) {
            RecordId id = l.new_id(kind);
            Edit e;
            for (auto& [k, v] : values) e.fields.push_back({id, field(kind, k), v});
            EXPECT_TRUE(l.commit(e, "县", kNow - 86400000, kToday).ok());
            return id;
        };
        township = make(Kind::Township, {{"name", "大塘镇"}});
        school = make(Kind::School, {{"name", "大塘镇校联体"}, {"township", township.text()}});
        campus = make(Kind::Campus, {{"name", "石桥教学点"}, {"school", school.text()}, {"type", "教学点"}});
        klass = make(Kind::Class, {{"name", "三年级1班"}, {"campus", campus.text()}, {"grade", "3"}});
        commits = l.commits();
    }
    void give_to(Ledger& l) const {
        for (const Commit& c : commits) l.merge(c);
    }
};

Edit new_student(Ledger& l, RecordId klass, const std::string& name) {
    RecordId id = l.new_id(Kind::Student);
    return Edit{{{id, field(Kind::Student, "name"), name}, {id, field(Kind::Student, "sex"), "女"}, {id, field(Kind::Student, "class"), klass.text()}}, {}, {}};
}

// Records as comparable text: every kind, every row, values and tombstones.
std::string state_of(const Ledger& l) {
    std::vector<std::string> rows;
    for (const KindDef& k : all_kinds())
        for (const Record& r : l.records(k.kind)) {
            std::string row = r.id.text() + (r.deleted ? " deleted" : "");
            for (const std::string& v : r.values) row += "|" + v;
            rows.push_back(std::move(row));
        }
    std::sort(rows.begin(), rows.end());
    std::string out;
    for (auto& r : rows) out += r + "\n";
    return out;
}

// [SECTION] Stamps and merging

TEST(HybridClock, NeverGoesBackAndPassesWhatItSaw) {
    HybridClock c;
    const uint64_t a = c.tick(kNow);
    const uint64_t b = c.tick(kNow - 3 * 86400000);  // the wall clock was set back three days
    EXPECT_GT(b, a);
    c.observe(a + (uint64_t(86400000) << 16));  // a device a day ahead
    EXPECT_GT(c.tick(kNow), a + (uint64_t(86400000) << 16));
    EXPECT_EQ(Stamp{c.tick(kNow + 10 * 86400000)}.wall_ms(), kNow + 10 * 86400000);  // a real later time is taken as is
}

TEST(Merge, TwoDevicesEditingOneFieldOfflineAgreeAndKeepTheLoserInHistory) {
    Base base;
    Ledger a(0x00000a), b(0x00000b);
    base.give_to(a), base.give_to(b);
    Edit add = new_student(a, base.klass, "张三");
    ASSERT_TRUE(a.commit(add, "a", kNow, kToday).ok());
    const RecordId kid = add.fields[0].record;
    for (const Commit& c : a.commits()) b.merge(c);

    const int name = field(Kind::Student, "name");
    ASSERT_TRUE(a.commit({{{kid, name, "张珊"}}, {}, {}}, "a", kNow + 60000, kToday).ok());
    // b's clock is a day behind, but b edits after a: by stamp a's edit is earlier only if b saw it. b did not.
    ASSERT_TRUE(b.commit({{{kid, name, "张山"}}, {}, {}}, "b", kNow - 86400000, kToday).ok());
    for (const Commit& c : std::vector<Commit>(a.commits())) b.merge(c);
    for (const Commit& c : std::vector<Commit>(b.commits())) a.merge(c);

    EXPECT_EQ(state_of(a), state_of(b));
    EXPECT_EQ(a.find(kid)->value(name), "张珊");  // a's wall clock was later and neither saw the other
    bool loser_in_history = false;
    for (auto [commit, change] : b.history(kid)) loser_in_history |= change->value == "张山";
    EXPECT_TRUE(loser_in_history);
}

// A delete is a tombstone, a field of its own: an edit made offline to a record deleted elsewhere does
// not bring it back, and is not lost either: every device shows it deleted, the edit and the deletion in
// its history, and restoring it brings the record back with the edit.
TEST(Merge, ADeleteAndAnOfflineEditOfTheSameRecordAgreeAndLoseNothing) {
    Base base;
    Ledger a(0x00000a), b(0x00000b), c(0x00000c);
    base.give_to(a), base.give_to(b), base.give_to(c);
    Edit add = new_student(a, base.klass, "张三");
    ASSERT_TRUE(a.commit(add, "a", kNow, kToday).ok());
    const RecordId kid = add.fields[0].record;
    for (const Commit& commit : a.commits()) b.merge(commit);

    const int name = field(Kind::Student, "name");
    ASSERT_TRUE(a.commit({{}, {kid}, {}}, "a", kNow + 60000, kToday).ok());                // deleted on a
    ASSERT_TRUE(b.commit({{{kid, name, "张珊"}}, {}, {}}, "b", kNow + 120000, kToday).ok());  // renamed on b, later
    for (const Commit& commit : std::vector<Commit>(a.commits())) b.merge(commit);
    for (const Commit& commit : std::vector<Commit>(b.commits())) a.merge(commit);
    std::vector<Commit> all(b.commits());
    std::reverse(all.begin(), all.end());
    for (const Commit& commit : base.commits) c.merge(commit);
    for (const Commit& commit : all) c.merge(commit);

    EXPECT_EQ(state_of(a), state_of(b));
    EXPECT_EQ(state_of(a), state_of(c));
    ASSERT_TRUE(a.find(kid));
    EXPECT_TRUE(a.find(kid)->deleted) << "the rename does not bring it back";
    EXPECT_EQ(a.find(kid)->value(name), "张珊") << "and is kept";
    bool deletion = false, rename = false;
    for (auto [commit, change] : c.history(kid)) deletion |= change->field == kDeletedField && change->value == "1", rename |= change->value == "张珊";
    EXPECT_TRUE(deletion && rename);

    ASSERT_TRUE(c.commit({{}, {}, {kid}}, "c", kNow + 180000, kToday).ok());  // restored on c
    for (const Commit& commit : std::vector<Commit>(c.commits())) a.merge(commit);
    EXPECT_FALSE(a.find(kid)->deleted);
    EXPECT_EQ(a.find(kid)->value(name), "张珊");
}

TEST(Merge, AnEditMadeAfterSeeingAnotherWinsWhateverTheWallClocksSay) {
    Base base;
    Ledger a(0x00000a), b(0x00000b);
    base.give_to(a), base.give_to(b);
    Edit add = new_student(a, base.klass, "张三");
    ASSERT_TRUE(a.commit(add, "a", kNow + 3 * 86400000, kToday).ok());  // a's clock is three days ahead
    for (const Commit& c : a.commits()) b.merge(c);
    const RecordId kid = add.fields[0].record;
    ASSERT_TRUE(b.commit({{{kid, field(Kind::Student, "name"), "张叁"}}, {}, {}}, "b", kNow, kToday).ok());
    for (const Commit& c : std::vector<Commit>(b.commits())) a.merge(c);
    EXPECT_EQ(a.find(kid)->value(field(Kind::Student, "name")), "张叁");
}

TEST(Merge, CommitsInAnyOrderGiveTheSameRecords) {
    Base base;
    Ledger a(0x00000a), b(0x00000b);
    base.give_to(a), base.give_to(b);
    std::vector<Commit> all(base.commits);
    for (int i = 0; i < 6; ++i) {
        Ledger& l = i % 2 ? b : a;
        Edit e = new_student(l, base.klass, "学生" + std::to_string(i));
        ASSERT_TRUE(l.commit(e, "x", kNow + i, kToday).ok());
        ASSERT_TRUE(l.commit({{{e.fields[0].record, field(Kind::Student, "name"), "改" + std::to_string(i)}}, {}, {}}, "x", kNow + i, kToday).ok());
    }
    for (const Commit& c : a.commits()) all.push_back(c);
    for (const Commit& c : b.commits()) all.push_back(c);
    std::mt19937 rng(7);
    std::string first;
    for (int round = 0; round < 20; ++round) {
        std::shuffle(all.begin(), all.end(), rng);
        Ledger l(0x00000c);
        for (const Commit& c : all) l.merge(c);
        for (const Commit& c : all) EXPECT_FALSE(l.merge(c));  // a second delivery changes nothing
        if (round == 0) first = state_of(l);
        EXPECT_EQ(state_of(l), first);
    }
}

TEST(Merge, StampsSurviveASnapshotSoAnOlderWriteStillLoses) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Base base;
    Ledger a(0x00000a);
    base.give_to(a);
    Edit add = new_student(a, base.klass, "张三");
    ASSERT_TRUE(a.commit(add, "a", kNow, kToday).ok());
    const RecordId kid = add.fields[0].record;
    Ledger b(0x00000b);
    for (const Commit& c : a.commits()) b.merge(c);
    ASSERT_TRUE(b.commit({{{kid, field(Kind::Student, "name"), "旧名"}}, {}, {}}, "b", kNow + 1000, kToday).ok());
    ASSERT_TRUE(a.commit({{{kid, field(Kind::Student, "name"), "新名"}}, {}, {}}, "a", kNow + 5000, kToday).ok());
    store.save_snapshot(a, [](bool ok) { EXPECT_TRUE(ok); });

    Ledger reloaded;
    ASSERT_TRUE(store.load(storage.load_all().value(), reloaded, 0x00000a).empty());
    for (const Commit& c : b.commits()) reloaded.merge(c);
    EXPECT_EQ(reloaded.find(kid)->value(field(Kind::Student, "name")), "新名");
}

TEST(Merge, MergedCommitsAreStoredAndLoadBack) {
    MemoryStorage storage;
    LedgerStore store(storage);
    Base base;
    Ledger a(0x00000a);
    ASSERT_TRUE(store.load({}, a, 0x00000a).empty());
    base.give_to(a);
    std::vector<const Commit*> merged;
    for (const Commit& c : a.commits()) merged.push_back(&c);
    store.save_merged(a, merged, [](bool ok) { EXPECT_TRUE(ok); });
    Edit add = new_student(a, base.klass, "张三");
    ASSERT_TRUE(a.commit(add, "a", kNow, kToday).ok());
    store.save(a, std::vector<const Commit*>{a.find_commit(a.last_seq())}, [](bool ok) { EXPECT_TRUE(ok); });

    Ledger reloaded;
    ASSERT_TRUE(store.load(storage.load_all().value(), reloaded, 0x00000f).empty());
    EXPECT_EQ(state_of(reloaded), state_of(a));
    EXPECT_EQ(reloaded.device(), 0x00000au);
    EXPECT_TRUE(reloaded.knows(0xbbbbbb, 1));
    EXPECT_EQ(reloaded.last_seq(), 1u);
}

// [SECTION] Change files

TEST(ChangeFile, RoundTripsEveryValueAndRefusesEveryTruncation) {
    Base base;
    Ledger a(0x3fa2c1);
    base.give_to(a);
    Edit add = new_student(a, base.klass, "吉𠮷");
    add.fields.push_back({add.fields[0].record, field(Kind::Student, "household"), "父母在广东\t务工\n奶奶照看 \\ 弟弟"});
    ASSERT_TRUE(a.commit(add, "王丽 @ 办公室\t电脑", kNow, kToday).ok());
    ASSERT_TRUE(a.commit({{}, {add.fields[0].record}, {}}, "王丽", kNow + 1, kToday).ok());
    std::vector<const Commit*> own{a.find_commit(1), a.find_commit(2)};
    const std::string bytes = encode_changes(own);
    const ChangeFileName name{0x3fa2c1, 1, 2, {}, {}};
    EXPECT_EQ(change_file_path(name), "changes/3fa2c1/000000000001-000000000002.gyc");
    ASSERT_TRUE(parse_change_file(0x3fa2c1, "000000000001-000000000002.gyc").has_value());
    EXPECT_FALSE(parse_change_file(0x3fa2c1, "000000000002-000000000001.gyc").has_value());

    Result<std::vector<Commit>> back = decode_changes(bytes, name);
    ASSERT_TRUE(back) << back.error().detail;
    ASSERT_EQ(back.value().size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(back.value()[i].stamp(), own[i]->stamp());
        EXPECT_EQ(back.value()[i].author, own[i]->author);
        ASSERT_EQ(back.value()[i].changes.size(), own[i]->changes.size());
        for (size_t j = 0; j < own[i]->changes.size(); ++j) {
            EXPECT_EQ(back.value()[i].changes[j].record, own[i]->changes[j].record);
            EXPECT_EQ(back.value()[i].changes[j].field, own[i]->changes[j].field);
            EXPECT_EQ(back.value()[i].changes[j].value, own[i]->changes[j].value);
        }
    }
    for (size_t cut = 0; cut < bytes.size(); ++cut)
        EXPECT_FALSE(decode_changes(bytes.substr(0, cut), name)) << "cut at " << cut;
    EXPECT_FALSE(decode_changes(bytes, {0x3fa2c1, 1, 3, {}, {}}));  // not the file it claims to be
    EXPECT_FALSE(decode_changes(bytes, {0x3fa2c2, 1, 2, {}, {}}));
}

// [SECTION] Bundles

TEST(Bundle, CarriesEveryKnownCommitAndConvergesLikeTheServer) {
    Base base;
    Ledger a(0x00000a), b(0x00000b);
    base.give_to(a);
    ASSERT_TRUE(a.commit(new_student(a, base.klass, "吉𠮷"), "a", kNow, kToday).ok());
    ASSERT_TRUE(a.commit(new_student(a, base.klass, "刘䶮"), "a", kNow + 1, kToday).ok());
    const std::string bundle = encode_bundle(a, "430422105");

    Result<std::vector<Commit>> commits = decode_bundle(bundle, "430422105");
    ASSERT_TRUE(commits) << commits.error().detail;
    EXPECT_EQ(commits.value().size(), a.commits().size());  // the base's commits travel too
    for (Commit& c : commits.value()) b.merge(std::move(c));
    EXPECT_EQ(state_of(b), state_of(a));

    Result<std::vector<Commit>> other = decode_bundle(bundle, "430422106");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::OtherTownship);
    for (size_t cut = 0; cut < bundle.size(); cut += 7) EXPECT_FALSE(decode_bundle(bundle.substr(0, cut), "430422105")) << cut;
    EXPECT_FALSE(decode_bundle("PK\3\4 not a bundle", "430422105"));
}

// What leaves the device is the sealed bundle: only the township's key opens it,
// and any byte changed or cut is refused with nothing taken.
TEST(Bundle, IsSealedAndOpensOnlyWithTheTownshipsKey) {
    Base base;
    Ledger a(0x00000a), b(0x00000b);
    base.give_to(a);
    ASSERT_TRUE(a.commit(new_student(a, base.klass, "吉𠮷"), "a", kNow, kToday).ok());
    DirectVault vault;
    const Keyring keys_a = device_keys();
    std::string bundle;
    export_bundle(vault, keys_a, a, [&](Result<std::string> r) { ASSERT_TRUE(r); bundle = r.value(); });
    EXPECT_EQ(bundle.find("吉𠮷"), std::string::npos);  // nothing readable inside

    auto import = [&](Keyring& keys, std::string bytes) {
        Result<std::vector<Commit>> out = Error{ErrorCode::NotFound, "no answer"};
        import_bundle(vault, keys, std::move(bytes), [&](Result<ImportedBundle> r) {
            if (r) {
                EXPECT_EQ(r.value().role, "township");
            }
            out = r ? Result<std::vector<Commit>>(std::move(r.value().commits)) : Result<std::vector<Commit>>(r.error());
        });
        return out;
    };
    Keyring keys_b = device_keys();
    Result<std::vector<Commit>> commits = import(keys_b, bundle);
    ASSERT_TRUE(commits) << commits.error().detail;
    for (Commit& c : commits.value()) b.merge(std::move(c));
    EXPECT_EQ(state_of(b), state_of(a));
    EXPECT_EQ(keys_b.signers.at(0x00000a), keys_a.device_public);

    Keyring other_name = device_keys(new_keyring("430422106"));
    EXPECT_EQ(import(other_name, bundle).error().code, ErrorCode::OtherTownship);
    Keyring same_name_other_key = device_keys(new_keyring("430422105"));
    EXPECT_EQ(import(same_name_other_key, bundle).error().code, ErrorCode::WrongKey);
    std::string changed = bundle;
    changed[changed.size() / 2] ^= 1;
    EXPECT_EQ(import(keys_b, changed).error().code, ErrorCode::Tampered);
    for (size_t cut = 0; cut < bundle.size(); cut += 13) EXPECT_FALSE(import(keys_b, bundle.substr(0, cut))) << cut;
}

// [SECTION] Rounds against the server in memory

// Two devices of a township, holding the base, and the server between them; with nginx_clock, a
// server that versions folders and files to the second of clock, as nginx does.
struct TwoDevices {
    MemoryServer server;
    Base base;
    Device a{0x00000a, server}, b{0x00000b, server};
    int64_t clock = kNow;
    explicit TwoDevices(bool nginx_clock = false) {
        if (nginx_clock) server.clock_ms = &clock;
        base.give_to(a.ledger), base.give_to(b.ledger);
    }
    SyncReport sync_at(Device& d, int64_t at) { return clock = at, d.sync(static_cast<double>(at)); }
};

TEST(SyncRound, TwoDevicesConvergeAndASecondRoundMovesNothing) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    ASSERT_TRUE(b.edit(new_student(b.ledger, base.klass, "李四"), kNow).ok());
    EXPECT_EQ(a.engine.pending(), 1u);

    SyncReport ra = a.sync(), rb = b.sync(), ra2 = a.sync();
    EXPECT_TRUE(ra.problems.empty() && rb.problems.empty() && ra2.problems.empty());
    EXPECT_EQ(ra.sent_commits, 1u);
    EXPECT_EQ(rb.received_commits, 1u);
    EXPECT_EQ(ra2.received_commits, 1u);
    EXPECT_EQ(a.engine.pending(), 0u);
    EXPECT_EQ(state_of(a.ledger), state_of(b.ledger));

    const size_t before = server.requests;
    SyncReport quiet = b.sync();
    EXPECT_EQ(quiet.sent_commits + quiet.received_commits + quiet.bytes_up + quiet.bytes_down, 0u);
    EXPECT_EQ(server.requests - before, 5u);  // only listings: snapshots/, keys/, changes/, a's folder, b's folder
}

TEST(SyncRound, ACutUploadIsSentAgainAndAnAnswerLostIsHarmless) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());

    int puts = 0;
    server.store_cut = [&] { return ++puts == 2; };  // a server that keeps half of a cut PUT (the tail went whole)
    SyncReport cut = a.sync();
    ASSERT_EQ(cut.problems.size(), 1u);
    EXPECT_EQ(cut.problems[0].error.code, ErrorCode::Unreachable);
    server.store_cut = nullptr;
    SyncReport damaged = b.sync();  // b finds the half file: its signature fails, nothing merged
    ASSERT_EQ(damaged.problems.size(), 1u);
    EXPECT_EQ(damaged.problems[0].error.code, ErrorCode::Tampered);
    EXPECT_EQ(b.ledger.live_count(Kind::Student), 0u);

    server.lose_answer = [] { return true; };  // the PUT lands whole, its answer does not
    a.sync();
    server.lose_answer = nullptr;
    SyncReport again = a.sync();  // the file is whole on the server now: nothing to send
    EXPECT_EQ(again.sent_commits, 0u);
    EXPECT_EQ(a.engine.pending(), 0u);
    EXPECT_TRUE(b.sync().problems.empty());
    EXPECT_EQ(state_of(a.ledger), state_of(b.ledger));
}

// nginx versions a folder by its mtime, to the second: b lists a's folder in the second a's first file
// went up, a's second file goes up in that same second, and the folder's version stays as b saw it.
// b lists it again all the same (its listing was made too soon after that version appeared), then,
// with nothing new, not at all; a's own folder is not listed after its own PUTs.
TEST(ListingCache, AFileAddedInTheSecondOfTheListingIsStillFoundAndUnchangedFoldersAreNotListed) {
    TwoDevices t(true);
    auto& [server, base, a, b, clock] = t;
    const auto sync_at = [&](Device& d, int64_t at) { return t.sync_at(d, at); };

    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    ASSERT_EQ(sync_at(a, kNow + 100).sent_commits, 1u);
    ASSERT_EQ(sync_at(b, kNow + 300).received_commits, 1u);
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "李四"), kNow + 500).ok());
    ASSERT_EQ(sync_at(a, kNow + 600).sent_commits, 1u);
    ASSERT_EQ(server.folder_version("changes/00000a/"), std::to_string((kNow + 100) / 1000)) << "the same second: the same version";

    server.files.erase("changes/00000a.tail");  // (an older build's, which puts no tail)
    const SyncReport later = sync_at(b, kNow + 60000);
    EXPECT_EQ(later.received_commits, 1u) << "listed again: the listing before was made in the second its version appeared";
    EXPECT_EQ(later.folders_unchanged, 0u);
    const size_t before = server.requests;
    const SyncReport idle = sync_at(b, kNow + 120000);
    EXPECT_EQ(idle.folders_unchanged, 1u) << "a's folder (b has none yet)";
    EXPECT_EQ(server.requests - before, 3u) << "snapshots/, keys/ and changes/ only";

    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "王五"), kNow + 130000).ok());
    const size_t before_a = server.requests;
    const SyncReport sent = sync_at(a, kNow + 133000);  // its own folder listed: the listing before came too soon
    EXPECT_EQ(sent.sent_commits, 1u);
    EXPECT_EQ(sync_at(a, kNow + 193000).folders_unchanged, 1u) << "its own folder, changed by its own PUT";
    EXPECT_EQ(server.requests - before_a, 6u + 3u) << "four listings, the tail's PUT and the file's, then three listings";
    EXPECT_EQ(sync_at(b, kNow + 200000).received_commits, 1u);
    EXPECT_EQ(state_of(a.ledger), state_of(b.ledger));
}

// Someone else's write into a device's folder changes its version without a PUT of the device's: the
// folder is listed, and a file written over is put back, as when every round listed it.
TEST(ListingCache, AnOwnFolderChangedByAnotherIsListedAgainAndItsFileRestored) {
    MemoryServer server;
    Base base;
    Device a(0x00000a, server);
    base.give_to(a.ledger);
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    ASSERT_EQ(a.sync(kNow + 1000).sent_commits, 1u);
    a.sync(kNow + 61000);  // its folder listed for the first time
    ASSERT_EQ(a.sync(kNow + 121000).folders_unchanged, 0u) << "listed again: the first listing came as its version appeared";
    ASSERT_EQ(a.sync(kNow + 181000).folders_unchanged, 1u);
    const std::string path = path_on(server, 0x00000a, 1, 1);
    const std::string whole = server.files[path];
    server.files[path] = whole.substr(0, whole.size() / 2);  // cut short on the server, by hand
    const SyncReport round = a.sync(kNow + 241000);
    EXPECT_EQ(round.folders_unchanged, 0u);
    EXPECT_EQ(server.files[path], whole) << "put back";
}

// A reader that holds a device's folder follows its tail (remote_folder.h, Tails): a GET of a few
// hundred bytes per change instead of a listing that grows by a file each save. A reader back after
// more files than a tail names lists the folder whole, once.
TEST(ListingCache, AReaderFollowsTheWritersTailInsteadOfListingItsFolder) {
    TwoDevices pair(true);
    auto& [server, base, a, b, clock] = pair;
    int64_t t = kNow;
    uint64_t b_listed = 0;  // a's folder, by b
    const auto save_and_send = [&](int i) {
        t += 61000;
        ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "学生" + std::to_string(i)), t).ok());
        clock = t + 3000;
        ASSERT_EQ(a.sync(static_cast<double>(clock)).sent_commits, 1u);
    };
    const auto b_syncs = [&] {
        const uint64_t before = server.lists["changes/00000a/"];
        clock = t + 30000;
        const SyncReport r = b.sync(static_cast<double>(clock));
        b_listed += server.lists["changes/00000a/"] - before;
        return r;
    };
    save_and_send(0);
    ASSERT_EQ(b_syncs().received_commits, 1u);
    ASSERT_EQ(b_listed, 1u);
    const uint64_t tail_gets = server.gets["changes/00000a.tail"];
    for (int i = 1; i <= 30; ++i) {
        save_and_send(i);
        EXPECT_EQ(b_syncs().received_commits, 1u) << i;
    }
    EXPECT_EQ(b_listed, 1u) << "not listed again";
    EXPECT_EQ(server.gets["changes/00000a.tail"] - tail_gets, 30u) << "the tail once a change";
    EXPECT_EQ(state_of(a.ledger), state_of(b.ledger));

    for (size_t i = 0; i < ListingCache::kTailNames + 2; ++i) save_and_send(100 + static_cast<int>(i));  // b away
    EXPECT_EQ(b_syncs().received_commits, ListingCache::kTailNames + 2);
    EXPECT_EQ(b_listed, 2u) << "the tail names too few: listed whole, once";
    EXPECT_EQ(state_of(a.ledger), state_of(b.ledger));
}

// On S3 a folder has no version: an unchanged tail is what says the folder has not changed. A tail
// put back as it was (a restored backup, or on purpose) hides a file from readers for a day at most.
TEST(ListingCache, WithoutFolderVersionsAStaleTailDelaysAReaderADayAtMost) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    server.folder_versions = false;
    const std::string tail = "changes/00000a.tail";
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    a.sync(kNow);
    ASSERT_EQ(b.sync(kNow + 1000).received_commits, 1u);
    const uint64_t listed = server.lists["changes/00000a/"];
    EXPECT_EQ(b.sync(kNow + 61000).folders_unchanged, 1u) << "the tail unchanged: a's folder not listed";
    EXPECT_EQ(server.lists["changes/00000a/"], listed);

    const std::string stale = server.files[tail];
    const uint64_t stale_version = server.writes[tail];
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "李四"), kNow + 100000).ok());
    ASSERT_EQ(a.sync(kNow + 103000).sent_commits, 1u);
    server.files[tail] = stale, server.writes[tail] = stale_version;  // an S3 ETag is the content's hash
    EXPECT_EQ(b.sync(kNow + 163000).received_commits, 0u) << "hidden";
    EXPECT_EQ(b.sync(kNow + 1000 + ListingCache::kListWholeEveryMs).received_commits, 1u) << "listed whole after a day";
    EXPECT_EQ(state_of(a.ledger), state_of(b.ledger));
}

// On S3 a whole listing made while the writer's files were still going up (its tail already there)
// does not vouch for the folder: the tail is read next round, and names the file that came late.
TEST(ListingCache, WithoutFolderVersionsAListingMadeMidUploadIsCheckedAgainstTheTail) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    server.folder_versions = false;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    ASSERT_EQ(a.sync(kNow).sent_commits, 1u);
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "李四"), kNow + 1000).ok());
    ASSERT_EQ(a.sync(kNow + 2000).sent_commits, 1u);
    const std::string late = path_on(server, 0x00000a, 2, 2);
    const std::string bytes = server.files[late];
    server.files.erase(late);  // b's first listing of a's folder comes between the tail's PUT and the file's
    EXPECT_EQ(b.sync(kNow + 3000).received_commits, 1u);
    server.files[late] = bytes;
    EXPECT_EQ(b.sync(kNow + 61000).received_commits, 1u) << "the tail names it";
}

// A name whose PUT failed was in the tail that announced it, and in none after: the next round sends
// those commits under another name, and a tail naming a file the folder lacks would spoil the count.
TEST(ListingCache, ATailNamesOnlyFilesThatWentUpBesidesTheRoundsOwn) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    a.sync(kNow), b.sync(kNow);
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "李四"), kNow + 1000).ok());
    server.refuse_put_of = change_file_path({0x00000a, 2, 2, {}, {}});
    ASSERT_EQ(a.sync(kNow + 3000).problems.size(), 1u);
    server.refuse_put_of.clear();
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "王五"), kNow + 4000).ok());
    ASSERT_EQ(a.sync(kNow + 7000).sent_commits, 2u);
    const std::string tail = server.files["changes/00000a.tail"];
    EXPECT_EQ(tail.find("000000000002-000000000002.gyc"), std::string::npos) << tail;
    EXPECT_NE(tail.find("000000000002-000000000003.gyc"), std::string::npos) << tail;
    const uint64_t listed = server.lists["changes/00000a/"];
    EXPECT_EQ(b.sync(kNow + 60000).received_commits, 2u);
    EXPECT_EQ(server.lists["changes/00000a/"], listed) << "followed by the tail, not listed";
}

// A reader following tails finds only what they name: so nothing goes into the folder before its tail.
TEST(ListingCache, NoFileGoesIntoTheFolderBeforeATailNamingIt) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    server.refuse_put_of = "changes/00000a.tail";
    const SyncReport refused = a.sync();
    ASSERT_EQ(refused.problems.size(), 1u);
    EXPECT_EQ(refused.problems[0].path, "changes/00000a.tail");
    EXPECT_EQ(refused.sent_commits, 0u);
    EXPECT_EQ(path_on(server, 0x00000a, 1, 1), "") << "the change file waits for its tail";
    server.refuse_put_of.clear();
    EXPECT_EQ(a.sync().sent_commits, 1u);
    EXPECT_NE(server.files["changes/00000a.tail"].find("000000000001-000000000001.gyc"), std::string::npos);
    EXPECT_EQ(b.sync().received_commits, 1u);
}

// A commit of this device whose stored copy was damaged (LocalState reports it and keeps the bytes
// aside) comes back from the server, where it went up before: its seq is not used again for another
// commit, and its file on the server is not sealed again without it.
TEST(SyncRound, ACommitThisDevicesStoreLostIsFetchedBackAndItsSeqNotReused) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "李四"), kNow + 1000).ok());
    ASSERT_EQ(a.sync().sent_commits, 2u);
    const std::string path = path_on(server, 0x00000a, 1, 2), sent = server.files[path];
    ASSERT_FALSE(sent.empty());

    Device again(0x00000a, server);  // a after a restart, its store's copy of commit 2 unreadable
    again.keys = a.keys;
    base.give_to(again.ledger);
    again.ledger.merge(*a.ledger.find_commit(1));
    again.ledger.note_own_seq(2);
    const SyncReport r = again.sync();
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.received_commits, 1u);
    EXPECT_TRUE(again.ledger.knows(0x00000a, 2));
    EXPECT_EQ(server.files[path], sent) << "not sealed again without commit 2";
    EXPECT_EQ(state_of(again.ledger), state_of(a.ledger));
    ASSERT_TRUE(again.edit(new_student(again.ledger, base.klass, "王五"), kNow + 2000).ok());
    EXPECT_EQ(again.ledger.last_seq(), 3u) << "seq 2 is not made twice";
    EXPECT_EQ(again.sync().sent_commits, 1u);
    EXPECT_EQ(b.sync().received_commits, 3u);
    EXPECT_EQ(b.ledger.live_count(Kind::Student), 3u);
    again.ledger.note_own_seq(4);  // lost before it was ever sent: nowhere to fetch it from, nothing to send
    again.sync();
    EXPECT_EQ(again.engine.pending(), 0u) << "not shown as waiting forever";
}

TEST(SyncRound, AForeignOrMalformedFileIsReportedAndTheRestStillArrives) {
    MemoryServer server;
    Base base;
    Device a(0x00000a, server), b(0x00000b, server), c(0x00000c, server);
    for (Device* d : {&a, &b, &c}) base.give_to(d->ledger);
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    a.sync();
    server.files["changes/00000b/000000000001-000000000001.gyc"] = "<html>502 Bad Gateway</html>\n";
    server.files["changes/00000b/notes.txt"] = "hello";
    server.files["changes/readme/"] = "";
    SyncReport r = c.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].path, "changes/00000b/000000000001-000000000001.gyc");
    EXPECT_EQ(r.received_commits, 1u);
    EXPECT_EQ(c.ledger.live_count(Kind::Student), 1u);
}

TEST(SyncRound, NothingIsReadableOnTheServerAndAChangedByteIsRefused) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "刘䶮"), kNow).ok());
    a.sync();
    ASSERT_EQ(server.files.size(), 2u) << "the change file and the tail";
    std::string& file = server.files[path_on(server, 0x00000a, 1, 1)];
    EXPECT_EQ(file.find("刘䶮"), std::string::npos);
    EXPECT_EQ(file.find("student"), std::string::npos);
    file[60] ^= 0x20;  // inside the ciphertext
    SyncReport r = b.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::Tampered);
    EXPECT_EQ(b.ledger.live_count(Kind::Student), 0u);
    EXPECT_EQ(b.sync().problems.size(), 1u);  // and again next round: never merged, always reported
}

// No device writes another's files: one of a device's own files listed in another version than the
// one it saw after its PUT was written over on the server, even at the same size, which sealing again
// cannot tell. The writer puts it back; a reader that refused it receives it whole the round after.
TEST(SyncRound, AnOwnFileChangedOnTheServerAtTheSameSizeIsPutBackByItsWriter) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "刘䶮"), kNow).ok());
    a.sync();
    EXPECT_EQ(a.sync().bytes_up, 0u) << "the next round sees its file whole (and learns its version)";
    const std::string path = path_on(server, 0x00000a, 1, 1), good = server.files[path];
    server.files[path][60] ^= 0x20, ++server.writes[path];  // written over, the same size
    SyncReport r = b.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::Tampered);
    r = a.sync();
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.bytes_up, good.size()) << "put back";
    EXPECT_EQ(server.files[path], good);
    EXPECT_TRUE(b.sync().problems.empty());
    EXPECT_EQ(b.ledger.live_count(Kind::Student), 1u);
    EXPECT_EQ(a.sync().bytes_up, 0u) << "and left alone once whole";
}

// A member of the township (who holds the data key) cannot pass off writes as
// another device's once that device's key has been seen.
TEST(SyncRound, AFileSignedByAnotherKeyThanItsDevicesIsRefused) {
    TwoDevices t;
    auto& [server, base, a, b, clock] = t;
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    a.sync(), b.sync();
    ASSERT_EQ(b.keys.signers.at(0x00000a), a.keys.device_public);
    EXPECT_TRUE(b.engine.take_keys_changed());

    Ledger forger(0x00000a);  // claims to be a, with its own signing key
    base.give_to(forger);
    for (const Commit& c : a.ledger.commits()) forger.merge(c);
    ASSERT_TRUE(forger.commit(new_student(forger, base.klass, "假的"), "a", kNow + 5, kToday).ok());
    const Keyring forged_keys = device_keys();
    std::vector<const Commit*> last{forger.find_commit(0x00000a, 2)};
    const std::string path = change_file_path({0x00000a, 2, 2, {}, {}});
    server.files[path] = seal_file(forged_keys, path, encode_changes(last));
    SyncReport r = b.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::Tampered);
    EXPECT_EQ(b.ledger.live_count(Kind::Student), 1u);
}

TEST(SyncRound, NoKeysNoRound) {
    MemoryServer server;
    Device a(0x00000a, server);
    a.keys = Keyring{};
    SyncReport r = a.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::NoKeys);
    EXPECT_EQ(server.requests, 0u);
}

// [SECTION] Snapshots

size_t snapshots_on(const MemoryServer& server) {
    size_t n = 0;
    for (const auto& [path, bytes] : server.files) n += path.starts_with("snapshots/");
    return n;
}

// Two devices that sync after every edit leave a file per commit; a device
// that joins later gets nearly all of it in one request.
struct BusyTownship {
    MemoryServer server;
    Base base;
    Device a{0x00000a, server}, b{0x00000b, server};
    BusyTownship() {
        for (Device* d : {&a, &b}) base.give_to(d->ledger), d->engine.set_snapshot_rule({20, 50});
        for (int i = 0; i < 60; ++i) {
            Device& d = i % 3 ? a : b;
            EXPECT_TRUE(d.edit(new_student(d.ledger, base.klass, "学生" + std::to_string(i)), kNow + i * 1000).ok());
            EXPECT_TRUE(d.sync().problems.empty());
        }
        a.sync(), b.sync();
    }
};

TEST(Snapshot, ANewDeviceStartsFromOneSnapshotInsteadOfEveryChangeFile) {
    BusyTownship t;
    EXPECT_EQ(snapshots_on(t.server), 1u);  // the second device found the first one's snapshot good enough

    Device c(0x00000c, t.server);  // nothing at all, not even the base: that came only in the snapshot
    c.engine.set_snapshot_rule({20, 50});
    size_t before = t.server.requests;
    SyncReport r = c.sync();
    const size_t with_snapshot = t.server.requests - before;
    EXPECT_TRUE(r.problems.empty());
    EXPECT_TRUE(r.snapshot_used);
    EXPECT_EQ(state_of(c.ledger), state_of(t.a.ledger));
    EXPECT_EQ(c.ledger.commits().size(), t.a.ledger.commits().size());

    Device d(0x00000d, t.server);  // the same without snapshots: a request per change file
    t.base.give_to(d.ledger);
    d.engine.set_snapshot_rule({1'000'000, 1'000'000});
    before = t.server.requests;
    EXPECT_TRUE(d.sync().problems.empty());
    const size_t without = t.server.requests - before;
    EXPECT_EQ(state_of(d.ledger), state_of(t.a.ledger));
    // The snapshot holds at least two thirds of what its writer knew (a new one
    // is put up at half as much again): the rest still comes file by file.
    EXPECT_GE(without, 60u);
    EXPECT_LT(with_snapshot * 3, without);
    std::printf("new device: %zu requests with a snapshot, %zu without\n", with_snapshot, without);
}

// A phone on its data plan leaves the whole-history upload to the office PC; it puts a snapshot up only
// when the best one lags far behind (no better-connected device is doing it).
TEST(Snapshot, APhoneOnAMeteredLinkLeavesSnapshotsToTheOfficePc) {
    MemoryServer server;
    Base base;
    Device phone{0x0000b1, server}, pc{0x00000a, server};
    for (Device* d : {&phone, &pc}) base.give_to(d->ledger), d->engine.set_snapshot_rule({20, 50});
    phone.engine.set_link_metered(true);
    const auto snapshots_by = [&server](uint32_t device) {
        size_t n = 0;
        for (const auto& [path, bytes] : server.files) n += path.starts_with("snapshots/" + device_hex(device));
        return n;
    };
    const auto edits_on_the_phone = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            ASSERT_TRUE(phone.edit(new_student(phone.ledger, base.klass, "学生" + std::to_string(i)), kNow + i * 1000).ok());
            ASSERT_TRUE(phone.sync().problems.empty());
        }
    };
    edits_on_the_phone(0, 120);
    EXPECT_EQ(snapshots_by(phone.ledger.device()), 0u) << "unmetered, 120 commits would have made three";
    ASSERT_TRUE(pc.sync().problems.empty());
    EXPECT_EQ(snapshots_by(pc.ledger.device()), 1u) << "the office PC put the whole history up";
    const size_t best = pc.ledger.commits().size();

    edits_on_the_phone(120, static_cast<int>(best * SyncEngine::kMeteredGrowth) - 5);  // the PC is off from now on
    EXPECT_EQ(snapshots_by(phone.ledger.device()), 0u);
    edits_on_the_phone(static_cast<int>(best * SyncEngine::kMeteredGrowth) - 5, static_cast<int>(best * SyncEngine::kMeteredGrowth));
    EXPECT_EQ(snapshots_by(phone.ledger.device()), 1u) << "four times the best: no one else was putting one up";
}

TEST(Snapshot, AChangedSnapshotIsRefusedAndTheChangeFilesStillBringEverything) {
    BusyTownship t;
    for (auto& [path, bytes] : t.server.files)
        if (path.starts_with("snapshots/")) bytes[bytes.size() / 2] ^= 1;
    Device c(0x00000c, t.server);
    t.base.give_to(c.ledger);
    c.engine.set_snapshot_rule({20, 50});
    SyncReport r = c.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_TRUE(r.problems[0].path.starts_with("snapshots/"));
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::Tampered);
    EXPECT_FALSE(r.snapshot_used);
    EXPECT_EQ(state_of(c.ledger), state_of(t.a.ledger));
    EXPECT_TRUE(c.sync().problems.empty());  // it lacks nothing now: the snapshot is not tried again
}

TEST(Snapshot, NamesRoundTripAndOthersAreIgnored) {
    const std::string path = snapshot_path({0x3fa2c1, 1200});
    EXPECT_EQ(path, "snapshots/3fa2c1-000000001200.gys");
    std::optional<SnapshotName> n = parse_snapshot_file(path.substr(10));
    ASSERT_TRUE(n);
    EXPECT_EQ(n->device, 0x3fa2c1u);
    EXPECT_EQ(n->commits, 1200u);
    for (const char* bad : {"3fa2c1-000000000000.gys", "3fa2c1-00000000120.gys", "3fa2c1-000000001200.gyc", "zzzzzz-000000001200.gys", ""})
        EXPECT_FALSE(parse_snapshot_file(bad)) << bad;
}

// [SECTION] Checking the audit trail against the server

HistoryCheck check_history_of(Device& d, RemoteFolder& server) {
    HistoryCheck out;
    check_history(server, d.vault, d.keys, d.ledger, [&](const HistoryCheck& c) { out = c; });
    return out;
}

struct TwoSynced {
    MemoryServer server;
    Base base;
    Device a{0x00000a, server}, b{0x00000b, server};
    TwoSynced() {
        for (Device* d : {&a, &b}) base.give_to(d->ledger);
        for (int i = 0; i < 6; ++i) {
            Device& d = i % 2 ? b : a;
            EXPECT_TRUE(d.edit(new_student(d.ledger, base.klass, "学生" + std::to_string(i)), kNow + i).ok());
            d.sync();
        }
        a.sync(), b.sync();
    }
};

TEST(HistoryCheck, EveryCommitMatchesItsSignedCopy) {
    TwoSynced t;
    HistoryCheck c = check_history_of(t.b, t.server);
    EXPECT_TRUE(c.finished);
    EXPECT_TRUE(c.mismatches.empty());
    EXPECT_EQ(c.commits_compared, 6u);
    EXPECT_EQ(c.commits_not_here, 0u);
}

TEST(HistoryCheck, ACommitChangedInThisDevicesStoreIsFound) {
    TwoSynced t;
    Device c(0x00000c, t.server);  // its store as someone left it after editing one of a's commits in it
    t.base.give_to(c.ledger);
    for (Commit commit : t.b.ledger.commits()) {
        if (commit.device == 0x00000a && commit.seq == 2) commit.changes[0].value = "改过的名字";
        c.ledger.merge(std::move(commit));
    }
    HistoryCheck check = check_history_of(c, t.server);
    ASSERT_EQ(check.mismatches.size(), 1u);
    EXPECT_EQ(check.mismatches[0].device, 0x00000au);
    EXPECT_EQ(check.mismatches[0].seq, 2u);
    EXPECT_EQ(check.mismatches[0].problem.code, ErrorCode::HistoryDiffers);
}

TEST(HistoryCheck, AFileChangedOnTheServerOrReSignedByItsDeviceIsFound) {
    TwoSynced t;
    const std::string path = path_on(t.server, 0x00000a, 2, 2);
    ASSERT_TRUE(t.server.files.contains(path));
    std::string& bytes = t.server.files[path];
    bytes[bytes.size() / 2] ^= 1;
    HistoryCheck check = check_history_of(t.b, t.server);
    ASSERT_EQ(check.mismatches.size(), 1u);
    EXPECT_EQ(check.mismatches[0].problem.code, ErrorCode::Tampered);
    EXPECT_EQ(check.mismatches[0].path, path);

    // a rewrites its own history after b received it, and signs the new file with its own key.
    Commit altered = *t.a.ledger.find_commit(2);
    altered.changes[0].value = "改过的名字";
    const Commit* one[] = {&altered};
    bytes = seal_file(t.a.keys, path, encode_changes(one));
    check = check_history_of(t.b, t.server);
    ASSERT_EQ(check.mismatches.size(), 1u);
    EXPECT_EQ(check.mismatches[0].problem.code, ErrorCode::HistoryDiffers);
    EXPECT_EQ(check.mismatches[0].seq, 2u);
}

TEST(SyncRound, NoNetworkStopsTheRoundAtOnce) {
    MemoryServer server;
    server.fail_request = [] { return true; };
    Device a(0x00000a, server);
    SyncReport r = a.sync();
    EXPECT_FALSE(r.finished);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(server.requests, 1u);
    EXPECT_FALSE(a.engine.running());
}

// [SECTION] Convergence under faults, randomized

// 3–5 devices with skewed clocks edit the same students offline; they sync
// through a server that drops requests, loses answers, keeps cut uploads and
// lists in random order; some are cut off for a while; some pass commits
// directly (a bundle on a USB stick), duplicated and reordered. Afterwards,
// with the faults gone: every device knows every commit any device made, all
// hold the same records, and each field holds the latest write by stamp.
size_t g_joined_from_snapshot = 0;  // runs whose late device started from a snapshot
size_t g_folders_unchanged = 0;     // device folders a round did not list: unchanged since listed

void converge_once(uint32_t seed) {
    std::mt19937 rng(seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };

    MemoryServer server;
    server.shuffle = &rng;
    int64_t now = kNow;
    server.clock_ms = &now;  // folders versioned to the second, as nginx's mtime
    bool faults = true;
    std::vector<bool> offline;
    size_t current = 0;
    server.fail_request = [&] { return offline[current] || (faults && chance(0.15)); };
    server.lose_answer = [&] { return faults && chance(0.1); };
    server.store_cut = [&] { return faults && chance(0.05); };

    Base base;
    const size_t n = 3 + pick(3);
    std::vector<std::unique_ptr<Device>> devices;
    for (size_t i = 0; i < n; ++i) {
        devices.push_back(std::make_unique<Device>(static_cast<uint32_t>(0x100000 + seed % 0x1000 * 16 + i), server));
        devices.back()->skew_ms = static_cast<int64_t>(std::uniform_int_distribution<int64_t>(-3 * 86400000LL, 3 * 86400000LL)(rng));
        base.give_to(devices.back()->ledger);
        devices.back()->engine.set_snapshot_rule({5, 10});  // snapshots made and used often
        offline.push_back(false);
    }
    const int name = field(Kind::Student, "name"), risk = field(Kind::Student, "risk"), needs = field(Kind::Student, "needs");
    const char* risks[] = {"low", "medium", "high"};
    const int steps = 40 + static_cast<int>(pick(40));
    for (int step = 0; step < steps; ++step) {
        now += static_cast<int64_t>(chance(0.3) ? pick(1500) : pick(600000));  // often within the second
        current = pick(n);
        Device& d = *devices[current];
        if (chance(0.03)) d.skew_ms -= static_cast<int64_t>(pick(86400000));  // someone sets the clock back
        if (chance(0.1)) offline[current] = !offline[current];
        std::vector<const Record*> kids;
        for (const Record& r : d.ledger.records(Kind::Student)) kids.push_back(&r);
        const double roll = std::uniform_real_distribution<>(0, 1)(rng);
        if (roll < 0.15 || kids.empty()) {
            d.edit(new_student(d.ledger, base.klass, "学生" + std::to_string(step)), now);
        } else if (roll < 0.55) {
            const RecordId kid = kids[pick(kids.size())]->id;
            const int f = chance(0.5) ? name : chance(0.5) ? risk : needs;
            const std::string v = f == name ? "名" + std::to_string(step) : f == risk ? risks[pick(3)] : "需求" + std::to_string(step);
            d.edit({{{kid, f, v}}, {}, {}}, now);
        } else if (roll < 0.62) {
            const Record* kid = kids[pick(kids.size())];
            d.edit(kid->deleted ? Edit{{}, {}, {kid->id}} : Edit{{}, {kid->id}, {}}, now);
        } else if (roll < 0.67 && d.ledger.last_seq() > 0) {
            d.edit(d.ledger.undo_edit(d.ledger.last_seq(), d.ledger.last_seq()), now);
        } else if (roll < 0.72) {
            // A bundle: every commit another device knows, shuffled, some twice.
            std::vector<Commit> bundle(devices[pick(n)]->ledger.commits());
            std::shuffle(bundle.begin(), bundle.end(), rng);
            for (Commit& c : bundle) {
                if (chance(0.2)) d.ledger.merge(c);
                d.ledger.merge(std::move(c));
            }
        } else {
            g_folders_unchanged += d.sync(static_cast<double>(now + d.skew_ms)).folders_unchanged;
        }
    }

    // The faults stop; everyone syncs until nothing moves.
    // (A reader may still meet a file cut off on the server before its writer
    // has sent it again: the last pass must be clean.)
    faults = false;
    std::fill(offline.begin(), offline.end(), false);
    for (int pass = 0; pass < 3; ++pass)
        for (current = 0; current < n; ++current) {
            now += 60000;
            SyncReport r = devices[current]->sync(static_cast<double>(now + devices[current]->skew_ms));
            if (pass == 2) {
                ASSERT_TRUE(r.problems.empty()) << "seed " << seed << ": " << r.problems[0].path << " " << r.problems[0].error.detail;
            }
        }

    // A device that joins now starts from a snapshot when a good one is there.
    // (It is given the base, which no device uploads: real commits all have a writer that sends them.)
    devices.push_back(std::make_unique<Device>(static_cast<uint32_t>(0x200000 + seed % 0x1000), server));
    devices.back()->engine.set_snapshot_rule({5, 10});
    base.give_to(devices.back()->ledger);
    offline.push_back(false);
    current = n;
    for (int pass = 0; pass < 2; ++pass) {
        now += 60000;
        SyncReport r = devices.back()->sync(static_cast<double>(now));
        g_joined_from_snapshot += r.snapshot_used;
        ASSERT_TRUE(pass == 0 || r.problems.empty()) << "seed " << seed << ": " << r.problems[0].path << " " << r.problems[0].error.detail;
    }

    std::map<std::pair<uint32_t, uint64_t>, const Commit*> every;
    for (auto& d : devices)
        for (const Commit& c : d->ledger.commits()) every[{c.device, c.seq}] = &c;
    const std::string first = state_of(devices[0]->ledger);
    for (auto& d : devices) {
        EXPECT_EQ(d->ledger.commits().size(), every.size()) << "seed " << seed;  // no acknowledged edit lost
        EXPECT_EQ(state_of(d->ledger), first) << "seed " << seed;
        EXPECT_EQ(d->engine.pending(), 0u) << "seed " << seed;
    }
    // The oracle: per field, the value of the write with the highest stamp.
    std::map<std::pair<uint64_t, int>, std::pair<Stamp, std::string>> latest;
    for (auto& [key, c] : every)
        for (const Change& ch : c->changes) {
            if (ch.field == kCreatedField) continue;
            auto& slot = latest[{ch.record.bits, ch.field}];
            if (slot.first <= c->stamp()) slot = {c->stamp(), ch.value};
        }
    for (auto& [key, winner] : latest) {
        const Record* r = devices[0]->ledger.find(RecordId{key.first});
        ASSERT_NE(r, nullptr);
        const std::string& held = key.second == kDeletedField ? (r->deleted ? std::string("1") : std::string()) : r->value(key.second);
        EXPECT_EQ(held, winner.second) << "seed " << seed;
    }
}

TEST(Convergence, RandomDevicesFaultsAndClockSkewAlwaysConverge) {
    const bool long_mode = std::getenv("GONGYU_LONG") != nullptr;
    const uint32_t runs = long_mode ? 10000 : 300;
    // GONGYU_SEED=<n> starts elsewhere than 1, to try histories no run has tried; a failure names its seed.
    const uint32_t first = std::getenv("GONGYU_SEED") ? static_cast<uint32_t>(std::strtoul(std::getenv("GONGYU_SEED"), nullptr, 10)) : 1;
    for (uint32_t seed = first; seed < first + runs && !HasFailure(); ++seed) converge_once(seed);
    std::printf("[ convergence ] %u randomized runs, seeds %u to %u; a device joining late started from a snapshot in %zu; %zu folders "
                "not listed, unchanged or followed by their tails\n", runs, first, first + runs - 1, g_joined_from_snapshot, g_folders_unchanged);
    EXPECT_GT(g_joined_from_snapshot, 0u);
    EXPECT_GT(g_folders_unchanged, 0u);
}

// [SECTION] Over HTTP: what each kind of failed answer becomes
//
// The browser's HttpFn answers with a status, 0 when nothing came (a dropped
// connection, a body cut mid-way: fetch fails). The e2e test
// sync_faults.test.mjs sends the same faults through a real proxy.

TEST(HttpFolder, NoAnswerServerTroubleAndRefusalAreToldApart) {
    int status = 200;  // what the next answer is; 0: nothing came
    HttpFn http = [&](const std::string&, const std::string&, std::string, std::function<void(HttpResponse)> done) {
        done({status, "<html>error</html>"});
    };
    HttpFolder folder(http, "http://s/");
    auto get_error = [&](int answer) {
        status = answer;
        std::optional<Error> error;
        folder.get("changes/00000a/000000000001-000000000001.gyc", [&](Result<std::string> r) { if (!r) error = r.error(); });
        return error.value_or(Error{ErrorCode::InvalidJson, "no error"});
    };
    EXPECT_EQ(get_error(0).code, ErrorCode::Unreachable);  // dropped, or cut mid-body
    EXPECT_EQ(get_error(500).code, ErrorCode::ServerFailed);
    EXPECT_EQ(get_error(503).code, ErrorCode::ServerFailed);
    EXPECT_EQ(get_error(503).detail, "HTTP 503");
    EXPECT_EQ(get_error(403).code, ErrorCode::ServerRefused);
    EXPECT_EQ(get_error(404).code, ErrorCode::NotFound);  // a file not there (yet): the township's key file, say
}

// A server failing one request with 503 does not stop the round (unlike no
// answer at all): the rest still arrives, and the next round fetches the file.
TEST(HttpFolder, A503OnOneFileIsReportedAndTheRoundGoesOn) {
    MemoryServer server;
    Base base;
    Device a(0x00000a, server), b(0x00000b, server), c(0x00000c, server);
    for (Device* d : {&a, &b, &c}) base.give_to(d->ledger);
    ASSERT_TRUE(a.edit(new_student(a.ledger, base.klass, "张三"), kNow).ok());
    ASSERT_TRUE(b.edit(new_student(b.ledger, base.klass, "李四"), kNow).ok());
    a.sync(), b.sync();

    std::string failing = path_on(server, 0x00000a, 1, 1);
    HttpFn http = [&](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
        const std::string path = url.substr(std::string("http://s/").size());
        if (path == failing) return done({503, "busy"});
        if (method == "PUT") return server.put(path, std::move(body), [&](Result<bool>) { done({201, ""}); });
        if (path.ends_with('/')) {
            server.list(path, [&](Result<std::vector<RemoteEntry>> l) {
                std::string json = "[";
                for (const RemoteEntry& e : l.value())
                    json += std::string(json.size() > 1 ? "," : "") + "{\"name\":\"" + (e.name.ends_with('/') ? e.name.substr(0, e.name.size() - 1) : e.name) +
                            "\",\"type\":\"" + (e.name.ends_with('/') ? "directory" : "file") + "\",\"size\":" + std::to_string(e.size) + "}";
                done({200, json + "]"});
            });
            return;
        }
        auto it = server.files.find(path);
        done(it == server.files.end() ? HttpResponse{404, ""} : HttpResponse{200, it->second});
    };
    HttpFolder folder(http, "http://s/");
    SyncEngine engine(folder, c.vault, c.keys, c.ledger, [&](std::vector<Commit> commits, std::function<void(bool)> stored) {
        for (Commit& commit : commits) c.ledger.merge(std::move(commit));
        stored(true);
    });
    SyncReport r;
    ASSERT_TRUE(engine.run([&](const SyncReport& report) { r = report; }));
    EXPECT_TRUE(r.finished);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::ServerFailed);
    EXPECT_EQ(r.problems[0].path, failing);
    EXPECT_EQ(r.received_commits, 1u);  // b's file came all the same
    failing.clear();
    ASSERT_TRUE(engine.run([&](const SyncReport& report) { r = report; }));
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.received_commits, 1u);
    EXPECT_EQ(state_of(c.ledger), state_of(b.ledger));  // b synced last: it holds both
}

}  // namespace
}  // namespace gy

// [SECTION] Roles through the server (scopes.h): each device receives what its role may read, and no more

namespace gy {
namespace {

struct RolesTownship {
    MemoryServer server;
    Device clerk{0x00000c, server};
    RecordId township, school1, school2, class1, class2, helper1, helper2, child1, child2, pair1;

    RecordId make(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        const RecordId id = clerk.ledger.new_id(kind);
        Edit e;
        for (auto& [k, v] : values) e.fields.push_back({id, field(kind, k), v});
        EXPECT_TRUE(clerk.edit(e, kNow).ok());
        return id;
    }
    std::pair<RecordId, RecordId> school(const std::string& name) {
        const RecordId s = make(Kind::School, {{"name", name}, {"township", township.text()}});
        const RecordId campus = make(Kind::Campus, {{"name", name + "中心校"}, {"school", s.text()}, {"type", "center"}});
        return {s, make(Kind::Class, {{"name", "三年级1班"}, {"campus", campus.text()}, {"grade", "3"}})};
    }

    RolesTownship() {
        group_commits_by_readers(clerk.ledger);
        township = make(Kind::Township, {{"name", "大塘镇"}});
        std::tie(school1, class1) = school("一校联体");
        std::tie(school2, class2) = school("二校联体");
        helper1 = make(Kind::Helper, {{"name", "李明"}, {"role", "teacher"}, {"township", township.text()}});
        helper2 = make(Kind::Helper, {{"name", "赵红"}, {"role", "cadre"}, {"township", township.text()}});
        child1 = make(Kind::Student, {{"name", "王小花"}, {"sex", "f"}, {"class", class1.text()}});
        child2 = make(Kind::Student, {{"name", "陈大林"}, {"sex", "m"}, {"class", class2.text()}});
        make(Kind::Guardian, {{"student", child2.text()}, {"name", "陈国强"}, {"relation", "father"}, {"phone", "13807301234"}});
        pair1 = make(Kind::Pair, {{"helper", helper1.text()}, {"student", child1.text()}, {"start", "2026-09-01"}});
    }

    // A device of a role, its keys issued by the clerk (seal.h issue_role_keys) for the roles of that day.
    std::unique_ptr<Device> device_of(uint32_t id, RecordId scope, std::vector<RecordId> roles_of_the_day = {}) {
        auto d = std::make_unique<Device>(id, server);
        if (roles_of_the_day.empty()) roles_of_the_day = {school1, school2, helper1, helper2};
        std::vector<std::string> writable;
        for (RecordId r : roles_of_the_day) writable.push_back(scope_text(r.kind() == Kind::School ? Scope::school(r) : Scope::helper(r)));
        Result<Keyring> keys = issue_role_keys(clerk.keys, scope.text(), writable);
        EXPECT_TRUE(keys) << keys.error().detail;
        d->keys = keys.value();
        server.files[role_key_file_path(scope.text())] = "(the role's key file)";  // issued: the clerk's next round writes its stream
        group_commits_by_readers(d->ledger);
        return d;
    }
};

bool holds(const Device& d, RecordId id) { return d.ledger.find(id) != nullptr; }

// A visit to the child by the helper, made on the device: the new visit's ID.
RecordId visit_by(Device& d, RecordId child, RecordId helper, const char* date, const char* findings, int64_t now) {
    const RecordId v = d.ledger.new_id(Kind::Visit);
    Edit visit;
    for (auto [k, value] : std::vector<std::pair<const char*, std::string>>{
             {"student", child.text()}, {"visitor", helper.text()}, {"date", date}, {"findings", findings}})
        visit.fields.push_back({v, field(Kind::Visit, k), value});
    EXPECT_TRUE(d.edit(visit, now).ok());
    return v;
}

TEST(RolesSync, EachRoleReceivesOnlyWhatItMayReadAndCannotOpenTheRest) {
    RolesTownship t;
    EXPECT_TRUE(t.clerk.sync().problems.empty());
    auto admin1 = t.device_of(0x0000a1, t.school1);
    auto phone1 = t.device_of(0x0000b1, t.helper1);
    auto phone2 = t.device_of(0x0000b2, t.helper2);
    auto admin2 = t.device_of(0x0000a2, t.school2);  // issued, never used here: its stream is written all the same
    const SyncReport fan_out = t.clerk.sync();
    EXPECT_TRUE(fan_out.problems.empty());
    EXPECT_EQ(fan_out.sent_commits, 0u) << "everything was in the township's stream already";
    EXPECT_GT(fan_out.bytes_up, 0u) << "the roles' streams";
    for (Device* d : {admin1.get(), phone1.get(), phone2.get()}) {
        const SyncReport r = d->sync();
        EXPECT_TRUE(r.problems.empty()) << d->keys.role << ": " << (r.problems.empty() ? "" : r.problems[0].error.detail);
        EXPECT_TRUE(r.finished);
        EXPECT_TRUE(holds(*d, t.school2) && holds(*d, t.class2) && holds(*d, t.helper2)) << "the directory reaches every role";
        EXPECT_FALSE(holds(*d, t.child2)) << d->keys.role << " received a child of another joint school";
        EXPECT_EQ(d->ledger.live_count(Kind::Guardian), 0u) << "child2's guardian is for joint school 2 only";
    }
    EXPECT_TRUE(holds(*admin1, t.child1) && holds(*admin1, t.pair1));
    EXPECT_TRUE(holds(*phone1, t.child1) && holds(*phone1, t.pair1)) << "the helper's own pair and child";
    EXPECT_FALSE(holds(*phone2, t.child1) || holds(*phone2, t.pair1)) << "another helper's pair";

    // Not merely not fetched: no file of child2 opens with a key a role holds.
    size_t tried = 0;
    for (const auto& [path, bytes] : t.server.files) {
        const std::optional<ChangeFileName> n = parse_change_file(0x00000c, path.substr(path.rfind('/') + 1));
        if (!n || !(n->readers == scope_text(Scope::school(t.school2)) || n->readers.empty())) continue;  // joint school 2's, the clerk's
        for (Device* d : {admin1.get(), phone1.get(), phone2.get()}) {
            const Result<Opened> opened = open_file(d->keys, path, bytes);
            ASSERT_FALSE(opened) << d->keys.role << " opened " << path;
            EXPECT_EQ(opened.error().code, ErrorCode::WrongKey);
        }
        ++tried;
    }
    EXPECT_GT(tried, 0u);

    // The helper's visit, written on the phone, reaches the joint school and the clerk, not the other helper.
    const RecordId v = visit_by(*phone1, t.child1, t.helper1, "2026-11-20", "奶奶腿脚不便", kNow + 1000);
    EXPECT_TRUE(phone1->sync().problems.empty());
    for (Device* d : {&t.clerk, admin1.get(), phone2.get()}) EXPECT_TRUE(d->sync().problems.empty()) << d->keys.role;
    EXPECT_TRUE(holds(t.clerk, v));
    EXPECT_TRUE(holds(*admin1, v));
    EXPECT_FALSE(holds(*phone2, v));
    EXPECT_EQ(state_of(t.clerk.ledger).find("奶奶腿脚不便") != std::string::npos, true);
}

std::string value_of(const Device& d, RecordId id, const char* key) {
    const Record* r = d.ledger.find(id);
    return r ? r->value(field(id.kind(), key)) : "(none)";
}

TEST(RolesSync, TheClerkTakesBackWhatARoleMayNotChangeAndEveryDeviceConverges) {
    RolesTownship t;
    auto admin1 = t.device_of(0x0000a1, t.school1);
    auto phone1 = t.device_of(0x0000b1, t.helper1);
    t.clerk.sync();
    admin1->sync();
    phone1->sync();
    ASSERT_TRUE(holds(*phone1, t.child1));

    // Within its role: the helper's visit to its own child, the administrator's fix of its pupil's name.
    const RecordId v1 = visit_by(*phone1, t.child1, t.helper1, "2026-11-20", "奶奶腿脚不便", kNow + 1000);
    ASSERT_TRUE(admin1->edit(Edit{{{t.child1, field(Kind::Student, "name"), "王晓花"}}, {}, {}}, kNow + 1000).ok());
    for (Device* d : {phone1.get(), admin1.get()}) ASSERT_TRUE(d->sync().problems.empty());
    SyncReport r = t.clerk.sync();
    EXPECT_TRUE(r.problems.empty());
    EXPECT_TRUE(r.refused.empty());
    EXPECT_TRUE(holds(t.clerk, v1));
    EXPECT_EQ(value_of(t.clerk, t.child1, "name"), "王晓花");

    // Beyond it: the helper renames the child (a helper writes visits, not the registry), and, with a
    // record of another school it should never have had, visits a child not in its care naming itself;
    // the administrator moves its pupil to another joint school (that is the clerk's).
    for (const Commit& c : t.clerk.ledger.commits()) phone1->ledger.merge(c);
    ASSERT_TRUE(phone1->edit(Edit{{{t.child1, field(Kind::Student, "name"), "李小花"}}, {}, {}}, kNow + 2000).ok());
    const RecordId v2 = visit_by(*phone1, t.child2, t.helper1, "2026-11-21", "不该有的家访", kNow + 2000);
    ASSERT_TRUE(admin1->edit(Edit{{{t.child1, field(Kind::Student, "class"), t.class2.text()}}, {}, {}}, kNow + 2000).ok());
    for (Device* d : {phone1.get(), admin1.get()}) ASSERT_TRUE(d->sync().problems.empty());

    r = t.clerk.sync();
    EXPECT_TRUE(r.problems.empty()) << r.problems[0].error.detail;
    size_t on_child = 0, on_stray = 0;
    for (const RefusedChange& c : r.refused) on_child += c.record == t.child1, on_stray += c.record == v2;
    EXPECT_EQ(on_child, 2u) << "the name and the class";
    EXPECT_EQ(on_stray, phone1->ledger.find_commit(phone1->ledger.last_seq())->changes.size()) << "all of the stray visit";
    EXPECT_EQ(r.refused.size(), on_child + on_stray);
    EXPECT_EQ(value_of(t.clerk, t.child1, "name"), "王晓花") << "taken back";
    EXPECT_EQ(value_of(t.clerk, t.child1, "class"), t.class1.text()) << "taken back";
    ASSERT_TRUE(holds(t.clerk, v2));
    EXPECT_TRUE(t.clerk.ledger.find(v2)->deleted) << "a record the role may not make is deleted";
    EXPECT_TRUE(holds(t.clerk, v1) && !t.clerk.ledger.find(v1)->deleted);
    bool kept = false;  // the refused change stays in the child's history for the audit
    for (auto [commit, change] : t.clerk.ledger.history(t.child1)) kept |= change->value == "李小花";
    EXPECT_TRUE(kept);

    // The take-back reaches the roles' devices: they converge on the clerk's records.
    t.clerk.sync();
    for (Device* d : {phone1.get(), admin1.get()}) EXPECT_TRUE(d->sync().problems.empty());
    EXPECT_EQ(value_of(*phone1, t.child1, "name"), "王晓花");
    EXPECT_EQ(value_of(*admin1, t.child1, "class"), t.class1.text());
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "王晓花");
    EXPECT_TRUE(t.clerk.sync().refused.empty()) << "judged once";
}

// Another role's device cannot take anything back, so it does not show a role's change beyond that role
// until the clerk's take-back has arrived: it holds the commit back (fetching it again each round) and
// merges the rest of the file at once.
TEST(RolesSync, AnAdministratorsDeviceHoldsBackAHelpersChangeBeyondItsRoleUntilTheClerkTakesItBack) {
    RolesTownship t;
    auto admin1 = t.device_of(0x0000a1, t.school1);
    auto phone1 = t.device_of(0x0000b1, t.helper1);
    for (Device* d : {&t.clerk, admin1.get(), phone1.get()}) ASSERT_TRUE(d->sync().problems.empty());
    const std::string helper1 = scope_text(Scope::helper(t.helper1));
    EXPECT_TRUE(admin1->keys.role_signers.contains(helper1)) << "the roles directory names each role's signing key";

    const RecordId v = visit_by(*phone1, t.child1, t.helper1, "2026-11-20", "奶奶腿脚不便", kNow + 1000);
    ASSERT_TRUE(phone1->edit(Edit{{{t.child1, field(Kind::Student, "name"), "李小花"}}, {}, {}}, kNow + 2000).ok());
    ASSERT_TRUE(phone1->sync().problems.empty());

    SyncReport r = admin1->sync(kNow + 3000);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.held_commits, 1u) << "a helper does not rename a pupil";
    EXPECT_TRUE(holds(*admin1, v)) << "the visit, within the helper's role, came at once";
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "王小花");
    EXPECT_EQ(admin1->sync(kNow + 4000).held_commits, 1u) << "held, not dropped: fetched again";

    ASSERT_EQ(t.clerk.sync().refused.size(), 1u);
    t.clerk.sync();  // sends the take-back
    r = admin1->sync(kNow + 5000);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.held_commits, 0u) << "merged once the take-back was here: it shows the clerk's value";
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "王小花");
    bool kept = false;
    for (auto [commit, change] : admin1->ledger.history(t.child1)) kept |= change->value == "李小花";
    EXPECT_TRUE(kept) << "the refused change is in the pupil's history here too";
    EXPECT_EQ(state_of(admin1->ledger).find("李小花"), std::string::npos);

    // With no clerk's device syncing (the office PC lost), a day after the change was made it shows.
    ASSERT_TRUE(phone1->edit(Edit{{{t.child1, field(Kind::Student, "name"), "李二花"}}, {}, {}}, kNow + 100000).ok());
    ASSERT_TRUE(phone1->sync().problems.empty());
    EXPECT_EQ(admin1->sync(kNow + 100000 + kJudgeAnywayAfterMs - 1).held_commits, 1u);
    EXPECT_EQ(admin1->sync(kNow + 100000 + kJudgeAnywayAfterMs).held_commits, 0u);
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "李二花");
}

TEST(RolesSync, AFileNoIssuedRoleSignedIsRefusedAtTheClerk) {
    RolesTownship t;
    auto phone1 = t.device_of(0x0000b1, t.helper1);
    t.clerk.sync();
    phone1->sync();
    // Someone with the township's public keys (a helper's key file) writes as a device of its own.
    Device forger(0x0000f1, t.server);
    forger.keys = phone1->keys;
    new_device_keys(forger.keys);
    for (const Commit& c : t.clerk.ledger.commits()) forger.ledger.merge(c);
    ASSERT_TRUE(forger.edit(Edit{{{t.child1, field(Kind::Student, "name"), "假名字"}}, {}, {}}, kNow + 1000).ok());
    forger.sync();
    const SyncReport r = t.clerk.sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::UnknownSigner);
    EXPECT_EQ(value_of(t.clerk, t.child1, "name"), "王小花");
}

// A role's key file names the roles of the day it was issued; one issued later is reached through the
// directory the clerk's devices put up, and a directory the township did not sign changes nothing.
TEST(RolesSync, ARoleIssuedLaterIsReachedThroughTheSignedDirectory) {
    RolesTownship t;
    auto admin1 = t.device_of(0x0000a1, t.school1, {t.school1, t.helper1});  // before helper2 held a key
    ASSERT_TRUE(t.clerk.sync().problems.empty());
    ASSERT_TRUE(admin1->sync().problems.empty());
    EXPECT_FALSE(admin1->keys.recipients.contains(scope_text(Scope::helper(t.helper2))));

    // Later: helper2 takes over child1 and is issued a key.
    t.make(Kind::Pair, {{"helper", t.helper2.text()}, {"student", t.child1.text()}, {"start", "2026-10-08"}});
    auto phone2 = t.device_of(0x0000b2, t.helper2);
    const SyncReport clerk_round = t.clerk.sync();
    ASSERT_TRUE(clerk_round.problems.empty());
    ASSERT_TRUE(t.server.files.contains(kRolesDirectoryPath));

    // The administrator's device learns helper2's key from the directory and seals its edit for helper2 too.
    const SyncReport learned = admin1->sync();
    EXPECT_TRUE(learned.problems.empty()) << learned.problems[0].error.detail;
    const std::string helper2 = scope_text(Scope::helper(t.helper2));
    EXPECT_EQ(admin1->keys.recipients[helper2], scope_public(scope_secret(t.clerk.keys.data, helper2)));
    EXPECT_TRUE(admin1->engine.take_keys_changed()) << "the keyring is stored again";
    ASSERT_TRUE(admin1->edit(Edit{{{t.child1, field(Kind::Student, "name"), "王晓花"}}, {}, {}}, kNow + 1000).ok());
    ASSERT_TRUE(admin1->sync().problems.empty());
    const SyncReport r = phone2->sync();
    EXPECT_TRUE(r.problems.empty()) << r.problems[0].path << ": " << r.problems[0].error.detail;
    EXPECT_EQ(value_of(*phone2, t.child1, "name"), "王晓花") << "the administrator's edit reached the helper issued after it";

    // A role's device can seal a file for "directory" too, but not sign as the township: a directory naming
    // a key of its own for helper2 is refused, and what the administrator's device seals stays for helper2.
    // The forged file is made the very size of the true one: devices look at the directory again when the
    // server lists another version of it, not only another size.
    // Its signature as a role makes it longer than the township's for the same text, so it names
    // helper2 alone, with random hex after it in a field readers ignore, as long as needed; the true
    // one names every role, made longer by issuing the other two first.
    t.device_of(0x0000b1, t.helper1), t.device_of(0x0000a2, t.school2);
    ASSERT_TRUE(t.clerk.sync().problems.empty());
    ASSERT_TRUE(admin1->sync().problems.empty());
    const std::string& true_file = t.server.files[kRolesDirectoryPath];
    std::mt19937 random(7);
    const auto random_hex = [&](size_t n) {
        std::string out(n, '0');
        for (char& c : out) c = "0123456789abcdef"[random() % 16];
        return out;
    };
    std::string forged;
    for (size_t tries = 0; forged.size() != true_file.size() && tries < 2000; ++tries) {
        const std::string plain = R"({"format":"gongyu.roles","township":")" + t.clerk.keys.township + R"(","roles":{")" + helper2 + R"(":")" +
                                  random_hex(64) + R"("},"note":")" + random_hex(tries / 4) + R"("})";
        forged = seal_for_readers(phone2->keys, kRolesDirectoryPath, plain, {"directory"});
    }
    ASSERT_EQ(forged.size(), true_file.size());
    t.server.files[kRolesDirectoryPath] = forged, ++t.server.writes[kRolesDirectoryPath];
    const SyncReport refused = admin1->sync();
    ASSERT_EQ(refused.problems.size(), 1u);
    EXPECT_EQ(refused.problems[0].path, kRolesDirectoryPath);
    EXPECT_EQ(refused.problems[0].error.code, ErrorCode::UnknownSigner);
    EXPECT_EQ(admin1->keys.recipients[helper2], scope_public(scope_secret(t.clerk.keys.data, helper2)));
    // The clerk's next round puts its directory back: the file is not the one it put.
    EXPECT_TRUE(t.clerk.sync().problems.empty());
    EXPECT_TRUE(admin1->sync().problems.empty());
}

// The clerk's two office PCs and helper2's phone, all synced; then the first PC pairs child1 with helper2.
struct TwoOfficePcs : RolesTownship {
    Device& office1 = clerk;
    Device office2{0x00000d, server};
    std::unique_ptr<Device> phone2 = device_of(0x0000b2, helper2);
    TwoOfficePcs() {
        group_commits_by_readers(office2.ledger);
        for (Device* d : {&office1, &office2, phone2.get()}) EXPECT_TRUE(d->sync().problems.empty());
        make(Kind::Pair, {{"helper", helper2.text()}, {"student", child1.text()}, {"start", "2026-10-08"}});
    }
    // The pair goes up and reaches the phone, where helper2 then records a visit to child1.
    RecordId pair_reaches_the_phone_and_a_visit_is_made() {
        EXPECT_TRUE(office1.sync().problems.empty());
        EXPECT_TRUE(phone2->sync().problems.empty());
        EXPECT_TRUE(holds(*phone2, child1)) << "the pair brought the child to the helper's phone";
        return visit_by(*phone2, child1, helper2, "2026-11-20", "孩子住外婆家", kNow + 1000);
    }
};

// Two office PCs put the same directory (the same roles, keys derived alike): each takes the other's
// as its own instead of putting it back every round.
TEST(RolesSync, TwoOfficePcsDoNotPutTheDirectoryBackAndForth) {
    TwoOfficePcs t;
    for (int round = 0; round < 2; ++round)
        for (Device* d : {&t.office1, &t.office2}) ASSERT_TRUE(d->sync().problems.empty());
    const uint64_t writes = t.server.writes[kRolesDirectoryPath];
    ASSERT_GT(writes, 0u);
    for (int round = 0; round < 3; ++round)
        for (Device* d : {&t.office1, &t.office2, t.phone2.get()}) ASSERT_TRUE(d->sync().problems.empty());
    EXPECT_EQ(t.server.writes[kRolesDirectoryPath], writes);
}

// A role's device tells the clerk's devices from anyone holding a role's key file by the roles directory,
// which names the clerk's devices: a file signed by neither one of them nor an issued role is refused there
// too, and a second office PC is named as soon as it syncs.
TEST(RolesSync, ARolesDeviceTakesOnlyFilesTheClerksDevicesOrAnIssuedRoleSigned) {
    TwoOfficePcs t;
    auto admin1 = t.device_of(0x0000a1, t.school1);
    for (Device* d : {&t.office1, admin1.get()}) ASSERT_TRUE(d->sync().problems.empty());
    EXPECT_EQ(admin1->keys.clerk_devices.size(), 2u) << "both office PCs";
    EXPECT_EQ(admin1->keys.clerk_devices.at(0x00000c), t.office1.keys.device_public);

    Device forger(0x0000f1, t.server);  // a helper's key file, a device key of its own: it can seal for the school
    forger.keys = t.phone2->keys;
    new_device_keys(forger.keys);
    for (const Commit& c : t.clerk.ledger.commits()) forger.ledger.merge(c);
    ASSERT_TRUE(forger.edit(Edit{{{t.child1, field(Kind::Student, "name"), "假名字"}}, {}, {}}, kNow + 1000).ok());
    ASSERT_TRUE(forger.sync().problems.empty());
    ASSERT_TRUE(admin1->ledger.find(t.child1));
    SyncReport r = admin1->sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::UnknownSigner);
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "王小花");

    // The clerk's devices refuse the forger's file as well, each round.
    const auto only_the_forgers = [](const SyncReport& r) {
        return r.problems.size() == 1 && r.problems[0].error.code == ErrorCode::UnknownSigner && r.problems[0].path.find("0000f1") != std::string::npos;
    };
    Device office3(0x00000e, t.server);  // a third office PC, new today
    group_commits_by_readers(office3.ledger);
    ASSERT_TRUE(only_the_forgers(office3.sync()));
    ASSERT_TRUE(office3.edit(Edit{{{t.child1, field(Kind::Student, "name"), "王晓花"}}, {}, {}}, kNow + 2000).ok());
    ASSERT_TRUE(only_the_forgers(office3.sync()));
    r = admin1->sync();
    EXPECT_TRUE(only_the_forgers(r));
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "王晓花") << "the new PC's file was taken";
    EXPECT_EQ(admin1->keys.clerk_devices.size(), 3u);
    for (Device* d : {&t.office1, &t.office2}) ASSERT_TRUE(only_the_forgers(d->sync()));
    const uint64_t writes = t.server.writes[kRolesDirectoryPath];
    for (int round = 0; round < 2; ++round)
        for (Device* d : {&t.office1, &t.office2, &office3}) ASSERT_TRUE(only_the_forgers(d->sync()));
    EXPECT_EQ(t.server.writes[kRolesDirectoryPath], writes) << "every PC takes the directory naming all three as its own";
}

// The clerk's second office PC judges a helper's visit only once it holds what the helper's phone had
// seen: the pair made on the first PC. Judged without it, the visit would look foreign and be taken back.
TEST(RolesSync, AHelpersFileWaitsForWhatItsPhoneHadSeenOfTheClerksOtherDevices) {
    TwoOfficePcs t;
    Device& office2 = t.office2;
    auto& phone2 = t.phone2;
    const RecordId v = t.pair_reaches_the_phone_and_a_visit_is_made();
    ASSERT_TRUE(phone2->sync().problems.empty());

    // The first PC's file with the pair does not reach the second PC this round (it went up late, or the GET failed).
    std::string pair_file;
    for (const auto& [path, bytes] : t.server.files) {
        const std::optional<ChangeFileName> n = parse_change_file(0x00000c, path.substr(path.rfind('/') + 1));
        if (path.starts_with("changes/00000c/") && n && n->readers.empty() && n->holds(t.clerk.ledger.last_seq())) pair_file = path;
    }
    ASSERT_FALSE(pair_file.empty());
    const std::string held_back = t.server.files[pair_file];
    t.server.files.erase(pair_file);
    SyncReport r = office2.sync();
    EXPECT_TRUE(r.problems.empty());
    EXPECT_TRUE(r.refused.empty()) << "nothing judged without the pair";
    EXPECT_EQ(r.role_files_waiting, 1u);
    EXPECT_FALSE(holds(office2, v)) << "the visit waits, fetched again next round";

    t.server.files[pair_file] = held_back;
    r = office2.sync();
    EXPECT_TRUE(r.problems.empty());
    EXPECT_TRUE(r.refused.empty());
    EXPECT_EQ(r.role_files_waiting, 0u);
    ASSERT_TRUE(holds(office2, v));
    EXPECT_FALSE(office2.ledger.find(v)->deleted) << "the visit stands";
    EXPECT_TRUE(t.clerk.sync().refused.empty());
    EXPECT_EQ(state_of(office2.ledger), state_of(t.clerk.ledger));
}

// A helper's bundle carried to the second PC names what the phone had seen; the PC merges it only once it holds that.
TEST(RolesSync, AHelpersBundleSaysWhatItsPhoneHadSeen) {
    TwoOfficePcs t;
    Device& office2 = t.office2;
    auto& phone2 = t.phone2;
    t.pair_reaches_the_phone_and_a_visit_is_made();

    std::string bundle;
    export_bundle(phone2->vault, phone2->keys, phone2->ledger, [&](Result<std::string> r) { ASSERT_TRUE(r); bundle = r.value(); });
    ImportedBundle imported;
    import_bundle(office2.vault, office2.keys, bundle, [&](Result<ImportedBundle> r) { ASSERT_TRUE(r) << r.error().detail; imported = r.value(); });
    EXPECT_EQ(imported.role, scope_text(Scope::helper(t.helper2)));
    ASSERT_EQ(imported.commits.size(), 1u) << "only the phone's own commit";
    EXPECT_EQ(imported.seen.at(0x00000c), t.clerk.ledger.last_seq()) << "the pair's commit";
    std::map<uint32_t, uint64_t> known;
    const double now = kNow + 2000;
    EXPECT_FALSE(judge_now(office2.ledger, office2.keys, imported.seen, imported.commits, now, known)) << "the second PC has not got the pair";
    ASSERT_TRUE(office2.sync().problems.empty());
    EXPECT_TRUE(judge_now(office2.ledger, office2.keys, imported.seen, imported.commits, now, known));
    // A device the PC never took a file from (a forger's, which the phone may have taken) holds nothing up.
    imported.seen[0x0000f1] = 5;
    EXPECT_TRUE(judge_now(office2.ledger, office2.keys, imported.seen, imported.commits, now, known));
}

// A role's bundle is sealed for the clerk and that role, so another of the role's devices (the joint
// school's second PC) may import it: it gives what is within the role at once and holds back the rest.
TEST(RolesSync, ABundleOfTheRolesOtherDeviceGivesOnlyWhatIsWithinTheRole) {
    RolesTownship t;
    auto admin1 = t.device_of(0x0000a1, t.school1);
    auto second = t.device_of(0x0000a3, t.school1);
    for (Device* d : {&t.clerk, admin1.get(), second.get()}) ASSERT_TRUE(d->sync().problems.empty());
    ASSERT_TRUE(second->edit(Edit{{{t.child1, field(Kind::Student, "name"), "王晓花"}}, {}, {}}, kNow + 1000).ok());
    ASSERT_TRUE(second->edit(Edit{{{t.class1, field(Kind::Class, "name"), "三年级2班"}}, {}, {}}, kNow + 2000).ok());

    std::string bundle;
    export_bundle(second->vault, second->keys, second->ledger, [&](Result<std::string> r) { ASSERT_TRUE(r); bundle = r.value(); });
    ImportedBundle imported;
    import_bundle(admin1->vault, admin1->keys, bundle, [&](Result<ImportedBundle> r) { ASSERT_TRUE(r) << r.error().detail; imported = r.value(); });
    EXPECT_EQ(imported.role, scope_text(Scope::school(t.school1))) << "known by the directory's signing keys";
    ASSERT_EQ(imported.commits.size(), 2u) << "the other PC's own commits";
    EXPECT_EQ(hold_back_beyond_role(admin1->ledger, imported.role, imported.commits, kNow + 3000), 1u) << "the classes are the clerk's";
    ASSERT_EQ(imported.commits.size(), 1u);
    for (Commit& c : imported.commits) admin1->ledger.merge(std::move(c));
    EXPECT_EQ(value_of(*admin1, t.child1, "name"), "王晓花");
    EXPECT_EQ(value_of(*admin1, t.class1, "name"), "三年级1班");
}

// If the PC with what the phone had seen never syncs again, the file is judged by what is here after a day.
TEST(RolesSync, AWaitingRoleFileIsJudgedAfterADay) {
    TwoOfficePcs t;
    Device& office2 = t.office2;
    auto& phone2 = t.phone2;
    // The pair reaches the phone by a bundle from the first PC, which then is lost: the server never has it.
    for (const Commit& c : t.clerk.ledger.commits()) phone2->ledger.merge(c);
    const RecordId v = visit_by(*phone2, t.child1, t.helper2, "2026-11-20", "孩子住外婆家", kNow + 1000);
    ASSERT_TRUE(phone2->sync().problems.empty());

    // A day after the visit was made, by the phone's clock (it is in the file, so a restart does not start the wait over).
    const double made = kNow + 1000, day = kJudgeAnywayAfterMs;
    EXPECT_EQ(office2.sync(made).role_files_waiting, 1u);
    EXPECT_EQ(office2.sync(made + day - 1).role_files_waiting, 1u);
    const SyncReport r = office2.sync(made + day);
    EXPECT_EQ(r.role_files_waiting, 0u);
    EXPECT_FALSE(r.refused.empty()) << "judged by this PC's records, where child1 is not helper2's";
    ASSERT_TRUE(holds(office2, v));
    EXPECT_TRUE(office2.ledger.find(v)->deleted);
}

// A pupil registered on the administrator's PC and paired by the clerk afterwards: the PC would send her
// to the helper only on its next round, which may be weeks away. The clerk's device passes her on.
struct PairedAfterwards : RolesTownship {
    std::unique_ptr<Device> admin1 = device_of(0x0000a1, school1);
    std::unique_ptr<Device> phone2 = device_of(0x0000b2, helper2);
    std::string helper2_stream = scope_text(Scope::helper(helper2));
    RecordId child3;

    PairedAfterwards() {
        for (Device* d : {&clerk, admin1.get(), phone2.get()}) EXPECT_TRUE(d->sync().problems.empty());
        const Edit pupil = new_student(admin1->ledger, class1, "张𠮷雨");
        child3 = pupil.fields[0].record;
        EXPECT_TRUE(admin1->edit(pupil, kNow + 1000).ok());
        EXPECT_TRUE(admin1->sync().problems.empty());  // and then the PC stays off
        EXPECT_TRUE(clerk.sync().problems.empty());
        EXPECT_TRUE(holds(clerk, child3));
    }
    std::vector<std::string> relays() const {
        std::vector<std::string> out;
        for (const auto& [path, bytes] : server.files)
            if (path.ends_with(".gyr")) out.push_back(path);
        return out;
    }
};

TEST(RolesSync, ACommitARoleMayReadOnlyLaterReachesItThroughTheClerksDevice) {
    PairedAfterwards t;
    EXPECT_TRUE(t.relays().empty()) << "the PC sent the pupil to its school itself: nothing to relay";
    t.make(Kind::Pair, {{"helper", t.helper2.text()}, {"student", t.child3.text()}, {"start", "2026-11-02"}});
    const SyncReport relayed = t.clerk.sync();
    EXPECT_TRUE(relayed.problems.empty());
    EXPECT_EQ(relayed.relayed_commits, 1u) << "the administrator's commit registering the pupil";
    const uint64_t seq = t.admin1->ledger.last_seq();
    ASSERT_EQ(t.relays(), std::vector<std::string>{change_file_path({0x0000a1, seq, seq, t.helper2_stream, {{seq, seq}}, 0x00000c})});
    EXPECT_EQ(t.clerk.sync().relayed_commits, 0u) << "relayed once";
    EXPECT_EQ(t.relays().size(), 1u);

    const SyncReport r = t.phone2->sync();
    EXPECT_TRUE(r.problems.empty()) << r.problems[0].path << ": " << r.problems[0].error.detail;
    EXPECT_EQ(value_of(*t.phone2, t.child3, "name"), "张𠮷雨") << "reached the helper while the administrator's PC is off";
    ASSERT_NE(t.phone2->ledger.find_commit(0x0000a1, seq), nullptr) << "as the PC's own commit";
    const Result<Opened> other = open_file(t.admin1->keys, t.relays()[0], t.server.files[t.relays()[0]]);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::WrongKey) << "sealed for the helper alone";

    // The PC's own rounds send the pupil to the helper as well: nothing new arrives twice, and a new
    // phone of the helper fetches one of the two files that bring her, not both.
    for (int round = 0; round < 2; ++round) ASSERT_TRUE(t.admin1->sync().problems.empty());  // it learns of the pair, then sends
    const SyncReport again = t.phone2->sync();
    EXPECT_TRUE(again.problems.empty());
    EXPECT_EQ(again.received_commits, 0u);
    const std::string own_file = change_file_path({0x0000a1, seq, seq, t.helper2_stream, {{seq, seq}}});
    ASSERT_TRUE(t.server.files.contains(own_file));
    auto new_phone = t.device_of(0x0000b3, t.helper2);
    t.server.gets.clear();
    ASSERT_TRUE(new_phone->sync().problems.empty());
    EXPECT_EQ(value_of(*new_phone, t.child3, "name"), "张𠮷雨");
    EXPECT_EQ(t.server.gets[own_file] + t.server.gets[t.relays()[0]], 1u);

    // The audit check on the phone compares the relayed copy with its own; a relay changed on the server shows.
    const auto check_on_phone = [&] {
        HistoryCheck check;
        check_history(t.server, t.phone2->vault, t.phone2->keys, t.phone2->ledger, [&](const HistoryCheck& c) { check = c; });
        EXPECT_TRUE(check.finished);
        return check;
    };
    const HistoryCheck check = check_on_phone();
    EXPECT_TRUE(check.mismatches.empty()) << check.mismatches[0].path << ": " << check.mismatches[0].problem.detail;
    std::string& relay = t.server.files[t.relays()[0]];
    relay[relay.size() / 2] ^= 1;
    const HistoryCheck changed = check_on_phone();
    ASSERT_EQ(changed.mismatches.size(), 1u);
    EXPECT_EQ(changed.mismatches[0].path, t.relays()[0]);
    EXPECT_EQ(changed.mismatches[0].problem.code, ErrorCode::Tampered);

    // A phone whose key file predates the township's signer cannot tell who relayed: it neither takes
    // relays nor reports them in the check.
    auto old_phone = t.device_of(0x0000b4, t.helper2);
    old_phone->keys.township_signer = PublicKey{};
    t.server.gets.clear();
    ASSERT_TRUE(old_phone->sync().problems.empty());
    EXPECT_EQ(t.server.gets[t.relays()[0]], 0u);
    EXPECT_EQ(value_of(*old_phone, t.child3, "name"), "张𠮷雨") << "from the PC's own file";
    HistoryCheck old_check;
    check_history(t.server, old_phone->vault, old_phone->keys, old_phone->ledger, [&](const HistoryCheck& c) { old_check = c; });
    EXPECT_TRUE(old_check.mismatches.empty());
}

// The server's folders are anyone's to write: a name put in the clerk's folder does not make the clerk's
// device seal commits for readers who may not read them (a relay of a pupil helper2 does not see, the
// clerk's own commit of another school's child for helper2), and a name claiming every seq there is
// costs a round nothing.
TEST(RolesSync, ANamePlantedInADevicesFolderGetsNothingSealedForItsReaders) {
    PairedAfterwards t;
    const uint64_t pupil = t.admin1->ledger.last_seq();
    uint64_t other_child = 0;  // the clerk's commit registering child2, of joint school 2
    for (const Commit& c : t.clerk.ledger.commits())
        for (const Change& change : c.changes)
            if (c.device == 0x00000c && change.record == t.child2) other_child = c.seq;
    ASSERT_NE(other_child, 0u);
    const std::vector<std::string> planted = {
        change_file_path({0x0000a1, pupil, pupil, t.helper2_stream, {{pupil, pupil}}, 0x00000c}),
        change_file_path({0x00000c, other_child, other_child, t.helper2_stream, {{other_child, other_child}}}),
        "changes/0000a1/1-999999999999." + t.helper2_stream + ".gyc",
        "changes/00000c/0000a1.1-999999999999." + t.helper2_stream + ".gyr",
        "changes/00000c/0000a1." + std::to_string(pupil) + ",999999999999." + t.helper2_stream + ".gyr",
    };
    for (const std::string& path : planted) t.server.files[path] = "x";
    const SyncReport clerk = t.clerk.sync();
    EXPECT_TRUE(clerk.finished);
    EXPECT_EQ(clerk.relayed_commits, 0u);
    for (const std::string& path : planted) EXPECT_EQ(t.server.files[path], "x") << path << ": sealed again";
    const SyncReport phone = t.phone2->sync();
    EXPECT_TRUE(phone.finished);
    EXPECT_FALSE(holds(*t.phone2, t.child3));
    EXPECT_FALSE(holds(*t.phone2, t.child2));
    EXPECT_EQ(t.phone2->ledger.live_count(Kind::Guardian), 0u);

    // Nor do the names claiming every seq of the PC stop the relay once helper2 may read the pupil.
    t.server.files.erase(planted[0]);  // (a name the clerk's device would then make itself: it would seal under it)
    t.make(Kind::Pair, {{"helper", t.helper2.text()}, {"student", t.child3.text()}, {"start", "2026-11-02"}});
    EXPECT_EQ(t.clerk.sync().relayed_commits, 1u);
    t.phone2->sync();
    EXPECT_EQ(value_of(*t.phone2, t.child3, "name"), "张𠮷雨");
}

// A role's device can seal a file for another role, but not sign as the township: a relay it made is refused.
TEST(RolesSync, ARelayNotSignedByTheTownshipIsRefused) {
    PairedAfterwards t;
    Ledger forged(0x0000a1);  // a commit in the administrator's PC's name, made elsewhere with its role's keys
    for (const Commit& c : t.admin1->ledger.commits()) forged.merge(c);
    const Edit stray = new_student(forged, t.class1, "假学生");
    ASSERT_TRUE(forged.commit(stray, "device", kNow + 2000, kToday).ok());
    const uint64_t seq = forged.last_seq();
    const Commit* commit = forged.find_commit(seq);
    const std::string path = change_file_path({0x0000a1, seq, seq, t.helper2_stream, {{seq, seq}}, 0x0000f1});
    t.server.files[path] = seal_for_readers(t.admin1->keys, path, encode_changes(std::span(&commit, 1)), {t.helper2_stream});
    const SyncReport r = t.phone2->sync();
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].path, path);
    EXPECT_EQ(r.problems[0].error.code, ErrorCode::UnknownSigner);
    EXPECT_FALSE(holds(*t.phone2, stray.fields[0].record));
}

TEST(RolesSync, ChangeFileNamesCarryTheirReaders) {
    const ChangeFileName n{0x3fa2c1, 5, 12, "school.3fa2c1.7", {{5, 9}, {12, 12}}};
    EXPECT_EQ(change_file_path(n), "changes/3fa2c1/5-9,12.school.3fa2c1.7.gyc");
    const std::optional<ChangeFileName> back = parse_change_file(0x3fa2c1, "5-9,12.school.3fa2c1.7.gyc");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->readers, n.readers);
    EXPECT_EQ(back->runs, n.runs);
    EXPECT_EQ(back->count(), 6u);
    EXPECT_TRUE(back->holds(12) && !back->holds(10));
    const std::optional<ChangeFileName> township = parse_change_file(0x3fa2c1, "000000000001-000000000002.township.gyc");
    ASSERT_TRUE(township);
    EXPECT_EQ(township->count(), 2u);
    for (const char* bad : {"5-9,12.student.3fa2c1.7.gyc", "5-9,12..gyc", "5-9,12.gyc", "9-5.school.3fa2c1.7.gyc", "5-9,9.school.3fa2c1.7.gyc",
                            "05-9.school.3fa2c1.7.gyc", "5-9,10.school.3fa2c1.7.gyc", "000000000001-000000000002.school.3fa2c1.7.gyc"})
        EXPECT_FALSE(parse_change_file(0x3fa2c1, bad)) << bad;
    // A relay: the device whose commits it holds, in the folder of the clerk's device that relayed them.
    const ChangeFileName relay{0x0000a1, 5, 12, "helper.3fa2c1.2", {{5, 9}, {12, 12}}, 0x3fa2c1};
    EXPECT_EQ(change_file_path(relay), "changes/3fa2c1/0000a1.5-9,12.helper.3fa2c1.2.gyr");
    const std::optional<ChangeFileName> relayed = parse_change_file(0x3fa2c1, "0000a1.5-9,12.helper.3fa2c1.2.gyr");
    ASSERT_TRUE(relayed);
    EXPECT_EQ(relayed->device, 0x0000a1u);
    EXPECT_EQ(relayed->relayer, 0x3fa2c1u);
    EXPECT_EQ(relayed->runs, relay.runs);
    EXPECT_EQ(relayed->readers, relay.readers);
    for (const char* bad : {"3fa2c1.5-9.helper.3fa2c1.2.gyr", "0000A1.5-9.helper.3fa2c1.2.gyr", "0000a1.000000000001-000000000002.gyr",
                            "0000a1.000000000001-000000000002.township.gyr", "a1.5-9.helper.3fa2c1.2.gyr", "0000a1.5-9.helper.3fa2c1.2.gyc",
                            "000000.5-9.helper.3fa2c1.2.gyr", "0000a1.1-1000000000000.helper.3fa2c1.2.gyr", "1-18446744073709551615.helper.3fa2c1.2.gyc"})
        EXPECT_FALSE(parse_change_file(0x3fa2c1, bad)) << bad;
    EXPECT_EQ(role_of_key_file("helper.3fa2c1.9.gyk"), "helper.3fa2c1.9");
    EXPECT_FALSE(role_of_key_file("township.gyk"));
    EXPECT_FALSE(role_of_key_file("student.3fa2c1.9.gyk"));
}

// [SECTION] Roles under faults, randomized
//
// The clerk's two office PCs, a joint school's administrator and two helpers'
// phones edit at random through a server that drops requests, loses answers
// and keeps cut uploads: the office PCs add children, pair them with the
// helpers and rename them; the administrator renames its school's children;
// the phones record visits to the children in their care and now and then
// rename a child, which a helper may not (the clerk's devices take it back).
// Afterwards, the faults gone and a day passed for any file still waiting:
// the office PCs hold the same records, and each role's device holds every
// record its role may read exactly as the clerk's devices do.
size_t g_role_takebacks = 0;       // changes beyond a role taken back, over all runs
size_t g_role_records_checked = 0;  // records a role may read, compared on its device

void converge_with_roles_once(uint32_t seed) {
    std::mt19937 rng(seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    RolesTownship t;
    Device office2{0x00000d, t.server};
    group_commits_by_readers(office2.ledger);
    auto admin1 = t.device_of(0x0000a1, t.school1);
    auto phone1 = t.device_of(0x0000b1, t.helper1);
    auto phone2 = t.device_of(0x0000b2, t.helper2);
    int64_t now = kNow + 1000;
    t.server.clock_ms = &now;
    t.server.shuffle = &rng;
    bool faults = false;
    t.server.fail_request = [&] { return faults && chance(0.1); };
    t.server.lose_answer = [&] { return faults && chance(0.05); };
    t.server.store_cut = [&] { return faults && chance(0.03); };
    const std::vector<Device*> devices{&t.clerk, &office2, admin1.get(), phone1.get(), phone2.get()};
    for (Device* d : devices) d->sync(static_cast<double>(now));

    faults = true;
    const int name = field(Kind::Student, "name");
    const auto live = [](const Device& d, Kind kind) {
        std::vector<const Record*> out;
        for (const Record& r : d.ledger.records(kind))
            if (!r.deleted) out.push_back(&r);
        return out;
    };
    const int steps = 40 + static_cast<int>(pick(40));
    for (int step = 0; step < steps; ++step) {
        now += static_cast<int64_t>(chance(0.3) ? pick(1500) : pick(600000));
        Device& d = *devices[pick(devices.size())];
        const double roll = std::uniform_real_distribution<>(0, 1)(rng);
        const std::vector<const Record*> kids = live(d, Kind::Student);
        const std::string text = std::to_string(step);
        if (roll >= 0.5 || (kids.empty() && d.keys.is_clerk() == false)) {
            g_role_takebacks += d.sync(static_cast<double>(now)).refused.size();
        } else if (d.keys.is_clerk()) {
            if (roll < 0.15 || kids.empty()) {
                d.edit(new_student(d.ledger, chance(0.5) ? t.class1 : t.class2, "学生" + text), now);
            } else if (roll < 0.3) {
                const RecordId pair = d.ledger.new_id(Kind::Pair);
                const RecordId helper = chance(0.5) ? t.helper1 : t.helper2;
                d.edit({{{pair, field(Kind::Pair, "helper"), helper.text()}, {pair, field(Kind::Pair, "student"), kids[pick(kids.size())]->id.text()},
                         {pair, field(Kind::Pair, "start"), "2026-10-01"}}, {}, {}}, now);
            } else {
                d.edit({{{kids[pick(kids.size())]->id, name, "名" + text}}, {}, {}}, now);
            }
        } else if (&d == admin1.get()) {
            std::vector<const Record*> pupils;
            for (const Record* k : kids)
                if (k->value(field(Kind::Student, "class")) == t.class1.text()) pupils.push_back(k);
            if (!pupils.empty()) d.edit({{{pupils[pick(pupils.size())]->id, name, "校改" + text}}, {}, {}}, now);
        } else {
            const RecordId helper = &d == phone1.get() ? t.helper1 : t.helper2;
            std::vector<RecordId> in_care;
            for (const Record* p : live(d, Kind::Pair))
                if (p->value(field(Kind::Pair, "helper")) == helper.text())
                    if (std::optional<RecordId> child = RecordId::parse(p->value(field(Kind::Pair, "student"))); child && d.ledger.find(*child))
                        in_care.push_back(*child);
            if (roll < 0.4 && !in_care.empty()) visit_by(d, in_care[pick(in_care.size())], helper, "2026-11-20", ("家访" + text).c_str(), now);
            else if (!kids.empty()) d.edit({{{kids[pick(kids.size())]->id, name, "越权" + text}}, {}, {}}, now);
        }
    }

    // The faults stop; days pass (a role's file waiting for what its device had seen is judged after a
    // day), and everyone syncs until nothing moves: the last pass clean.
    faults = false;
    for (int pass = 0; pass < 6; ++pass) {
        now += 25 * 3600 * 1000LL;
        for (Device* d : devices) {
            const SyncReport r = d->sync(static_cast<double>(now));
            g_role_takebacks += r.refused.size();
            if (pass == 5) {
                ASSERT_TRUE(r.problems.empty()) << "seed " << seed << ": " << r.problems[0].path << " " << r.problems[0].error.detail;
            }
        }
    }
    EXPECT_EQ(t.clerk.ledger.commits().size(), office2.ledger.commits().size()) << "seed " << seed;
    EXPECT_EQ(state_of(t.clerk.ledger), state_of(office2.ledger)) << "seed " << seed;
    const ReaderIndex readers(t.clerk.ledger);
    for (const Device* d : {admin1.get(), phone1.get(), phone2.get()}) {
        const std::optional<Scope> role = parse_scope(d->keys.role);
        ASSERT_TRUE(role);
        for (const KindDef& k : all_kinds())
            for (const Record& r : t.clerk.ledger.records(k.kind)) {
                const Readers may = readers.of_record(r.id);
                if (std::find(may.begin(), may.end(), *role) == may.end()) continue;
                const Record* held = d->ledger.find(r.id);
                ++g_role_records_checked;
                ASSERT_NE(held, nullptr) << "seed " << seed << ": " << d->keys.role << " lacks " << r.id.text();
                EXPECT_EQ(held->values, r.values) << "seed " << seed << ": " << d->keys.role << ", " << r.id.text();
                EXPECT_EQ(held->deleted, r.deleted) << "seed " << seed << ": " << d->keys.role << ", " << r.id.text();
            }
    }
}

TEST(Convergence, RolesUnderFaultsReceiveWhatTheyMayReadAsTheClerkHoldsIt) {
    const uint32_t runs = std::getenv("GONGYU_LONG") ? 2000 : 60;
    const uint32_t first = std::getenv("GONGYU_SEED") ? static_cast<uint32_t>(std::strtoul(std::getenv("GONGYU_SEED"), nullptr, 10)) : 1;
    for (uint32_t seed = first; seed < first + runs && !HasFailure(); ++seed) converge_with_roles_once(seed);
    std::printf("[ convergence ] %u randomized runs with roles, seeds %u to %u; %zu records a role may read compared on its device; "
                "%zu changes beyond a role taken back\n", runs, first, first + runs - 1, g_role_records_checked, g_role_takebacks);
    EXPECT_GT(g_role_takebacks, 0u);
    EXPECT_GT(g_role_records_checked, runs * 10u);
}

}  // namespace
}  // namespace gy
