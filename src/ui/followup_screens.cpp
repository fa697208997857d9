// followup_screens.cpp — 摸底 (baseline), 结对 (due and overdue pairs), 家访 (coverage, not yet visited).
//
// Index:
//   [SECTION] Survey baseline
//   [SECTION] Pairing
//   [SECTION] Visits
#include "followup_screens.h"

#include "strings.h"
#include "ui_internal.h"

#include "core/pinyin.h"
#include "core/survey.h"
#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>

namespace gy::ui {

static Date today(Platform& platform) { return china_date(platform.now_ms()); }

// A new visit of this child, today, by this helper (if known): the form opens with them filled in.
static void record_visit(RecordForm& form, RecordId student, RecordId helper, const Date& day) {
    std::vector<std::pair<const char*, std::string>> preset = {{"student", student.text()}, {"date", format_date_iso(day)}};
    if (helper.valid()) preset.push_back({"visitor", helper.text()});
    form.open_new(Kind::Visit, {}, preset);
}

static std::string percent(int part, int whole) {
    return whole ? format_text("%s%%", std::to_string(100 * part / whole)) : std::string("—");
}

// [SECTION] Survey baseline

// Live surveys, latest date first; among the same date the one made last first.
static std::vector<RecordId> surveys_latest_first(const Ledger& ledger) {
    std::vector<const Record*> rows;
    const auto all = ledger.records(Kind::Survey);
    for (auto r = all.rbegin(); r != all.rend(); ++r)  // rows in the order made: the newest first
        if (!r->deleted) rows.push_back(&*r);
    const int date = field_index(Kind::Survey, "date");
    std::stable_sort(rows.begin(), rows.end(), [&](const Record* a, const Record* b) { return a->value(date) > b->value(date); });
    std::vector<RecordId> out;
    for (const Record* r : rows) out.push_back(r->id);
    return out;
}

void SurveyScreen::draw() {
    if (form_.is_open()) return form_.draw();
    const Ledger& ledger = local_.ledger();
    if (revision_ != ledger.revision()) {
        rows_ = survey_baseline(ledger, {});
        surveys_ = surveys_latest_first(ledger);
        revision_ = ledger.revision();
    }
    // As tall as its rows (villages, header, total), at most half the screen: the surveys are listed below.
    const float rows = (rows_.size() + 2.5f) * ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing();
    const float height = std::min(ImGui::GetContentRegionAvail().y * 0.5f, rows + ImGui::GetStyle().ScrollbarSize);
    draw_baseline(height);
    draw_surveys();
}

void SurveyScreen::draw_baseline(float height) {
    const Ledger& ledger = local_.ledger();
    const auto categories = builtin_categories();
    BaselineRow total{{}, 0, 0, std::vector<int>(categories.size())};
    for (const BaselineRow& r : rows_) {
        total.special += r.special, total.surveyed += r.surveyed;
        for (size_t c = 0; c < categories.size(); ++c) total.by_category[c] += r.by_category[c];
    }
    section_header(format_text(str::SurveyTitle, std::to_string(total.special), std::to_string(total.surveyed)).c_str());
    test_bridge::value("survey.surveyed", std::to_string(total.surveyed));
    // A new household survey starts dated today and signed by whoever works on this device.
    if (ImGui::Button(format_text(str::RegistryAdd, kind_def(Kind::Survey).label).c_str()))
        form_.open_new(Kind::Survey, {}, survey_start(ledger, local_.settings().operator_name, today(platform_)));
    test_bridge::item("survey.add");
    const int columns = 4 + static_cast<int>(categories.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("##baseline", columns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const char* c : {str::SurveyColumnVillage, str::SurveyColumnSpecial, str::SurveyColumnSurveyed, str::SurveyColumnRate})
        ImGui::TableSetupColumn(c, ImGuiTableColumnFlags_WidthFixed);
    for (const ChoiceDef& c : categories) ImGui::TableSetupColumn(c.label, ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    auto row = [&](const std::string& name, const BaselineRow& r) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(name.c_str());
        const std::string cells[] = {std::to_string(r.special), std::to_string(r.surveyed), percent(r.surveyed, r.special)};
        for (int c = 0; c < 3; ++c) ImGui::TableSetColumnIndex(c + 1), ImGui::TextUnformatted(cells[c].c_str());
        for (size_t c = 0; c < r.by_category.size(); ++c) ImGui::TableSetColumnIndex(4 + static_cast<int>(c)), ImGui::Text("%d", r.by_category[c]);
    };
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
            row(rows_[i].village.valid() ? ledger.title(rows_[i].village) : str::SurveyNoVillage, rows_[i]);
    row(str::VisitsTotal, total);
    ImGui::EndTable();
}

void SurveyScreen::draw_surveys() {
    const Ledger& ledger = local_.ledger();
    ImGui::SeparatorText(format_text(str::SurveyRecords, std::to_string(surveys_.size())).c_str());
    if (!ImGui::BeginChild("##surveys")) return ImGui::EndChild();
    const int date = field_index(Kind::Survey, "date"), surveyor = field_index(Kind::Survey, "surveyor");
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(surveys_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Record* r = ledger.find(surveys_[i]);
            auto by = RecordId::parse(r->value(surveyor));
            std::string line = r->value(date) + "  " + ledger.title(r->id);
            if (by) line += format_text(str::SurveyRecordBy, ledger.title(*by));
            ImGui::PushID(i);
            if (ImGui::Selectable(line.c_str())) form_.open_edit(r->id, {});
            if (i == 0) test_bridge::item("survey.first_record"), test_bridge::value("survey.first_record", ledger.title(r->id));
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

// [SECTION] Pairing

void PairingScreen::draw() {
    if (form_.is_open()) return form_.draw();
    const Ledger& ledger = local_.ledger();
    const Date day = today(platform_);
    if (revision_ != ledger.revision()) {
        due_ = pairs_due(ledger, {}, day);
        revision_ = ledger.revision();
    }
    int overdue = 0, this_week = 0;
    for (const PairDue& d : due_) overdue += d.due == Due::Overdue, this_week += d.due == Due::ThisWeek;
    char line[256];
    std::snprintf(line, sizeof line, str::PairingSummary, static_cast<int>(due_.size()), overdue, this_week);
    section_header(line);
    test_bridge::value("pairing.overdue", std::to_string(overdue));
    test_bridge::value("pairing.this_week", std::to_string(this_week));

    ImGui::RadioButton(str::PairingOverdue, &show_, 0);
    test_bridge::item("pairing.show_overdue");
    ImGui::SameLine();
    ImGui::RadioButton(str::PairingThisWeek, &show_, 1);
    test_bridge::item("pairing.show_this_week");
    ImGui::SameLine();
    ImGui::RadioButton(str::PairingAll, &show_, 2);
    test_bridge::item("pairing.show_all");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 16 * ImGui::GetFontSize()));
    ImGui::InputTextWithHint("##helper", str::PairingHelperHint, &helper_filter_);
    test_bridge::item("pairing.helper");
    ImGui::SameLine();
    if (ImGui::Button(format_text(str::RegistryAdd, kind_def(Kind::Pair).label).c_str())) form_.open_new(Kind::Pair, {});
    test_bridge::item("pairing.add");

    std::vector<const PairDue*> shown;
    for (const PairDue& d : due_) {
        if (show_ == 0 && d.due != Due::Overdue) continue;
        if (show_ == 1 && d.due != Due::ThisWeek) continue;
        if (!helper_filter_.empty() && !name_matches(ledger.title(d.helper), helper_filter_)) continue;
        shown.push_back(&d);
    }
    test_bridge::value("pairing.rows", std::to_string(shown.size()));
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    ImGui::TextUnformatted(shown.empty() ? str::PairingNone : str::PairingClickToRecord);
    ImGui::PopStyleColor();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (shown.empty() || !ImGui::BeginTable("##pairs", 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* c : {str::PairingColumnStudent, str::PairingColumnHelper, str::PairingColumnLast, str::PairingColumnNext, str::PairingColumnStatus})
        ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    const int today_days = days_from_date(day);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const PairDue& d = *shown[i];
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable(ledger.title(d.student).c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                record_visit(form_, d.student, d.helper, day);
            if (i == 0) test_bridge::item("pairing.first_row"), test_bridge::value("pairing.first", ledger.title(d.student));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(ledger.title(d.helper).c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(format_date_iso(d.last_contact).c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(format_date_iso(d.next_due).c_str());
            ImGui::TableSetColumnIndex(4);
            if (d.due == Due::Overdue) {
                ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
                ImGui::TextUnformatted(format_text(str::PairingDaysOverdue, std::to_string(today_days - days_from_date(d.next_due))).c_str());
                ImGui::PopStyleColor();
            } else {
                ImGui::TextUnformatted(d.due == Due::ThisWeek ? str::PairingThisWeek : str::PairingOnTrack);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

// [SECTION] Visits

void VisitsScreen::draw() {
    if (form_.is_open()) return form_.draw();
    const Ledger& ledger = local_.ledger();
    const Date day = today(platform_);
    if (revision_ != ledger.revision()) {
        coverage_ = visit_coverage(ledger, {}, day);
        revision_ = ledger.revision();
    }
    const Semester term = semester_of(day);
    char line[256];
    std::snprintf(line, sizeof line, str::VisitsSemester, term.autumn ? str::VisitsAutumn : str::VisitsSpring,
                  format_date_chinese(term.first).c_str(), format_date_chinese(term.last).c_str());
    section_header(line);
    if (ImGui::Button(format_text(str::RegistryAdd, kind_def(Kind::Visit).label).c_str())) form_.open_new(Kind::Visit, {});
    test_bridge::item("visits.add");

    int special = 0, visited = 0;
    for (const Coverage& c : coverage_) special += c.special, visited += c.visited;
    test_bridge::value("visits.coverage", percent(visited, special));
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    const float height = std::min(ImGui::GetContentRegionAvail().y * 0.45f, (coverage_.size() + 2.5f) * ImGui::GetFrameHeightWithSpacing());
    if (ImGui::BeginTable("##coverage", 4, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* c : {str::VisitsColumnSchool, str::VisitsColumnSpecial, str::VisitsColumnVisited, str::VisitsColumnCoverage})
            ImGui::TableSetupColumn(c);
        ImGui::TableHeadersRow();
        auto row = [&](const std::string& name, int s, int v, RecordId school) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable(name.c_str(), school.valid() && school == school_, ImGuiSelectableFlags_SpanAllColumns) && school.valid())
                school_ = school;
            if (school.valid()) test_bridge::item(("visits.school." + name).c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%d", s);
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%d", v);
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(percent(v, s).c_str());
        };
        for (const Coverage& c : coverage_) {
            ImGui::PushID(static_cast<int>(c.school.counter()));
            row(ledger.title(c.school), c.special, c.visited, c.school);
            ImGui::PopID();
        }
        row(str::VisitsTotal, special, visited, {});
        ImGui::EndTable();
    }
    const Coverage* chosen = nullptr;
    for (const Coverage& c : coverage_) if (c.school == school_) chosen = &c;
    if (!chosen) {
        wrapped_text(str::VisitsChooseSchool);
        return;
    }
    ImGui::TextUnformatted(format_text(str::VisitsNotVisited, ledger.title(chosen->school), std::to_string(chosen->not_visited.size())).c_str());
    test_bridge::value("visits.not_visited", std::to_string(chosen->not_visited.size()));
    if (!ImGui::BeginChild("##not_visited")) return ImGui::EndChild();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(chosen->not_visited.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const RecordId child = chosen->not_visited[i];
            const Record* r = ledger.find(child);
            const FieldDef& categories = field_def(Kind::Student, field_index(Kind::Student, "categories"));
            std::string label = ledger.title(child) + "  " + (r ? readable_value(ledger, categories, r->value(field_index(Kind::Student, "categories")), false) : "");
            ImGui::PushID(i);
            if (ImGui::Selectable(label.c_str())) record_visit(form_, child, {}, day);
            if (i == 0) test_bridge::item("visits.first_unvisited"), test_bridge::value("visits.first_unvisited", ledger.title(child));
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace gy::ui
