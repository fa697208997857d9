// sync.cpp — change files and the sync round.
//
// Index:
//   [SECTION] Change file names
//   [SECTION] Change files: encode, decode
//   [SECTION] Bundles
//   [SECTION] The round
//   [SECTION] Snapshots
//   [SECTION] Checking the audit trail
#include "sync.h"

#include "json_fields.h"
#include "scopes.h"
#include "text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <memory>

namespace gy {

using nlohmann::json;

static constexpr const char* kChangesFolder = "changes/";
static constexpr const char* kSnapshotsFolder = "snapshots/";
static constexpr const char* kFormat = "gongyu.sync.changes";
static constexpr int kFormatVersion = 1;

static Error damaged(std::string detail) { return Error{ErrorCode::InvalidFormat, std::move(detail)}; }

// The largest seq a name can hold: twelve digits, as the township's stream writes them. Also below 2^40,
// where a seq would reach into the device's bits of the ledger's commit index.
static constexpr uint64_t kMaxSeq = 999'999'999'999;

// [SECTION] Change file names

bool ChangeFileName::holds(uint64_t seq) const {
    if (runs.empty()) return seq >= first && seq <= last;
    return std::any_of(runs.begin(), runs.end(), [seq](auto run) { return seq >= run.first && seq <= run.second; });
}

uint64_t ChangeFileName::count() const {
    if (runs.empty()) return last - first + 1;
    uint64_t n = 0;
    for (auto [a, b] : runs) n += b - a + 1;
    return n;
}

// Sorted and merged, so that in_runs can search them (every run starts at 1 or more).
static void merge_runs(Runs& runs) {
    std::sort(runs.begin(), runs.end());
    Runs merged;
    for (auto run : runs)
        if (!merged.empty() && run.first - 1 <= merged.back().second) merged.back().second = std::max(merged.back().second, run.second);
        else merged.push_back(run);
    runs = std::move(merged);
}

static bool in_runs(const Runs& merged, uint64_t seq) {
    auto after = std::upper_bound(merged.begin(), merged.end(), std::pair{seq, std::numeric_limits<uint64_t>::max()});
    return after != merged.begin() && std::prev(after)->second >= seq;
}

// Calls fn(seq) for each seq the file holds, until it returns false; false when it did. A run longer than
// `at_most` is not walked (false at once): a name can claim 1-18446744073709551615.
template <typename Fn>
static bool each_held(const ChangeFileName& n, uint64_t at_most, Fn fn) {
    const Runs runs = n.runs.empty() ? Runs{{n.first, n.last}} : n.runs;
    for (auto [a, b] : runs) {
        if (b - a >= at_most) return false;
        for (uint64_t s = a;; ++s) {
            if (!fn(s)) return false;
            if (s == b) break;
        }
    }
    return true;
}

// Whether the ledger lacks a commit the file holds.
static bool lacks_any(const Ledger& ledger, const ChangeFileName& n) {
    return !each_held(n, ledger.commits().size(), [&](uint64_t s) { return ledger.knows(n.device, s); });
}

static std::string runs_text(const ChangeFileName& n) {
    std::string out;
    for (auto [a, b] : n.runs) out += (out.empty() ? "" : ",") + std::to_string(a) + (a == b ? "" : "-" + std::to_string(b));
    return out;
}

std::string change_file_path(const ChangeFileName& n) {
    char buf[80];
    if (n.relayer) {
        std::snprintf(buf, sizeof buf, "%s%06x/%06x.", kChangesFolder, n.relayer, n.device);
        return buf + runs_text(n) + "." + n.readers + ".gyr";
    }
    std::snprintf(buf, sizeof buf, "%s%06x/", kChangesFolder, n.device);
    if (!n.runs.empty()) return buf + runs_text(n) + "." + n.readers + ".gyc";
    std::snprintf(buf, sizeof buf, "%s%06x/%012" PRIu64 "-%012" PRIu64, kChangesFolder, n.device, n.first, n.last);
    return buf + (n.readers.empty() ? std::string() : "." + n.readers) + ".gyc";
}

// "5-9,12" as runs, ascending and apart; false unless exactly that shape.
static bool parse_runs(std::string_view text, std::vector<std::pair<uint64_t, uint64_t>>& runs) {
    while (!text.empty()) {
        const size_t end = std::min(text.find(','), text.size());
        unsigned long long a = 0, b = 0;
        int used = 0;
        const std::string run(text.substr(0, end));
        if (std::sscanf(run.c_str(), "%llu%n", &a, &used) != 1 || used == 0) return false;
        b = a;
        if (run[used] == '-') {
            int more = 0;
            if (std::sscanf(run.c_str() + used + 1, "%llu%n", &b, &more) != 1) return false;
            used += 1 + more;
        }
        if (used != static_cast<int>(run.size()) || a == 0 || b < a || b > kMaxSeq || (!runs.empty() && a <= runs.back().second + 1)) return false;
        if (std::to_string(a) + (a == b ? "" : "-" + std::to_string(b)) != run) return false;  // one spelling per name
        runs.emplace_back(a, b);
        text.remove_prefix(std::min(text.size(), end + 1));
    }
    return !runs.empty();
}

// "00a1b2.5-9.helper.3fa2c1.2.gyr" in the relayer's folder: the device it relays, then a role's file name.
static std::optional<ChangeFileName> parse_relay_file(uint32_t relayer, std::string_view file) {
    unsigned device = 0;
    int used = 0;
    const std::string head(file.substr(0, 7));
    if (head.size() != 7 || std::sscanf(head.c_str(), "%6x.%n", &device, &used) != 1 || used != 7 || device == relayer || !device || !relayer)
        return std::nullopt;
    if (device_hex(device) + "." != head) return std::nullopt;  // one spelling per name
    std::optional<ChangeFileName> n = parse_change_file(device, std::string(file.substr(7, file.size() - 11)) + ".gyc");
    if (!n || n->runs.empty()) return std::nullopt;
    n->relayer = relayer;
    return n;
}

std::optional<ChangeFileName> parse_change_file(uint32_t folder, std::string_view file) {
    if (file.ends_with(".gyr")) return parse_relay_file(folder, file);
    if (!file.ends_with(".gyc")) return std::nullopt;
    file.remove_suffix(4);
    ChangeFileName n{folder, 0, 0, {}, {}};
    const size_t dot = file.find('.');
    if (dot != std::string_view::npos) {
        n.readers = std::string(file.substr(dot + 1));
        const std::optional<Scope> scope = parse_scope(n.readers);
        if (!scope || scope_text(*scope) != n.readers) return std::nullopt;
        file = file.substr(0, dot);
    }
    unsigned long long first = 0, last = 0;
    int used = 0;
    const std::string range(file);
    if (range.size() == 25 && std::sscanf(range.c_str(), "%12llu-%12llu%n", &first, &last, &used) == 2 && used == 25 && first > 0 &&
        first <= last && (n.readers.empty() || n.readers == "township")) {
        n.first = first, n.last = last;
        return n;
    }
    if (n.readers.empty() || n.readers == "township" || !parse_runs(file, n.runs)) return std::nullopt;
    n.first = n.runs.front().first, n.last = n.runs.back().second;
    return n;
}

std::string role_key_file_path(const std::string& role) { return kKeysFolder + role + ".gyk"; }

Result<RolesDirectory> parse_roles_directory(std::string_view plain, const std::string& township) {
    const json j = json::parse(plain, nullptr, false);
    if (!j.is_object() || string_or(j, "format") != "gongyu.roles" || !j.contains("roles") || !j["roles"].is_object())
        return Error{ErrorCode::InvalidFormat, "not a roles directory"};
    if (string_or(j, "township") != township) return Error{ErrorCode::OtherTownship, "the roles directory of " + string_or(j, "township")};
    RolesDirectory directory;
    for (const auto& [role, hex] : j["roles"].items())
        if (!is_role(role) || !hex.is_string() || !hex_decode(hex.get<std::string>(), directory.roles[role]))
            return Error{ErrorCode::InvalidFormat, "roles directory entry " + role};
    if (const json signers = j.value("signers", json::object()); signers.is_object())
        for (const auto& [role, hex] : signers.items())
            if (!is_role(role) || !hex.is_string() || !hex_decode(hex.get<std::string>(), directory.signers[role]))
                return Error{ErrorCode::InvalidFormat, "roles directory signer " + role};
    if (auto devices = j.find("devices"); devices != j.end() && !device_keys_from_json(*devices, directory.devices))
        return Error{ErrorCode::InvalidFormat, "roles directory devices"};
    if (const json storage = j.value("storage", json::object()); storage.is_object())
        directory.storage = {string_or(storage, "access_key"), string_or(storage, "secret")};
    return directory;
}

std::optional<std::string> role_of_key_file(std::string_view file) {
    if (!file.ends_with(".gyk")) return std::nullopt;
    const std::optional<Scope> scope = parse_scope(file.substr(0, file.size() - 4));
    if (!scope || (scope->kind != ScopeKind::School && scope->kind != ScopeKind::Helper)) return std::nullopt;
    return scope_text(*scope);
}

bool reads_file(const Keyring& keys, const ChangeFileName& name) {
    if (name.relayer && !keys.is_clerk() && keys.township_signer == PublicKey{}) return false;  // who relayed it cannot be told here
    return reads_stream(keys, name.readers);
}

bool reads_stream(const Keyring& keys, const std::string& readers) {
    if (keys.is_clerk()) return readers.empty() || readers == "township";
    return readers == "directory" || readers == keys.role;
}

// [SECTION] Change files: encode, decode
//
//   {"format":"gongyu.sync.changes","version":1,"device":"3fa2c1","first":1,"last":2,"commits":2}
//   @1 <tab> clock (hex) <tab> at_ms <tab> number of changes <tab> author
//   student.3fa2c1.1b <tab> name <tab> 张三 <tab> (old value)
//   <tab> sex <tab> m <tab>                     (an empty record: the one above)
//   @2 …

Frontier frontier_of(std::span<const Commit> commits, uint32_t except_device, uint64_t before_clock) {
    Frontier seen;
    for (const Commit& c : commits)
        if (c.device != except_device && c.clock < before_clock) seen[c.device] = std::max(seen[c.device], c.seq);
    return seen;
}

bool knows_frontier(const Ledger& ledger, const Frontier& seen, std::map<uint32_t, uint64_t>& known) {
    for (const auto& [device, last] : seen) {
        uint64_t& through = known[device];
        while (through < last && ledger.knows(device, through + 1)) ++through;
        if (through < last) return false;
    }
    return true;
}

bool judge_now(const Ledger& ledger, const Keyring& keys, const Frontier& seen, std::span<const Commit> commits, double now_ms,
               std::map<uint32_t, uint64_t>& known) {
    Frontier heard_of;
    for (const auto& [device, seq] : seen)
        if (keys.signers.contains(device)) heard_of[device] = seq;
    if (knows_frontier(ledger, heard_of, known)) return true;
    int64_t newest = 0;
    for (const Commit& c : commits) newest = std::max(newest, c.at_ms);
    return now_ms - static_cast<double>(newest) >= kJudgeAnywayAfterMs;
}

static json frontier_json(const Frontier& seen) {
    json out = json::object();
    for (const auto& [device, seq] : seen) out[device_hex(device)] = seq;
    return out;
}

static Frontier parse_frontier(const json& header) {
    Frontier seen;
    if (!header.contains("seen") || !header["seen"].is_object()) return seen;
    for (const auto& [hex, seq] : header["seen"].items()) {
        unsigned device = 0;
        int used = 0;
        if (std::sscanf(hex.c_str(), "%6x%n", &device, &used) == 1 && used == 6 && hex.size() == 6 && seq.is_number_unsigned())
            seen[device] = seq.get<uint64_t>();
    }
    return seen;
}

std::string encode_changes(std::span<const Commit* const> commits, const Frontier* seen) {
    if (commits.empty()) return {};
    json header = {{"format", kFormat},
                   {"version", kFormatVersion},
                   {"device", device_hex(commits.front()->device)},
                   {"first", commits.front()->seq},
                   {"last", commits.back()->seq},
                   {"commits", commits.size()}};
    if (seen) header["seen"] = frontier_json(*seen);
    std::string out = header.dump();
    out += '\n';
    char head[64];
    for (const Commit* c : commits) {
        std::snprintf(head, sizeof head, "@%" PRIu64 "\t%" PRIx64 "\t%" PRId64 "\t%zu\t", c->seq, c->clock, c->at_ms, c->changes.size());
        out += head;
        append_tsv_escaped(out, c->author);
        out += '\n';
        RecordId previous;
        for (const Change& ch : c->changes) {
            if (ch.record != previous) out += ch.record.text();
            previous = ch.record;
            out += '\t';
            out += change_field_name(ch.record.kind(), ch.field);
            out += '\t';
            append_tsv_escaped(out, ch.value);
            out += '\t';
            append_tsv_escaped(out, ch.old_value);
            out += '\n';
        }
    }
    return out;
}

// A commit and how many changes follow it.
static Result<std::pair<Commit, size_t>> decode_commit_line(std::string_view line, uint32_t device) {
    std::vector<std::string_view> cells;
    split_tabs(line.substr(1), cells);
    Commit c;
    c.device = device;
    unsigned long long seq = 0, clock = 0, changes = 0;
    long long at = 0;
    int used = 0;
    if (cells.size() != 5) return damaged("commit line of the wrong shape");
    const std::string numbers = std::string(cells[0]) + " " + std::string(cells[1]) + " " + std::string(cells[2]) + " " + std::string(cells[3]);
    if (std::sscanf(numbers.c_str(), "%llu %llx %lld %llu%n", &seq, &clock, &at, &changes, &used) != 4 ||
        used != static_cast<int>(numbers.size()))
        return damaged("bad numbers in a commit line");
    c.seq = seq, c.clock = clock, c.at_ms = at;
    if (!tsv_unescape(cells[4], c.author)) return damaged("bad escape in an author");
    return std::pair{std::move(c), static_cast<size_t>(changes)};
}

static Result<bool> decode_change_line(std::string_view line, Commit& commit) {
    std::vector<std::string_view> cells;
    split_tabs(line, cells);
    if (cells.size() != 4) return damaged("change line of the wrong shape");
    Change ch;
    if (cells[0].empty()) {
        if (commit.changes.empty()) return damaged("change without a record");
        ch.record = commit.changes.back().record;
    } else {
        std::optional<RecordId> id = RecordId::parse(cells[0]);
        if (!id) return damaged("bad record ID " + std::string(cells[0]));
        ch.record = *id;
    }
    std::optional<int> field = change_field_from_name(ch.record.kind(), cells[1]);
    if (!field) return Error{ErrorCode::UnsupportedVersion, "unknown field " + std::string(cells[1])};
    ch.field = *field;
    if (!tsv_unescape(cells[2], ch.value) || !tsv_unescape(cells[3], ch.old_value)) return damaged("bad escape in a value");
    commit.changes.push_back(std::move(ch));
    return true;
}

Result<std::vector<Commit>> decode_changes(std::string_view bytes, const ChangeFileName& expected, Frontier* seen) {
    const size_t eol = bytes.find('\n');
    if (eol == std::string_view::npos) return damaged("no header line");
    json header = json::parse(bytes.substr(0, eol), nullptr, false);
    if (header.is_discarded() || !header.is_object() || string_or(header, "format") != kFormat)
        return damaged("not a change file");
    if (int_or(header, "version") > kFormatVersion) return Error{ErrorCode::UnsupportedVersion, "change file version " + header["version"].dump()};
    if (string_or(header, "device") != device_hex(expected.device) || int_or(header, "first") != static_cast<int64_t>(expected.first) ||
        int_or(header, "last") != static_cast<int64_t>(expected.last))
        return damaged("header does not match the file's name");
    const int64_t count = int_or(header, "commits");
    if (!bytes.ends_with('\n')) return damaged("truncated: no final line break");
    if (seen) *seen = parse_frontier(header);

    std::vector<Commit> commits;
    size_t changes_left = 0;  // of the commit being read
    std::string_view rest = bytes.substr(eol + 1);
    while (!rest.empty()) {
        const size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end + 1);
        if (changes_left == 0) {
            if (!line.starts_with('@')) return damaged("a change beyond its commit's count");
            Result<std::pair<Commit, size_t>> c = decode_commit_line(line, expected.device);
            if (!c) return c.error();
            const uint64_t after = commits.empty() ? expected.first - 1 : commits.back().seq;
            if (c.value().first.seq <= after || !expected.holds(c.value().first.seq)) return damaged("commits out of order or outside the file's range");
            commits.push_back(std::move(c.value().first));
            changes_left = c.value().second;
        } else {
            Result<bool> added = decode_change_line(line, commits.back());
            if (!added) return added.error();
            --changes_left;
        }
    }
    if (changes_left != 0 || static_cast<int64_t>(commits.size()) != count || commits.size() != expected.count() || commits.back().seq != expected.last)
        return damaged("truncated: " + std::to_string(commits.size()) + " of " + std::to_string(count) + " commits");
    return commits;
}

