// scopes.h — who may read which records: the township's roles as keys.
//
// A role cannot read what it may not see because it holds no key for it, not
// because a screen hides it. Every change file is sealed (seal.h) for the
// scopes that may read the records it changes:
//
//     township     the clerk only (what fits no narrower scope)
//     directory    every role: villages, joint schools, campuses, classes,
//                  teachers, helpers, categories (names the screens need)
//     school:<id>  the joint school's administrator: its students and their
//                  guardians, surveys, pairs, visits and requests
//     helper:<id>  a teacher or cadre: the children paired with them (or in
//                  their care as the student's cadre or Women's Federation
//                  member) and those children's visits, surveys, requests
//
// The clerk holds the township's key and derives every scope's key from it;
// an administrator or a helper holds only its own scopes' keys (seal.h,
// issue_role_keys). A commit is made per reader set (ledger.h: an edit that
// spans several, like an import over two joint schools, becomes one commit
// for each), so no file carries a record to a role that may not read it.
//
// What a role may write is narrower than what it reads (WriteCheck below):
// the clerk's devices judge every commit a role's device sends and undo each
// change that role may not make.
// Depends on: ledger.h, schema.h.
#pragma once

#include "ledger.h"
#include "schema.h"

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gy {

enum class ScopeKind : uint8_t { Township, Directory, School, Helper };

struct Scope {
    ScopeKind kind = ScopeKind::Township;
    RecordId id;  // the joint school or the helper; none for the township and the directory

    static Scope township() { return {}; }
    static Scope directory() { return {ScopeKind::Directory, {}}; }
    static Scope school(RecordId id) { return {ScopeKind::School, id}; }
    static Scope helper(RecordId id) { return {ScopeKind::Helper, id}; }
    auto operator<=>(const Scope&) const = default;
};

// "township", "directory", "school.3fa2c1.1b", "helper.3fa2c1.2" (a record ID names its kind).
std::string scope_text(const Scope& scope);
std::optional<Scope> parse_scope(std::string_view text);
// A joint school's or a helper's scope: a role the clerk issues keys for.
bool is_role(std::string_view scope);

// A set of readers, sorted, without repeats; never empty (the township when nothing narrower applies).
using Readers = std::vector<Scope>;
// "school.3fa2c1.1b_helper.3fa2c1.2": in change file names ('_' is never escaped in a URL or a listing).
std::string readers_text(const Readers& readers);
std::optional<Readers> parse_readers(std::string_view text);  // nullopt unless every part is a scope
std::vector<std::string> split_readers(std::string_view text);  // the parts as written, unchecked

// Works out readers from the ledger as it is. Build it once for many records
// (a sync round, a commit): it indexes the pairs and the places once.
class ReaderIndex {
public:
    explicit ReaderIndex(const Ledger& ledger);
    // Also sees these records as they will be after an edit (Ledger::commit passes its draft).
    ReaderIndex(const Ledger& ledger, std::span<const Record> draft);

    Readers of_record(RecordId id) const;
    Readers of_commit(const Commit& commit) const;  // every record it changes
    // Who may write the record (WriteCheck): the readers of its child where it has one, so a helper
    // cannot reach another child's visit by naming itself on it; else its own readers.
    Readers writers_of(RecordId id) const;

private:
    const Record* find(RecordId id) const;
    RecordId ref(const Record& r, const char* field) const;
    RecordId school_of_student(RecordId student) const;
    void add_student_readers(RecordId student, Readers& out) const;

    const Ledger& ledger_;
    std::unordered_map<uint64_t, const Record*> draft_;
    std::unordered_multimap<uint64_t, RecordId> helpers_of_student_;  // live pairs
};

// Makes the ledger commit each edit as one commit per set of readers (Ledger::group_commits_by).
void group_commits_by_readers(Ledger& ledger);

// [SECTION] Who may write what
//
// A joint school's administrator may change its school's students, guardians,
// surveys, pairs, visits and requests; a helper the visits, surveys and
// requests of the children in its care. Either only where its role reads the
// record before and after the change: a role cannot reach a record it does
// not see, nor move one out of its sight (a transfer to another school is the
// clerk's). The clerk writes everything; no role writes the directory.
//
// The clerk's devices hold the township's key and so know which role signed
// a file (seal.h, Opened::role). They judge a role's commits around merging
// them: what the role may not do is undone by a commit of the clerk's device
// (the old value written again, a record the role made deleted), so every
// device converges on the clerk's state, and the refused change stays in the
// record's history for the audit.
bool may_write_kind(const Scope& role, Kind kind);

struct RefusedChange {
    uint32_t device = 0;  // the commit's
    uint64_t seq = 0;
    RecordId record;
    int field = 0;
};

struct WriteVerdict {
    std::vector<RefusedChange> refused;
    Edit undo;  // empty when nothing refused took effect (an older write lost to a newer one anyway)
};

class WriteCheck {
public:
    // Before the commits merge: what each record they change looked like, and whether the role read it.
    WriteCheck(const Ledger& before, const Scope& role, std::span<const Commit> commits);
    // After they merged into the same ledger.
    WriteVerdict judge(const Ledger& after) const;
    // Without merging them (another role's device, which holds back what it would refuse): the same
    // refusals, judged on the records as the commits would leave them (before: as given above).
    std::vector<RefusedChange> refused_if_merged(const Ledger& before, std::span<const Commit> commits) const;

private:
    struct Seen {
        uint32_t device;
        uint64_t seq;
        RecordId record;
        int field;
        bool existed, readable, deleted;
        std::string value;  // the field's value before (empty for the markers)
    };
    bool allowed(const Seen& s, const ReaderIndex& after) const;

    Scope role_;
    std::vector<Seen> seen_;
};

// Whether a refused change would no longer show were it merged: a later write (the clerk's take-back,
// or anyone's newer edit) holds its field, or the record is deleted by a later commit.
bool outwritten(const Ledger& ledger, const RefusedChange& change, Stamp stamp);

}  // namespace gy
