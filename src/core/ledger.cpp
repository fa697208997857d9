// ledger.cpp — records, the check of an edit, commits, undo and history.
//
// Index:
//   [SECTION] Values: from typed text to canonical spelling
//   [SECTION] Records
//   [SECTION] Checking an edit
//   [SECTION] Committing and replaying
//   [SECTION] Undo, history, references
#include "ledger.h"

#include "photos.h"
#include "text.h"

#include <algorithm>
#include <unordered_set>

namespace gy {

// [SECTION] Values: from typed text to canonical spelling

static Normalized refuse(Problem problem, std::string detail, IdProblem id_problem = IdProblem::None) {
    Normalized n;
    n.ok = false;
    n.problem.problem = problem;
    n.problem.id_problem = id_problem;
    n.problem.detail = std::move(detail);
    return n;
}

static Normalized accept(std::string value) {
    Normalized n;
    n.value = std::move(value);
    return n;
}

static int max_chars(const FieldDef& f) {
    if (f.type != FieldType::Number && f.max > 0) return f.max;
    switch (f.type) {
    case FieldType::Name: return 30;
    case FieldType::LongText: return 2000;
    default: return 60;
    }
}

static Normalized normalize_phone(std::string_view s) {
    std::string digits;
    for (char c : s) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != ' ' && c != '-' && c != '+' && c != '(' && c != ')') return refuse(Problem::BadPhone, "not a digit");
    }
    if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
    const bool mobile = digits.size() == 11 && digits[0] == '1' && digits[1] >= '3';
    const bool landline = digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0';
    if (!mobile && !landline) return refuse(Problem::BadPhone, "neither a mobile nor a landline number: " + digits);
    return accept(digits);
}

// Date fields hold dates from 100 years ago up to today, unless the field
// allows a future (a pair's planned end): then max is days after today.
static Normalized normalize_date(const FieldDef& f, std::string_view s, const Date& today) {
    Result<Date> d = parse_date(s);
    if (!d) return refuse(Problem::BadDate, d.error().detail);
    const int day = days_from_date(d.value()), now = days_from_date(today);
    if (day > now + f.max) return refuse(Problem::DateOutOfRange, "after " + format_date_iso(date_from_days(now + f.max)));
    if (day < now - 36525) return refuse(Problem::DateOutOfRange, "more than 100 years ago");
    return accept(format_date_iso(d.value()));
}

static Normalized normalize_number(const FieldDef& f, std::string_view s) {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string_view::npos)
        return refuse(Problem::BadNumber, "not a whole number");
    const int v = std::stoi(std::string(s));
    if (v < f.min || v > f.max)
        return refuse(Problem::BadNumber, std::to_string(v) + " not in [" + std::to_string(f.min) + ", " + std::to_string(f.max) + "]");
    return accept(std::to_string(v));
}

// Several choices may be separated by spaces or the commas and 、 of Chinese text.
static std::vector<std::string_view> split_choices(std::string_view s) {
    std::vector<std::string_view> parts;
    static constexpr std::string_view kSeparators[] = {" ", ",", ";", "，", "、", "；", "/"};
    while (!s.empty()) {
        size_t cut = s.size(), len = 0;
        for (std::string_view sep : kSeparators) {
            size_t at = s.find(sep);
            if (at < cut) cut = at, len = sep.size();
        }
        std::string_view part = trim_spaces(s.substr(0, cut));
        if (!part.empty()) parts.push_back(part);
        s.remove_prefix(std::min(s.size(), cut + len));
    }
    return parts;
}

// Photo references (photos.h), each once, at most kMaxPhotosPerRecord.
static Normalized normalize_photos(std::string_view s) {
    std::string out;
    size_t count = 0;
    for (std::string_view part : split_choices(s)) {
        if (!parse_photo_ref(part)) return refuse(Problem::BadText, "not a photo reference: " + std::string(part));
        if (has_word(out, part)) continue;
        if (++count > kMaxPhotosPerRecord) return refuse(Problem::TooLong, "more than " + std::to_string(kMaxPhotosPerRecord) + " photos");
        out += (out.empty() ? "" : " ") + std::string(part);
    }
    return accept(out);
}

