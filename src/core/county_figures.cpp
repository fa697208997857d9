// county_figures.cpp — see county_figures.h.
#include "county_figures.h"

#include "followup.h"
#include "json_fields.h"

#include <cstdio>

namespace gy {

using nlohmann::json;

TownshipFigures township_figures(const Ledger& ledger, const std::string& township, const Date& today) {
    TownshipFigures f;
    f.township = township;
    f.as_of = format_date_iso(today);
    const auto categories = builtin_categories();
    std::vector<int> by_category(categories.size(), 0);
    for (const BaselineRow& row : survey_baseline(ledger, {})) {
        f.special += row.special, f.surveyed += row.surveyed;
        for (size_t c = 0; c < row.by_category.size() && c < by_category.size(); ++c) by_category[c] += row.by_category[c];
    }
    for (const Coverage& c : visit_coverage(ledger, {}, today)) f.visited_this_semester += c.visited;
    for (const Record& pair : ledger.records(Kind::Pair)) f.active_pairs += !pair.deleted && pair_active(pair, today);
    for (size_t c = 0; c < categories.size(); ++c) f.by_category.emplace_back(categories[c].label, by_category[c]);
    return f;
}

std::string figures_to_json(const TownshipFigures& f) {
    json categories = json::array();
    for (const auto& [label, n] : f.by_category) categories.push_back({label, n});
    return json{{"format", "gongyu.county.figures"},
                {"version", 1},
                {"township", f.township},
                {"as_of", f.as_of},
                {"special", f.special},
                {"surveyed", f.surveyed},
                {"visited_this_semester", f.visited_this_semester},
                {"active_pairs", f.active_pairs},
                {"by_category", std::move(categories)}}
        .dump();
}

Result<TownshipFigures> figures_from_json(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || string_or(j, "format") != "gongyu.county.figures") return Error{ErrorCode::InvalidFormat, "not county figures"};
    TownshipFigures f;
    f.township = string_or(j, "township");
    f.as_of = string_or(j, "as_of");
    f.special = static_cast<int>(int_or(j, "special"));
    f.surveyed = static_cast<int>(int_or(j, "surveyed"));
    f.visited_this_semester = static_cast<int>(int_or(j, "visited_this_semester"));
    f.active_pairs = static_cast<int>(int_or(j, "active_pairs"));
    if (auto it = j.find("by_category"); it != j.end() && it->is_array())
        for (const json& c : *it)
            if (c.is_array() && c.size() == 2 && c[0].is_string() && c[1].is_number_integer()) f.by_category.emplace_back(c[0].get<std::string>(), c[1].get<int>());
    return f;
}

std::string county_figures_path(uint32_t device) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "aggregates/%06x.gya", device);
    return buf;
}

}  // namespace gy
