// ledger_store.h — the ledger kept in this device's store: a snapshot plus a log of commits.
//
// Each commit is written as its own key ("ledger/log/000000000042") in one
// durable write before the UI says 已保存, so a crash loses nothing that was
// shown as saved. Loading every commit from the first would grow without end,
// so from time to time the records are also written as a snapshot, in
// buckets per kind ("ledger/snap/student/07", a few hundred KB each at county
// scale) and only the buckets that changed are rewritten; "ledger/meta" then
// names the last commit the snapshot holds. Replaying a commit is idempotent,
// so a crash between a bucket and the meta is harmless. Commits merged from
// other devices are kept the same way ("ledger/in/<device>/<seq>"), written
// in one transaction per batch before sync reports them as received.
//
// All files are versioned and name their fields (commits and meta are JSON; a
// bucket is a JSON header line followed by its rows), so a later Gongyu can
// add fields and migrate; a file from a newer Gongyu, or a damaged one, is
// reported (the caller keeps a copy aside) and the rest still loads.
// Depends on: ledger.h, storage.h, result.h; pinyin.h and nlohmann/json (in the .cpp only).
#pragma once

#include "ledger.h"
#include "storage.h"

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gy {

inline constexpr int kLedgerVersion = 1;  // commits and meta
inline constexpr int kBucketVersion = 2;  // snapshot buckets: a JSON header line, then the rows as plain lines

struct StoreProblem {
    std::string key;
    Error error;
};

class LedgerStore {
public:
    static constexpr int kBuckets = 32;
    static constexpr int kCompactEvery = 200;  // commits between snapshots

    explicit LedgerStore(Storage& storage) : storage_(storage) {}

    // Builds the ledger from the store's records (Storage::read_more, all of them).
    // new_device: this device's ID when the store holds none yet.
    // Each bucket's text is let go once loaded (a county's 40 MB), so the rows
    // reuse that memory rather than the heap growing past it; those that could
    // not be loaded stay, for the caller to set aside.
    std::vector<StoreProblem> load(StoredRecords& stored, Ledger& ledger, uint32_t new_device);
    std::vector<StoreProblem> load(StoredRecords&& stored, Ledger& ledger, uint32_t new_device) {
        return load(stored, ledger, new_device);
    }
    // The same load in steps, for a store read in batches and an app that draws
    // between steps (load() is the three at once): begin_load with the meta,
    // load_next_bucket as buckets come (one per call, in any order; false when
    // every bucket in `stored` is loaded), finish_load once all have come.
    //
    // A county opens before all of it is in. The meta names the buckets of the
    // kinds the registry opens with (loads_first; "first"), which load first.
    // Once they are in, apply_log_when_first_in applies this device's log and
    // what came from others: those kinds are then whole and current, and the
    // app can show them while the other buckets load behind (a row the log
    // wrote already keeps, per field, the later write). finish_load applies the
    // log if that has not happened yet.
    void begin_load(const StoredRecords& stored, Ledger& ledger, uint32_t new_device);
    bool load_next_bucket(StoredRecords& stored, Ledger& ledger);
    bool apply_log_when_first_in(const StoredRecords& stored, Ledger& ledger);  // true when it applied it now
    bool log_applied() const { return loading_.log_applied; }
    std::vector<StoreProblem> finish_load(const StoredRecords& stored, Ledger& ledger);
    size_t buckets_loaded() const { return loading_.buckets_done.size(); }  // so far, damaged ones too

    // Writes this device's commits of one edit in one write; done(true) once durable. Now and then also a snapshot.
    void save(const Ledger& ledger, std::span<const Commit* const> commits, WriteDone done);
    // Writes commits merged from other devices, in one durable write.
    void save_merged(const Ledger& ledger, std::span<const Commit* const> commits, WriteDone done);
    // Writes every bucket (after generating or importing a whole county).
    void save_snapshot(const Ledger& ledger, WriteDone done);

    uint64_t snapshot_seq() const { return snapshot_seq_; }

private:
    std::string meta_json(const Ledger& ledger, uint64_t snapshot_seq) const;
    void write_with_meta(const Ledger& ledger, StoredRecords files, std::vector<const Commit*> commits, WriteDone done);
    void write_buckets(const Ledger& ledger, const std::set<std::pair<Kind, int>>& buckets, WriteDone done);
    void apply_log(const StoredRecords& stored, Ledger& ledger);

    Storage& storage_;
    uint64_t snapshot_seq_ = 0;
    std::map<uint32_t, uint64_t> seen_;  // other devices' commits the snapshot holds: all seqs up to this
    int commits_since_snapshot_ = 0;
    bool meta_written_ = false;  // holds this device's ID; written with the first save
    std::set<std::pair<Kind, int>> dirty_;
    std::vector<std::string> first_buckets_;  // in the store, of the kinds that load first: the meta's "first"
    struct Loading {
        std::vector<StoreProblem> problems;
        std::set<std::string> buckets_done;  // loaded or found damaged
        std::set<std::string> first;         // the meta's "first": empty for a store written before it
        bool replay_all = false;             // a bucket or the meta is damaged: the log rebuilds it
        bool log_applied = false;
        bool log_replayed_all = false;       // applied with replay_all (else a later damaged bucket needs it again)
    } loading_;
};

// The kinds the registry opens with: the org tree, teachers, students, helpers, categories. Their
// buckets load first, and the app opens once they are in (a county's guardians, pairs and visits,
// most of its rows, load behind).
bool loads_first(Kind kind);
bool bucket_loads_first(std::string_view key);  // a snapshot bucket's key ("ledger/snap/student/07") of such a kind

int bucket_of(RecordId id);  // 0 … kBuckets-1, stable
std::string log_key(uint64_t seq);
std::string merged_key(uint32_t device, uint64_t seq);
std::string bucket_key(Kind kind, int bucket);

std::string commit_to_json(const Commit& commit);
Result<Commit> commit_from_json(std::string_view text);
std::string bucket_text(const Ledger& ledger, Kind kind, int bucket);  // written as version 2
// Loads the bucket's rows into the ledger (version 1 or 2); on error nothing is loaded.
Result<size_t> load_bucket(std::string_view text, Ledger& ledger);

}  // namespace gy