Normalized Ledger::normalize(Kind kind, int field, std::string_view text, const Date& today) const {
    const FieldDef& f = field_def(kind, field);
    if (!is_valid_utf8(text)) return refuse(Problem::BadText, "not UTF-8");
    const std::string_view s = trim_spaces(text);
    if (s.empty()) return accept("");
    if (f.type != FieldType::LongText && has_control_chars(s)) return refuse(Problem::BadText, "control character in a one-line field");
    if (count_code_points(s) > static_cast<size_t>(max_chars(f)))
        return refuse(Problem::TooLong, "more than " + std::to_string(max_chars(f)) + " characters");
    switch (f.type) {
    case FieldType::IdNumber: {
        IdCheck id = check_id_number(s, today);
        if (id.problem != IdProblem::None) return refuse(Problem::BadIdNumber, id.normalized, id.problem);
        return accept(id.normalized);
    }
    case FieldType::Phone: return normalize_phone(s);
    case FieldType::Date: return normalize_date(f, s, today);
    case FieldType::Number: return normalize_number(f, s);
    case FieldType::Choice: {
        const ChoiceDef* c = find_choice(f, s);
        return c ? accept(c->code) : refuse(Problem::UnknownChoice, std::string(s));
    }
    case FieldType::Choices: {
        std::string out;
        for (std::string_view part : split_choices(s)) {
            std::string code;
            if (const ChoiceDef* c = find_choice(f, part)) code = c->code;
            else if (f.ref_kind == Kind::Category && find_category(part).valid()) code = find_category(part).text();
            if (code.empty()) return refuse(Problem::UnknownChoice, std::string(part));
            if (!has_word(out, code)) out += (out.empty() ? "" : " ") + code;
        }
        return accept(out);
    }
    case FieldType::Ref: {
        std::optional<RecordId> id = RecordId::parse(s);
        if (!id) return refuse(Problem::UnknownRecord, std::string(s));
        return accept(id->text());
    }
    case FieldType::Photos: return normalize_photos(s);
    default: return accept(std::string(s));
    }
}

// A township's own categories, by name or ID.
RecordId Ledger::find_category(std::string_view name_or_id) const {
    for (const Record& r : records(Kind::Category))
        if (!r.deleted && (r.value(0) == name_or_id || r.id.text() == name_or_id)) return r.id;
    return {};
}

// [SECTION] Records

Stamp Record::stamp_of(int field) const {
    Stamp base;
    for (const FieldStamp& s : stamps) {
        if (s.field == field) return s.stamp;
        if (s.field == kCreatedField) base = s.stamp;
    }
    return base;
}

static void set_stamp(Record& row, int field, Stamp stamp) {
    if (row.stamp_of(field) == stamp) return;
    for (FieldStamp& s : row.stamps)
        if (s.field == field) { s.stamp = stamp; return; }
    row.stamps.push_back({field, stamp});
}

RecordId Ledger::new_id(Kind kind) { return RecordId::make(kind, device_, next_counter_++); }

const Record* Ledger::find(RecordId id) const {
    auto it = row_of_.find(id.bits);
    return it == row_of_.end() ? nullptr : &records_[static_cast<int>(id.kind())][it->second];
}

std::optional<uint32_t> Ledger::row_of(RecordId id) const {
    auto it = row_of_.find(id.bits);
    return it == row_of_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
}

bool Ledger::exists(RecordId id) const {
    const Record* r = find(id);
    return r && !r->deleted;
}

size_t Ledger::live_count(Kind kind) const {
    size_t n = 0;
    for (const Record& r : records(kind)) n += !r.deleted;
    return n;
}

std::string Ledger::title(RecordId id) const {
    const Record* r = find(id);
    if (!r) return "";
    const FieldDef& f = field_def(id.kind(), kind_def(id.kind()).title_field);
    if (f.type != FieldType::Ref) return r->value(kind_def(id.kind()).title_field);
    std::optional<RecordId> target = RecordId::parse(r->value(kind_def(id.kind()).title_field));
    return target ? title(*target) : "";
}

RecordId Ledger::find_by_id_number(Kind kind, std::string_view id_number) const {
    const auto& index = id_numbers_[static_cast<int>(kind)];
    auto it = index.find(std::string(id_number));
    return it == index.end() ? RecordId{} : it->second;
}

Record& Ledger::row_for(RecordId id, std::vector<std::string> fallback) {
    auto [it, created] = row_of_.try_emplace(id.bits, 0);
    auto& rows = records_[static_cast<int>(id.kind())];
    if (created) {
        it->second = static_cast<uint32_t>(rows.size());
        fallback.resize(kind_def(id.kind()).fields.size());
        rows.push_back({id, std::move(fallback), false, {}});
        if (id.device() == device_ && id.counter() >= next_counter_) next_counter_ = id.counter() + 1;
    }
    return rows[it->second];
}

