#include "core/local_state.h"

#include "core/ledger_store.h"
#include "core/schema.h"

#include "same_records.h"

#include <gtest/gtest.h>

#include <functional>

namespace gy {
namespace {

// A storage whose writes complete only when the test says so, like IndexedDB.
class DeferredStorage final : public Storage {
public:
    StoredRecords records;
    std::vector<std::pair<std::string, WriteDone>> pending;
    bool fail_load = false;

    Result<StoreRead> read_more(StoredRecords& into) override {
        if (fail_load) return Error{ErrorCode::StorageFailure, "blocked"};
        into = records;
        return StoreRead{records.size(), records.size()};
    }
    void get(const std::string& key, std::function<void(Result<std::string>)> done) override {
        auto it = records.find(key);
        it == records.end() ? done(Error{ErrorCode::NotFound, key}) : done(it->second);
    }
    void put(const std::string& key, const std::string& value, WriteDone done) override {
        records[key] = value;
        pending.emplace_back(key, std::move(done));
    }
    void remove(const std::string& key, WriteDone done) override {
        records.erase(key);
        pending.emplace_back(key, std::move(done));
    }
    void complete_all(bool ok) {
        auto p = std::move(pending);
        for (auto& [key, done] : p) done(ok);
    }
};

TEST(LocalState, StartsWithDefaultsOnAnEmptyStore) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(1000);
    EXPECT_TRUE(state.problems().empty());
    EXPECT_EQ(state.settings(), Settings{});
}

TEST(LocalState, SavedOnlyAfterStorageConfirms) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    Settings s;
    s.device_name = "大塘镇政府办公室电脑";
    ASSERT_TRUE(state.save_settings(s).ok());
    EXPECT_EQ(state.save_state(), SaveState::Saving);
    storage.complete_all(true);
    EXPECT_EQ(state.save_state(), SaveState::Saved);

    LocalState reloaded(storage);
    reloaded.load(0);
    EXPECT_EQ(reloaded.settings().device_name, "大塘镇政府办公室电脑");
}

TEST(LocalState, FailedWriteIsReported) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    ASSERT_TRUE(state.save_settings(Settings{}).ok());
    storage.complete_all(false);
    EXPECT_EQ(state.save_state(), SaveState::Failed);
}

TEST(LocalState, OnlyTheLatestSaveDecidesTheState) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    Settings a, b;
    a.device_name = "A";
    b.device_name = "B";
    state.save_settings(a);
    auto first = std::move(storage.pending[0].second);
    storage.pending.clear();
    state.save_settings(b);
    first(true);  // the older write finishing must not claim the newer one is saved
    EXPECT_EQ(state.save_state(), SaveState::Saving);
    storage.complete_all(true);
    EXPECT_EQ(state.save_state(), SaveState::Saved);
}

TEST(LocalState, InvalidSettingsChangeNothing) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    Settings bad;
    bad.text_scale = 500;
    Result<Settings> r = state.save_settings(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidValue);
    EXPECT_TRUE(storage.pending.empty());
    EXPECT_EQ(state.settings(), Settings{});
    EXPECT_EQ(state.save_state(), SaveState::Idle);
}

TEST(LocalState, DamagedRecordIsKeptAsideAndReported) {
    DeferredStorage storage;
    storage.records["settings"] = "{\"format\":\"gongyu.settings\",\"ver";  // cut mid-write
    LocalState state(storage);
    state.load(1700000000123.0);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_EQ(state.problems()[0].key, "settings");
    EXPECT_EQ(state.problems()[0].error.code, ErrorCode::InvalidJson);
    EXPECT_EQ(state.settings(), Settings{});
    // Nothing is lost: the damaged bytes are copied aside, the original left alone.
    EXPECT_EQ(storage.records.at("quarantine/settings/1700000000123"), "{\"format\":\"gongyu.settings\",\"ver");
    EXPECT_EQ(storage.records.at("settings"), "{\"format\":\"gongyu.settings\",\"ver");
}