// [SECTION] Bundles

static constexpr const char* kBundleFormat = "gongyu.sync.bundle";

std::string encode_bundle(const Ledger& ledger, const std::string& township) {
    std::map<uint32_t, std::vector<const Commit*>> by_device;
    for (const Commit& c : ledger.commits()) by_device[c.device].push_back(&c);
    json parts = json::array();
    std::string body;
    for (auto& [device, commits] : by_device) {
        std::sort(commits.begin(), commits.end(), [](const Commit* a, const Commit* b) { return a->seq < b->seq; });
        // A change file holds consecutive commits: a gap (not yet received) starts a new part.
        for (size_t from = 0; from < commits.size();) {
            size_t to = from + 1;
            while (to < commits.size() && commits[to]->seq == commits[to - 1]->seq + 1) ++to;
            const std::string part = encode_changes(std::span(commits).subspan(from, to - from));
            parts.push_back({{"device", device_hex(device)}, {"first", commits[from]->seq}, {"last", commits[to - 1]->seq}, {"bytes", part.size()}});
            body += part;
            from = to;
        }
    }
    std::string out = json{{"format", kBundleFormat}, {"version", kFormatVersion}, {"township", township}, {"parts", std::move(parts)}}.dump();
    return out + "\n" + body;
}

Result<std::vector<Commit>> decode_bundle(std::string_view bytes, const std::string& township) {
    const size_t eol = bytes.find('\n');
    json header = eol == std::string_view::npos ? json() : json::parse(bytes.substr(0, eol), nullptr, false);
    if (header.is_discarded() || !header.is_object() || string_or(header, "format") != kBundleFormat)
        return damaged("not a sync bundle");
    if (int_or(header, "version") > kFormatVersion) return Error{ErrorCode::UnsupportedVersion, "bundle version " + header["version"].dump()};
    if (string_or(header, "township") != township) return Error{ErrorCode::OtherTownship, "bundle of township " + string_or(header, "township")};
    if (!header.contains("parts") || !header["parts"].is_array()) return damaged("bundle without parts");
    std::vector<Commit> out;
    std::string_view rest = bytes.substr(eol + 1);
    for (const json& part : header["parts"]) {
        unsigned device = 0;
        int used = 0;
        const std::string hex = string_or(part, "device");
        const int64_t size = int_or(part, "bytes"), first = int_or(part, "first"), last = int_or(part, "last");
        if (std::sscanf(hex.c_str(), "%6x%n", &device, &used) != 1 || used != 6 || size <= 0 || static_cast<uint64_t>(size) > rest.size() ||
            first <= 0 || last < first)
            return damaged("bundle part " + part.dump() + " does not fit");
        Result<std::vector<Commit>> commits = decode_changes(rest.substr(0, static_cast<size_t>(size)),
                                                            {device, static_cast<uint64_t>(first), static_cast<uint64_t>(last), {}, {}});
        if (!commits) return commits.error();
        for (Commit& c : commits.value()) out.push_back(std::move(c));
        rest.remove_prefix(static_cast<size_t>(size));
    }
    if (!rest.empty()) return damaged("bytes after the last part");
    return out;
}

