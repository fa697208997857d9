// county_figures.cpp — see county_figures.h.
#include "county_figures.h"

#include "followup.h"
#include "json_fields.h"

#include <algorithm>
#include <cstdio>
#include <cstdint>

namespace gy {

using nlohmann::json;

// [SECTION] Month by month

static std::string month_of(const Date& d) { return format_date_iso(d).substr(0, 7); }

// The month's last day, or today in the current month.
static Date month_end(const Date& first, const Date& today) {
    const Date next = first.month == 12 ? Date{first.year + 1, 1, 1} : Date{first.year, first.month + 1, 1};
    return std::min(date_from_days(days_from_date(next) - 1), today);
}

// A child counts at a month's end when, by the commits made by then (their wall clock, China's date) and
// merged by stamp as always, it existed, had a category and was not deleted. The current month's end is
// today: the child as it stands. A month that ended before the township's first commit is not known
// (-1): a registry typed in this month did not have no children in the last. A child whose commits this
// device does not hold (its row came in a snapshot alone) counts in every month as it stands today.
static void count_special_at_month_ends(const Ledger& ledger, const std::vector<std::string>& ends, std::vector<MonthFigures>& months) {
    const int categories = field_index(Kind::Student, "categories");
    int64_t first_ms = INT64_MAX;
    for (const Commit& c : ledger.commits()) first_ms = std::min(first_ms, c.at_ms);
    const std::string first = first_ms == INT64_MAX ? std::string() : format_date_iso(china_date(static_cast<double>(first_ms)));
    for (size_t i = 0; i < months.size(); ++i) months[i].special = i + 1 < months.size() && ends[i] < first ? -1 : 0;
    for (const Record& child : ledger.records(Kind::Student)) {
        const bool special_now = !child.deleted && !child.value(categories).empty();
        months.back().special += special_now;
        const auto history = ledger.history(child.id);
        std::vector<std::string> made(history.size());  // each change's commit date, as ISO text
        for (size_t h = 0; h < history.size(); ++h) made[h] = format_date_iso(china_date(static_cast<double>(history[h].first->at_ms)));
        for (size_t i = 0; i + 1 < months.size(); ++i) {
            if (months[i].special < 0) continue;
            if (history.empty()) {
                months[i].special += special_now;
                continue;
            }
            bool exists = false, deleted = false, has_category = false;
            for (size_t h = 0; h < history.size(); ++h) {
                if (made[h] > ends[i]) continue;
                const Change& change = *history[h].second;
                exists = true;
                if (change.field == kDeletedField) deleted = !change.value.empty();
                else if (change.field == categories) has_category = !change.value.empty();
            }
            months[i].special += exists && !deleted && has_category;
        }
    }
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
    count_special_at_month_ends(ledger, ends, months);
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
    for (const MonthFigures& m : f.months) months.push_back({m.month, m.visits, m.surveys, m.active_pairs, m.special});
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
    // A month of four numbers is from a build before the month-end special-group count: -1, not shown.
    if (auto it = j.find("months"); it != j.end() && it->is_array())
        for (const json& m : *it) {
            const bool counts = m.is_array() && (m.size() == 4 || m.size() == 5) &&
                                std::all_of(m.begin() + 1, m.end(), [](const json& n) { return n.is_number_integer(); });
            if (counts && m[0].is_string() && is_month(m[0].get<std::string>()))
                f.months.push_back({m[0].get<std::string>(), m[1].get<int>(), m[2].get<int>(), m[3].get<int>(), m.size() == 5 ? m[4].get<int>() : -1});
        }
    return f;
}

std::string county_figures_path(uint32_t device) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "aggregates/%06x.gya", device);
    return buf;
}

}  // namespace gy
