// local_state.h — what this device keeps, read once at start and written on every edit.
//
// Wraps a Storage. On load, a record that cannot be read (damaged, written by
// a newer version) is not thrown away: it is copied aside under
// "quarantine/<key>/<time>" and reported, and the app starts with defaults.
// Saves report their state (saving → saved / failed) so the UI shows "已保存"
// only once the storage said the write is durable.
// The ledger (ledger_store.h) lives here too: its commits go through commit(),
// which checks, applies, writes, and reports the save state like any other save.
// Import column mappings the clerk accepted are kept here too (column_memory.h).
// The township's keys (seal.h) are kept here too, once the clerk set them up or the device joined,
// and the household photos this device holds, with the queue of those it has still to send (photos.h).
// Depends on: storage.h, settings.h, ledger_store.h, column_memory.h, seal.h, photos.h.
#pragma once

#include "column_memory.h"
#include "ledger_store.h"
#include "photos.h"
#include "seal.h"
#include "settings.h"
#include "storage.h"

#include <optional>
#include <string>
#include <vector>

namespace gy {

enum class SaveState { Idle, Saving, Saved, Failed };

struct LoadProblem {
    std::string key;  // empty: the store itself could not be read
    Error error;
};

class LocalState {
public:
    static constexpr const char* kSettingsKey = "settings";
    static constexpr const char* kColumnMemoryKey = "import/columns";
    static constexpr const char* kKeysKey = "sync/keys";
    static constexpr const char* kCountyKeysKey = "county/keys";

    explicit LocalState(Storage& storage) : storage_(storage), ledger_store_(storage), photos_(storage) {}

    // new_device: this device's ledger ID if the store has none yet (random, from the platform).
    // For a storage that brings everything in one batch (Storage::read_more).
    void load(double now_ms, uint32_t new_device = 1);
    // The same in steps, for the browser: a county's store is read in batches
    // and loaded over several frames, the app drawing between them. begin_load
    // takes the first batch (settings and keys are current from then on); each
    // load_step loads one snapshot bucket, or takes the next batch, or, once
    // every record came and is loaded, completes the ledger. A county can be
    // shown before Done: once usable(), the kinds that load first (ledger_store.h
    // loads_first) are whole and current, and the rest load behind. Nothing can
    // be committed (commit() refuses: Problem::StillLoading) or merged before Done.
    enum class LoadStep { Working, Waiting, Done };  // Waiting: for the storage's next batch
    void begin_load(double now_ms, uint32_t new_device = 1);
    LoadStep load_step();
    bool loading() const { return loading_.has_value(); }
    bool usable() const { return !loading_ || ledger_store_.log_applied(); }
    bool kind_loaded(Kind kind) const { return !loading_ || (usable() && loads_first(kind)); }
    bool store_read_whole() const { return !loading_ || loading_->read.whole(); }  // every record came
    float load_progress() const;  // 0 … 1, by records
    const std::vector<LoadProblem>& problems() const { return problems_; }

    const Settings& settings() const { return settings_; }
    // Validates, then writes; the new settings are current at once, the save
    // state follows the storage. An invalid value changes nothing.
    Result<Settings> save_settings(const Settings& settings);
    SaveState save_state() const { return save_state_; }

    // Mappings of accepted imports; remember_columns writes them (its save is
    // not shown as the save state: losing one only means guessing again).
    const ColumnMemory& column_memory() const { return column_memory_; }
    void remember_columns(const ColumnMap& map, const std::vector<std::string>& header);

    // The township's keys; not ready() until set up or joined. save_keys
    // writes them durably, then done(ok); the keys are current at once.
    const Keyring& keys() const { return keys_; }
    Keyring& keys() { return keys_; }  // sync pins signers here; kept by the next save_keys
    void save_keys(Keyring keys, std::function<void(bool ok)> done);
    // A county viewer's key (county_view.h): its data key is the county's X25519 secret.
    const Keyring& county_keys() const { return county_keys_; }
    void save_county_keys(Keyring keys, std::function<void(bool ok)> done);

    PhotoStore& photos() { return photos_; }
    const PhotoStore& photos() const { return photos_; }

    const Ledger& ledger() const { return ledger_; }
    void rebuild_views() { ledger_.mark_all_changed(); }  // Ledger::mark_all_changed()
    RecordId new_id(Kind kind) { return ledger_.new_id(kind); }
    // The one way to change the ledger: checked, applied, written. Author is
    // "operator @ device" from the settings.
    Outcome commit(const Edit& edit, double now_ms);
    // Commits from other devices (sync, bundles): merged into the ledger, then
    // written in one durable write; stored(ok) after. Known commits are skipped.
    void merge_remote(std::vector<Commit> commits, std::function<void(bool ok)> stored);
    // Takes back what a role's device may not change (sync.h merge_judged): committed like an edit
    // of this device, but not offered for undo.
    bool take_back(const Edit& undo, double now_ms);
    // Undoes this session's latest commit that is not undone yet; false when none.
    bool undo_last(double now_ms);
    bool can_undo() const { return !undoable_.empty(); }
    // Fills an empty ledger with a synthetic county (tests, benchmarks, demos).
    void fill_with_sample_county(double fraction, double now_ms);

private:
    bool read_batch();
    void finish_load();
    void quarantine(const std::string& key, const std::string& raw, double now_ms);
    template <typename T, typename Parse>
    void load_record(const StoredRecords& records, const char* key, Parse parse, T& into, double now_ms);
    void track_save(std::function<void(WriteDone)> write);

    Storage& storage_;
    Settings settings_;
    ColumnMemory column_memory_;
    Keyring keys_;
    Keyring county_keys_;
    Ledger ledger_;
    LedgerStore ledger_store_;
    PhotoStore photos_;
    std::vector<std::pair<uint64_t, uint64_t>> undoable_;  // this session's edits (first … last commit), latest last
    std::vector<LoadProblem> problems_;
    struct Loading {
        StoredRecords records;  // as they came; a loaded bucket's text is let go
        StoreRead read;
        double started_ms = 0;
    };
    std::optional<Loading> loading_;
    SaveState save_state_ = SaveState::Idle;
    unsigned save_generation_ = 0;  // only the latest save's completion sets the state
};

}  // namespace gy