// Keeps the ID-number index in step with every live record's value.
void Ledger::set_value(Record& row, int field, std::string value) {
    const Kind kind = row.id.kind();
    auto& index = id_numbers_[static_cast<int>(kind)];
    const int id_field = id_number_field(kind);
    auto unindex = [&](const std::string& v) {
        auto it = index.find(v);
        if (it != index.end() && it->second == row.id) index.erase(it);
    };
    if (field == kDeletedField) {
        row.deleted = !value.empty();
        if (id_field >= 0 && !row.value(id_field).empty()) {
            if (row.deleted) unindex(row.value(id_field));
            else index.try_emplace(row.value(id_field), row.id);
        }
    } else {
        if (field == id_field && !row.deleted) {
            unindex(row.values[field]);
            if (!value.empty()) index.try_emplace(value, row.id);
        }
        row.values[field] = std::move(value);
    }
    ++revision_;
}

void Ledger::reserve(Kind kind, size_t more_rows) {
    const int k = static_cast<int>(kind);
    records_[k].reserve(records_[k].size() + more_rows);
    row_of_.reserve(row_of_.size() + more_rows);
    if (id_number_field(kind) >= 0) id_numbers_[k].reserve(id_numbers_[k].size() + more_rows);
}

void Ledger::load_row(RecordId id, std::vector<std::string> values, bool deleted, std::vector<FieldStamp> stamps) {
    const int k = static_cast<int>(id.kind());
    for (const FieldStamp& s : stamps) clock_.observe(s.stamp.clock);
    values.resize(kind_def(id.kind()).fields.size());
    ++change_log_[k].bulk;
    if (!row_of_.contains(id.bits)) {
        // A new row (loading a snapshot): take the values whole, index its ID number once.
        Record& row = row_for(id, std::move(values));
        row.deleted = deleted;
        row.stamps = std::move(stamps);
        if (const int f = id_number_field(id.kind()); f >= 0 && !deleted && !row.values[f].empty())
            id_numbers_[k].try_emplace(row.values[f], id);
        ++revision_;
        return;
    }
    // The row is here already: the log wrote it before its bucket came (a county opens before every
    // bucket is in), or the same row was saved twice. Each field keeps its later write, as in merge().
    Record& row = row_for(id);
    const Record saved{id, std::move(values), deleted, std::move(stamps)};
    Record stamped{id, {}, false, saved.stamps};  // the stamps the row ends with
    for (int f = kCreatedField; f < static_cast<int>(saved.values.size()); ++f) {
        const Stamp here = row.stamp_of(f), there = saved.stamp_of(f);
        set_stamp(stamped, f, std::max(here, there));
        if (there < here) continue;
        if (f == kDeletedField && row.deleted != saved.deleted) set_value(row, f, saved.deleted ? "1" : "");
        if (f >= 0 && row.values[f] != saved.values[f]) set_value(row, f, saved.values[f]);
    }
    row.stamps = std::move(stamped.stamps);
}

// [SECTION] Checking an edit

static FieldProblem problem_at(RecordId id, int field, Problem p, std::string detail) {
    return {id, field, p, IdProblem::None, std::move(detail)};
}

std::vector<FieldProblem> Ledger::check(const Edit& edit, const Date& today) const {
    return draft(edit, today).problems;
}

// A valid ID number already says the birth date and sex: fill them in when empty.
static void fill_from_id_number(Record& r, const Date& today) {
    const Kind kind = r.id.kind();
    const int id = id_number_field(kind), birth = field_index(kind, "birth_date"), sex = field_index(kind, "sex");
    if (id < 0 || r.values[id].empty()) return;
    IdCheck check = check_id_number(r.values[id], today);
    if (check.problem != IdProblem::None) return;
    if (birth >= 0 && r.values[birth].empty()) r.values[birth] = format_date_iso(check.birth);
    if (sex >= 0 && r.values[sex].empty()) r.values[sex] = check.male ? "m" : "f";
}

