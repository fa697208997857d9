// ledger_store.cpp — ledger files: commits, snapshot buckets, meta; load and save.
//
// Index:
//   [SECTION] Keys
//   [SECTION] Commits as JSON
//   [SECTION] Snapshot buckets
//   [SECTION] Loading
//   [SECTION] Saving
#include "ledger_store.h"

#include <cstdlib>

#include "json_fields.h"
#include "pinyin.h"
#include "text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bitset>
#include <charconv>
#include <cstdio>
#include <map>

namespace gy {

using nlohmann::json;

static constexpr const char* kMetaKey = "ledger/meta";
static constexpr std::string_view kLogPrefix = "ledger/log/", kInPrefix = "ledger/in/", kSnapPrefix = kLateRecordsPrefix;

// [SECTION] Keys

int bucket_of(RecordId id) {
    return static_cast<int>((id.bits * 0x9E3779B97F4A7C15ull) >> 59) % LedgerStore::kBuckets;
}

std::string log_key(uint64_t seq) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "ledger/log/%012llu", static_cast<unsigned long long>(seq));
    return buf;
}

std::string merged_key(uint32_t device, uint64_t seq) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "ledger/in/%06x/%012llu", device, static_cast<unsigned long long>(seq));
    return buf;
}

std::string bucket_key(Kind kind, int bucket) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "ledger/snap/%s/%02d", kind_def(kind).key, bucket);
    return buf;
}

static Error bad(ErrorCode code, std::string detail) { return Error{code, std::move(detail)}; }

// Every file starts {"format": …, "version": …}; versions above newest are refused.
static Result<json> parse_file(std::string_view text, const char* format, int newest = kLedgerVersion) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return bad(ErrorCode::InvalidJson, std::string(format) + " is not valid JSON");
    if (!j.is_object() || string_or(j, "format") != format || !j.contains("version") || !j["version"].is_number_integer())
        return bad(ErrorCode::InvalidFormat, std::string(format) + ": no format/version");
    if (j["version"].get<int>() > newest)
        return bad(ErrorCode::UnsupportedVersion, std::string(format) + " version " + j["version"].dump());
    // Migrations from older versions go here, one step per version, oldest first.
    return j;
}

// [SECTION] Commits as JSON

std::string commit_to_json(const Commit& c) {
    json changes = json::array();
    for (const Change& ch : c.changes)
        changes.push_back({ch.record.text(), change_field_name(ch.record.kind(), ch.field), ch.value, ch.old_value});
    return json{{"format", "gongyu.ledger.commit"}, {"version", kLedgerVersion}, {"device", c.device}, {"seq", c.seq},
                {"clock", c.clock}, {"at", c.at_ms}, {"by", c.author}, {"changes", std::move(changes)}}
        .dump();
}

Result<Commit> commit_from_json(std::string_view text) {
    Result<json> file = parse_file(text, "gongyu.ledger.commit");
    if (!file) return file.error();
    const json& j = file.value();
    Commit c;
    if (!j.contains("seq") || !j["seq"].is_number_unsigned() || !j.contains("changes") || !j["changes"].is_array())
        return bad(ErrorCode::InvalidFormat, "commit without seq or changes");
    c.seq = j["seq"].get<uint64_t>();
    c.at_ms = int_or(j, "at");
    // Commits written before sync existed have neither: they are this device's, stamped by their wall clock.
    c.device = static_cast<uint32_t>(std::clamp<int64_t>(int_or(j, "device"), 0, 0xFFFFFF));
    c.clock = j.contains("clock") && j["clock"].is_number_unsigned() ? j["clock"].get<uint64_t>()
                                                                      : static_cast<uint64_t>(std::max<int64_t>(c.at_ms, 0)) << 16;
    c.author = string_or(j, "by");
    for (const json& ch : j["changes"]) {
        if (!ch.is_array() || ch.size() != 4 || !ch[0].is_string() || !ch[1].is_string() || !ch[2].is_string() || !ch[3].is_string())
            return bad(ErrorCode::InvalidFormat, "change is not [record, field, value, old]");
        std::optional<RecordId> id = RecordId::parse(ch[0].get<std::string>());
        if (!id) return bad(ErrorCode::InvalidFormat, "bad record ID " + ch[0].dump());
        std::optional<int> field = change_field_from_name(id->kind(), ch[1].get<std::string>());
        if (!field) return bad(ErrorCode::UnsupportedVersion, "unknown field " + ch[1].dump());
        c.changes.push_back({*id, *field, ch[2].get<std::string>(), ch[3].get<std::string>()});
    }
    return c;
}