static std::string bundle_path(const std::string& township) { return "bundle/" + township; }

bool trust_signer(Keyring& keys, uint32_t device, const PublicKey& signer, bool& added) {
    auto [it, fresh] = keys.signers.try_emplace(device, signer);
    added |= fresh;
    return it->second == signer;
}

void open_from_device(Vault& vault, Keyring& keys, uint32_t device, const std::string& path, std::string sealed, bool& added,
                      std::function<void(Result<Opened>)> done) {
    vault.open(keys, path, std::move(sealed), [&keys, &added, device, path, done = std::move(done)](Result<Opened> opened) {
        if (!opened) return done(opened.error());
        // Anyone can seal a file for the township's readers: the clerk takes only its own devices' and issued roles'.
        if (keys.is_clerk() && opened.value().role.empty())
            return done(Error{ErrorCode::UnknownSigner, "signed by no device or role of the township: " + path});
        // The other roles' devices tell the clerk's devices from anyone holding a role's key file by the roles directory.
        if (!keys.is_clerk() && !keys.clerk_devices.empty() && opened.value().role.empty()) {
            auto clerk = keys.clerk_devices.find(device);
            if (clerk == keys.clerk_devices.end() || clerk->second != opened.value().signer)
                return done(Error{ErrorCode::UnknownSigner, "signed by no device of the clerk nor an issued role: " + path});
        }
        if (!trust_signer(keys, device, opened.value().signer, added))
            return done(Error{ErrorCode::Tampered, "signed by another key than the device's earlier files"});
        if (keys.is_clerk() && opened.value().role == "township")  // sealed with the township's key: a clerk's device
            added |= keys.clerk_devices.try_emplace(device, opened.value().signer).second;
        done(std::move(opened));
    });
}

// The township's own signature: Opened::role "township" at the clerk's devices (who derive its key), the
// keyring's township_signer at the others' (none in key files issued before the roles directory).
static bool signed_by_township(const Keyring& keys, const Opened& opened) {
    if (keys.is_clerk()) return opened.role == "township";
    return keys.township_signer != PublicKey{} && opened.signer == keys.township_signer;
}

void open_change_file(Vault& vault, Keyring& keys, const ChangeFileName& name, const std::string& path, std::string sealed, bool& added,
                      std::function<void(Result<Opened>)> done) {
    if (!name.relayer) return open_from_device(vault, keys, name.device, path, std::move(sealed), added, std::move(done));
    vault.open(keys, path, std::move(sealed), [&keys, path, done = std::move(done)](Result<Opened> opened) {
        if (!opened) return done(opened.error());
        if (!signed_by_township(keys, opened.value())) return done(Error{ErrorCode::UnknownSigner, "relayed, but not signed by the township: " + path});
        done(std::move(opened));
    });
}

void merge_judged(const Ledger& ledger, const std::string& role, std::vector<Commit> commits, const MergeCommits& merge,
                  std::function<void(bool stored, WriteVerdict verdict)> done) {
    if (!is_role(role)) return merge(std::move(commits), [done = std::move(done)](bool stored) { done(stored, {}); });
    auto check = std::make_shared<WriteCheck>(ledger, *parse_scope(role), commits);
    merge(std::move(commits), [&ledger, check, done = std::move(done)](bool stored) { done(stored, check->judge(ledger)); });
}

size_t hold_back_beyond_role(const Ledger& ledger, const std::string& role, std::vector<Commit>& commits, double now_ms) {
    const std::optional<Scope> scope = parse_scope(role);
    if (!scope || !is_role(role)) return 0;
    std::vector<Commit> fresh, kept;  // what is merged here already was judged when it came
    for (Commit& c : commits) (ledger.knows(c.device, c.seq) ? kept : fresh).push_back(std::move(c));
    const std::vector<RefusedChange> refused = WriteCheck(ledger, *scope, fresh).refused_if_merged(ledger, fresh);
    size_t held = 0;
    for (Commit& c : fresh) {
        const auto shows = [&](const RefusedChange& r) { return r.device == c.device && r.seq == c.seq && !outwritten(ledger, r, c.stamp()); };
        if (now_ms - c.at_ms >= kJudgeAnywayAfterMs || std::none_of(refused.begin(), refused.end(), shows)) kept.push_back(std::move(c));
        else ++held;
    }
    commits = std::move(kept);
    return held;
}

std::optional<uint32_t> parse_device_folder(std::string_view name) {
    unsigned device = 0;
    int used = 0;
    const std::string text(name);
    if (text.size() != 7 || std::sscanf(text.c_str(), "%6x/%n", &device, &used) != 1 || used != 7) return std::nullopt;
    return device;
}