Ledger::Draft Ledger::draft(const Edit& edit, const Date& today) const {
    Draft d;
    std::unordered_map<uint64_t, size_t> slot;
    std::unordered_set<uint64_t> created;
    for (const FieldEdit& e : edit.fields) {
        auto [it, first] = slot.try_emplace(e.record.bits, d.records.size());
        if (first) {
            const Record* existing = find(e.record);
            if (existing && existing->deleted)
                d.problems.push_back(problem_at(e.record, -1, Problem::UnknownRecord, "deleted: " + e.record.text()));
            if (!existing && (!e.record.valid() || e.record.kind() >= Kind::Count)) {
                d.problems.push_back(problem_at(e.record, -1, Problem::UnknownRecord, "not a record ID"));
                return d;
            }
            Record r = existing ? *existing : Record{e.record, {}, false, {}};
            if (!existing) {
                for (const FieldDef& f : kind_def(e.record.kind()).fields) r.values.emplace_back(f.fallback);
                created.insert(e.record.bits);
            }
            d.records.push_back(std::move(r));
            d.is_new.push_back(!existing);
        }
        Record& r = d.records[it->second];
        if (e.field < 0 || e.field >= static_cast<int>(r.values.size())) {
            d.problems.push_back(problem_at(e.record, e.field, Problem::NoSuchField, std::to_string(e.field)));
            continue;
        }
        Normalized n = normalize(e.record.kind(), e.field, e.value, today);
        if (!n.ok) {
            n.problem.record = e.record;
            n.problem.field = e.field;
            d.problems.push_back(std::move(n.problem));
        } else {
            r.values[e.field] = std::move(n.value);
        }
    }
    for (Record& r : d.records) fill_from_id_number(r, today);
    for (const Record& r : d.records) check_record(r, created, d.problems);
    // Two records of one edit (an import) with the same ID number.
    std::unordered_map<std::string, RecordId> seen[kKindCount];
    for (const Record& r : d.records) {
        const int f = id_number_field(r.id.kind());
        if (f < 0 || r.values[f].empty()) continue;
        auto [it, fresh] = seen[static_cast<int>(r.id.kind())].try_emplace(r.values[f], r.id);
        if (!fresh) d.problems.push_back(problem_at(r.id, f, Problem::DuplicateIdNumber, it->second.text()));
    }
    check_pair_limits(d);
    for (RecordId id : edit.deletions) check_deletion(id, edit, d.problems);
    for (RecordId id : edit.restorations) {
        const Record* r = find(id);
        if (!r || !r->deleted) d.problems.push_back(problem_at(id, kDeletedField, Problem::UnknownRecord, "not deleted: " + id.text()));
    }
    return d;
}

void Ledger::check_record(const Record& r, const std::unordered_set<uint64_t>& created, std::vector<FieldProblem>& problems) const {
    const auto fields = kind_def(r.id.kind()).fields;
    for (size_t i = 0; i < fields.size(); ++i) {
        const FieldDef& f = fields[i];
        const std::string& v = r.values[i];
        const int field = static_cast<int>(i);
        if (v.empty()) {
            if (f.required) problems.push_back(problem_at(r.id, field, Problem::Required, f.key));
            continue;
        }
        if (f.type == FieldType::Ref) {
            RecordId target = RecordId::parse(v).value_or(RecordId{});
            const bool made_here = created.contains(target.bits);
            if (target.kind() != f.ref_kind) problems.push_back(problem_at(r.id, field, Problem::WrongKind, v));
            else if (!exists(target) && !made_here) problems.push_back(problem_at(r.id, field, Problem::UnknownRecord, v));
        }
        if (f.type == FieldType::IdNumber) {
            RecordId other = find_by_id_number(r.id.kind(), v);
            if (other.valid() && other != r.id) problems.push_back(problem_at(r.id, field, Problem::DuplicateIdNumber, other.text()));
        }
    }
}

// A helper carries at most max_pairs children at a time (the seeds: five households per party member).
void Ledger::check_pair_limits(Draft& d) const {
    const int helper_f = field_index(Kind::Pair, "helper"), end_f = field_index(Kind::Pair, "end");
    const int limit_f = field_index(Kind::Helper, "max_pairs");
    std::unordered_map<std::string, int> carried;  // helper → active pairs after the edit
    std::unordered_set<uint64_t> drafted;
    for (const Record& r : d.records) drafted.insert(r.id.bits);
    auto active = [&](const Record& p) { return !p.deleted && p.value(end_f).empty(); };
    bool any = false;
    for (const Record& r : d.records) any |= r.id.kind() == Kind::Pair && active(r);
    if (!any) return;
    for (const Record& p : records(Kind::Pair))
        if (!drafted.contains(p.id.bits) && active(p)) ++carried[p.value(helper_f)];
    for (const Record& r : d.records) {
        if (r.id.kind() != Kind::Pair || !active(r)) continue;
        const int now = ++carried[r.value(helper_f)];
        const Record* helper = find(RecordId::parse(r.value(helper_f)).value_or(RecordId{}));
        const int limit = helper ? std::atoi(helper->value(limit_f).c_str()) : 0;
        if (helper && limit > 0 && now > limit)
            d.problems.push_back(problem_at(r.id, helper_f, Problem::PairLimit, std::to_string(limit)));
    }
}

