#include "scopes.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace gy {

// [SECTION] Names

std::string scope_text(const Scope& scope) {
    switch (scope.kind) {
    case ScopeKind::Township: return "township";
    case ScopeKind::Directory: return "directory";
    case ScopeKind::School:
    case ScopeKind::Helper: return scope.id.text();
    }
    return "township";
}

std::optional<Scope> parse_scope(std::string_view text) {
    if (text == "township") return Scope::township();
    if (text == "directory") return Scope::directory();
    const std::optional<RecordId> id = RecordId::parse(text);
    if (!id) return std::nullopt;
    if (id->kind() == Kind::School) return Scope::school(*id);
    if (id->kind() == Kind::Helper) return Scope::helper(*id);
    return std::nullopt;
}

bool is_role(std::string_view scope) {
    const std::optional<Scope> s = parse_scope(scope);
    return s && (s->kind == ScopeKind::School || s->kind == ScopeKind::Helper);
}

std::string readers_text(const Readers& readers) {
    std::string out;
    for (const Scope& s : readers) out += (out.empty() ? "" : "_") + scope_text(s);
    return out;
}

std::vector<std::string> split_readers(std::string_view text) {
    std::vector<std::string> parts;
    while (!text.empty()) {
        const size_t end = std::min(text.find('_'), text.size());
        parts.emplace_back(text.substr(0, end));
        text.remove_prefix(std::min(text.size(), end + 1));
    }
    return parts;
}

std::optional<Readers> parse_readers(std::string_view text) {
    Readers readers;
    for (const std::string& part : split_readers(text)) {
        const std::optional<Scope> scope = parse_scope(part);
        if (!scope) return std::nullopt;
        readers.push_back(*scope);
    }
    if (readers.empty()) return std::nullopt;
    return readers;
}

// [SECTION] Who reads a record

static bool in_directory(Kind kind) {
    switch (kind) {
    case Kind::Township:
    case Kind::Village:
    case Kind::School:
    case Kind::Campus:
    case Kind::Class:
    case Kind::Teacher:
    case Kind::Helper:
    case Kind::Category: return true;
    default: return false;
    }
}

// The fields that name a helper who works with the record's child.
static constexpr const char* kHelperFields[] = {"helper", "visitor", "surveyor", "raised_by", "assignee", "cadre", "women_fed"};

static void add(Readers& readers, Scope scope) {
    if (std::find(readers.begin(), readers.end(), scope) == readers.end()) readers.push_back(scope);
}

static Readers finished(Readers readers) {
    if (readers.empty()) readers.push_back(Scope::township());
    std::sort(readers.begin(), readers.end());
    return readers;
}

ReaderIndex::ReaderIndex(const Ledger& ledger) : ReaderIndex(ledger, {}) {}

ReaderIndex::ReaderIndex(const Ledger& ledger, std::span<const Record> draft) : ledger_(ledger) {
    for (const Record& r : draft) draft_[r.id.bits] = &r;
    const int student = field_index(Kind::Pair, "student"), helper = field_index(Kind::Pair, "helper");
    const auto index_pair = [&](const Record& pair) {
        if (pair.deleted) return;
        const std::optional<RecordId> s = RecordId::parse(pair.value(student)), h = RecordId::parse(pair.value(helper));
        if (s && h) helpers_of_student_.emplace(s->bits, *h);
    };
    for (const Record& pair : ledger.records(Kind::Pair))
        if (!draft_.contains(pair.id.bits)) index_pair(pair);
    for (const Record& r : draft)
        if (r.id.kind() == Kind::Pair) index_pair(r);
}

const Record* ReaderIndex::find(RecordId id) const {
    if (auto it = draft_.find(id.bits); it != draft_.end()) return it->second;
    return ledger_.find(id);
}

RecordId ReaderIndex::ref(const Record& r, const char* field) const {
    const int f = field_index(r.id.kind(), field);
    if (f < 0) return {};
    return RecordId::parse(r.value(f)).value_or(RecordId{});
}

RecordId ReaderIndex::school_of_student(RecordId student) const {
    const Record* s = find(student);
    const Record* cls = s ? find(ref(*s, "class")) : nullptr;
    const Record* campus = cls ? find(ref(*cls, "campus")) : nullptr;
    return campus ? ref(*campus, "school") : RecordId{};
}

void ReaderIndex::add_student_readers(RecordId student, Readers& out) const {
    if (RecordId school = school_of_student(student); school.valid()) add(out, Scope::school(school));
    auto [from, to] = helpers_of_student_.equal_range(student.bits);
    for (auto it = from; it != to; ++it) add(out, Scope::helper(it->second));
    if (const Record* s = find(student))
        for (const char* field : {"cadre", "women_fed"})
            if (RecordId h = ref(*s, field); h.valid()) add(out, Scope::helper(h));
}

Readers ReaderIndex::of_record(RecordId id) const {
    const Kind kind = id.kind();
    if (in_directory(kind)) return {Scope::directory()};
    Readers readers;
    const Record* r = find(id);
    if (kind == Kind::Student) {
        add_student_readers(id, readers);
    } else if (r) {
        if (RecordId student = ref(*r, "student"); student.valid()) add_student_readers(student, readers);
        for (const char* field : kHelperFields)
            if (RecordId h = ref(*r, field); h.valid() && h.kind() == Kind::Helper) add(readers, Scope::helper(h));
    }
    return finished(std::move(readers));
}