void export_bundle(Vault& vault, const Keyring& keys, const Ledger& ledger, std::function<void(Result<std::string>)> done,
                   const SealedPhotos& photos) {
    json outside = {{"format", kBundleFormat},
                    {"version", kFormatVersion},
                    {"township", keys.township},
                    {"device", device_hex(ledger.device())},
                    {"key_file", keys.key_file}};
    std::string trailer;
    if (!photos.empty()) {
        json listed = json::array();
        for (const auto& [name, bytes] : photos) listed.push_back({{"name", name}, {"size", bytes.size()}}), trailer += bytes;
        outside["photos"] = std::move(listed);
    }
    // Another role's bundle is for the clerk's devices and its own.
    std::string readers = keys.is_clerk() ? std::string() : scope_text(Scope::township()) + "_" + keys.role;
    vault.seal(keys, bundle_path(keys.township), encode_bundle(ledger, keys.township), std::move(readers),
               [outside = std::move(outside), trailer = std::move(trailer), done = std::move(done)](Result<std::string> sealed) mutable {
                   if (!sealed) return done(sealed.error());
                   if (!trailer.empty()) outside["sealed"] = sealed.value().size();
                   done(outside.dump() + "\n" + sealed.value() + trailer);
               });
}

// The photos after the sealed part, as the outside line lists them; false when they do not add up.
static bool split_bundle_photos(const json& outside, std::string_view& sealed, SealedPhotos& photos) {
    const json* listed = outside.contains("photos") ? &outside["photos"] : nullptr;
    if (!listed) return true;
    const uint64_t sealed_size = outside.value("sealed", uint64_t{0});
    if (!listed->is_array() || sealed_size == 0 || sealed_size > sealed.size()) return false;
    std::string_view rest = sealed.substr(sealed_size);
    sealed = sealed.substr(0, sealed_size);
    for (const json& p : *listed) {
        const uint64_t size = p.is_object() ? p.value("size", uint64_t{0}) : 0;
        if (size == 0 || size > rest.size()) return false;
        photos[string_or(p, "name")] = std::string(rest.substr(0, size));
        rest.remove_prefix(size);
    }
    return rest.empty();
}

static json bundle_outside(std::string_view bytes) {
    const size_t eol = bytes.find('\n');
    const json outside = eol == std::string::npos ? json() : json::parse(bytes.substr(0, eol), nullptr, false);
    return !outside.is_discarded() && outside.is_object() && string_or(outside, "format") == kBundleFormat ? outside : json();
}

std::string bundle_key_file(std::string_view bytes) { return string_or(bundle_outside(bytes), "key_file"); }

void import_bundle(Vault& vault, Keyring& keys, std::string bytes, std::function<void(Result<ImportedBundle>)> done) {
    const json outside = bundle_outside(bytes);
    if (outside.is_null()) return done(damaged("not a sync bundle"));
    if (string_or(outside, "township") != keys.township) return done(Error{ErrorCode::OtherTownship, "bundle of township " + string_or(outside, "township")});
    unsigned device = 0;
    if (std::sscanf(string_or(outside, "device").c_str(), "%6x", &device) != 1) return done(damaged("bundle without its device"));
    std::string_view sealed = std::string_view(bytes).substr(bytes.find('\n') + 1);
    SealedPhotos photos;
    if (!split_bundle_photos(outside, sealed, photos)) return done(damaged("the bundle's photos do not add up"));
    auto added = std::make_shared<bool>(false);  // held by the callback until it is called
    open_from_device(vault, keys, device, bundle_path(keys.township), std::string(sealed), *added,
                     [&keys, added, device, photos = std::move(photos), done = std::move(done)](Result<Opened> opened) mutable {
                         if (!opened) return done(opened.error());
                         Result<std::vector<Commit>> commits = decode_bundle(opened.value().plain, keys.township);
                         if (!commits) return done(commits.error());
                         ImportedBundle bundle{std::move(commits.value()), opened.value().role, {}, std::move(photos)};
                         if (is_role(bundle.role)) {  // the bundle holds every commit its device had
                             bundle.seen = frontier_of(bundle.commits, device, std::numeric_limits<uint64_t>::max());
                             std::erase_if(bundle.commits, [device](const Commit& c) { return c.device != device; });
                         }
                         done(std::move(bundle));
                     });
}

// [SECTION] The round
//
// A round is a queue of steps run one at a time (one request in flight: kind
// to poor links); each step ends by calling next. A step that fails records a
// problem and the round goes on, except when the server cannot be reached at
// all: then the rest would fail the same way.

struct SyncEngine::Round : std::enable_shared_from_this<SyncEngine::Round> {
    using Step = std::function<void(std::function<void()> next)>;
    std::deque<Step> steps;
    SyncReport report;
    std::function<void(const SyncReport&)> done;
    bool stop = false, last_step_queued = false;
    uint64_t best_snapshot = 0;  // commits in the largest snapshot listed
    std::set<std::string> roles;  // scopes whose key file is on the server: their streams are written
    double now_ms = 0;
    struct RoleFile {
        std::string role, path;
        std::vector<Commit> commits;
        Frontier seen;
    };
    std::vector<RoleFile> role_files;  // opened, to merge judged once the rest has merged
    std::map<uint32_t, uint64_t> known_through;  // the clerk's devices: each device's commits known from 1 up to (knows_frontier)
    // The clerk's devices, for relays: the files listed that bring a role commits (the devices' own
    // role files and every relay), counted once everything fetched has merged (plan_relays).
    std::vector<ChangeFileName> role_files_listed;
    std::set<uint32_t> listed;  // the other devices whose folders were listed
    bool own_folder_listed = false, a_folder_failed = false, relays_planned = false;
    std::vector<std::string> unannounced;  // new names of files queued for the own folder, for its tail
    bool uploads_held = false;             // the tail did not go up: nothing goes into the own folder this round

    void offered(const ChangeFileName& n) {
        if (!n.runs.empty()) role_files_listed.push_back(n);  // (empty: the township's stream)
    }

    void fail(std::string path, Error error) {
        if (error.code == ErrorCode::Unreachable) stop = true;
        report.problems.push_back({std::move(path), std::move(error)});
    }
};

// Before anything is sealed this round (the steps go first): the clerk's devices put the directory up
// when the roles with key files are not the ones they last put there, or the file listed is not the one
// they put; the other roles' devices read it when it is new to them, to seal for roles issued after their
// own key file.
void SyncEngine::plan_roles_directory(Round& round, const std::optional<RemoteEntry>& listed) {
    auto self = round.shared_from_this();
    if (keys_.is_clerk()) {
        std::set<std::string> roles;
        for (const std::string& r : round.roles) if (is_role(r)) roles.insert(r);
        const bool ours = listed && directory_put_file_ && listed->same_file(*directory_put_file_);
        if (roles.empty() || (ours && roles == directory_put_ && keys_.storage == directory_storage_ && keys_.clerk_devices == directory_devices_))
            return;
        if (listed && !ours)  // another of the clerk's devices may have put the very same
            round.steps.push_front([this, self, roles, file = *listed](std::function<void()> next) { adopt_roles_directory(*self, roles, file, std::move(next)); });
        else
            round.steps.push_front([this, self, roles](std::function<void()> next) { put_roles_directory(*self, roles, std::move(next)); });
    } else if (listed && !(directory_read_ && listed->same_file(*directory_read_)) && keys_.township_signer != PublicKey{}) {
        round.steps.push_front([this, self, file = *listed](std::function<void()> next) { read_roles_directory(*self, file, std::move(next)); });
    }
}

void SyncEngine::put_roles_directory(Round& round, const std::set<std::string>& roles, std::function<void()> next) {
    std::string listed;  // joined by '_' (Vault::seal_directory)
    for (const std::string& r : roles) listed += (listed.empty() ? "" : "_") + r;
    auto self = round.shared_from_this();
    vault_.seal_directory(keys_, kRolesDirectoryPath, listed, [this, self, roles, next](Result<std::string> sealed) {
        if (!sealed) return self->fail(kRolesDirectoryPath, sealed.error()), next();
        const uint64_t size = sealed.value().size();
        remote_.put(kRolesDirectoryPath, std::move(sealed.value()), [this, self, roles, size, next](Result<bool> put) {
            if (!put) return self->fail(kRolesDirectoryPath, put.error()), next();
            self->report.bytes_up += size;
            directory_put_ = roles, directory_storage_ = keys_.storage, directory_devices_ = keys_.clerk_devices;
            directory_put_file_ = RemoteEntry{"", size};
            learn_put_directory_version(std::move(next));
        });
    });
}