void Ledger::check_deletion(RecordId id, const Edit& edit, std::vector<FieldProblem>& problems) const {
    if (!exists(id)) {
        problems.push_back(problem_at(id, kDeletedField, Problem::UnknownRecord, id.text()));
        return;
    }
    for (RecordId referrer : referrers(id)) {
        if (std::find(edit.deletions.begin(), edit.deletions.end(), referrer) != edit.deletions.end()) continue;
        problems.push_back(problem_at(id, kDeletedField, Problem::StillReferenced, referrer.text()));
        return;
    }
}

// [SECTION] Committing and replaying

std::string change_field_name(Kind kind, int field) {
    if (field == kDeletedField) return "#deleted";
    if (field == kCreatedField) return "#created";
    return field_def(kind, field).key;
}

std::optional<int> change_field_from_name(Kind kind, std::string_view name) {
    if (name == "#deleted") return kDeletedField;
    if (name == "#created") return kCreatedField;
    const int f = field_index(kind, name);
    return f < 0 ? std::nullopt : std::optional<int>(f);
}

Outcome Ledger::commit(const Edit& edit, const std::string& author, int64_t now_ms, const Date& today) {
    Outcome out;
    Draft d = draft(edit, today);
    out.problems = std::move(d.problems);
    if (!out.ok()) return out;
    Commit c;
    c.device = device_;
    c.author = author;
    c.at_ms = now_ms;
    for (size_t i = 0; i < d.records.size(); ++i) {
        const Record& r = d.records[i];
        const Record* existing = d.is_new[i] ? nullptr : find(r.id);
        if (!existing) c.changes.push_back({r.id, kCreatedField, kind_def(r.id.kind()).key, ""});
        for (size_t f = 0; f < r.values.size(); ++f) {
            const std::string& old = existing ? existing->values[f] : std::string();
            if (r.values[f] != old) c.changes.push_back({r.id, static_cast<int>(f), r.values[f], old});
        }
    }
    for (RecordId id : edit.deletions) c.changes.push_back({id, kDeletedField, "1", ""});
    for (RecordId id : edit.restorations) c.changes.push_back({id, kDeletedField, "", "1"});
    if (c.changes.empty()) return out;
    out.first_seq = next_seq_;
    for (std::vector<Change>& changes : grouped(std::move(c.changes), d.records)) {
        Commit part = c;
        part.changes = std::move(changes);
        part.seq = out.seq = next_seq_;
        part.clock = clock_.tick(now_ms);
        merge(std::move(part));
    }
    return out;
}

// The changes split by group_, each group in the order its first record came; one group when not grouped.
std::vector<std::vector<Change>> Ledger::grouped(std::vector<Change> changes, std::span<const Record> draft) const {
    if (!group_) return {std::move(changes)};
    std::vector<RecordId> records;
    for (const Change& ch : changes)
        if (records.empty() || records.back() != ch.record) records.push_back(ch.record);
    const std::vector<std::string> keys = group_(draft, records);
    std::unordered_map<uint64_t, std::string_view> key_of;
    for (size_t i = 0; i < records.size() && i < keys.size(); ++i) key_of[records[i].bits] = keys[i];
    std::vector<std::string_view> order;
    std::vector<std::vector<Change>> out;
    for (Change& ch : changes) {
        const std::string_view key = key_of[ch.record.bits];
        const size_t at = static_cast<size_t>(std::find(order.begin(), order.end(), key) - order.begin());
        if (at == order.size()) order.push_back(key), out.emplace_back();
        out[at].push_back(std::move(ch));
    }
    return out;
}