// [SECTION] Snapshot buckets

// Rows are tab-separated lines (text.h escaping). Version 1 kept them as one
// JSON string; version 2 writes a line of JSON (format, kind, fields) and then
// the rows as they are, so loading a county reads them in place instead of
// unescaping 40 MB of JSON string first (buckets only: commits and meta stay 1).
// A row's field stamps as one cell: "#created=<clock hex>.<device hex> name=…".
static void append_stamps(std::string& out, const Record& r) {
    char buf[48];
    for (size_t i = 0; i < r.stamps.size(); ++i) {
        const FieldStamp& s = r.stamps[i];
        if (i) out += ' ';
        out += change_field_name(r.id.kind(), s.field);
        std::snprintf(buf, sizeof buf, "=%llx.%x", static_cast<unsigned long long>(s.stamp.clock), s.stamp.device);
        out += buf;
    }
}

static bool parse_stamps(Kind kind, std::string_view cell, std::vector<FieldStamp>& out) {
    out.clear();
    while (!cell.empty()) {
        const size_t space = cell.find(' ');
        std::string_view item = cell.substr(0, space);
        cell.remove_prefix(space == std::string_view::npos ? cell.size() : space + 1);
        const size_t eq = item.find('='), dot = item.find('.', eq);
        if (eq == std::string_view::npos || dot == std::string_view::npos) return false;
        std::optional<int> field = change_field_from_name(kind, item.substr(0, eq));
        // from_chars, not sscanf: one per row of a county, and it neither allocates nor reads a locale.
        uint64_t clock = 0;
        uint32_t device = 0;
        const char* end = item.data() + item.size();
        auto [clock_end, clock_error] = std::from_chars(item.data() + eq + 1, item.data() + dot, clock, 16);
        auto [device_end, device_error] = std::from_chars(item.data() + dot + 1, end, device, 16);
        if (!field || clock_error != std::errc() || clock_end != item.data() + dot || device_error != std::errc() ||
            device_end != end || dot + 1 == item.size() || device > 0xFFFFFF)
            return false;
        out.push_back({*field, {clock, device}});
    }
    return true;
}

std::string bucket_text(const Ledger& ledger, Kind kind, int bucket) {
    json fields = json::array();
    for (const FieldDef& f : kind_def(kind).fields) fields.push_back(f.key);
    std::string out = json{{"format", "gongyu.ledger.bucket"}, {"version", kBucketVersion}, {"kind", kind_def(kind).key},
                           {"fields", std::move(fields)},      {"stamps", true}}
                          .dump();
    out += '\n';  // JSON as dump() writes it has no line break of its own: the first one ends the header
    for (const Record& r : ledger.records(kind)) {
        if (bucket_of(r.id) != bucket) continue;
        out += r.id.text();
        out += r.deleted ? "\t1" : "\t0";
        for (const std::string& v : r.values) out += '\t', append_tsv_escaped(out, v);
        out += '\t';
        append_stamps(out, r);
        out += '\n';
    }
    return out;
}

// The header as JSON and the rows: after the header's line (version 2) or inside it (version 1).
struct BucketParts {
    json header;
    std::string_view rows;
};

