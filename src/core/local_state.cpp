#include "local_state.h"

#include "county.h"
#include "scopes.h"

#include <cmath>

namespace gy {

void LocalState::load(double now_ms, uint32_t new_device) {
    begin_load(now_ms, new_device);
    while (load_step() == LoadStep::Working) {}
}

void LocalState::begin_load(double now_ms, uint32_t new_device) {
    problems_.clear();
    loading_.emplace().started_ms = now_ms;
    if (!read_batch()) return;
    StoredRecords& records = loading_->records;
    ledger_store_.begin_load(records, ledger_, new_device);
    load_record(records, kSettingsKey, settings_from_json, settings_, now_ms);
    load_record(records, kColumnMemoryKey, ColumnMemory::from_json, column_memory_, now_ms);
    load_record(records, kKeysKey, keyring_from_json, keys_, now_ms);
    load_record(records, kCountyKeysKey, keyring_from_json, county_keys_, now_ms);
    std::set<std::string> photo_queue;
    load_record(records, PhotoStore::kQueueKey, PhotoStore::parse_queue, photo_queue, now_ms);
    photos_.set_queue(std::move(photo_queue));
}

// A store that cannot be read, at once or a batch of it, is reported and the
// app goes on with what came (IndexedDbStorage then refuses every write, so
// nothing in the store is overwritten by a ledger that knows it only in part).
bool LocalState::read_batch() {
    Result<StoreRead> read = storage_.read_more(loading_->records);
    if (read) {
        loading_->read = read.value();
        return true;
    }
    problems_.push_back({"", read.error()});
    group_commits_by_readers(ledger_);
    loading_.reset();
    return false;
}

LocalState::LoadStep LocalState::load_step() {
    if (!loading_) return LoadStep::Done;
    if (ledger_store_.apply_log_when_first_in(loading_->records, ledger_)) return LoadStep::Working;
    if (ledger_store_.load_next_bucket(loading_->records, ledger_)) return LoadStep::Working;
    if (!loading_->read.whole()) {
        const size_t came = loading_->read.came;
        if (!read_batch()) return LoadStep::Done;
        return loading_->read.came > came ? LoadStep::Working : LoadStep::Waiting;
    }
    finish_load();
    return LoadStep::Done;
}

void LocalState::finish_load() {
    StoredRecords& records = loading_->records;
    for (StoreProblem& p : ledger_store_.finish_load(records, ledger_)) {
        quarantine(p.key, records.at(p.key), loading_->started_ms);
        problems_.push_back({p.key, std::move(p.error)});
    }
    group_commits_by_readers(ledger_);  // so no change file carries a record to a role that may not read it
    loading_.reset();
}

float LocalState::load_progress() const {
    if (!loading_) return 1;
    if (loading_->read.total == 0) return 0;
    size_t buckets_came = 0;
    for (auto it = loading_->records.lower_bound(std::string(kLateRecordsPrefix));
         it != loading_->records.end() && it->first.starts_with(kLateRecordsPrefix); ++it)
        ++buckets_came;
    const size_t done = loading_->read.came - buckets_came + ledger_store_.buckets_loaded();
    return static_cast<float>(done) / static_cast<float>(loading_->read.total);
}

// One JSON record into its slot; a record that cannot be read is set aside and reported, the default kept.
template <typename T, typename Parse>
void LocalState::load_record(const StoredRecords& records, const char* key, Parse parse, T& into, double now_ms) {
    auto it = records.find(key);
    if (it == records.end()) return;
    Result<T> parsed = parse(it->second);
    if (parsed) {
        into = std::move(parsed.value());
    } else {
        problems_.push_back({key, parsed.error()});
        quarantine(key, it->second, now_ms);
    }
}

void LocalState::remember_columns(const ColumnMap& map, const std::vector<std::string>& header) {
    column_memory_.remember(map, header);
    storage_.put(kColumnMemoryKey, column_memory_.to_json(), [](bool) {});
}

void LocalState::save_keys(Keyring keys, std::function<void(bool ok)> done) {
    keys_ = std::move(keys);
    storage_.put(kKeysKey, keyring_to_json(keys_), std::move(done));
}

void LocalState::save_county_keys(Keyring keys, std::function<void(bool ok)> done) {
    county_keys_ = std::move(keys);
    storage_.put(kCountyKeysKey, keyring_to_json(county_keys_), std::move(done));
}

void LocalState::quarantine(const std::string& key, const std::string& raw, double now_ms) {
    std::string aside = "quarantine/" + key + "/" + std::to_string(static_cast<long long>(std::floor(now_ms)));
    storage_.put(aside, raw, [](bool) {});
}

// Only the latest save's completion sets the state shown to the user.
void LocalState::track_save(std::function<void(WriteDone)> write) {
    save_state_ = SaveState::Saving;
    unsigned generation = ++save_generation_;
    write([this, generation](bool ok) {
        if (generation == save_generation_) save_state_ = ok ? SaveState::Saved : SaveState::Failed;
    });
}

Result<Settings> LocalState::save_settings(const Settings& settings) {
    Result<Settings> valid = validate_settings(settings);
    if (!valid) return valid;
    settings_ = valid.value();
    track_save([this](WriteDone done) { storage_.put(kSettingsKey, settings_to_json(settings_), std::move(done)); });
    return valid;
}

Outcome LocalState::commit(const Edit& edit, double now_ms) {
    if (loading_) {  // rows still to come could be changed by what comes: saved once they are in
        Outcome refused;
        refused.problems.push_back({{}, -1, Problem::StillLoading, IdProblem::None, "the ledger is still loading"});
        return refused;
    }
    // No operator set: the author is left empty (the trail says so in words), never a made-up name.
    std::string author = settings_.operator_name;
    if (!settings_.device_name.empty()) author += " @ " + settings_.device_name;
    Outcome out = ledger_.commit(edit, author, static_cast<int64_t>(now_ms), china_date(now_ms));
    if (!out.ok() || out.seq == 0) return out;
    undoable_.push_back({out.first_seq, out.seq});
    std::vector<const Commit*> made;
    for (uint64_t seq = out.first_seq; seq <= out.seq; ++seq) made.push_back(ledger_.find_commit(seq));
    track_save([&](WriteDone done) { ledger_store_.save(ledger_, made, std::move(done)); });
    return out;
}

void LocalState::merge_remote(std::vector<Commit> commits, std::function<void(bool)> stored) {
    std::vector<std::pair<uint32_t, uint64_t>> merged;
    for (Commit& c : commits) {
        const std::pair<uint32_t, uint64_t> key{c.device, c.seq};
        if (ledger_.merge(std::move(c))) merged.push_back(key);
    }
    if (merged.empty()) return stored(true);
    std::vector<const Commit*> written;
    for (auto [device, seq] : merged) written.push_back(ledger_.find_commit(device, seq));
    ledger_store_.save_merged(ledger_, written, std::move(stored));
}

bool LocalState::take_back(const Edit& undo, double now_ms) {
    const Outcome out = commit(undo, now_ms);
    if (out.ok() && out.seq) undoable_.pop_back();
    return out.ok();
}

bool LocalState::undo_last(double now_ms) {
    while (!undoable_.empty()) {
        const auto [first, last] = undoable_.back();
        undoable_.pop_back();
        Outcome out = commit(ledger_.undo_edit(first, last), now_ms);
        if (out.ok()) {
            if (out.seq) undoable_.pop_back();  // the undo itself is not offered for undo
            return true;
        }
    }
    return false;
}

void LocalState::fill_with_sample_county(double fraction, double now_ms) {
    if (ledger_.live_count(Kind::Student) > 0) return;
    generate_county(ledger_, CountyShape::scaled(fraction), 2026, china_date(now_ms));
    track_save([this](WriteDone done) { ledger_store_.save_snapshot(ledger_, std::move(done)); });
}

}  // namespace gy