// Last writer wins, field by field: a write older than the one a field holds
// changes nothing (it stays in the history). Equal stamps are the same commit
// seen again.
void Ledger::apply(const Change& change, Stamp stamp) {
    const bool is_new = !row_of_.contains(change.record.bits);
    Record& row = row_for(change.record);
    if (change.field == kCreatedField) {
        if (is_new) set_stamp(row, kCreatedField, stamp);  // stands for the fields this commit writes
        return;
    }
    if (change.field >= static_cast<int>(row.values.size())) return;  // written by a newer version
    if (stamp < row.stamp_of(change.field)) return;
    set_stamp(row, change.field, stamp);
    set_value(row, change.field, change.value);
    // Once per row and commit: a view may have read the log since this row's last entry.
    const int k = static_cast<int>(change.record.kind());
    auto& rows = change_log_[k].rows;
    const uint32_t at = row_of_.at(change.record.bits);
    if (rows.size() == logged_before_[k] || rows.back() != at) rows.push_back(at);
}

bool Ledger::merge(Commit commit, bool apply_values) {
    auto [known, added] = commit_index_.try_emplace(commit_key(commit.device, commit.seq), static_cast<uint32_t>(commits_.size()));
    if (!added) return false;
    clock_.observe(commit.clock);
    if (apply_values) {
        for (int k = 0; k < kKindCount; ++k) logged_before_[k] = change_log_[k].rows.size();
        for (const Change& ch : commit.changes) apply(ch, commit.stamp());
    }
    if (commit.device == device_) next_seq_ = std::max(next_seq_, commit.seq + 1);
    commits_.push_back(std::move(commit));
    index_commit(commits_.size() - 1);
    return true;
}

void Ledger::reapply_commits() {
    for (const Commit& c : commits_) {
        for (int k = 0; k < kKindCount; ++k) logged_before_[k] = change_log_[k].rows.size();
        for (const Change& ch : c.changes) apply(ch, c.stamp());
    }
}

void Ledger::index_commit(size_t at) {
    uint64_t last = 0;
    for (const Change& ch : commits_[at].changes) {
        if (ch.record.bits == last) continue;
        last = ch.record.bits;
        auto& list = commits_of_[last];
        if (list.empty() || list.back() != at) list.push_back(static_cast<uint32_t>(at));
    }
}

// [SECTION] Undo, history, references

const Commit* Ledger::find_commit(uint32_t device, uint64_t seq) const {
    auto it = commit_index_.find(commit_key(device, seq));
    return it == commit_index_.end() ? nullptr : &commits_[it->second];
}

Edit Ledger::undo_edit(uint64_t first, uint64_t last) const {
    Edit undo;
    std::vector<const Change*> changes;
    for (uint64_t seq = first; seq <= last; ++seq)
        if (const Commit* c = find_commit(seq))
            for (const Change& ch : c->changes) changes.push_back(&ch);
    std::unordered_set<uint64_t> created;
    for (const Change* ch : changes)
        if (ch->field == kCreatedField) created.insert(ch->record.bits), undo.deletions.push_back(ch->record);
    for (const Change* ch : changes) {
        if (created.contains(ch->record.bits) || ch->field == kCreatedField) continue;
        if (ch->field == kDeletedField) (ch->value.empty() ? undo.deletions : undo.restorations).push_back(ch->record);
        else undo.fields.push_back({ch->record, ch->field, ch->old_value});
    }
    return undo;
}

std::vector<std::pair<const Commit*, const Change*>> Ledger::history(RecordId id) const {
    std::vector<std::pair<const Commit*, const Change*>> out;
    auto it = commits_of_.find(id.bits);
    if (it == commits_of_.end()) return out;
    for (uint32_t at : it->second)
        for (const Change& ch : commits_[at].changes)
            if (ch.record == id) out.emplace_back(&commits_[at], &ch);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first->stamp() < b.first->stamp(); });
    return out;
}

std::vector<RecordId> Ledger::referrers(RecordId id) const {
    std::vector<RecordId> out;
    const std::string text = id.text();
    for (const KindDef& k : all_kinds()) {
        for (size_t f = 0; f < k.fields.size(); ++f) {
            const FieldDef& def = k.fields[f];
            if (def.ref_kind != id.kind()) continue;
            for (const Record& r : records(k.kind)) {
                if (r.deleted) continue;
                const std::string& v = r.values[f];
                if (def.type == FieldType::Ref ? v == text : has_word(v, text)) out.push_back(r.id);
            }
        }
    }
    return out;
}

void Ledger::mark_all_changed() {
    ++revision_;
    for (ChangeLog& log : change_log_) ++log.bulk;
}

}  // namespace gy