static Result<BucketParts> split_bucket(std::string_view text) {
    const size_t eol = text.find('\n');
    Result<json> file = parse_file(text.substr(0, eol), "gongyu.ledger.bucket", kBucketVersion);
    if (!file) return file.error();
    BucketParts parts{std::move(file.value()), {}};
    const json& j = parts.header;
    if (j["version"].get<int>() >= 2) {
        if (eol == std::string_view::npos) return bad(ErrorCode::InvalidFormat, "bucket without rows");
        parts.rows = text.substr(eol + 1);
    } else {
        if (!j.contains("rows") || !j["rows"].is_string()) return bad(ErrorCode::InvalidFormat, "bucket without rows");
        parts.rows = j["rows"].get_ref<const std::string&>();  // a view into header, which parts owns
    }
    return parts;
}

// Columns are matched by name, so files from older versions with fewer fields load too.
static Result<std::vector<int>> bucket_columns(Kind kind, const json& header) {
    if (!header.contains("fields") || !header["fields"].is_array()) return bad(ErrorCode::InvalidFormat, "bucket without fields");
    std::vector<int> column_field;
    for (const json& name : header["fields"]) {
        int f = name.is_string() ? field_index(kind, name.get<std::string>()) : -1;
        if (f < 0) return bad(ErrorCode::UnsupportedVersion, "unknown field " + name.dump());
        column_field.push_back(f);
    }
    return column_field;
}

// Values without a backslash (nearly all) are copied as they are.
static bool unescape_value(std::string_view cell, std::string& out) {
    if (cell.find('\\') == std::string_view::npos) return out.assign(cell), true;
    return tsv_unescape(cell, out);
}

Result<size_t> load_bucket(std::string_view text, Ledger& ledger) {
    Result<BucketParts> parts = split_bucket(text);
    if (!parts) return parts.error();
    const json& j = parts.value().header;
    std::optional<Kind> kind = j.contains("kind") && j["kind"].is_string() ? kind_from_key(j["kind"].get<std::string>()) : std::nullopt;
    if (!kind) return bad(ErrorCode::InvalidFormat, "bucket without kind");
    Result<std::vector<int>> columns = bucket_columns(*kind, j);
    if (!columns) return columns.error();
    const std::vector<int>& column_field = columns.value();
    const size_t width = kind_def(*kind).fields.size();
    const bool has_stamps = j.contains("stamps") && j["stamps"].is_boolean() && j["stamps"].get<bool>();
    std::vector<int> name_fields;
    for (size_t f = 0; f < width; ++f)
        if (field_def(*kind, static_cast<int>(f)).type == FieldType::Name) name_fields.push_back(static_cast<int>(f));
    struct Row { RecordId id; std::vector<std::string> values; bool deleted; std::vector<FieldStamp> stamps; };
    std::vector<Row> rows;  // all rows are checked before any is loaded
    std::string_view rest = parts.value().rows;
    rows.reserve(static_cast<size_t>(std::count(rest.begin(), rest.end(), '\n')));
    std::vector<std::string_view> cells;
    while (!rest.empty()) {
        const size_t eol = rest.find('\n');
        if (eol == std::string_view::npos) return bad(ErrorCode::InvalidFormat, "last row not ended");
        std::string_view line = rest.substr(0, eol);
        rest.remove_prefix(eol + 1);
        split_tabs(line, cells);
        if (cells.size() != column_field.size() + 2 + has_stamps || (cells[1] != "0" && cells[1] != "1"))
            return bad(ErrorCode::InvalidFormat, "row " + std::to_string(rows.size()) + " of the wrong shape");
        std::optional<RecordId> id = RecordId::parse(cells[0]);
        if (!id || id->kind() != *kind) return bad(ErrorCode::InvalidFormat, "bad record ID " + std::string(cells[0]));
        Row r{*id, std::vector<std::string>(width), cells[1] == "1", {}};
        if (has_stamps && !parse_stamps(*kind, cells.back(), r.stamps)) return bad(ErrorCode::InvalidFormat, "bad stamps " + std::string(cells.back()));
        for (size_t c = 0; c < column_field.size(); ++c)
            if (!unescape_value(cells[c + 2], r.values[column_field[c]])) return bad(ErrorCode::InvalidFormat, "bad escape in a value");
        for (int f : name_fields) expect_name(r.values[f]);
        rows.push_back(std::move(r));
    }
    for (Row& r : rows) ledger.load_row(r.id, std::move(r.values), r.deleted, std::move(r.stamps));
    return rows.size();
}