TEST(LocalState, NewerVersionIsReportedNotOverwrittenOnLoad) {
    DeferredStorage storage;
    storage.records["settings"] = R"({"format":"gongyu.settings","version":9,"device_name":"x"})";
    LocalState state(storage);
    state.load(5);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_EQ(state.problems()[0].error.code, ErrorCode::UnsupportedVersion);
    EXPECT_EQ(storage.records.at("settings"), R"({"format":"gongyu.settings","version":9,"device_name":"x"})");
}

TEST(LocalState, UnreadableStoreIsAProblemNotACrash) {
    DeferredStorage storage;
    storage.fail_load = true;
    LocalState state(storage);
    state.load(0);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_TRUE(state.problems()[0].key.empty());
}

// A storage that brings the records the way the browser's does (web/pre.js):
// everything but the snapshot first, then the buckets a few at a time, with
// calls in between where nothing new has come; the batch numbered fail_at fails.
class BatchedStorage final : public Storage {
public:
    StoredRecords records;
    size_t per_batch = 3;
    int fail_at = -1;
    int calls = 0;
    std::vector<std::string> writes;
    std::function<bool(const std::string&)> early;  // buckets given before the others (as web/pre.js does with "first")

    void get(const std::string& key, std::function<void(Result<std::string>)> done) override {
        auto it = records.find(key);
        it == records.end() ? done(Error{ErrorCode::NotFound, key}) : done(it->second);
    }
    Result<StoreRead> read_more(StoredRecords& into) override {
        const int call = calls++;
        if (call == fail_at) return Error{ErrorCode::StorageFailure, "batch lost"};
        for (int pass = early ? 0 : 1; pass < 2; ++pass) {
            for (auto& [key, value] : records) {
                const bool late = key.starts_with(kLateRecordsPrefix);
                if (into.contains(key) || (call == 0 && late) || (pass == 0 && !(late && early(key)))) continue;
                if (call > 0 && (call % 2 == 1 || given_ == given_at_call(call))) return StoreRead{into.size(), records.size()};  // every other call: nothing new
                into[key] = value;
                given_ += late;
            }
        }
        return StoreRead{into.size(), records.size()};
    }
    void put(const std::string& key, const std::string& value, WriteDone done) override {
        records[key] = value;
        writes.push_back(key);
        done(true);
    }
    void remove(const std::string& key, WriteDone done) override {
        records.erase(key);
        done(true);
    }

private:
    size_t given_at_call(int call) const { return static_cast<size_t>(call / 2) * per_batch; }
    size_t given_ = 0;  // buckets given so far
};

// A small county's store with a snapshot and, after it, a rename in the log.
static StoredRecords store_with_snapshot_and_log(RecordId& renamed) {
    MemoryStorage memory;
    LocalState state(memory);
    state.load(1000, 0x1234);
    state.fill_with_sample_county(0.01, 1000);
    renamed = state.ledger().records(Kind::Student)[5].id;
    Edit edit;
    edit.fields.push_back({renamed, field_index(Kind::Student, "name"), "吉𠮷乙"});
    EXPECT_TRUE(state.commit(edit, 2000).ok());
    return memory.load_all().value();
}

TEST(LocalState, AStoreReadInBatchesLoadsStepByStepToTheSameLedgerAsAtOnce) {
    RecordId renamed;
    const StoredRecords stored = store_with_snapshot_and_log(renamed);
    MemoryStorage memory;
    memory.put_many(stored, [](bool) {});
    LocalState at_once(memory);
    at_once.load(3000);
    ASSERT_TRUE(at_once.problems().empty());

    BatchedStorage batched;
    batched.records = stored;
    LocalState stepwise(batched);
    stepwise.begin_load(3000);
    EXPECT_TRUE(stepwise.loading());
    int waits = 0, steps = 0;
    float progress = stepwise.load_progress();
    LocalState::LoadStep step;
    while ((step = stepwise.load_step()) != LocalState::LoadStep::Done) {
        waits += step == LocalState::LoadStep::Waiting;
        ++steps;
        EXPECT_GE(stepwise.load_progress(), progress);
        progress = stepwise.load_progress();
        ASSERT_LT(steps, 10000);
    }
    EXPECT_FALSE(stepwise.loading());
    EXPECT_EQ(stepwise.load_progress(), 1.0f);
    EXPECT_GT(waits, 0);
    EXPECT_GT(steps, 2 * waits);  // buckets loaded one per step
    EXPECT_TRUE(stepwise.problems().empty());
    expect_same_records(at_once.ledger(), stepwise.ledger());
    EXPECT_EQ(stepwise.ledger().find(renamed)->value(field_index(Kind::Student, "name")), "吉𠮷乙");  // the log, replayed last
    EXPECT_EQ(stepwise.ledger().device(), at_once.ledger().device());
    EXPECT_TRUE(batched.writes.empty());  // opening writes nothing

    Edit edit;
    edit.fields.push_back({renamed, field_index(Kind::Student, "name"), "吉祥"});
    EXPECT_TRUE(stepwise.commit(edit, 4000).ok());
    EXPECT_FALSE(batched.writes.empty());
}

