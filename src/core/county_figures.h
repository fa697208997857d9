// county_figures.h — what a township tells the county: aggregate figures, no personal data.
//
// Counts only: special-group children registered, surveyed, visited this
// semester, active pairs, per built-in category, and month by month over the
// last year the visits, the surveys and the pairs in force (from the dates the
// records carry, so a township's first report already has its past) and the
// special-group children at each month's end (from the registry's history). No name,
// ID, village or school leaves in them. A device seals them for the county (seal.h,
// seal_for_county) and puts them at aggregates/<device>.gya after a sync round;
// the county opens them with its own key and nothing else.
// Depends on: ledger.h, followup.h, result.h.
#pragma once

#include "dates.h"
#include "ledger.h"
#include "result.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gy {

// One calendar month: visits and surveys dated in it, pairs in force at its end (at as_of for the current
// one), and the special-group children registered at its end, as the registry stood by the commits made
// by then (-1: figures from a build before that count).
struct MonthFigures {
    std::string month;  // 2026-11
    int visits = 0, surveys = 0, active_pairs = 0, special = -1;
    bool operator==(const MonthFigures&) const = default;
};
inline constexpr int kHistoryMonths = 12;

struct TownshipFigures {
    std::string township;
    std::string as_of;  // 2026-11-23
    int special = 0, surveyed = 0, visited_this_semester = 0, active_pairs = 0;
    std::vector<std::pair<std::string, int>> by_category;  // category label, children
    std::vector<MonthFigures> months;                       // the last kHistoryMonths, oldest first, as_of's month last
};

TownshipFigures township_figures(const Ledger& ledger, const std::string& township, const Date& today);
std::string figures_to_json(const TownshipFigures& figures);
Result<TownshipFigures> figures_from_json(std::string_view text);

std::string county_figures_path(uint32_t device);  // "aggregates/3fa2c1.gya"

}  // namespace gy