// The directory on the server is taken as this device's own when the township signed it and it names
// these roles (their keys are derived from the township's, so equal on every clerk's device), the
// access key this device holds and the clerk's devices it knows, after taking those the directory names
// (only a clerk's device signs as the township); else it is put back.
void SyncEngine::adopt_roles_directory(Round& round, const std::set<std::string>& roles, const RemoteEntry& listed,
                                       std::function<void()> next) {
    auto self = round.shared_from_this();
    fetch_roles_directory(round, [this, self, roles, listed, next](Result<RolesDirectory> named) {
        std::set<std::string> same;
        if (named) for (const auto& [role, key] : named.value().roles) same.insert(role);
        if (named)
            for (const auto& [device, key] : named.value().devices) keys_changed_ |= keys_.clerk_devices.try_emplace(device, key).second;
        if (!named || same != roles || named.value().storage != keys_.storage || named.value().devices != keys_.clerk_devices)
            return put_roles_directory(*self, roles, next);
        directory_put_ = roles, directory_storage_ = keys_.storage, directory_devices_ = keys_.clerk_devices, directory_put_file_ = listed;
        next();
    });
}

void fetch_roles_directory(RemoteFolder& remote, Vault& vault, const Keyring& keys, std::function<void(Result<RolesDirectory>, uint64_t)> done) {
    remote.get(kRolesDirectoryPath, [&vault, &keys, done](Result<std::string> got) {
        if (!got) return done(got.error(), 0);
        const uint64_t bytes = got.value().size();
        vault.open(keys, kRolesDirectoryPath, std::move(got.value()), [&keys, bytes, done](Result<Opened> opened) {
            if (!opened) return done(opened.error(), bytes);
            if (!signed_by_township(keys, opened.value()))
                return done(Error{ErrorCode::UnknownSigner, "the roles directory is not signed by the township"}, bytes);
            done(parse_roles_directory(opened.value().plain, keys.township), bytes);
        });
    });
}

void SyncEngine::fetch_roles_directory(Round& round, std::function<void(Result<RolesDirectory>)> done) {
    auto self = round.shared_from_this();
    gy::fetch_roles_directory(remote_, vault_, keys_, [self, done](Result<RolesDirectory> directory, uint64_t bytes) {
        self->report.bytes_down += bytes;
        done(std::move(directory));
    });
}

// A PUT's answer does not say the file's version: the folder is listed once more at once, so a file put
// over this one later, even of the same size, is told apart.
void SyncEngine::learn_put_directory_version(std::function<void()> next) {
    remote_.list(kKeysFolder, [this, next](Result<std::vector<RemoteEntry>> keys) {
        if (keys)
            for (const RemoteEntry& e : keys.value())
                if (kKeysFolder + e.name == kRolesDirectoryPath && e.size == directory_put_file_->size) directory_put_file_->version = e.version;
        next();  // unlisted, the next round sees another version and puts the directory once more
    });
}

void SyncEngine::read_roles_directory(Round& round, const RemoteEntry& listed, std::function<void()> next) {
    auto self = round.shared_from_this();
    fetch_roles_directory(round, [this, self, listed, next](Result<RolesDirectory> directory) {
        if (!directory) return self->fail(kRolesDirectoryPath, directory.error()), next();
        for (const auto& [role, key] : directory.value().roles) {
            PublicKey& known = keys_.recipients[role];
            keys_changed_ |= known != key;
            known = key;
        }
        keys_changed_ |= keys_.role_signers != directory.value().signers || keys_.clerk_devices != directory.value().devices;
        keys_.role_signers = directory.value().signers;
        keys_.clerk_devices = directory.value().devices;
        directory_read_ = listed;
        next();
    });
}

SyncEngine::SyncEngine(RemoteFolder& remote, Vault& vault, Keyring& keys, const Ledger& ledger, MergeCommits merge)
    : remote_(remote), vault_(vault), keys_(keys), ledger_(ledger), merge_(std::move(merge)) {}

bool SyncEngine::run(std::function<void(const SyncReport&)> done, double now_ms) {
    if (running_) return false;
    running_ = true;
    remote_.begin_round(now_ms, kChangesFolder + device_hex(ledger_.device()) + "/");  // (the device is known once the store loaded)
    auto round = std::make_shared<Round>();
    round->done = std::move(done);
    round->now_ms = now_ms;
    known_sent_ = std::max<uint64_t>(known_sent_.value_or(ledger_.last_seq()), sent_count_);
    if (keys_.is_clerk() && keys_.ready()) {  // named in the roles directory with the clerk's other devices
        PublicKey& own = keys_.clerk_devices[ledger_.device()];
        keys_changed_ |= std::exchange(own, keys_.device_public) != keys_.device_public;
    }
    if (!keys_.ready()) {
        round->fail("", Error{ErrorCode::NoKeys, "this device holds no township key yet"});
        round->stop = true;
    }
    round->steps.push_back([this, round](std::function<void()> next) {
        remote_.list(kSnapshotsFolder, [this, round, next](Result<std::vector<RemoteEntry>> snapshots) {
            if (!snapshots) return round->fail(kSnapshotsFolder, snapshots.error()), next();
            plan_snapshot(*round, snapshots.value());
            next();
        });
    });
    round->steps.push_back([this, round](std::function<void()> next) {
        remote_.list(kKeysFolder, [this, round, next](Result<std::vector<RemoteEntry>> keys) {
            if (!keys) return round->fail(kKeysFolder, keys.error()), next();
            std::optional<RemoteEntry> directory;
            for (const RemoteEntry& e : keys.value()) {
                if (std::optional<std::string> scope = role_of_key_file(e.name)) round->roles.insert(*scope), round->roles.insert("directory");
                if (kKeysFolder + e.name == kRolesDirectoryPath) directory = e;
            }
            plan_roles_directory(*round, directory);
            next();
        });
    });
    const uint32_t self = ledger_.device();
    round->steps.push_back([this, round, self](std::function<void()> next) {
        remote_.list(kChangesFolder, [this, round, self, next](Result<std::vector<RemoteEntry>> folders) {
            if (!folders) return round->fail(kChangesFolder, folders.error()), next();
            bool own_listed = false;
            for (const RemoteEntry& e : folders.value()) {
                const std::optional<uint32_t> listed = parse_device_folder(e.name);
                if (!listed) continue;
                const uint32_t device = *listed;
                const std::string folder = kChangesFolder + e.name;
                own_listed |= device == self;
                round->steps.push_back([this, round, folder, device, self](std::function<void()> next) {
                    remote_.list(folder, [this, round, folder, device, self, next](Result<std::vector<RemoteEntry>> files) {
                        if (!files) return round->a_folder_failed = true, round->fail(folder, files.error()), next();
                        if (device == self) plan_uploads(*round, files.value());
                        else plan_downloads(*round, device, files.value());
                        next();
                    });
                });
            }
            if (!own_listed) plan_uploads(*round, {});
            next();
        });
    });
    step(round);
    return true;
}

void SyncEngine::step(std::shared_ptr<Round> round) {
    if (round->steps.empty() && !round->stop && !round->role_files.empty()) merge_role_files(*round);
    if (round->steps.empty() && !round->stop && !round->relays_planned) round->relays_planned = true, plan_relays(*round);
    if (round->steps.empty() && !round->stop && !round->last_step_queued) {  // all sent and fetched: a snapshot?
        round->last_step_queued = true;
        round->steps.push_back([this, round](std::function<void()> next) { put_snapshot(*round, std::move(next)); });
    }
    if (round->steps.empty() || round->stop) {
        running_ = false;
        round->report.folders_unchanged = remote_.answered_from_memory();
        round->report.finished = !round->stop;
        round->steps.clear();  // steps hold the round: let it go
        round->done(round->report);
        return;
    }
    Round::Step next_step = std::move(round->steps.front());
    round->steps.pop_front();
    next_step([this, round] { step(round); });
}


