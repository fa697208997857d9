#include "bench_screen.h"

#include "strings.h"
#include "ui_internal.h"

#include "core/synthetic.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8, ImTextCharToUtf8
#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>

namespace gy::ui {

NameBenchScreen::NameBenchScreen(int count, Platform& platform) : platform_(platform) {
    double t = now();
    std::vector<std::string> names = SyntheticPeople(2026).names(static_cast<size_t>(count));
    generate_ms_ = now() - t;

    t = now();
    index_ = std::make_unique<NameIndex>(std::move(names));
    index_ms_ = now() - t;

    t = now();
    std::vector<std::pair<std::string, uint32_t>> keyed;
    keyed.reserve(index_->size());
    for (uint32_t r = 0; r < index_->size(); ++r) keyed.emplace_back(name_sort_key(index_->name(r)), r);
    std::sort(keyed.begin(), keyed.end());
    for (auto& k : keyed) sorted_.push_back(k.second);
    sort_ms_ = now() - t;
    shown_ = sorted_;
}

void NameBenchScreen::run_search() {
    const double t = now();
    const std::vector<uint32_t> hits = index_->search(query_);
    std::vector<bool> hit(index_->size(), false);
    for (uint32_t r : hits) hit[r] = true;
    shown_.clear();
    for (uint32_t r : sorted_)
        if (hit[r]) shown_.push_back(r);
    search_ms_ = now() - t;
    searched_ = query_;
}

void NameBenchScreen::draw() {
    char line[256];
    std::snprintf(line, sizeof line, str::BenchTitle, static_cast<int>(index_->size()));
    section_header(line);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 24 * ImGui::GetFontSize()));
    ImGui::InputTextWithHint("##bench_query", str::BenchSearchHint, &query_);
    test_bridge::item("bench.query");
    if (query_ != searched_) run_search();
    std::snprintf(line, sizeof line, str::BenchTimes, generate_ms_, index_ms_, sort_ms_, search_ms_,
                  static_cast<int>(shown_.size()));
    ImGui::TextUnformatted(line);
    test_bridge::value("bench.rows", std::to_string(shown_.size()));
    test_bridge::value("bench.search_ms", std::to_string(search_ms_));
    test_bridge::value("bench.load_ms", std::to_string(generate_ms_ + index_ms_ + sort_ms_));

    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter;
    if (!ImGui::BeginTable("##names", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(str::BenchColumnNumber, ImGuiTableColumnFlags_WidthFixed, 6 * ImGui::GetFontSize());
    ImGui::TableSetupColumn(str::BenchColumnName, ImGuiTableColumnFlags_WidthFixed, 8 * ImGui::GetFontSize());
    ImGui::TableSetupColumn(str::BenchColumnPinyin);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::string& name = index_->name(shown_[static_cast<size_t>(i)]);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%d", i + 1);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name_pinyin(name).c_str());
        }
    }
    test_bridge::value("bench.scroll", std::to_string(ImGui::GetScrollY() / std::max(1.0f, ImGui::GetScrollMaxY())));
    ImGui::EndTable();
    test_bridge::item("bench.table");
}

}  // namespace gy::ui

namespace gy::ui {

// [SECTION] Glyph atlas benchmark

// Rare name characters that must be on the first page whatever their count:
// Extension A (䶮 㛃), B (𠮷) and later ones (𬌗 𫖮 𬭚), and rare BMP ones.
static const char32_t kRareOnFirstPage[] = {U'䶮', U'𠮷', U'祜', U'堃', U'琤', U'喆', U'淼', U'犇', U'燚', U'垚',
                                           U'翀', U'昇', U'玥', U'珺', U'璟', U'彧', U'骞', U'婳', U'翾', U'𬌗',
                                           U'𫖮', U'𬭚', U'㛃'};

GlyphBenchScreen::GlyphBenchScreen(int per_page) : per_page_(per_page) {
    // The characters of a county's names (123,000 made-up students, as core/county.h
    // names them) by how often they occur, most common first.
    std::map<char32_t, int> counts;
    for (const std::string& name : SyntheticPeople(2026).names(123000)) {
        for (const char* p = name.c_str(); *p;) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            ++counts[static_cast<char32_t>(c)];
        }
    }
    std::vector<std::pair<int, char32_t>> by_count;
    for (const auto& [c, n] : counts) by_count.emplace_back(-n, c);
    std::sort(by_count.begin(), by_count.end());

    std::set<char32_t> taken;
    auto take = [&](char32_t c) {
        if (taken.insert(c).second) order_.push_back(c);
    };
    const size_t rare = std::size(kRareOnFirstPage);
    for (const auto& [n, c] : by_count) {
        if (order_.size() + rare >= static_cast<size_t>(per_page_)) break;
        take(c);
    }
    for (char32_t c : kRareOnFirstPage) take(c);
    for (const auto& [n, c] : by_count) take(c);         // the rest of the names' characters
    for (char32_t c : standard_characters()) take(c);    // the 2013 standard's other characters
    for (char32_t c = 0x4E00; c <= 0x9FFF; ++c) take(c); // the Unified block, then Extension A
    for (char32_t c = 0x3400; c <= 0x4DBF; ++c) take(c);
}

void GlyphBenchScreen::draw() {
    const int pages = static_cast<int>((order_.size() + per_page_ - 1) / per_page_);
    // Plain symbols, no words: this screen is for benchmarks and tests only.
    if (ImGui::Button("<") && page_ > 0) --page_, shown_frame_ = -1;
    test_bridge::item("bench.glyphs.prev");
    ImGui::SameLine();
    if (ImGui::Button(">") && page_ < pages) ++page_, shown_frame_ = -1;
    test_bridge::item("bench.glyphs.next");
    ImGui::SameLine();
    ImGui::Text("%d / %d", page_, pages);
    if (page_ > 0 && shown_frame_ < 0) shown_frame_ = ImGui::GetFrameCount();
    test_bridge::value("bench.glyphs.page", std::to_string(page_));
    test_bridge::value("bench.glyphs.pages", std::to_string(pages));
    test_bridge::value("bench.glyphs.shown_frame", std::to_string(shown_frame_));
    if (page_ == 0) return;

    const size_t first = static_cast<size_t>(page_ - 1) * per_page_;
    const size_t last = std::min(order_.size(), first + per_page_);
    test_bridge::value("bench.glyphs.count", std::to_string(last - first));
    // As many characters a line as fit: every one of them is on screen at once.
    const int per_line = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (ImGui::GetFontSize() * 1.1f)));
    std::string line;
    bool first_line = true;
    for (size_t i = first; i < last; ++i) {
        char utf8[5];
        line.append(utf8, static_cast<size_t>(ImTextCharToUtf8(utf8, static_cast<unsigned int>(order_[i]))));
        if ((i - first + 1) % per_line != 0 && i + 1 != last) continue;
        ImGui::TextUnformatted(line.c_str());
        if (first_line) test_bridge::item("bench.glyphs.first_line");  // tests look at the pixels in between
        if (i + 1 == last) test_bridge::item("bench.glyphs.last_line");
        first_line = false;
        line.clear();
    }
}

}  // namespace gy::ui
