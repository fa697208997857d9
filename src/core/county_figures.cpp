// county_figures.cpp — see county_figures.h.
#include "county_figures.h"

#include "followup.h"
#include "json_fields.h"

#include <cstdio>

namespace gy {

using nlohmann::json;

// [SECTION] Month by month

static std::string month_of(const Date& d) { return format_date_iso(d).substr(0, 7); }

// The month's last day, or today in the current month.
static Date month_end(const Date& first, const Date& today) {
    const Date next = first.month == 12 ? Date{first.year + 1, 1, 1} : Date{first.year, first.month + 1, 1};
    return std::min(date_from_days(days_from_date(next) - 1), today);
}

static std::vector<MonthFigures> month_figures(const Ledger& ledger, const Date& today) {
    std::vector<MonthFigures> months(kHistoryMonths);
    std::vector<std::string> ends(kHistoryMonths);  // as ISO text, compared with the records' dates
    for (int i = 0; i < kHistoryMonths; ++i) {
        const int index = today.year * 12 + (today.month - 1) - (kHistoryMonths - 1 - i);
        const Date first{index / 12, index % 12 + 1, 1};
        months[i].month = month_of(first);
        ends[i] = format_date_iso(month_end(first, today));
    }
    // The month's slot of a dated record, or -1 outside the year shown (or after today).
    const auto slot = [&](const Record& r, Kind kind) {
        const std::string& date = r.value(field_index(kind, "date"));
        if (r.deleted || date.size() < 7) return -1;
        for (int i = 0; i < kHistoryMonths; ++i)
            if (date.compare(0, 7, months[i].month) == 0) return date <= ends[i] ? i : -1;
        return -1;
    };
    for (const Record& v : ledger.records(Kind::Visit))
        if (int i = slot(v, Kind::Visit); i >= 0) ++months[i].visits;
    for (const Record& s : ledger.records(Kind::Survey))
        if (int i = slot(s, Kind::Survey); i >= 0) ++months[i].surveys;
    const int start = field_index(Kind::Pair, "start");
    for (const Record& p : ledger.records(Kind::Pair))  // in force: begun by the month's end and not ended by then
        for (int i = 0; i < kHistoryMonths; ++i) months[i].active_pairs += p.value(start) <= ends[i] && pair_active(p, ends[i]);
    return months;
}

// [SECTION] Today's figures

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
    f.months = month_figures(ledger, today);
    return f;
}

// [SECTION] As the county receives them

static bool is_month(const std::string& m) {  // 2026-11
    return m.size() == 7 && m[4] == '-' && parse_date(m + "-01").ok();
}

std::string figures_to_json(const TownshipFigures& f) {
    json categories = json::array(), months = json::array();
    for (const auto& [label, n] : f.by_category) categories.push_back({label, n});
    for (const MonthFigures& m : f.months) months.push_back({m.month, m.visits, m.surveys, m.active_pairs});
    return json{{"format", "gongyu.county.figures"},
                {"version", 1},
                {"township", f.township},
                {"as_of", f.as_of},
                {"special", f.special},
                {"surveyed", f.surveyed},
                {"visited_this_semester", f.visited_this_semester},
                {"active_pairs", f.active_pairs},
                {"by_category", std::move(categories)},
                {"months", std::move(months)}}
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
    // Figures sent before the months were added have none: the county shows those townships without a past.
    if (auto it = j.find("months"); it != j.end() && it->is_array())
        for (const json& m : *it)
            if (m.is_array() && m.size() == 4 && m[0].is_string() && is_month(m[0].get<std::string>()) && m[1].is_number_integer() &&
                m[2].is_number_integer() && m[3].is_number_integer())
                f.months.push_back({m[0].get<std::string>(), m[1].get<int>(), m[2].get<int>(), m[3].get<int>()});
    return f;
}

std::string county_figures_path(uint32_t device) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "aggregates/%06x.gya", device);
    return buf;
}

}  // namespace gy