// A file's worth of commits, roughly, as encode_changes writes them: enough to
// keep files under kMaxBytesPerFile without encoding twice.
static size_t approx_bytes(const Commit& c) {
    size_t bytes = 48 + c.author.size();
    for (const Change& ch : c.changes) bytes += 40 + ch.value.size() + ch.old_value.size();
    return bytes;
}

// This device's commits the folder lacks go up, in each stream (see sync.h),
// in files of up to kMaxCommitsPerFile. A file of ours that is not yet known
// whole is sealed again: the same size on the server means it is whole
// (sealing is deterministic in size); any other size (cut off, damaged) and
// it goes up again under its own name, so readers find it whole where they
// looked.
void SyncEngine::plan_uploads(Round& round, const std::vector<RemoteEntry>& own) {
    const uint32_t self = ledger_.device();
    const uint64_t last = ledger_.last_seq();
    sent_.clear();
    sent_count_ = 0;
    std::map<std::string, std::vector<bool>> planned;
    round.own_folder_listed = true;
    announce_uploads(round);
    const ReaderIndex index(ledger_);
    for (const RemoteEntry& e : own) {
        std::optional<ChangeFileName> n = parse_change_file(self, e.name);
        if (!n || (!n->relayer && n->last > last)) continue;
        if (!n->relayer && lacks_any(ledger_, *n)) {  // a commit of ours this store lost (damaged): fetched back, never sealed again without it
            if (reads_file(keys_, *n)) queue_download(round, *n);
            continue;
        }
        const OnServer on_server = own_file_on_server(e);
        const bool whole = on_server == OnServer::Whole;
        if (!whole && !would_make(round, index, *n)) continue;  // not ours: nothing is sealed for the readers its name says
        const bool changed = on_server == OnServer::Changed;
        if (n->relayer) {  // relayed earlier: checked like our own, and what it brings is not relayed again
            if (!whole) queue_upload(round, *n, e, changed);
            round.offered(*n);
            continue;
        }
        if (whole) {
            mark_sent(*n, e.size, e.version);
            continue;
        }
        queue_upload(round, *n, e, changed);
        std::vector<bool>& p = planned[n->readers];
        p.resize(last + 1);
        for (uint64_t s = n->first; s <= n->last; ++s) p[s] = p[s] || n->holds(s);
    }
    // Every commit in the township's stream; in a role's, those it may read, once it holds a key.
    std::map<std::string, std::vector<uint64_t>> streams{{township_stream(), {}}};
    for (uint64_t s = 1; s <= last; ++s) {
        const Commit* c = ledger_.find_commit(self, s);
        if (!c) {  // lost to a damaged store: nothing to send
            ++sent_count_;
            continue;
        }
        streams[township_stream()].push_back(s);
        if (round.roles.empty()) continue;
        for (const Scope& scope : index.of_commit(*c))
            if (round.roles.contains(scope_text(scope))) streams[scope_text(scope)].push_back(s);
    }
    for (const auto& [readers, seqs] : streams) {
        std::vector<bool>& p = planned[readers];
        p.resize(last + 1);
        plan_stream(round, readers, seqs, p);
    }
}

// Every new file goes into the own folder after a tail naming it (remote_folder.h, Tails), so that a
// reader following tails misses none: this step goes first, and names what the uploads queued after
// it put there. No tail, no upload this round.
void SyncEngine::announce_uploads(Round& round) {
    round.steps.push_back([this, &round](std::function<void()> next) {
        if (round.unannounced.empty() || round.uploads_held) return next();
        remote_.announce(std::exchange(round.unannounced, {}), [this, &round, next](Result<bool> put) {
            if (!put) round.uploads_held = true, round.fail(remote_.own_tail_path(), put.error());
            next();
        });
    });
}

// Whether this device would have made a file of that name: the folder is the server's to change, and
// a file of ours that is not there whole is sealed again under its name. So a name put there by someone
// else must not get commits sealed for readers that may not read them: the township's stream as this
// device writes it, or a role's stream (an issued role) of commits that role may read; relays only at
// the clerk's devices.
bool SyncEngine::would_make(const Round& round, const ReaderIndex& index, const ChangeFileName& n) const {
    if (n.relayer && !keys_.is_clerk()) return false;
    if (n.runs.empty()) return n.readers == township_stream();
    const std::optional<Scope> scope = parse_scope(n.readers);
    if (!scope || !round.roles.contains(n.readers)) return false;
    return each_held(n, ledger_.commits().size(), [&](uint64_t s) {
        const Commit* c = ledger_.find_commit(n.device, s);
        if (!c) return false;
        const Readers readers = index.of_commit(*c);
        return std::find(readers.begin(), readers.end(), *scope) != readers.end();
    });
}

// The seqs (ascending) of one device's commits as files of one stream: the township's in consecutive
// runs, a role's in up to kMaxRuns runs; each within kMaxCommitsPerFile and about kMaxBytesPerFile.
std::vector<ChangeFileName> SyncEngine::files_for(const ChangeFileName& stream, const std::vector<uint64_t>& seqs) const {
    static constexpr size_t kMaxRuns = 8;
    const bool township = stream.readers.empty() || stream.readers == "township";
    std::vector<ChangeFileName> files;
    ChangeFileName file = stream;
    size_t bytes = 0;
    const auto flush = [&] {
        if (file.first == 0) return;
        if (township) file.runs.clear();
        files.push_back(std::exchange(file, stream)), bytes = 0;
    };
    for (uint64_t s : seqs) {
        const bool joins = file.first != 0 && s == file.last + 1;
        if (file.first != 0 && (file.count() >= kMaxCommitsPerFile || bytes >= kMaxBytesPerFile || (!joins && (township || file.runs.size() >= kMaxRuns))))
            flush();
        if (file.first == 0) file.first = s, file.runs.clear();
        if (!file.runs.empty() && file.runs.back().second + 1 == s) file.runs.back().second = s;
        else file.runs.emplace_back(s, s);
        file.last = s;
        bytes += approx_bytes(*ledger_.find_commit(stream.device, s));
    }
    flush();
    return files;
}

// Files for the stream's commits of this device not yet sent.
void SyncEngine::plan_stream(Round& round, const std::string& readers, const std::vector<uint64_t>& seqs, std::vector<bool>& planned) {
    std::vector<bool>& sent = sent_[readers];
    sent.resize(ledger_.last_seq() + 1);
    std::vector<uint64_t> unsent;
    for (uint64_t s : seqs)
        if (!sent[s] && !planned[s]) unsent.push_back(s), planned[s] = true;
    for (const ChangeFileName& file : files_for(ChangeFileName{ledger_.device(), 0, 0, readers, {}}, unsent))
        queue_upload(round, file, std::nullopt);
}

// The clerk's devices pass on another device's commits that a role may read and no file on the server
// brings it (sync.h, Relays), once everything fetched has merged: a pair made this round counts. Only
// devices whose folders were listed, so that what they sent themselves is known.
void SyncEngine::plan_relays(Round& round) {
    if (!keys_.is_clerk() || round.roles.empty() || !round.own_folder_listed || round.a_folder_failed) return;
    // Per device, per role's stream, the seqs a file on the server brings that role, as runs. A name
    // holding a commit not known here by now is not counted: someone else may have put it there (a
    // name claiming 1-18446744073709551615 would stop every relay of that stream).
    std::map<uint32_t, std::map<std::string, Runs>> in_streams;
    for (const ChangeFileName& n : round.role_files_listed)
        if (!lacks_any(ledger_, n)) {
            Runs& runs = in_streams[n.device][n.readers];
            runs.insert(runs.end(), n.runs.begin(), n.runs.end());
        }
    for (auto& [device, streams] : in_streams)
        for (auto& [stream, runs] : streams) merge_runs(runs);
    // A change a role's device may not make, taken back this round: the take-back goes up next round,
    // and the township does not pass on the change before it.
    std::set<std::pair<uint32_t, uint64_t>> refused;
    for (const RefusedChange& r : round.report.refused) refused.insert({r.device, r.seq});
    const ReaderIndex index(ledger_);
    std::map<std::pair<uint32_t, std::string>, std::vector<uint64_t>> lacking;
    for (const Commit& c : ledger_.commits()) {
        if (!round.listed.contains(c.device) || refused.contains({c.device, c.seq})) continue;
        std::map<std::string, Runs>& offered = in_streams[c.device];
        for (const Scope& scope : index.of_commit(c)) {
            const std::string stream = scope_text(scope);
            if (round.roles.contains(stream) && !in_runs(offered[stream], c.seq)) lacking[{c.device, stream}].push_back(c.seq);
        }
    }
    announce_uploads(round);
    for (auto& [to, seqs] : lacking) {
        std::sort(seqs.begin(), seqs.end());
        for (const ChangeFileName& file : files_for(ChangeFileName{to.first, 0, 0, to.second, {}, ledger_.device()}, seqs))
            queue_upload(round, file, std::nullopt);
    }
}

