// ledger.h — the co-education ledger in memory, and the one path every change takes.
//
// A Ledger holds every record of a township (schema.h) as rows of canonical
// text values. Nothing edits a row directly: screens, import and (later) sync
// describe what they want as an Edit; commit() checks the whole edit (each
// value against its field, required fields, references, duplicate ID numbers)
// and either refuses it with a list of problems, changing nothing, or turns it
// into a Commit — who, when, and per field the old and the new value — and
// applies that. Commits are what is stored (ledger_store.h), shown as a
// record's history, undone (as a new commit) and carried by sync.
//
// Commits from other devices are merged (merge()): each field keeps the value
// of the latest write by stamp (stamp.h), whatever order commits arrive in,
// so every device that has seen the same commits holds the same records. A
// write that lost stays in the record's history.
// Depends on: schema.h, stamp.h, dates.h, id_number.h, result.h.
#pragma once

#include "dates.h"
#include "id_number.h"
#include "schema.h"
#include "stamp.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gy {

// Which write each field's value came from. One entry for kCreatedField
// stands for every field the creating commit wrote; others only where a later
// write changed a field, so a county of records rarely edited stays small.
struct FieldStamp {
    int field = 0;
    Stamp stamp;
};

struct Record {
    RecordId id;
    std::vector<std::string> values;  // canonical, in the kind's field order
    bool deleted = false;             // kept as a tombstone so sync can carry the deletion
    std::vector<FieldStamp> stamps;

    const std::string& value(int field) const { return values[field]; }
    Stamp stamp_of(int field) const;  // empty when never written by a stamped commit
};

// [SECTION] Problems: why an edit was refused

enum class Problem : uint8_t {
    Required,           // a required field is empty
    TooLong,            // more characters than the field allows
    BadText,            // not UTF-8, or control characters in a one-line field
    BadIdNumber,        // see id_problem
    BadPhone,           // not an 11-digit mobile number or a landline
    BadDate,            // not a date we can read
    DateOutOfRange,     // in the future, or before the field's earliest date
    BadNumber,          // not a whole number in [min, max]
    UnknownChoice,      // not one of the field's choices
    UnknownRecord,      // a reference to a record that does not exist (or was deleted)
    WrongKind,          // a reference to a record of another kind
    DuplicateIdNumber,  // another record of the kind has this ID number
    StillReferenced,    // cannot delete: other records point to it
    NoSuchField,        // the edit names a field the kind does not have
    PairLimit,          // the helper already carries as many children as allowed (detail: the limit)
    StillLoading,       // the device's store is still loading (local_state.h): nothing can be saved yet
};

struct FieldProblem {
    RecordId record;
    int field = -1;  // -1: the record as a whole
    Problem problem;
    IdProblem id_problem = IdProblem::None;
    std::string detail;  // precise, English: "day 31 not in month 2", the duplicate's ID …
};

// A value as typed, turned into its field's canonical spelling, or why not.
struct Normalized {
    std::string value;
    FieldProblem problem;  // problem.problem meaningful only when !ok
    bool ok = true;
};

// [SECTION] Edits and commits

struct FieldEdit {
    RecordId record;  // a new record: an ID from Ledger::new_id() not yet used
    int field = 0;
    std::string value;  // as typed; normalized by commit()
};

struct Edit {
    std::vector<FieldEdit> fields;
    std::vector<RecordId> deletions;
    std::vector<RecordId> restorations;  // undoing a deletion

    bool empty() const { return fields.empty() && deletions.empty() && restorations.empty(); }
};

inline constexpr int kDeletedField = -1;  // a Change of this field sets or clears the tombstone ("1" / "")
inline constexpr int kCreatedField = -2;  // marks the commit that created the record (undo deletes it)

// How a change names its field in files: the field's key, "#deleted", "#created".
std::string change_field_name(Kind kind, int field);
std::optional<int> change_field_from_name(Kind kind, std::string_view name);  // nullopt: no such field

struct Change {
    RecordId record;
    int field = 0;
    std::string value, old_value;
};

struct Commit {
    uint32_t device = 0;  // where it was made
    uint64_t seq = 0;     // that device's order of commits: (device, seq) names a commit everywhere
    uint64_t clock = 0;   // hybrid logical clock (stamp.h): orders writes across devices
    int64_t at_ms = 0;    // wall clock, for people
    std::string author;   // "王丽 @ 大塘镇办公室电脑"
    std::vector<Change> changes;

    Stamp stamp() const { return {clock, device}; }
};

struct Outcome {
    std::vector<FieldProblem> problems;  // empty when committed
    uint64_t first_seq = 0, seq = 0;     // the commits made, first_seq … seq (one per group), 0 when nothing changed
    bool ok() const { return problems.empty(); }
};

// Splits an edit into one commit per group (scopes.h: per set of readers): given the records the edit
// writes as they will be, and every record it changes, returns each of those records' group, in order.
using GroupRecords = std::function<std::vector<std::string>(std::span<const Record> draft, std::span<const RecordId> records)>;

// [SECTION] The ledger

class Ledger {
public:
    explicit Ledger(uint32_t device = 1) : device_(device & 0xFFFFFF) {}

    uint32_t device() const { return device_; }
    RecordId new_id(Kind kind);

    const Record* find(RecordId id) const;
    std::optional<uint32_t> row_of(RecordId id) const;  // index in records(id.kind())
    bool exists(RecordId id) const;  // and not deleted
    std::span<const Record> records(Kind kind) const { return records_[static_cast<int>(kind)]; }
    size_t live_count(Kind kind) const;
    std::string title(RecordId id) const;  // the record's name, or "" when unknown