// A county's store whose log, after the snapshot, changes rows of the kinds that load first and of
// those that load behind: a student renamed, a guardian's phone changed, a visit deleted, a guardian
// added; and a commit from another device, kept under ledger/in/.
struct LoggedStore {
    StoredRecords stored;
    RecordId student, guardian, visit, new_guardian;
};

static LoggedStore store_with_log_on_every_kind() {
    LoggedStore out;
    MemoryStorage memory;
    LocalState state(memory);
    state.load(1000, 0x1234);
    state.fill_with_sample_county(0.01, 1000);
    const Ledger& l = state.ledger();
    out.student = l.records(Kind::Student)[5].id;
    out.guardian = l.records(Kind::Guardian)[7].id;
    out.visit = l.records(Kind::Visit)[3].id;
    Edit edit;
    edit.fields.push_back({out.student, field_index(Kind::Student, "name"), "吉𠮷乙"});
    edit.fields.push_back({out.guardian, field_index(Kind::Guardian, "phone"), "13912345678"});
    edit.deletions.push_back(out.visit);
    EXPECT_TRUE(state.commit(edit, 2000).ok());

    MemoryStorage other_store;
    other_store.put_many(memory.load_all().value(), [](bool) {});
    other_store.remove("ledger/meta", [](bool) {});  // a second device: same records, its own ID
    LocalState other(other_store);
    other.load(2500, 0x5678);
    Edit added;
    out.new_guardian = other.new_id(Kind::Guardian);
    added.fields.push_back({out.new_guardian, field_index(Kind::Guardian, "name"), "龙䶮"});
    added.fields.push_back({out.new_guardian, field_index(Kind::Guardian, "student"), out.student.text()});
    added.fields.push_back({out.new_guardian, field_index(Kind::Guardian, "relation"), "mother"});
    const Outcome made = other.commit(added, 3000);
    EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.problems[0].detail);
    std::vector<Commit> from_other;
    for (uint64_t seq = made.first_seq; seq && seq <= made.seq; ++seq) from_other.push_back(*other.ledger().find_commit(seq));
    state.merge_remote(std::move(from_other), [](bool ok) { EXPECT_TRUE(ok); });
    out.stored = memory.load_all().value();
    return out;
}

static void expect_same_stamps(const Ledger& a, const Ledger& b) {
    for (const KindDef& k : all_kinds())
        for (const Record& r : a.records(k.kind))
            for (int f = kCreatedField; f < static_cast<int>(r.values.size()); ++f)
                ASSERT_EQ(r.stamp_of(f), b.find(r.id)->stamp_of(f)) << r.id.text() << " field " << f;
}

