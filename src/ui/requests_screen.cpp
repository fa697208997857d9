// requests_screen.cpp — 诉求: requests to solve and needs from visits to turn into requests.
#include "requests_screen.h"

#include "strings.h"
#include "ui_internal.h"

#include <algorithm>
#include <cstdio>

namespace gy::ui {

static const std::string& value_of(const Record& r, const char* key) { return r.value(field_index(r.id.kind(), key)); }

static std::string ref_title(const Ledger& ledger, const Record& r, const char* key) {
    auto id = RecordId::parse(value_of(r, key));
    return id ? ledger.title(*id) : std::string();
}

void RequestsScreen::refresh() {
    const Ledger& ledger = local_.ledger();
    if (revision_ == ledger.revision() && shown_ == show_) return;
    rows_ = list_requests(ledger, show_ == 1);
    pending_ = pending_needs(ledger);
    counts_ = count_requests(ledger);
    revision_ = ledger.revision();
    shown_ = show_;
}

void RequestsScreen::draw() {
    if (form_.is_open()) return form_.draw();
    refresh();
    char line[256];
    std::snprintf(line, sizeof line, str::RequestsTitle, counts_.open, counts_.doing, counts_.done);
    section_header(line);
    test_bridge::value("requests.open", std::to_string(counts_.open));
    test_bridge::value("requests.rows", std::to_string(rows_.size()));
    test_bridge::value("requests.pending", std::to_string(pending_.size()));
    ImGui::RadioButton(str::RequestsUnsolved, &show_, 0);
    test_bridge::item("requests.show_unsolved");
    ImGui::SameLine();
    ImGui::RadioButton(str::RequestsAll, &show_, 1);
    test_bridge::item("requests.show_all");
    ImGui::SameLine();
    if (ImGui::Button(format_text(str::RegistryAdd, kind_def(Kind::Request).label).c_str()))
        form_.open_new(Kind::Request, {}, {{"raised", format_date_iso(china_date(platform_.now_ms()))}});
    test_bridge::item("requests.add");
    if (!message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        wrapped_text(message_.c_str());
        ImGui::PopStyleColor();
    }
    const float avail = ImGui::GetContentRegionAvail().y;
    const float rows = (rows_.size() + 2.5f) * ImGui::GetTextLineHeightWithSpacing() + 2 * ImGui::GetFrameHeightWithSpacing();
    draw_requests(pending_.empty() ? avail : std::min(rows, avail * 0.55f));
    draw_pending();
}

void RequestsScreen::draw_requests(float height) {
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    wrapped_text(rows_.empty() ? str::RequestsNone : str::RequestsClickToEdit);
    ImGui::PopStyleColor();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    if (rows_.empty() || !ImGui::BeginTable("##requests", 5, flags, ImVec2(0, height - ImGui::GetFrameHeightWithSpacing()))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const char* c : {str::RequestsColumnWhat, str::RequestsColumnStudent, str::RequestsColumnRaised, str::RequestsColumnStatus,
                          str::RequestsColumnAssignee})
        ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    const Ledger& ledger = local_.ledger();
    const FieldDef& status = field_def(Kind::Request, field_index(Kind::Request, "status"));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Record* r = ledger.find(rows_[i]);
            if (!r) continue;
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable(value_of(*r, "what").c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) form_.open_edit(r->id, {});
            if (i == 0) test_bridge::item("requests.first_row"), test_bridge::value("requests.first", value_of(*r, "what"));
            const char* label = choice_label(status, value_of(*r, "status"));
            const std::string cells[] = {ref_title(ledger, *r, "student"),
                                         format_text(str::RequestsPendingLine, value_of(*r, "raised"), ref_title(ledger, *r, "raised_by")),
                                         label ? label : "", ref_title(ledger, *r, "assignee")};
            for (int c = 0; c < 4; ++c) ImGui::TableSetColumnIndex(c + 1), ImGui::TextUnformatted(cells[c].c_str());
            if (i == 0) test_bridge::value("requests.first_status", cells[2]);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

// Needs raised at visits, each a click away from being a request. A table that
// scrolls sideways, like the others, so nothing is cut off on a phone.
void RequestsScreen::draw_pending() {
    if (pending_.empty()) return;
    ImGui::Spacing();
    wrapped_text(format_text(str::RequestsPendingNeeds, std::to_string(pending_.size())).c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##pending", 3, flags)) return;
    const Ledger& ledger = local_.ledger();
    const PendingNeed* chosen = nullptr;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(pending_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const PendingNeed& p = pending_[i];
            const Record* visit = ledger.find(p.visit);
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableSetColumnIndex(0);
            if (ImGui::SmallButton(str::NeedToRequest)) chosen = &p;
            if (i == 0) test_bridge::item("requests.pending.first"), test_bridge::value("requests.pending.first", p.need);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(p.need.c_str());
            ImGui::TableSetColumnIndex(2);
            if (visit)
                ImGui::TextUnformatted(format_text(str::RequestsPendingLine, ref_title(ledger, *visit, "student"), value_of(*visit, "date")).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    if (!chosen) return;
    const PendingNeed need = *chosen;  // the list is rebuilt once the ledger changes
    Edit edit = need_to_request(ledger, need.visit, need.need, local_.new_id(Kind::Request), china_date(platform_.now_ms()));
    Outcome out = local_.commit(edit, platform_.now_ms());
    message_ = out.ok() ? std::string() : format_text(str::NeedNotConverted, problem_text(out.problems.front()));
}

}  // namespace gy::ui
