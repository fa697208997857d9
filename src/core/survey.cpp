// survey.cpp — a household survey's starting values and what it changes on the child.
#include "survey.h"

#include "text.h"

namespace gy {

static std::string value_of(const Record& r, Kind kind, const char* key) { return r.value(field_index(kind, key)); }

FieldPreset survey_start(const Ledger& ledger, const std::string& operator_name, const Date& today) {
    FieldPreset preset = {{"date", format_date_iso(today)}, {"recorder", operator_name}};
    if (operator_name.empty()) return preset;
    for (const Record& h : ledger.records(Kind::Helper))
        if (!h.deleted && value_of(h, Kind::Helper, "name") == operator_name) {
            preset.push_back({"surveyor", h.id.text()});
            break;
        }
    return preset;
}

// The guardian who looks after the child day to day: one not working away, if any.
static const Record* main_guardian(const Ledger& ledger, RecordId student) {
    const Record* first = nullptr;
    for (RecordId id : ledger.referrers(student)) {
        const Record* g = id.kind() == Kind::Guardian ? ledger.find(id) : nullptr;
        if (!g || g->deleted) continue;
        if (value_of(*g, Kind::Guardian, "works_away") != "yes") return g;
        if (!first) first = g;
    }
    return first;
}

FieldPreset survey_from_child(const Ledger& ledger, RecordId student) {
    FieldPreset preset;
    const Record* child = ledger.find(student);
    if (!child || child->deleted) return preset;
    preset.push_back({"categories", value_of(*child, Kind::Student, "categories")});
    if (const Record* g = main_guardian(ledger, student)) {
        preset.push_back({"guardian_name", value_of(*g, Kind::Guardian, "name")});
        preset.push_back({"guardian_relation", value_of(*g, Kind::Guardian, "relation")});
        preset.push_back({"guardian_phone", value_of(*g, Kind::Guardian, "phone")});
    }
    return preset;
}

// Same codes in any order: "left_behind hardship" is "hardship left_behind".
static bool same_words(std::string_view a, std::string_view b) {
    auto all_in = [](std::string_view from, std::string_view in) {
        for (std::string_view word : split_words(from))
            if (!has_word(in, word)) return false;
        return true;
    };
    return all_in(a, b) && all_in(b, a);
}

void add_child_categories(const Ledger& ledger, RecordId student, const std::string& categories, Edit& edit) {
    const Record* child = ledger.find(student);
    if (!child || child->deleted || categories.empty()) return;
    const int field = field_index(Kind::Student, "categories");
    if (!same_words(child->value(field), categories)) edit.fields.push_back({student, field, categories});
}

}  // namespace gy