// [SECTION] Loading

// Commits from other devices that the snapshot holds: per device, every seq up
// to this one. ("seen": {"3fa2c1": 42}).
static std::map<uint32_t, uint64_t> seen_from_json(const json& meta) {
    std::map<uint32_t, uint64_t> seen;
    if (!meta.contains("seen") || !meta["seen"].is_object()) return seen;
    for (const auto& [device, seq] : meta["seen"].items()) {
        unsigned d = 0;
        int used = 0;
        if (std::sscanf(device.c_str(), "%x%n", &d, &used) == 1 && used == static_cast<int>(device.size()) && seq.is_number_unsigned())
            seen[d] = seq.get<uint64_t>();
    }
    return seen;
}

// The meta says how many rows each kind had at the last write ("rows":
// {"student": 123000}), so the indexes are sized once before the buckets come
// (in the browser they come in batches). Only a size: wrong or missing costs time, not data.
static void reserve_rows(const json& meta, Ledger& ledger) {
    if (!meta.contains("rows") || !meta["rows"].is_object()) return;
    for (const auto& [key, n] : meta["rows"].items())
        if (std::optional<Kind> kind = kind_from_key(key); kind && n.is_number_unsigned())
            ledger.reserve(*kind, std::min<size_t>(n.get<size_t>(), size_t{1} << 24));
}

bool loads_first(Kind kind) {
    return kind <= Kind::Student || kind == Kind::Helper || kind == Kind::Category;
}

bool bucket_loads_first(std::string_view key) {
    if (!key.starts_with(kSnapPrefix)) return false;
    key.remove_prefix(kSnapPrefix.size());
    std::optional<Kind> kind = kind_from_key(key.substr(0, key.find('/')));
    return kind && loads_first(*kind);
}

std::vector<StoreProblem> LedgerStore::load(StoredRecords& stored, Ledger& ledger, uint32_t new_device) {
    begin_load(stored, ledger, new_device);
    while (load_next_bucket(stored, ledger)) {}
    return finish_load(stored, ledger);
}

void LedgerStore::begin_load(const StoredRecords& stored, Ledger& ledger, uint32_t new_device) {
    uint32_t device = new_device;
    snapshot_seq_ = 0;
    seen_.clear();
    loading_ = {};
    json meta_doc;
    if (auto it = stored.find(kMetaKey); it != stored.end()) {
        Result<json> meta = parse_file(it->second, "gongyu.ledger.meta");
        if (meta && meta.value().contains("device") && meta.value()["device"].is_number_unsigned()) {
            device = meta.value()["device"].get<uint32_t>();
            snapshot_seq_ = static_cast<uint64_t>(std::max<int64_t>(0, int_or(meta.value(), "snapshot_seq")));
            seen_ = seen_from_json(meta.value());
            meta_doc = std::move(meta.value());
        } else {
            loading_.problems.push_back({kMetaKey, meta ? bad(ErrorCode::InvalidFormat, "meta without device") : meta.error()});
        }
    }
    ledger = Ledger(device);
    reserve_rows(meta_doc, ledger);
    if (meta_doc.contains("first") && meta_doc["first"].is_array())
        for (const json& key : meta_doc["first"])
            if (key.is_string() && key.get_ref<const std::string&>().starts_with(kSnapPrefix)) loading_.first.insert(key.get<std::string>());
    // A damaged bucket is rebuilt from the log, which is kept whole: replay it all.
    loading_.replay_all = !loading_.problems.empty();
}

