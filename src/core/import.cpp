// import.cpp — column guessing, row checking, merges, the import edit.
#include "import.h"

#include "query.h"
#include "text.h"

#include <algorithm>
#include <unordered_map>

namespace gy {

// Headers offices write for fields whose own name they rarely use.
struct Alias {
    const char* header;
    const char* field;
};
static constexpr Alias kAliases[] = {
    {"出生年月", "birth_date"}, {"出生", "birth_date"}, {"身份证", "id_number"}, {"证件号", "id_number"},
    {"电话", "phone"},          {"手机", "phone"},      {"住址", "address"},     {"类别", "categories"},
    {"所在班级", "class"},      {"户籍", "village"},    {"关系", "relation"},
};

ColumnMap guess_columns(Kind kind, const std::vector<std::string>& header) {
    ColumnMap map{kind, std::vector<int>(header.size(), -1)};
    const auto fields = kind_def(kind).fields;
    std::vector<bool> used(fields.size(), false);
    auto take = [&](size_t column, int field) {
        if (field < 0 || used[field] || map.field_of_column[column] >= 0) return;
        map.field_of_column[column] = field;
        used[field] = true;
    };
    // Exact names first, then headers containing a field's name, then aliases.
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string_view h = trim_spaces(header[c]);
        for (size_t f = 0; f < fields.size(); ++f)
            if (h == fields[f].label || h == fields[f].key) take(c, static_cast<int>(f));
    }
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string_view h = trim_spaces(header[c]);
        int best = -1;
        size_t best_length = 0;
        for (size_t f = 0; f < fields.size(); ++f) {
            const std::string_view label = fields[f].label;
            if (!used[f] && h.find(label) != std::string_view::npos && label.size() > best_length) best = static_cast<int>(f), best_length = label.size();
        }
        take(c, best);
    }
    for (size_t c = 0; c < header.size(); ++c)
        for (const Alias& a : kAliases)
            if (trim_spaces(header[c]).find(a.header) != std::string_view::npos) take(c, field_index(kind, a.field));
    return map;
}

size_t ImportPlan::valid_rows() const {
    size_t n = 0;
    for (const PlannedRow& r : rows) n += r.valid;
    return n;
}

size_t ImportPlan::merges() const {
    size_t n = 0;
    for (const PlannedRow& r : rows) n += r.valid && r.merge;
    return n;
}

// A reference written as a name: the one live record of that kind with that name under scope.
static Normalized resolve_name(const Ledger& ledger, Kind kind, std::string_view name, RecordId scope) {
    Normalized out;
    RecordId found;
    int count = 0;
    for (const Record& r : ledger.records(kind)) {
        if (r.deleted || ledger.title(r.id) != name) continue;
        if (scope.valid() && !TableView::is_under(ledger, r.id, scope) && !TableView::is_under(ledger, scope, r.id)) continue;
        found = r.id;
        ++count;
    }
    if (count == 1) {
        out.value = found.text();
        return out;
    }
    out.ok = false;
    out.problem.problem = Problem::UnknownRecord;
    out.problem.detail = count == 0 ? "no " + std::string(kind_def(kind).key) + " named " + std::string(name)
                                    : std::to_string(count) + " named " + std::string(name) + ": choose a narrower place";
    return out;
}

ImportPlan plan_import(const Ledger& ledger, const Sheet& sheet, const ColumnMap& map, RecordId scope, const Date& today,
                       const std::function<RecordId(Kind)>& new_id) {
    ImportPlan plan{map, {}, {}};
    const Kind kind = map.kind;
    const int id_field = id_number_field(kind);
    std::unordered_map<int, int> column_of;  // field → column
    for (size_t c = 0; c < map.field_of_column.size(); ++c)
        if (map.field_of_column[c] >= 0) column_of[map.field_of_column[c]] = static_cast<int>(c);
    std::unordered_map<std::string, size_t> seen_ids;  // ID number → sheet row
    // A sheet names the same few classes or villages thousands of times: look each name up once.
    std::unordered_map<std::string, Normalized> resolved[kKindCount];
    for (size_t r = 1; r < sheet.size(); ++r) {
        const auto& cells = sheet[r];
        bool empty = true;
        for (const std::string& cell : cells) empty = empty && trim_spaces(cell).empty();
        if (empty) continue;
        PlannedRow row{r + 1, {}, false, {}, true};
        std::vector<int> fields_with_problems;  // one reason per cell is enough
        auto problem = [&](int field, FieldProblem p) {
            if (std::find(fields_with_problems.begin(), fields_with_problems.end(), field) != fields_with_problems.end()) return;
            fields_with_problems.push_back(field);
            p.field = field;
            plan.problems.push_back({row.row, field >= 0 && column_of.contains(field) ? column_of[field] : -1, std::move(p)});
            row.valid = false;
        };
        std::vector<std::pair<int, std::string>> values;
        for (size_t c = 0; c < map.field_of_column.size() && c < cells.size(); ++c) {
            const int f = map.field_of_column[c];
            const std::string_view text = trim_spaces(cells[c]);
            if (f < 0 || text.empty()) continue;
            const FieldDef& def = field_def(kind, f);
            if (def.type == FieldType::Ref && !RecordId::parse(text)) {
                auto [known, fresh] = resolved[static_cast<int>(def.ref_kind)].try_emplace(std::string(text));
                if (fresh) known->second = resolve_name(ledger, def.ref_kind, text, scope);
                const Normalized& n = known->second;
                if (!n.ok) problem(f, n.problem);
                else values.emplace_back(f, n.value);
            } else {
                values.emplace_back(f, std::string(text));
            }
        }
        // An ID number already registered makes this row an update of that record.
        for (auto& [f, v] : values) {
            if (f != id_field) continue;
            Normalized id = ledger.normalize(kind, f, v, today);
            if (!id.ok) continue;
            if (auto [it, fresh] = seen_ids.try_emplace(id.value, row.row); !fresh)
                problem(f, {{}, f, Problem::DuplicateIdNumber, IdProblem::None, "row " + std::to_string(it->second)});
            if (RecordId existing = ledger.find_by_id_number(kind, id.value); existing.valid()) row.target = existing, row.merge = true;
        }
        if (!row.target.valid()) row.target = new_id(kind);
        for (auto& [f, v] : values) row.edits.push_back({row.target, f, v});
        if (row.edits.empty()) continue;
        Edit check;
        check.fields = row.edits;
        for (FieldProblem& p : ledger.check(check, today)) problem(p.field, std::move(p));
        plan.rows.push_back(std::move(row));
    }
    return plan;
}

Edit import_edit(const ImportPlan& plan, bool merge) {
    Edit edit;
    for (const PlannedRow& r : plan.rows)
        if (r.valid && (merge || !r.merge)) edit.fields.insert(edit.fields.end(), r.edits.begin(), r.edits.end());
    return edit;
}

}  // namespace gy
