// bench_screen.h — a test screen: a county's worth of synthetic names, sorted
// by pinyin, searchable, in a virtualized table. Shown instead of the app when
// launched with test="1" and bench-names=N; benchmarks read its figures.
// Depends on: Dear ImGui, core (pinyin, synthetic).
#pragma once

#include "core/pinyin.h"
#include "platform/platform.h"

#include <memory>
#include <string>
#include <vector>

namespace gy::ui {

class NameBenchScreen {
public:
    NameBenchScreen(int count, Platform& platform);
    void draw();

private:
    void run_search();

    double now() { return platform_.monotonic_ms(); }
    Platform& platform_;
    std::unique_ptr<NameIndex> index_;
    std::vector<uint32_t> sorted_;  // rows in pinyin order
    std::vector<uint32_t> shown_;   // sorted_, filtered by the query
    std::vector<std::string> pinyin_;
    std::string query_, searched_;
    double generate_ms_ = 0, index_ms_ = 0, sort_ms_ = 0, search_ms_ = 0;
};

}  // namespace gy::ui