// Whole: the size and version this device put or saw (the version learnt at the first listing after
// its PUT; a server that lists none leaves the size alone to tell). Changed: the same size, another
// version: someone wrote over this device's file (no device writes another's), so it is put again.
// Unknown: not seen whole since this device started, or another size: sealed again and compared.
SyncEngine::OnServer SyncEngine::own_file_on_server(const RemoteEntry& listed) {
    const auto known = confirmed_.find(listed.name);
    if (known == confirmed_.end() || known->second.size != listed.size) return OnServer::Unknown;
    if (known->second.version.empty()) known->second.version = listed.version;
    return known->second.version == listed.version ? OnServer::Whole : OnServer::Changed;
}

void SyncEngine::mark_sent(const ChangeFileName& name, uint64_t size, std::string version) {
    const std::string path = change_file_path(name);
    confirmed_[path.substr(path.rfind('/') + 1)] = RemoteEntry{"", size, std::move(version)};
    if (name.relayer) return;  // another device's commits
    std::vector<bool>& sent = sent_[name.readers];
    sent.resize(std::max<size_t>(sent.size(), ledger_.last_seq() + 1));
    const bool township = name.readers == township_stream();
    for (uint64_t s = name.first; s <= name.last && s < sent.size(); ++s)
        if (name.holds(s)) sent_count_ += township && !sent[s], sent[s] = true;
}

void SyncEngine::queue_upload(Round& round, ChangeFileName name, std::optional<RemoteEntry> listed, bool changed) {
    if (!listed) {
        const std::string path = change_file_path(name);
        round.unannounced.push_back(path.substr(path.rfind('/') + 1));
    }
    round.steps.push_back([this, &round, name, listed = std::move(listed), changed](std::function<void()> next) {
        if (round.uploads_held) return next();
        std::vector<const Commit*> commits;  // run by run: a relay's runs may lie far apart
        each_held(name, std::numeric_limits<uint64_t>::max(), [&](uint64_t s) {
            if (const Commit* c = ledger_.find_commit(name.device, s)) commits.push_back(c);
            return true;
        });
        const std::string path = change_file_path(name);
        // What the clerk's devices judge carries what this device had seen (Frontier) when it made the
        // file's last commit: the same every time the file is sealed, so its size still tells it whole.
        const bool judged = !keys_.is_clerk() && name.readers == township_stream() && !commits.empty();
        const Frontier seen = judged ? frontier_of(ledger_.commits(), ledger_.device(), commits.back()->clock) : Frontier{};
        const std::string plain = encode_changes(commits, judged ? &seen : nullptr);
        auto sealed_done = [this, &round, name, path, listed, changed, next](Result<std::string> sealed) {
            if (!sealed) return round.fail(path, sealed.error()), next();
            const size_t size = sealed.value().size();
            if (listed && listed->size == size && !changed) return mark_sent(name, size, listed->version), next();
            remote_.put(path, std::move(sealed.value()), [this, &round, name, path, size, again = listed.has_value(), next](Result<bool> put) {
                if (!put) return round.fail(path, put.error()), next();
                mark_sent(name, size, "");
                round.report.bytes_up += size;
                if (name.relayer) round.report.relayed_commits += again ? 0 : name.count();
                else if (name.readers == township_stream()) {
                    round.report.sent_commits += name.count();
                    round.report.sent_again |= name.first <= *known_sent_;
                }
                next();
            });
        };
        if (name.relayer) vault_.seal_as_township(keys_, path, plain, name.readers, std::move(sealed_done));
        else vault_.seal(keys_, path, plain, name.readers, std::move(sealed_done));
    });
}

// Files of another device that hold commits this ledger does not know yet.
void SyncEngine::plan_downloads(Round& round, uint32_t device, const std::vector<RemoteEntry>& files) {
    round.listed.insert(device);
    for (const RemoteEntry& e : files) {
        std::optional<ChangeFileName> n = parse_change_file(device, e.name);
        if (n && keys_.is_clerk()) round.offered(*n);
        if (!n || !reads_file(keys_, *n) || !lacks_any(ledger_, *n)) continue;  // another role's (it would not open here), or known
        queue_download(round, *n);
    }
}

// Fetched, opened and merged in a step of its own.
void SyncEngine::queue_download(Round& round, const ChangeFileName& file) {
    round.steps.push_back([this, &round, name = file](std::function<void()> next) {
        if (!lacks_any(ledger_, name)) return next();  // brought meanwhile by another file (a relay and its device's own)
        const std::string path = change_file_path(name);
        remote_.get(path, [this, &round, name, path, next](Result<std::string> got) {
            // Not there (yet: a tail names files before they go up; or any more): the folder is listed again next round.
            if (!got && got.error().code == ErrorCode::NotFound) return next();
            if (!got) return round.fail(path, got.error()), next();
            round.report.bytes_down += got.value().size();
            open_change_file(vault_, keys_, name, path, std::move(got.value()), keys_changed_,
                             [this, &round, name, path, next](Result<Opened> opened) {
                                 if (!opened) return round.fail(path, opened.error()), next();
                                 merge_file(round, name, path, std::move(opened.value()), next);
                             });
        });
    });
}

void SyncEngine::merge_file(Round& round, const ChangeFileName& name, const std::string& path, Opened opened, std::function<void()> next) {
    Frontier seen;
    Result<std::vector<Commit>> commits = decode_changes(opened.plain, name, &seen);
    if (!commits) return round.fail(path, commits.error()), next();
    if (!is_role(opened.role)) return merge_commits(round, path, std::move(commits.value()), std::move(next));
    // Judged once everything else has merged: a pair made on another of the clerk's devices counts.
    round.role_files.push_back({std::move(opened.role), path, std::move(commits.value()), std::move(seen)});
    next();
}

// Each role's files merged, judged, and what the role may not do taken back, one file a step (called
// again when the step is done). A file is judged once judge_now says so, so a file that becomes ready
// as another merges is taken in the same round; the rest wait, fetched again next round. Another role's
// device cannot take back what a role may not do: it holds those commits back (hold_back_beyond_role),
// fetched again next round, and merges the rest.
void SyncEngine::merge_role_files(Round& round) {
    auto ready = std::find_if(round.role_files.begin(), round.role_files.end(), [&](const Round::RoleFile& f) {
        return !keys_.is_clerk() || judge_now(ledger_, keys_, f.seen, f.commits, round.now_ms, round.known_through);
    });
    if (ready == round.role_files.end()) {
        round.report.role_files_waiting = round.role_files.size();
        round.role_files.clear();
        return;
    }
    round.steps.push_back([this, &round, file = std::move(*ready)](std::function<void()> next) mutable {
        if (!keys_.is_clerk()) round.report.held_commits += hold_back_beyond_role(ledger_, file.role, file.commits, round.now_ms);
        merge_commits(round, file.path, std::move(file.commits), std::move(next), keys_.is_clerk() ? file.role : "");
    });
    round.role_files.erase(ready);
}

// role: who signed the commits (Opened::role); a role's are judged (merge_judged) and what it may not do taken back.
void SyncEngine::merge_commits(Round& round, const std::string& path, std::vector<Commit> commits, std::function<void()> next,
                               const std::string& role) {
    std::vector<Commit> fresh;
    for (Commit& c : commits)
        if (!ledger_.knows(c.device, c.seq)) fresh.push_back(std::move(c));
    if (fresh.empty()) return next();
    const size_t count = fresh.size();
    merge_judged(ledger_, role, std::move(fresh), merge_, [this, &round, path, count, next](bool stored, WriteVerdict verdict) {
        if (stored) round.report.received_commits += count;
        else round.fail(path, Error{ErrorCode::StorageFailure, "merged commits could not be stored"});
        round.report.refused.insert(round.report.refused.end(), verdict.refused.begin(), verdict.refused.end());
        if (!verdict.undo.empty() && undo_ && !undo_(verdict.undo))
            round.fail(path, Error{ErrorCode::StorageFailure, "the changes its role may not make could not be taken back"});
        next();
    });
}

