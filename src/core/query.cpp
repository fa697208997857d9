// query.cpp — TableView: indexes per kind, patched from the change log; filtering and sorting.
//
// Index:
//   [SECTION] Indexes
//   [SECTION] Sorting
//   [SECTION] Filtering
#include "query.h"

#include "text.h"

#include <algorithm>
#include <cstdio>

namespace gy {

static constexpr size_t kMaxOverlay = 4096;  // then a rebuild is cheaper than matching one by one

// The text that names a row: its title field, or what a reference there names.
static std::string title_text(const Ledger& ledger, const Record& r) {
    const int f = kind_def(r.id.kind()).title_field;
    if (field_def(r.id.kind(), f).type != FieldType::Ref) return r.value(f);
    std::optional<RecordId> target = RecordId::parse(r.value(f));
    return target ? ledger.title(*target) : "";
}

static uint64_t parent_bits(const Record& r) {
    const int f = parent_field(r.id.kind());
    if (f < 0) return 0;
    std::optional<RecordId> p = RecordId::parse(r.value(f));
    return p ? p->bits : 0;
}

TableView::Place TableView::place_of(const Ledger& ledger, const Record& r, AncestorsOf* above) const {
    auto place_of_parent = [&ledger](uint64_t parent) {
        Place q;
        const Record* at = ledger.find(RecordId{parent});
        for (int level = 0; level < 4 && at; ++level) {
            q.up[level] = parent_bits(*at);
            at = q.up[level] ? ledger.find(RecordId{q.up[level]}) : nullptr;
        }
        return q;
    };
    Place p;
    p.up[0] = parent_bits(r);
    if (p.up[0]) {
        Place parent;
        if (!above) parent = place_of_parent(p.up[0]);
        else if (auto [it, fresh] = above->try_emplace(p.up[0]); fresh) parent = it->second = place_of_parent(p.up[0]);
        else parent = it->second;
        std::copy(parent.up, parent.up + 3, p.up + 1);
    }
    if (village_field_ >= 0) p.village = RecordId::parse(r.value(village_field_)).value_or(RecordId{}).bits;
    return p;
}

static constexpr uint32_t kOwnCategoryBit = 1u << 31;

static uint32_t category_bit(std::string_view code) {
    const auto builtin = builtin_categories();
    for (size_t i = 0; i < builtin.size() && i < 31; ++i)
        if (code == builtin[i].code) return 1u << i;
    return kOwnCategoryBit;
}

uint32_t TableView::categories_of(const Record& r) const {
    if (categories_field_ < 0) return 0;
    uint32_t bits = 0;
    std::string_view v = r.value(categories_field_);
    while (!v.empty()) {
        const size_t end = std::min(v.find(' '), v.size());
        bits |= category_bit(v.substr(0, end));
        v.remove_prefix(std::min(v.size(), end + 1));
    }
    return bits;
}

// The digits a search by number looks through: ID numbers and phones.
static std::vector<int> number_fields(Kind kind) {
    std::vector<int> out;
    for (size_t f = 0; f < kind_def(kind).fields.size(); ++f) {
        const FieldType t = kind_def(kind).fields[f].type;
        if (t == FieldType::IdNumber || t == FieldType::Phone) out.push_back(static_cast<int>(f));
    }
    return out;
}

// [SECTION] Indexes

void TableView::rebuild_indexes(const Ledger& ledger) {
    std::span<const Record> records = ledger.records(kind_);
    places_.resize(records.size());
    category_bits_.resize(records.size());
    digits_.clear();
    digits_at_.clear();
    const std::vector<int> numbers = number_fields(kind_);
    AncestorsOf above;
    for (size_t i = 0; i < records.size(); ++i) {
        places_[i] = place_of(ledger, records[i], &above);
        category_bits_[i] = categories_of(records[i]);
        digits_at_.push_back(static_cast<uint32_t>(digits_.size()));
        for (int f : numbers) digits_ += records[i].value(f), digits_ += '|';
        digits_ += '\n';
    }
    names_.reset();  // built for the first search (prepare_search)
    stale_.assign(records.size(), 0);
    overlay_.clear();
    sorted_by_ = -2;
}

// The rows changed since (overlay_) are still matched one by one: they are in digits_ as they were.
void TableView::prepare_search(const Ledger& ledger) {
    if (names_) return;
    std::span<const Record> records = ledger.records(kind_);
    std::vector<std::string> titles;
    titles.reserve(records.size());
    for (const Record& r : records) titles.push_back(title_text(ledger, r));
    names_ = std::make_unique<NameIndex>(std::move(titles));
}

void TableView::index_row(const Ledger& ledger, uint32_t row) {
    const Record& r = ledger.records(kind_)[row];
    if (row >= places_.size()) places_.resize(row + 1), category_bits_.resize(row + 1), stale_.resize(row + 1, 0);
    places_[row] = place_of(ledger, r);
    category_bits_[row] = categories_of(r);
    if (!stale_[row]) stale_[row] = 1, overlay_.push_back(row);
}

void TableView::patch_indexes(const Ledger& ledger) {
    const auto& log = ledger.change_log(kind_).rows;
    std::vector<uint32_t> changed(log.begin() + static_cast<long>(log_read_), log.end());
    log_read_ = log.size();
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    for (uint32_t row : changed) index_row(ledger, row);
    if (overlay_.size() > kMaxOverlay) return rebuild_indexes(ledger);
    if (sorted_by_ == -2 || changed.size() > 256) {
        sorted_by_ = -2;
        return;
    }
    // Move each changed row to its new place in the order.
    std::span<const Record> records = ledger.records(kind_);
    for (uint32_t row : changed) {
        std::erase(order_, row);
        const std::string key = sort_key(ledger, records[row]);
        auto at = std::lower_bound(order_.begin(), order_.end(), key, [&](uint32_t r, const std::string& k) {
            return sort_key(ledger, records[r]) < k;
        });
        order_.insert(at, row);
    }
}

// [SECTION] Sorting

std::string TableView::sort_key(const Ledger& ledger, const Record& r) const {
    const int f = sorted_by_ >= 0 ? sorted_by_ : kind_def(kind_).title_field;
    const FieldDef& def = field_def(kind_, f);
    const std::string& v = r.value(f);
    switch (def.type) {
    case FieldType::Name: return name_sort_key(v);
    case FieldType::Ref: {
        std::optional<RecordId> target = RecordId::parse(v);
        return target ? name_sort_key(ledger.title(*target)) : "";
    }
    case FieldType::Number: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%010d", v.empty() ? 0 : std::atoi(v.c_str()));
        return buf;
    }
    default: return v;
    }
}