TEST(LocalState, ACountyOpensOnceTheKindsThatLoadFirstAreInAndCurrentAndTheRestLoadsBehind) {
    const LoggedStore s = store_with_log_on_every_kind();
    ASSERT_TRUE(s.stored.contains(merged_key(0x5678, 1)));
    MemoryStorage memory;
    memory.put_many(s.stored, [](bool) {});
    LocalState at_once(memory);
    at_once.load(4000);
    ASSERT_TRUE(at_once.problems().empty());

    BatchedStorage batched;
    batched.records = s.stored;
    batched.early = bucket_loads_first;
    LocalState stepwise(batched);
    stepwise.begin_load(4000);
    EXPECT_FALSE(stepwise.usable());
    int steps = 0, steps_usable = 0;
    while (stepwise.load_step() != LocalState::LoadStep::Done) {
        ASSERT_LT(++steps, 10000);
        if (!stepwise.usable()) continue;
        if (steps_usable++ == 0) {  // the moment the app opens
            EXPECT_TRUE(stepwise.loading());
            EXPECT_TRUE(stepwise.kind_loaded(Kind::Student));
            EXPECT_FALSE(stepwise.kind_loaded(Kind::Guardian));
            EXPECT_EQ(stepwise.ledger().records(Kind::Student).size(), at_once.ledger().records(Kind::Student).size());
            EXPECT_EQ(stepwise.ledger().find(s.student)->value(field_index(Kind::Student, "name")), "吉𠮷乙");  // the log is in
            EXPECT_LT(stepwise.ledger().records(Kind::Guardian).size(), at_once.ledger().records(Kind::Guardian).size());
            Edit edit;
            edit.fields.push_back({s.student, field_index(Kind::Student, "name"), "吉祥"});
            const Outcome refused = stepwise.commit(edit, 4500);
            ASSERT_EQ(refused.problems.size(), 1u);
            EXPECT_EQ(refused.problems[0].problem, Problem::StillLoading);
            EXPECT_EQ(stepwise.ledger().find(s.student)->value(field_index(Kind::Student, "name")), "吉𠮷乙");
        }
    }
    EXPECT_GT(steps_usable, 10);  // most buckets load behind the opened app
    EXPECT_TRUE(stepwise.problems().empty());
    expect_same_records(at_once.ledger(), stepwise.ledger());
    expect_same_stamps(at_once.ledger(), stepwise.ledger());
    const Ledger& l = stepwise.ledger();
    EXPECT_EQ(l.find(s.guardian)->value(field_index(Kind::Guardian, "phone")), "13912345678");
    EXPECT_TRUE(l.find(s.visit)->deleted);
    ASSERT_TRUE(l.exists(s.new_guardian));
    EXPECT_EQ(l.find(s.new_guardian)->value(field_index(Kind::Guardian, "name")), "龙䶮");
    EXPECT_EQ(l.history(s.guardian).size(), at_once.ledger().history(s.guardian).size());
    EXPECT_TRUE(batched.writes.empty());  // opening writes nothing
    Edit edit;
    edit.fields.push_back({s.student, field_index(Kind::Student, "name"), "吉祥"});
    EXPECT_TRUE(stepwise.commit(edit, 5000).ok());
}

// A commit in the log (ledger/log/) or one received from another device (ledger/in/) cut short on the
// disk: reported by its key, its bytes copied aside under quarantine/, the entry itself left alone,
// and everything else loads; the edits the buckets already hold are not lost with it.
TEST(LocalState, ADamagedLogOrReceivedCommitIsKeptAsideReportedAndTheRestLoads) {
    const LoggedStore s = store_with_log_on_every_kind();
    std::vector<std::string> keys;
    for (const auto& [key, bytes] : s.stored)
        if (key.starts_with("ledger/log/")) keys.push_back(key);
    ASSERT_FALSE(keys.empty());
    keys = {keys.back(), merged_key(0x5678, 1)};
    for (const std::string& key : keys) {
        StoredRecords stored = s.stored;
        ASSERT_TRUE(stored.contains(key));
        const std::string damaged = stored[key].substr(0, stored[key].size() / 2);
        stored[key] = damaged;
        MemoryStorage memory;
        memory.put_many(stored, [](bool) {});
        LocalState state(memory);
        state.load(4000);
        ASSERT_EQ(state.problems().size(), 1u) << key;
        EXPECT_EQ(state.problems()[0].key, key);
        const StoredRecords after = memory.load_all().value();
        EXPECT_EQ(after.at(key), damaged) << "left as it was";
        EXPECT_EQ(after.at("quarantine/" + key + "/4000"), damaged) << "and copied aside";
        const Ledger& l = state.ledger();
        EXPECT_EQ(l.find(s.student)->value(field_index(Kind::Student, "name")), "吉𠮷乙") << key;
        EXPECT_EQ(l.find(s.guardian)->value(field_index(Kind::Guardian, "phone")), "13912345678") << key;
        EXPECT_GT(l.records(Kind::Student).size(), 1000u);
        // The damaged commit's seq is not made again: the server and other devices may hold it (its
        // edit comes back from the server: SyncRound.ACommitThisDevicesStoreLostIsFetchedBackAndItsSeqNotReused).
        EXPECT_EQ(l.last_seq(), 2u) << key;
        Edit edit;
        edit.fields.push_back({s.student, field_index(Kind::Student, "name"), "吉祥"});
        const Outcome next = state.commit(edit, 5000);
        ASSERT_TRUE(next.ok());
        EXPECT_EQ(next.seq, 3u) << key;
    }
}

