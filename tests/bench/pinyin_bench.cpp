// pinyin_bench — sorting and searching a county's names by pinyin, natively.
//
//   build/native/tests/pinyin_bench
//
// 123,000 synthetic names (the Hengnan county figure). Budget for any search
// or filter on the full data: 16 ms.
#include "core/pinyin.h"
#include "core/synthetic.h"

#include <benchmark/benchmark.h>

#include <algorithm>

namespace {

const std::vector<std::string>& county_names() {
    static const std::vector<std::string> names = gy::SyntheticPeople(2026).names(123000);
    return names;
}

const gy::NameIndex& county_index() {
    static const gy::NameIndex index(county_names());
    return index;
}

void IndexSearch(benchmark::State& state, const char* query) {
    const auto& index = county_index();
    size_t hits = 0;
    for (auto _ : state) {
        hits = index.search(query).size();
        benchmark::DoNotOptimize(hits);
    }
    state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK_CAPTURE(IndexSearch, initials_lzh, "lzh")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(IndexSearch, initials_zs, "zs")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(IndexSearch, full_liuzihan, "liuzihan")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(IndexSearch, one_letter_l, "l")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(IndexSearch, chinese_zihan, "子涵")->Unit(benchmark::kMillisecond);

void BuildIndex(benchmark::State& state) {
    for (auto _ : state) {
        gy::NameIndex index(county_names());
        benchmark::DoNotOptimize(index.size());
    }
}
BENCHMARK(BuildIndex)->Unit(benchmark::kMillisecond);

// Name by name, without the index: what the index saves.
void SearchByInitials(benchmark::State& state) {
    const auto& names = county_names();
    size_t hits = 0;
    for (auto _ : state) {
        hits = 0;
        for (const auto& n : names) hits += gy::name_matches(n, "lzh");
        benchmark::DoNotOptimize(hits);
    }
    state.counters["names"] = static_cast<double>(names.size());
    state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK(SearchByInitials)->Unit(benchmark::kMillisecond);

void SearchByFullPinyin(benchmark::State& state) {
    const auto& names = county_names();
    size_t hits = 0;
    for (auto _ : state) {
        hits = 0;
        for (const auto& n : names) hits += gy::name_matches(n, "liuzihan");
        benchmark::DoNotOptimize(hits);
    }
    state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK(SearchByFullPinyin)->Unit(benchmark::kMillisecond);

void SearchByChineseText(benchmark::State& state) {
    const auto& names = county_names();
    size_t hits = 0;
    for (auto _ : state) {
        hits = 0;
        for (const auto& n : names) hits += gy::name_matches(n, "子涵");
        benchmark::DoNotOptimize(hits);
    }
    state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK(SearchByChineseText)->Unit(benchmark::kMillisecond);

void SortByPinyin(benchmark::State& state) {
    const auto& names = county_names();
    for (auto _ : state) {
        std::vector<std::pair<std::string, const std::string*>> keyed;
        keyed.reserve(names.size());
        for (const auto& n : names) keyed.emplace_back(gy::name_sort_key(n), &n);
        std::sort(keyed.begin(), keyed.end());
        benchmark::DoNotOptimize(keyed.data());
    }
}
BENCHMARK(SortByPinyin)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