// [SECTION] Snapshots

std::string snapshot_path(const SnapshotName& name) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%06x-%012" PRIu64 ".gys", kSnapshotsFolder, name.device, name.commits);
    return buf;
}

std::optional<SnapshotName> parse_snapshot_file(std::string_view file) {
    unsigned device = 0;
    unsigned long long commits = 0;
    int used = 0;
    const std::string name(file);
    if (name.size() != 23 || std::sscanf(name.c_str(), "%6x-%12llu.gys%n", &device, &commits, &used) != 2 || used != 23 || commits == 0)
        return std::nullopt;
    return SnapshotName{device, commits};
}

// The largest snapshot is fetched first when this ledger lacks many of its commits, and most.
void SyncEngine::plan_snapshot(Round& round, const std::vector<RemoteEntry>& snapshots) {
    if (!keys_.is_clerk()) return;  // a snapshot holds everything: sealed with the township's key
    std::optional<SnapshotName> best;
    for (const RemoteEntry& e : snapshots)
        if (std::optional<SnapshotName> n = parse_snapshot_file(e.name); n && (!best || n->commits > best->commits)) best = n;
    if (!best) return;
    round.best_snapshot = best->commits;
    // Only when it is mostly new here: otherwise the change files cost less.
    const uint64_t known = ledger_.commits().size();
    if (best->commits < known + snapshot_rule_.lead || known * 2 >= best->commits) return;
    round.steps.push_front([this, &round, name = *best](std::function<void()> next) { fetch_snapshot(round, name, std::move(next)); });
}

// A snapshot that does not open is reported; the change files still bring everything.
void SyncEngine::fetch_snapshot(Round& round, const SnapshotName& name, std::function<void()> next) {
    const std::string path = snapshot_path(name);
    remote_.get(path, [this, &round, name, path, next](Result<std::string> got) {
        if (!got) return round.fail(path, got.error()), next();
        round.report.bytes_down += got.value().size();
        round.report.snapshot_bytes += got.value().size();
        open_from_device(vault_, keys_, name.device, path, std::move(got.value()), keys_changed_, [this, &round, path, next](Result<Opened> opened) {
            if (!opened) return round.fail(path, opened.error()), next();
            if (opened.value().role != "township")
                return round.fail(path, Error{ErrorCode::UnknownSigner, "a snapshot not sealed by the clerk's devices"}), next();
            Result<std::vector<Commit>> commits = decode_bundle(opened.value().plain, keys_.township);
            if (!commits) return round.fail(path, commits.error()), next();
            round.report.snapshot_used = true;
            merge_commits(round, path, std::move(commits.value()), next);
        });
    });
}

// After a round that went well: put one up when this device knows half as many commits again as the best
// snapshot (kMeteredGrowth times on a metered link).
void SyncEngine::put_snapshot(Round& round, std::function<void()> next) {
    const uint64_t known = ledger_.commits().size();
    const bool grown = metered_ ? known >= snapshot_rule_.least * kMeteredGrowth && known >= round.best_snapshot * kMeteredGrowth
                                : known >= snapshot_rule_.least && known * 2 >= round.best_snapshot * 3;
    if (!keys_.is_clerk() || !round.report.problems.empty() || !grown) return next();
    const std::string path = snapshot_path({ledger_.device(), known});
    vault_.seal(keys_, path, encode_bundle(ledger_, keys_.township), "", [this, &round, path, next](Result<std::string> sealed) {
        if (!sealed) return round.fail(path, sealed.error()), next();
        const size_t size = sealed.value().size();
        remote_.put(path, std::move(sealed.value()), [&round, path, size, next](Result<bool> put) {
            if (!put) return round.fail(path, put.error()), next();
            round.report.bytes_up += size;
            round.report.snapshot_bytes += size;
            next();
        });
    });
}

// [SECTION] Checking the audit trail

bool same_commit(const Commit& a, const Commit& b) {
    if (a.device != b.device || a.seq != b.seq || a.clock != b.clock || a.at_ms != b.at_ms || a.author != b.author ||
        a.changes.size() != b.changes.size())
        return false;
    for (size_t i = 0; i < a.changes.size(); ++i) {
        const Change &x = a.changes[i], &y = b.changes[i];
        if (x.record != y.record || x.field != y.field || x.value != y.value || x.old_value != y.old_value) return false;
    }
    return true;
}

namespace {

// One request at a time, like a round; the queue grows as folders are listed.
struct HistoryWalk : std::enable_shared_from_this<HistoryWalk> {
    RemoteFolder& remote;
    Vault& vault;
    Keyring& keys;
    const Ledger& ledger;
    std::function<void(const HistoryCheck&)> done;
    std::deque<std::function<void()>> steps;
    HistoryCheck check;
    bool signers_added = false;

    HistoryWalk(RemoteFolder& r, Vault& v, Keyring& k, const Ledger& l, std::function<void(const HistoryCheck&)> d)
        : remote(r), vault(v), keys(k), ledger(l), done(std::move(d)) {}

    void next() {
        if (steps.empty()) return check.finished = true, done(check);
        auto step = std::move(steps.front());
        steps.pop_front();
        step();
    }
    void stop() { steps.clear(), done(check); }  // the server is gone: the rest would fail the same way

    void list_devices() {
        remote.list(kChangesFolder, [self = shared_from_this()](Result<std::vector<RemoteEntry>> folders) {
            if (!folders) return self->stop();
            for (const RemoteEntry& e : folders.value())
                if (std::optional<uint32_t> device = parse_device_folder(e.name)) self->steps.push_back([self, d = *device] { self->list_files(d); });
            self->next();
        });
    }
    void list_files(uint32_t device) {
        remote.list(kChangesFolder + device_hex(device) + "/", [self = shared_from_this(), device](Result<std::vector<RemoteEntry>> files) {
            if (!files) return self->stop();
            for (const RemoteEntry& e : files.value())
                if (std::optional<ChangeFileName> n = parse_change_file(device, e.name); n && reads_file(self->keys, *n))
                    self->steps.push_back([self, n = *n] { self->check_file(n); });
            self->next();
        });
    }
    void check_file(const ChangeFileName& name) {
        const std::string path = change_file_path(name);
        remote.get(path, [self = shared_from_this(), name, path](Result<std::string> got) {
            if (!got) return got.error().code == ErrorCode::Unreachable ? self->stop() : self->mismatch(name, path, got.error());
            self->check.bytes += got.value().size();
            open_change_file(self->vault, self->keys, name, path, std::move(got.value()), self->signers_added,
                             [self, name, path](Result<Opened> opened) {
                if (!opened) return self->mismatch(name, path, opened.error());
                Result<std::vector<Commit>> commits = decode_changes(opened.value().plain, name);
                if (!commits) return self->mismatch(name, path, commits.error());
                self->compare(path, commits.value());
                self->next();
            });
        });
    }
    void compare(const std::string& path, const std::vector<Commit>& signed_copies) {
        ++check.files;
        for (const Commit& theirs : signed_copies) {
            const Commit* mine = ledger.find_commit(theirs.device, theirs.seq);
            if (!mine) { ++check.commits_not_here; continue; }
            ++check.commits_compared;
            if (!same_commit(*mine, theirs))
                check.mismatches.push_back({theirs.device, theirs.seq, path, Error{ErrorCode::HistoryDiffers, "differs from the signed copy"}});
        }
    }
    void mismatch(const ChangeFileName& name, const std::string& path, Error error) {
        ++check.files;
        check.mismatches.push_back({name.device, 0, path, std::move(error)});
        next();
    }
};

}  // namespace

void check_history(RemoteFolder& remote, Vault& vault, Keyring& keys, const Ledger& ledger, std::function<void(const HistoryCheck&)> done) {
    auto walk = std::make_shared<HistoryWalk>(remote, vault, keys, ledger, std::move(done));
    walk->list_devices();
}

}  // namespace gy
