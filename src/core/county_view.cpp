// county_view.cpp — see county_view.h.
#include "county_view.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

namespace gy {

std::vector<TownshipFigures> latest_per_township(const std::vector<TownshipFigures>& all) {
    std::map<std::string, const TownshipFigures*> latest;
    for (const TownshipFigures& f : all) {
        const TownshipFigures*& kept = latest[f.township];
        if (!kept || f.as_of > kept->as_of) kept = &f;  // ISO dates compare as text
    }
    std::vector<TownshipFigures> out;
    for (const auto& [township, f] : latest) out.push_back(*f);
    return out;
}

static void add_categories(std::vector<std::pair<std::string, int>>& into, const std::vector<std::pair<std::string, int>>& from) {
    for (const auto& category : from) {
        auto it = std::find_if(into.begin(), into.end(), [&](const auto& c) { return c.first == category.first; });
        if (it == into.end()) into.push_back(category);
        else it->second += category.second;
    }
}

TownshipFigures county_total(const std::vector<TownshipFigures>& townships) {
    TownshipFigures total;
    for (const TownshipFigures& f : townships) {
        total.special += f.special, total.surveyed += f.surveyed;
        total.visited_this_semester += f.visited_this_semester, total.active_pairs += f.active_pairs;
        add_categories(total.by_category, f.by_category);
    }
    return total;
}

static std::string share(int part, int whole) {
    if (whole <= 0) return "—";
    return std::to_string((part * 100 + whole / 2) / whole) + "%";  // whole percent, rounded
}

static int category_count(const TownshipFigures& f, const std::string& label) {
    for (const auto& [l, n] : f.by_category)
        if (l == label) return n;
    return 0;
}

static std::vector<std::string> figures_row(const TownshipFigures& f, const std::string& name, const TownshipFigures& columns) {
    std::vector<std::string> row{name,
                                 f.as_of,
                                 std::to_string(f.special),
                                 std::to_string(f.surveyed),
                                 share(f.surveyed, f.special),
                                 std::to_string(f.visited_this_semester),
                                 share(f.visited_this_semester, f.special),
                                 std::to_string(f.active_pairs)};
    for (const auto& [label, n] : columns.by_category) row.push_back(std::to_string(category_count(f, label)));
    return row;
}

Sheet county_sheet(const CountyReport& report, const CountyWords& w) {
    const TownshipFigures total = county_total(report.townships);
    std::vector<std::string> header{w.township, w.as_of, w.special, w.surveyed, w.surveyed_share, w.visited, w.coverage, w.pairs};
    for (const auto& [label, n] : total.by_category) header.push_back(label);
    Sheet sheet{std::move(header)};
    for (const TownshipFigures& f : report.townships) sheet.push_back(figures_row(f, f.township, total));
    sheet.push_back(figures_row(total, w.total, total));
    return sheet;
}

std::vector<CellType> county_column_types(const Sheet& sheet) {
    std::vector<CellType> types(sheet.empty() ? 0 : sheet.front().size(), CellType::Number);
    const size_t text_columns[] = {0, 4, 6};  // township and the two shares
    for (size_t c : text_columns)
        if (c < types.size()) types[c] = CellType::Text;
    if (types.size() > 1) types[1] = CellType::Date;
    return types;
}

// [SECTION] Month by month

static int measure_of(const MonthFigures& m, TrendMeasure measure) {
    switch (measure) {
    case TrendMeasure::Visits: return m.visits;
    case TrendMeasure::Surveys: return m.surveys;
    case TrendMeasure::ActivePairs: return m.active_pairs;
    case TrendMeasure::Special: return m.special;
    }
    return 0;
}

static std::string month_heading(const std::string& month) {  // "2026-11" → "2026年11月"
    if (month.size() != 7) return month;
    return month.substr(0, 4) + "年" + std::to_string(std::atoi(month.c_str() + 5)) + "月";
}

Sheet county_trend_sheet(const CountyReport& report, TrendMeasure measure, const char* township_word, const char* total_word) {
    std::set<std::string> all;
    for (const TownshipFigures& f : report.townships)
        for (const MonthFigures& m : f.months) all.insert(m.month);
    std::vector<std::string> months(all.begin(), all.end());
    if (months.size() > static_cast<size_t>(kHistoryMonths)) months.erase(months.begin(), months.end() - kHistoryMonths);
    std::vector<std::string> header{township_word};
    for (const std::string& m : months) header.push_back(month_heading(m));
    Sheet sheet{std::move(header)};
    std::vector<int> total(months.size(), 0);
    for (const TownshipFigures& f : report.townships) {
        std::vector<std::string> row{f.township};
        for (size_t i = 0; i < months.size(); ++i) {
            auto it = std::find_if(f.months.begin(), f.months.end(), [&](const MonthFigures& m) { return m.month == months[i]; });
            const int n = it == f.months.end() ? -1 : measure_of(*it, measure);
            row.push_back(n < 0 ? std::string() : std::to_string(n));
            total[i] += std::max(n, 0);
        }
        sheet.push_back(std::move(row));
    }
    std::vector<std::string> last{total_word};
    for (int n : total) last.push_back(std::to_string(n));
    sheet.push_back(std::move(last));
    return sheet;
}

std::vector<CellType> trend_column_types(const Sheet& sheet) {
    std::vector<CellType> types(sheet.empty() ? 0 : sheet.front().size(), CellType::Number);
    if (!types.empty()) types[0] = CellType::Text;
    return types;
}

// [SECTION] CountyCollector

bool CountyCollector::collect(const SecretKey& county_secret, std::function<void(CountyReport)> done) {
    if (running_) return false;
    running_ = true;
    secret_ = county_secret, done_ = std::move(done);
    townships_.clear(), opened_.clear(), report_ = {}, township_at_ = 0;
    list_townships();
    return true;
}

// Every folder under the root is a township's, except the county's own.
void CountyCollector::list_townships() {
    root_.list("", [this](Result<std::vector<RemoteEntry>> entries) {
        if (!entries) return report_.problems.push_back({"", entries.error()}), finish();
        for (const RemoteEntry& e : entries.value())
            if (e.name.ends_with('/') && e.name != std::string(kCountyKeyName) + "/") townships_.push_back(e.name.substr(0, e.name.size() - 1));
        std::sort(townships_.begin(), townships_.end());
        next_township();
    });
}

void CountyCollector::next_township() {
    if (township_at_ == townships_.size()) return finish();
    const std::string township = townships_[township_at_++];
    root_.list(township + "/aggregates/", [this, township](Result<std::vector<RemoteEntry>> entries) {
        if (!entries) return report_.problems.push_back({township + "/aggregates/", entries.error()}), next_township();
        std::vector<std::string> files;
        for (const RemoteEntry& e : entries.value())
            if (e.name.ends_with(".gya")) files.push_back(e.name);
        if (files.empty()) return report_.silent.push_back(township), next_township();
        next_file(township, std::move(files), 0);
    });
}

void CountyCollector::next_file(const std::string& township, std::vector<std::string> files, size_t at) {
    if (at == files.size()) return next_township();
    const std::string path = "aggregates/" + files[at];
    auto next = [this, township, files = std::move(files), at]() mutable { next_file(township, std::move(files), at + 1); };
    root_.get(township + "/" + path, [this, township, path, next = std::move(next)](Result<std::string> sealed) mutable {
        if (!sealed) return report_.problems.push_back({township + "/" + path, sealed.error()}), next();
        open_file(township, path, std::move(sealed.value()), std::move(next));
    });
}

// The seal binds the file's path inside the township's folder, not the township:
// the figures must name the township whose folder they are in.
void CountyCollector::open_file(const std::string& township, const std::string& path, std::string sealed, std::function<void()> next) {
    vault_.open_county(secret_, path, std::move(sealed), [this, township, path, next = std::move(next)](Result<Opened> opened) {
        Result<TownshipFigures> figures = opened ? figures_from_json(opened.value().plain) : Result<TownshipFigures>(opened.error());
        if (figures && figures.value().township != township) figures = Error{ErrorCode::OtherTownship, "figures of " + figures.value().township};
        if (figures) opened_.push_back(std::move(figures.value()));
        else report_.problems.push_back({township + "/" + path, figures.error()});
        next();
    });
}

void CountyCollector::finish() {
    report_.townships = latest_per_township(opened_);
    running_ = false;
    auto done = std::move(done_);
    done(std::move(report_));
}

}  // namespace gy
