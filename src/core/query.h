// query.h — tables over the ledger: which rows, in which order, fast at county scale.
//
// A TableView is one kind's rows narrowed by a place in the tree (township,
// joint school, campus, class or village), a special-group category, and a
// search (a name by its characters, pinyin initials or full pinyin; an ID
// number or phone by any run of its digits), sorted by any field as Chinese
// users expect (names by pinyin). Indexes are built once and then patched
// from the ledger's change log, so an edit or a keystroke costs milliseconds
// on a county's 123,000 students, not a rebuild.
// Depends on: ledger.h, pinyin.h.
#pragma once

#include "ledger.h"
#include "pinyin.h"

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace gy {

struct TableQuery {
    RecordId scope;        // township / school / campus / class / village; none: all
    std::string text;      // search
    std::string category;  // a category code or ID; "": any
    int sort_field = -1;   // -1: the kind's title field
    bool descending = false;

    bool operator==(const TableQuery&) const = default;
};

class TableView {
public:
    explicit TableView(Kind kind)
        : kind_(kind), village_field_(field_index(kind, "village")), categories_field_(field_index(kind, "categories")) {}

    // Brings the rows up to date with the ledger and the query; cheap when neither moved.
    void update(const Ledger& ledger, const TableQuery& query);
    std::span<const uint32_t> rows() const { return rows_; }  // indexes into ledger.records(kind)
    // The pinyin index of every name, built by the first search that needs it if not before: a
    // county's 123,000 names take a moment, which the first view of the table need not wait for.
    void prepare_search(const Ledger& ledger);
    bool search_prepared() const { return names_ != nullptr; }
    Kind kind() const { return kind_; }

    // True if record sits anywhere under scope (itself included).
    static bool is_under(const Ledger& ledger, RecordId record, RecordId scope);
    // The record itself or the nearest record above it of that kind (a student's school …), or none.
    static RecordId ancestor_of_kind(const Ledger& ledger, RecordId record, Kind kind);

private:
    // Per row, where it sits: its ancestors (class, campus, school, township …)
    // and its village, so a scope test is a few compares, and its categories as
    // bits (builtin ones; the top bit: some of the township's own).
    struct Place {
        uint64_t up[4] = {};
        uint64_t village = 0;
    };
    // A parent's own ancestors, found once per rebuild: a class's forty pupils share them.
    using AncestorsOf = std::unordered_map<uint64_t, Place>;

    void rebuild_indexes(const Ledger& ledger);
    void patch_indexes(const Ledger& ledger);
    void index_row(const Ledger& ledger, uint32_t row);
    void sort_all(const Ledger& ledger);
    std::string sort_key(const Ledger& ledger, const Record& r) const;
    std::vector<char> search_matches(const Ledger& ledger) const;
    Place place_of(const Ledger& ledger, const Record& r, AncestorsOf* above = nullptr) const;
    uint32_t categories_of(const Record& r) const;

    Kind kind_;
    int village_field_, categories_field_;  // -1 when the kind has none
    TableQuery query_;
    bool fresh_ = false;  // rows_ reflect query_ and the ledger as of log_read_
    uint64_t bulk_seen_ = ~0ull;
    size_t log_read_ = 0;
    int sorted_by_ = -2;

    std::unique_ptr<NameIndex> names_;  // title field of rows [0, names_->size()); null until a search needs it
    std::vector<char> stale_;           // per row: changed since the indexes were built
    std::vector<uint32_t> overlay_;     // rows matched one by one (changed or new)
    std::vector<Place> places_;
    std::vector<uint32_t> category_bits_;
    std::string digits_;                // every row's ID number and phones, "|"-separated, one row per line
    std::vector<uint32_t> digits_at_;   // where row r starts in digits_
    std::vector<uint32_t> order_;       // every row, sorted by sort_field
    std::vector<uint32_t> rows_;        // the answer
};

}  // namespace gy