    // Checks, then applies the edit as one commit, or one per group when grouped
    // (consecutive seqs, applied together); refused edits change nothing.
    void group_commits_by(GroupRecords group) { group_ = std::move(group); }
    Outcome commit(const Edit& edit, const std::string& author, int64_t now_ms, const Date& today);
    std::vector<FieldProblem> check(const Edit& edit, const Date& today) const;
    // What a user typed or a file held, in the field's canonical spelling: trims,
    // reads dates in any usual spelling, takes a choice by code or label and a
    // category by name. References are checked by check(), not here.
    Normalized normalize(Kind kind, int field, std::string_view text, const Date& today) const;

    // Applies a stored commit again (on load) or one from another device. No
    // checks: it was checked when made. Records named in it are created as
    // needed; each field takes the value only if the commit's stamp is the
    // latest that field has seen. A commit already known changes nothing.
    // apply_values false: only remember it as history (the snapshot holds its values).
    // Returns false when the commit was known already.
    bool merge(Commit commit, bool apply_values = true);
    // Applies the values of every commit known again; stamps decide, so only what a damaged snapshot
    // lost changes (the log was merged as history only, then a bucket could not be read).
    void reapply_commits();
    bool knows(uint32_t device, uint64_t seq) const { return commit_index_.contains(commit_key(device, seq)); }
    // Room for this many more rows of a kind, before a snapshot is loaded: a
    // county's indexes then grow once instead of rehashing as they fill.
    void reserve(Kind kind, size_t more_rows);
    // Fast path for loading a snapshot: a whole row as it was saved. A row already here (the log
    // came first) keeps, per field, the later write by stamp.
    void load_row(RecordId id, std::vector<std::string> values, bool deleted, std::vector<FieldStamp> stamps = {});

    // Every commit known here, this device's and others', in the order they arrived.
    const std::vector<Commit>& commits() const { return commits_; }
    const Commit* find_commit(uint64_t seq) const { return find_commit(device_, seq); }  // this device's
    const Commit* find_commit(uint32_t device, uint64_t seq) const;
    uint64_t last_seq() const { return next_seq_ - 1; }  // this device's latest commit, 0 when none
    // This device made commit seq, though its stored copy cannot be read (a damaged store): the next
    // commit takes a later seq, never this one again (the server and other devices may hold it).
    void note_own_seq(uint64_t seq) { next_seq_ = std::max(next_seq_, seq + 1); }
    uint64_t clock() const { return clock_.last(); }
    // The edit that puts back what this device's commits first … last changed.
    Edit undo_edit(uint64_t first, uint64_t last) const;
    // Every change to one record, oldest first (by stamp), including writes that lost.
    std::vector<std::pair<const Commit*, const Change*>> history(RecordId id) const;

    // Who points at this record (guardians at a student, classes at a campus …).
    std::vector<RecordId> referrers(RecordId id) const;
    // The live record of the kind with this ID number, if any.
    RecordId find_by_id_number(Kind kind, std::string_view id_number) const;

    uint64_t revision() const { return revision_; }  // grows on every change: views rebuild when it moved

    // What changed per kind, for views that keep indexes: rows touched by
    // commits, in order (a view remembers how far it read), and a counter of
    // bulk loads after which a view rebuilds whole.
    struct ChangeLog {
        uint64_t bulk = 0;
        std::vector<uint32_t> rows;
    };
    const ChangeLog& change_log(Kind kind) const { return change_log_[static_cast<int>(kind)]; }
    // Every view rebuilds whole, as after a bulk load: what views derive from the rows changed (the
    // pinyin of Extension B arrived, so names sort and match differently).
    void mark_all_changed();

private:
    Record& row_for(RecordId id, std::vector<std::string> fallback = {});  // creates the row (with these values) when new
    void set_value(Record& row, int field, std::string value);
    static uint64_t commit_key(uint32_t device, uint64_t seq) { return uint64_t(device) << 40 | seq; }
    void index_commit(size_t commit_index);
    void apply(const Change& change, Stamp stamp);
    // The edited records as they would be, which of them are new, and what is wrong.
    struct Draft {
        std::vector<Record> records;
        std::vector<bool> is_new;
        std::vector<FieldProblem> problems;
    };
    Draft draft(const Edit& edit, const Date& today) const;
    RecordId find_category(std::string_view name_or_id) const;
    void check_record(const Record& merged, const std::unordered_set<uint64_t>& created,
                      std::vector<FieldProblem>& problems) const;
    void check_deletion(RecordId id, const Edit& edit, std::vector<FieldProblem>& problems) const;
    void check_pair_limits(Draft& draft) const;

    std::vector<std::vector<Change>> grouped(std::vector<Change> changes, std::span<const Record> draft) const;

    GroupRecords group_;
    uint32_t device_;
    uint32_t next_counter_ = 1;
    uint64_t next_seq_ = 1;
    uint64_t revision_ = 0;
    HybridClock clock_;
    std::vector<Record> records_[kKindCount];
    std::unordered_map<uint64_t, uint32_t> row_of_;  // RecordId bits → index in records_[kind]
    std::unordered_map<std::string, RecordId> id_numbers_[kKindCount];
    std::vector<Commit> commits_;
    std::unordered_map<uint64_t, uint32_t> commit_index_;  // commit_key → index in commits_
    ChangeLog change_log_[kKindCount];
    size_t logged_before_[kKindCount] = {};  // change_log_[k].rows.size() when the commit being applied began
    std::unordered_map<uint64_t, std::vector<uint32_t>> commits_of_;  // RecordId bits → commit indexes
};

}  // namespace gy