bool LedgerStore::load_next_bucket(StoredRecords& stored, Ledger& ledger) {
    auto next = stored.end();
    for (auto it = stored.lower_bound(std::string(kSnapPrefix)); it != stored.end() && it->first.starts_with(kSnapPrefix); ++it) {
        if (loading_.buckets_done.contains(it->first)) continue;
        if (next == stored.end()) next = it;
        if (loading_.log_applied || loading_.first.contains(it->first)) {
            next = it;
            break;
        }
    }
    if (next == stored.end()) return false;
    loading_.buckets_done.insert(next->first);
    Result<size_t> loaded = load_bucket(next->second, ledger);
    if (!loaded) loading_.problems.push_back({next->first, loaded.error()}), loading_.replay_all = true;
    else std::string().swap(next->second);
    return true;
}

bool LedgerStore::apply_log_when_first_in(const StoredRecords& stored, Ledger& ledger) {
    if (loading_.log_applied || loading_.first.empty()) return false;
    for (const std::string& key : loading_.first)
        if (!loading_.buckets_done.contains(key)) return false;
    apply_log(stored, ledger);
    return true;
}

// Merging is order-free (last writer wins per field), so this device's log
// and what came from others load one after the other.
void LedgerStore::apply_log(const StoredRecords& stored, Ledger& ledger) {
    loading_.log_applied = true;
    loading_.log_replayed_all = loading_.replay_all;
    commits_since_snapshot_ = 0;
    for (std::string_view prefix : {kLogPrefix, kInPrefix}) {
        for (auto it = stored.lower_bound(std::string(prefix)); it != stored.end() && it->first.starts_with(prefix); ++it) {
            Result<Commit> commit = commit_from_json(it->second);
            if (!commit) {
                loading_.problems.push_back({it->first, commit.error()});
                if (prefix == kLogPrefix) ledger.note_own_seq(std::strtoull(it->first.c_str() + kLogPrefix.size(), nullptr, 10));
                continue;
            }
            Commit& c = commit.value();
            if (c.device == 0) c.device = ledger.device();
            const uint64_t held = c.device == ledger.device() ? snapshot_seq_ : (seen_.contains(c.device) ? seen_[c.device] : 0);
            const bool in_snapshot = !loading_.replay_all && c.seq <= held;
            ledger.merge(std::move(c), /*apply_values=*/!in_snapshot);
            commits_since_snapshot_ += !in_snapshot;
        }
    }
}

std::vector<StoreProblem> LedgerStore::finish_load(const StoredRecords& stored, Ledger& ledger) {
    if (!loading_.log_applied) apply_log(stored, ledger);
    else if (loading_.replay_all && !loading_.log_replayed_all) ledger.reapply_commits();  // a bucket behind was damaged
    std::set<std::string> damaged;
    for (const StoreProblem& p : loading_.problems) damaged.insert(p.key);
    first_buckets_.clear();
    for (const std::string& key : loading_.buckets_done)
        if (bucket_loads_first(key) && !damaged.contains(key)) first_buckets_.push_back(key);
    meta_written_ = stored.contains(kMetaKey);  // else with the first save: opening the app writes nothing
    std::vector<StoreProblem> problems = std::move(loading_.problems);
    loading_ = {};
    return problems;
}

std::string LedgerStore::meta_json(const Ledger& ledger, uint64_t snapshot_seq) const {
    json seen = json::object(), rows = json::object();
    char hex[16];
    for (auto [d, seq] : seen_) std::snprintf(hex, sizeof hex, "%06x", d), seen[hex] = seq;
    for (const KindDef& k : all_kinds())
        if (size_t n = ledger.records(k.kind).size()) rows[k.key] = n;
    return json{{"format", "gongyu.ledger.meta"}, {"version", kLedgerVersion}, {"device", ledger.device()},
                {"snapshot_seq", snapshot_seq}, {"seen", std::move(seen)}, {"rows", std::move(rows)},
                {"first", first_buckets_}}
        .dump();
}

