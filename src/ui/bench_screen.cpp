#include "bench_screen.h"

#include "strings.h"
#include "ui_internal.h"

#include "core/synthetic.h"
#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>

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