void TableView::sort_all(const Ledger& ledger) {
    sorted_by_ = query_.sort_field >= 0 ? query_.sort_field : kind_def(kind_).title_field;
    std::span<const Record> records = ledger.records(kind_);
    std::vector<std::string> keys(records.size());
    for (size_t i = 0; i < records.size(); ++i) keys[i] = sort_key(ledger, records[i]);
    order_.resize(records.size());
    for (uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
}

// [SECTION] Filtering

// Digits search ID numbers and phones; anything else searches names.
std::vector<char> TableView::search_matches(const Ledger& ledger) const {
    std::span<const Record> records = ledger.records(kind_);
    std::vector<char> match(records.size(), 0);
    const std::string& q = query_.text;
    const bool digits = q.find_first_not_of("0123456789Xx") == std::string::npos;
    if (digits) {
        std::string upper = q;
        for (char& c : upper) c = c == 'x' ? 'X' : c;
        for (size_t at = digits_.find(upper); at != std::string::npos; at = digits_.find(upper, at + 1)) {
            const auto next = std::upper_bound(digits_at_.begin(), digits_at_.end(), static_cast<uint32_t>(at));
            const size_t row = static_cast<size_t>(next - digits_at_.begin()) - 1;
            if (!stale_[row]) match[row] = 1;
        }
        for (uint32_t row : overlay_)
            for (int f : number_fields(kind_)) match[row] |= records[row].value(f).find(upper) != std::string::npos;
        return match;
    }
    for (uint32_t row : names_->search(q))
        if (!stale_[row]) match[row] = 1;
    for (uint32_t row : overlay_) match[row] = name_matches(title_text(ledger, records[row]), q);
    return match;
}

RecordId TableView::ancestor_of_kind(const Ledger& ledger, RecordId record, Kind kind) {
    for (int depth = 0; depth < 8 && record.valid(); ++depth) {
        if (record.kind() == kind) return record;
        const Record* r = ledger.find(record);
        if (!r) return {};
        record = RecordId{parent_bits(*r)};
    }
    return {};
}

bool TableView::is_under(const Ledger& ledger, RecordId record, RecordId scope) {
    for (int depth = 0; depth < 8 && record.valid(); ++depth) {
        if (record == scope) return true;
        const Record* r = ledger.find(record);
        if (!r) return false;
        // A village places students by their household, not their class.
        if (scope.kind() == Kind::Village) {
            int f = field_index(record.kind(), "village");
            if (f >= 0) return r->value(f) == scope.text();
        }
        record = RecordId{parent_bits(*r)};
    }
    return false;
}

void TableView::update(const Ledger& ledger, const TableQuery& query) {
    const Ledger::ChangeLog& log = ledger.change_log(kind_);
    const bool data_moved = log.bulk != bulk_seen_ || log_read_ != log.rows.size();
    if (!data_moved && fresh_ && query == query_) return;
    if (log.bulk != bulk_seen_) {
        bulk_seen_ = log.bulk;
        log_read_ = log.rows.size();
        rebuild_indexes(ledger);
    } else if (log_read_ != log.rows.size()) {
        patch_indexes(ledger);
    }
    const int want_sort = query.sort_field >= 0 ? query.sort_field : kind_def(kind_).title_field;
    query_ = query;
    if (sorted_by_ != want_sort) sort_all(ledger);
    if (!query_.text.empty()) prepare_search(ledger);

    std::span<const Record> records = ledger.records(kind_);
    const std::vector<char> match = query_.text.empty() ? std::vector<char>() : search_matches(ledger);
    const uint32_t want_bits = query_.category.empty() ? 0 : category_bit(query_.category);
    const uint64_t scope = query_.scope.bits;
    const bool by_village = query_.scope.valid() && query_.scope.kind() == Kind::Village;
    const int categories = field_index(kind_, "categories");
    rows_.clear();
    auto consider = [&](uint32_t row) {
        const Record& r = records[row];
        if (r.deleted || (!match.empty() && !match[row])) return;
        if (want_bits && !(category_bits_[row] & want_bits)) return;
        if (want_bits == kOwnCategoryBit && !has_word(r.value(categories), query_.category)) return;
        if (scope && r.id.bits != scope) {
            const Place& p = places_[row];
            if (by_village ? p.village != scope : p.up[0] != scope && p.up[1] != scope && p.up[2] != scope && p.up[3] != scope) return;
        }
        rows_.push_back(row);
    };
    if (query_.descending)
        for (auto it = order_.rbegin(); it != order_.rend(); ++it) consider(*it);
    else
        for (uint32_t row : order_) consider(row);
    fresh_ = true;
}

}  // namespace gy
