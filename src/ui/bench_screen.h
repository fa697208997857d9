// bench_screen.h — test screens, shown instead of the app when launched with
// test="1"; benchmarks read their figures through the test bridge.
//   bench-names=N   a county's worth of synthetic names, sorted by pinyin,
//                   searchable, in a virtualized table.
//   bench-glyphs=N  pages of N distinct characters each, for the glyph atlas:
//                   page 1 holds the characters a county's names use most and
//                   the rare ones (䶮 𠮷 …); later pages the rest of the names'
//                   characters, then the rest of the Unified block and
//                   Extension A. Page 0 is empty, so going to page 1 is the
//                   frame that shows N new characters.
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

class GlyphBenchScreen {
public:
    explicit GlyphBenchScreen(int per_page);
    void draw();

private:
    std::vector<char32_t> order_;  // every character the pages show, in page order
    int per_page_;
    int page_ = 0;            // 0: nothing shown yet
    int shown_frame_ = -1;    // ImGui frame that first drew the current page
};

}  // namespace gy::ui