void LedgerStore::save(const Ledger& ledger, std::span<const Commit* const> commits, WriteDone done) {
    StoredRecords files;
    for (const Commit* c : commits) files[log_key(c->seq)] = commit_to_json(*c);
    write_with_meta(ledger, std::move(files), {commits.begin(), commits.end()}, std::move(done));
}

void LedgerStore::save_merged(const Ledger& ledger, std::span<const Commit* const> commits, WriteDone done) {
    StoredRecords files;
    for (const Commit* c : commits) files[merged_key(c->device, c->seq)] = commit_to_json(*c);
    write_with_meta(ledger, std::move(files), {commits.begin(), commits.end()}, std::move(done));
}

// The meta (this device's ID) goes with the first write; opening the app writes nothing.
void LedgerStore::write_with_meta(const Ledger& ledger, StoredRecords files, std::vector<const Commit*> commits, WriteDone done) {
    if (!meta_written_) {
        files[kMetaKey] = meta_json(ledger, snapshot_seq_);
        meta_written_ = true;
    }
    storage_.put_many(files, std::move(done));
    for (const Commit* c : commits)
        for (const Change& ch : c->changes) dirty_.insert({ch.record.kind(), bucket_of(ch.record)});
    commits_since_snapshot_ += static_cast<int>(commits.size());
    if (commits_since_snapshot_ < kCompactEvery) return;
    write_buckets(ledger, dirty_, [](bool) {});
}

void LedgerStore::save_snapshot(const Ledger& ledger, WriteDone done) {
    std::set<std::pair<Kind, int>> all;
    for (const KindDef& k : all_kinds())
        for (const Record& r : ledger.records(k.kind)) all.insert({k.kind, bucket_of(r.id)});
    write_buckets(ledger, all, std::move(done));
}

// The buckets of the kinds that load first that hold a row, as keys.
static std::vector<std::string> buckets_in_use(const Ledger& ledger) {
    std::vector<std::string> keys;
    for (const KindDef& k : all_kinds()) {
        if (!loads_first(k.kind)) continue;
        std::bitset<LedgerStore::kBuckets> used;
        for (const Record& r : ledger.records(k.kind)) used.set(static_cast<size_t>(bucket_of(r.id)));
        for (int b = 0; b < LedgerStore::kBuckets; ++b)
            if (used[static_cast<size_t>(b)]) keys.push_back(bucket_key(k.kind, b));
    }
    return keys;
}

// Buckets and the meta (which commits the snapshot holds) go in one write:
// in IndexedDB one transaction, so the snapshot is whole or not there.
void LedgerStore::write_buckets(const Ledger& ledger, const std::set<std::pair<Kind, int>>& buckets, WriteDone done) {
    const uint64_t through = ledger.last_seq();
    for (const Commit& c : ledger.commits()) {
        if (c.device == ledger.device()) continue;
        uint64_t& held = seen_[c.device];
        while (ledger.knows(c.device, held + 1)) ++held;
    }
    StoredRecords files;
    for (auto [kind, bucket] : buckets) files[bucket_key(kind, bucket)] = bucket_text(ledger, kind, bucket);
    first_buckets_ = buckets_in_use(ledger);  // once this write is done, every bucket with a row is stored
    files[kMetaKey] = meta_json(ledger, through);
    meta_written_ = true;
    dirty_.clear();
    commits_since_snapshot_ = 0;
    storage_.put_many(files, [this, through, done = std::move(done)](bool ok) {
        if (ok) snapshot_seq_ = std::max(snapshot_seq_, through);
        done(ok);
    });
}

}  // namespace gy