TEST(LocalState, ADamagedBucketFoundAfterTheAppOpenedIsRebuiltFromTheLog) {
    LoggedStore s = store_with_log_on_every_kind();
    std::string last_phone;
    {  // enough commits for a new snapshot: the guardian's phone is then in it, its commits merged as history only
        MemoryStorage memory;
        memory.put_many(s.stored, [](bool) {});
        LocalState state(memory);
        state.load(3500);
        bool in_snapshot = false;
        for (int i = 0; i < 2 * LedgerStore::kCompactEvery && !in_snapshot; ++i) {
            Edit edit;
            last_phone = i % 2 ? "13800000000" : "13912345678";
            edit.fields.push_back({s.guardian, field_index(Kind::Guardian, "phone"), last_phone});
            ASSERT_TRUE(state.commit(edit, 3600 + i).ok());
            const std::string meta = memory.load_all().value().at("ledger/meta");
            in_snapshot = meta.find("\"snapshot_seq\":" + std::to_string(state.ledger().last_seq()) + ",") != std::string::npos;
        }
        ASSERT_TRUE(in_snapshot);
        s.stored = memory.load_all().value();
    }
    const std::string damaged = bucket_key(Kind::Guardian, bucket_of(s.guardian));
    for (const char* damage : {"{\"format\": \"gongyu.ledger.bucket\", \"version\": 2", ""}) {  // cut short; emptied
        SCOPED_TRACE(damage);
        s.stored[damaged] = damage;
        MemoryStorage memory;
        memory.put_many(s.stored, [](bool) {});
        LocalState at_once(memory);
        at_once.load(4000);

        BatchedStorage batched;
        batched.records = s.stored;
        batched.early = bucket_loads_first;
        LocalState stepwise(batched);
        stepwise.begin_load(4000);
        bool opened_early = false;
        while (stepwise.load_step() != LocalState::LoadStep::Done) opened_early |= stepwise.usable();
        EXPECT_TRUE(opened_early);
        ASSERT_EQ(stepwise.problems().size(), 1u);
        EXPECT_EQ(stepwise.problems()[0].key, damaged);
        expect_same_records(at_once.ledger(), stepwise.ledger());
        // The damaged bucket's other rows are gone in both (the log holds only what changed since the
        // sample county was made), but the guardian the log wrote is back with its latest phone.
        ASSERT_NE(stepwise.ledger().find(s.guardian), nullptr);
        EXPECT_EQ(stepwise.ledger().find(s.guardian)->value(field_index(Kind::Guardian, "phone")), last_phone);
    }
}

TEST(LocalState, ABatchThatCannotBeReadEndsTheLoadWithAProblem) {
    RecordId renamed;
    BatchedStorage batched;
    batched.records = store_with_snapshot_and_log(renamed);
    batched.fail_at = 4;
    LocalState state(batched);
    state.begin_load(3000);
    int steps = 0;
    while (state.load_step() != LocalState::LoadStep::Done) ASSERT_LT(++steps, 10000);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_TRUE(state.problems()[0].key.empty());
    EXPECT_EQ(state.problems()[0].error.code, ErrorCode::StorageFailure);
    EXPECT_FALSE(state.loading());
    EXPECT_TRUE(batched.writes.empty());
}

}  // namespace
}  // namespace gy
