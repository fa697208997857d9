// county_bench — the ledger at county scale, natively: load, search, filter, memory.
//
//   build/native/tests/county_bench [scale=1.0]     (after tools/build.sh)
//
// Generates the synthetic county (core/county.h: 123,000 students, 8,800
// teachers, 40,000 visits …), writes it as the store's snapshot, loads it
// back the way the app starts, then times the student table's searches and
// filters (median of 7 runs each) and an edit followed by a refresh.
// Budgets (design.md): load ≤ 2 s, any search/filter ≤ 16 ms, memory ≤ 300 MB.
// The browser figures come from tests/bench/county.mjs.
#include "core/county_figures.h"
#include "core/county.h"
#include "core/ledger_store.h"
#include "core/query.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <functional>

using namespace gy;

static double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

static double time_ms(const std::function<void()>& f) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    return ms_since(t0);
}

static double median_ms(const std::function<void()>& f) {
    std::vector<double> runs;
    for (int i = 0; i < 7; ++i) runs.push_back(time_ms(f));
    std::sort(runs.begin(), runs.end());
    return runs[3];
}

static double heap_in_use_mb() { return mallinfo2().uordblks / 1048576.0; }

int main(int argc, char** argv) {
    const double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    const Date today{2026, 11, 23};
    MemoryStorage storage;
    {
        Ledger generated(0xc0ffee);
        double gen = time_ms([&] { generate_county(generated, CountyShape::scaled(scale), 42, today); });
        LedgerStore store(storage);
        double snap = time_ms([&] { store.save_snapshot(generated, [](bool) {}); });
        size_t bytes = 0;
        const StoredRecords written = storage.load_all().value();
        for (const auto& [k, v] : written) bytes += v.size();
        std::printf("county: %zu students, %zu teachers, %zu guardians, %zu visits, %zu pairs; generated in %.0f ms\n",
                    generated.live_count(Kind::Student), generated.live_count(Kind::Teacher), generated.live_count(Kind::Guardian),
                    generated.live_count(Kind::Visit), generated.live_count(Kind::Pair), gen);
        std::printf("snapshot written:   %.0f ms, %.1f MB in %zu keys\n", snap, bytes / 1048576.0, written.size());
    }
    StoredRecords stored = storage.load_all().value();
    storage = MemoryStorage();  // only the copy the app would have: what it read at start
    {
        // The same snapshot as builds before bucket version 2 stored it (rows inside one JSON string).
        StoredRecords v1 = stored;
        for (auto& [key, text] : v1) {
            if (!key.starts_with("ledger/snap/")) continue;
            const size_t eol = text.find('\n');
            nlohmann::json j = nlohmann::json::parse(text.substr(0, eol));
            j["version"] = 1;
            j["rows"] = text.substr(eol + 1);
            text = j.dump();
        }
        Ledger old_format;
        LedgerStore old_store(storage);
        std::printf("load from version 1 buckets (the old format, for comparison): %.0f ms\n",
                    time_ms([&] { old_store.load(v1, old_format, 1); }));
    }
    const double heap_before_load = heap_in_use_mb();
    Ledger ledger;
    LedgerStore store(storage);
    double load = time_ms([&] { store.load(stored, ledger, 1); });
    stored.clear();
    TableView students(Kind::Student);
    TableQuery q;
    double first = time_ms([&] { students.update(ledger, q); });
    double search_index = time_ms([&] { students.prepare_search(ledger); });
    std::printf("load (parse + rows): %.0f ms; student table's first build (places, sort): %.0f ms; total %.0f ms\n", load, first, load + first);
    std::printf("pinyin search index (the frame after the table first shows): %.0f ms\n", search_index);
    // After a round that changed the ledger the clerk's device seals these for the county; the month-end
    // special-group children walk each child's history (a whole county here: a township is ~1/23 of it).
    const double figures = median_ms([&] { township_figures(ledger, "430422", Date{2026, 11, 23}); });
    std::printf("county figures (township_figures over the whole county, months included): %.0f ms\n", figures);

    struct Case { const char* what; std::function<void(TableQuery&)> set; };
    const RecordId township = ledger.records(Kind::Township)[3].id, klass = ledger.records(Kind::Class)[100].id;
    const RecordId village = ledger.records(Kind::Village)[10].id;
    const int birth = field_index(Kind::Student, "birth_date");
    const Case cases[] = {
        {"search zs", [](TableQuery& t) { t.text = "zs"; }},
        {"search lzh", [](TableQuery& t) { t.text = "lzh"; }},
        {"search liuzihan", [](TableQuery& t) { t.text = "liuzihan"; }},
        {"search 张", [](TableQuery& t) { t.text = "张"; }},
        {"search l", [](TableQuery& t) { t.text = "l"; }},
        {"search ID 20150607", [](TableQuery& t) { t.text = "20150607"; }},
        {"filter township", [&](TableQuery& t) { t.scope = township; }},
        {"filter class", [&](TableQuery& t) { t.scope = klass; }},
        {"filter village", [&](TableQuery& t) { t.scope = village; }},
        {"filter 留守", [](TableQuery& t) { t.category = "left_behind"; }},
        {"township+留守+zs", [&](TableQuery& t) { t.scope = township; t.category = "left_behind"; t.text = "zs"; }},
    };
    double worst = 0;
    for (const Case& c : cases) {
        TableQuery query;
        c.set(query);
        double ms = median_ms([&] {
            students.update(ledger, TableQuery{});  // leave the query, so the next one really runs
            students.update(ledger, query);
        }) - median_ms([&] { students.update(ledger, TableQuery{}); students.update(ledger, TableQuery{}); });
        students.update(ledger, query);
        worst = std::max(worst, ms);
        std::printf("%-22s %7.2f ms  %6zu rows\n", c.what, ms, students.rows().size());
    }
    TableQuery by_birth;
    by_birth.sort_field = birth;
    std::printf("%-22s %7.2f ms (first sort by a new column; later queries reuse the order)\n", "sort by birth date",
                time_ms([&] { students.update(ledger, by_birth); }));
    const RecordId someone = ledger.records(Kind::Student)[5000].id;
    Edit rename;
    rename.fields = {{someone, 0, "张三丰"}};
    students.update(ledger, TableQuery{});  // back to the pinyin order
    double commit = time_ms([&] { ledger.commit(rename, "bench", 0, today); });
    TableQuery zs;
    zs.text = "zsf";
    double refresh = time_ms([&] { students.update(ledger, zs); });
    std::printf("%-22s %7.2f ms commit + %.2f ms table refresh (%zu rows for zsf)\n", "edit a name", commit, refresh, students.rows().size());
    std::printf("worst search/filter: %.2f ms (budget 16 ms)\n", worst);
    std::printf("memory: %.0f MB of heap for the loaded ledger, its history and the student table (budget 300 MB)\n",
                heap_in_use_mb() - heap_before_load);
}