// Commits are made per reader set, so their records agree; where they no
// longer do (a pair ended since), only who may read every one of them does.
Readers ReaderIndex::of_commit(const Commit& commit) const {
    std::optional<Readers> common;
    RecordId last;
    for (const Change& change : commit.changes) {
        if (change.record == last) continue;
        last = change.record;
        Readers readers = of_record(change.record);
        if (!common) {
            common = std::move(readers);
            continue;
        }
        Readers both;
        std::set_intersection(common->begin(), common->end(), readers.begin(), readers.end(), std::back_inserter(both));
        common = std::move(both);
    }
    return finished(common.value_or(Readers{}));
}

Readers ReaderIndex::writers_of(RecordId id) const {
    const Record* r = id.kind() == Kind::Student ? nullptr : find(id);
    const RecordId student = r ? ref(*r, "student") : RecordId{};
    return of_record(student.valid() ? student : id);
}

void group_commits_by_readers(Ledger& ledger) {
    ledger.group_commits_by([&ledger](std::span<const Record> draft, std::span<const RecordId> records) {
        const ReaderIndex readers(ledger, draft);
        std::vector<std::string> groups;
        for (RecordId id : records) groups.push_back(readers_text(readers.of_record(id)));
        return groups;
    });
}

// [SECTION] Who may write what

bool may_write_kind(const Scope& role, Kind kind) {
    switch (role.kind) {
    case ScopeKind::Township: return true;
    case ScopeKind::Directory: return false;
    case ScopeKind::School:
        return kind == Kind::Student || kind == Kind::Guardian || kind == Kind::Survey || kind == Kind::Pair || kind == Kind::Visit ||
               kind == Kind::Request;
    case ScopeKind::Helper: return kind == Kind::Visit || kind == Kind::Survey || kind == Kind::Request;
    }
    return false;
}

static bool contains(const Readers& readers, const Scope& scope) {
    return std::find(readers.begin(), readers.end(), scope) != readers.end();
}

WriteCheck::WriteCheck(const Ledger& before, const Scope& role, std::span<const Commit> commits) : role_(role) {
    const ReaderIndex readers(before);
    for (const Commit& c : commits) {
        for (const Change& ch : c.changes) {
            const Record* r = before.find(ch.record);
            const bool field = ch.field >= 0 && r;
            seen_.push_back({c.device, c.seq, ch.record, ch.field, r != nullptr, r && contains(readers.writers_of(ch.record), role),
                             r && r->deleted, field ? r->value(ch.field) : std::string()});
        }
    }
}

bool WriteCheck::allowed(const Seen& s, const ReaderIndex& after) const {
    return may_write_kind(role_, s.record.kind()) && (!s.existed || s.readable) && contains(after.writers_of(s.record), role_);
}

WriteVerdict WriteCheck::judge(const Ledger& after) const {
    WriteVerdict verdict;
    if (role_.kind == ScopeKind::Township) return verdict;
    const ReaderIndex readers(after);
    std::set<std::pair<uint64_t, int>> undone;  // (record, field) the undo writes; kDeletedField: deletes or restores
    for (const Seen& s : seen_) {
        if (allowed(s, readers)) continue;
        verdict.refused.push_back({s.device, s.seq, s.record, s.field});
        const Record* now = after.find(s.record);
        if (!now) continue;
        Edit& undo = verdict.undo;
        if (!s.existed || s.field == kDeletedField) {
            const bool was_deleted = !s.existed || s.deleted;  // a record the role made counts as never there
            if (now->deleted != was_deleted && undone.insert({s.record.bits, kDeletedField}).second)
                (was_deleted ? undo.deletions : undo.restorations).push_back(s.record);
        } else if (s.field >= 0 && now->value(s.field) != s.value && undone.insert({s.record.bits, s.field}).second) {
            undo.fields.push_back({s.record, s.field, s.value});
        }
    }
    return verdict;
}

// The records the commits change, as merging them would leave them (each field the later write by stamp).
static std::vector<Record> as_merged(const Ledger& before, std::span<const Commit> commits) {
    std::vector<Record> draft;
    std::unordered_map<uint64_t, size_t> at;
    for (const Commit& c : commits) {
        for (const Change& ch : c.changes) {
            auto [it, fresh] = at.try_emplace(ch.record.bits, draft.size());
            if (fresh) {
                const Record* r = before.find(ch.record);
                draft.push_back(r ? *r : Record{ch.record, std::vector<std::string>(kind_def(ch.record.kind()).fields.size()), false, {}});
            }
            Record& r = draft[it->second];
            if (ch.field == kCreatedField || ch.field >= static_cast<int>(r.values.size()) || c.stamp() < r.stamp_of(ch.field)) continue;
            if (ch.field == kDeletedField) r.deleted = !ch.value.empty();
            else r.values[ch.field] = ch.value;
            auto own = std::find_if(r.stamps.begin(), r.stamps.end(), [&](const FieldStamp& f) { return f.field == ch.field; });
            if (own == r.stamps.end()) r.stamps.push_back({ch.field, c.stamp()});
            else own->stamp = c.stamp();
        }
    }
    return draft;
}

std::vector<RefusedChange> WriteCheck::refused_if_merged(const Ledger& before, std::span<const Commit> commits) const {
    std::vector<RefusedChange> refused;
    if (role_.kind == ScopeKind::Township) return refused;
    const std::vector<Record> draft = as_merged(before, commits);
    const ReaderIndex readers(before, draft);
    for (const Seen& s : seen_)
        if (!allowed(s, readers)) refused.push_back({s.device, s.seq, s.record, s.field});
    return refused;
}

bool outwritten(const Ledger& ledger, const RefusedChange& change, Stamp stamp) {
    const Record* r = ledger.find(change.record);
    if (!r) return false;
    if (r->deleted && stamp < r->stamp_of(kDeletedField)) return true;
    return change.field != kCreatedField && stamp < r->stamp_of(change.field);
}

}  // namespace gy
