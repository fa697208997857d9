// import_screen.cpp — 导入: mapping, preview with problems, accept.
#include "import_screen.h"

#include "strings.h"
#include "ui_internal.h"

#include <cstdio>

namespace gy::ui {

bool ImportScreen::start(const std::string& file_name, const std::string& bytes, RecordId scope, Kind kind) {
    Result<DecodedText> text = decode_text(bytes, [this](std::string_view b) { return platform_.decode_gb18030(b); });
    Result<Sheet> sheet = text ? parse_csv(text.value().utf8) : Result<Sheet>(text.error());
    if (!sheet) {
        message_ = format_text(str::ImportUnreadable, file_name, sheet.error().detail);
        return false;
    }
    return start_sheet(file_name, std::move(sheet.value()), scope, kind, text.value().encoding == TextEncoding::Gb18030);
}

bool ImportScreen::start_sheet(const std::string& file_name, Sheet sheet, RecordId scope, Kind kind, bool from_gb18030) {
    if (sheet.empty()) {
        message_ = format_text(str::ImportEmpty, file_name);
        return false;
    }
    file_name_ = file_name;
    from_gb18030_ = from_gb18030;
    sheet_ = std::move(sheet);
    std::optional<ColumnMap> remembered = local_.column_memory().recall(kind, sheet_[0]);
    remembered_ = remembered.has_value();
    map_ = remembered ? *remembered : guess_columns(kind, sheet_[0]);
    scope_ = scope;
    merge_ = true;
    message_.clear();
    open_ = true;
    replan();
    return true;
}

void ImportScreen::replan() {
    plan_ = plan_import(local_.ledger(), sheet_, map_, scope_, china_date(platform_.now_ms()), [this](Kind k) { return local_.new_id(k); });
}

void ImportScreen::draw_mapping() {
    ImGui::TextUnformatted(str::ImportMapping);
    const auto fields = kind_def(map_.kind).fields;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##mapping", 3, flags)) return;
    for (const char* c : {str::ImportColumnHeader, str::ImportColumnField, str::ImportColumnSample}) ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    for (size_t c = 0; c < map_.field_of_column.size(); ++c) {
        ImGui::TableNextRow();
        ImGui::PushID(static_cast<int>(c));
        ImGui::TableSetColumnIndex(0);
        ImGui::AlignTextToFramePadding();  // level with the combo beside it
        ImGui::TextUnformatted(sheet_[0][c].c_str());
        ImGui::TableSetColumnIndex(1);
        int& f = map_.field_of_column[c];
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##field", f < 0 ? str::ImportIgnore : fields[f].label)) {
            if (ImGui::Selectable(str::ImportIgnore, f < 0)) f = -1, replan();
            for (size_t k = 0; k < fields.size(); ++k)
                if (ImGui::Selectable(fields[k].label, f == static_cast<int>(k))) f = static_cast<int>(k), replan();
            ImGui::EndCombo();
        }
        test_bridge::item(("import.column." + std::to_string(c)).c_str());
        test_bridge::value(("import.column." + std::to_string(c)).c_str(), f < 0 ? "" : fields[f].key);
        ImGui::TableSetColumnIndex(2);
        if (sheet_.size() > 1 && c < sheet_[1].size()) ImGui::TextUnformatted(sheet_[1][c].c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void ImportScreen::draw_problems() {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (plan_.problems.empty() || !ImGui::BeginTable("##problems", 3, flags, ImVec2(0, 10 * ImGui::GetFrameHeightWithSpacing()))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* c : {str::ImportColumnRow, str::ImportColumnColumn, str::ImportColumnReason}) ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(plan_.problems.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const RowProblem& p = plan_.problems[i];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(format_text(str::ImportProblemRow, std::to_string(p.row)).c_str());
            ImGui::TableSetColumnIndex(1);
            const bool has_column = p.column >= 0 && static_cast<size_t>(p.column) < sheet_[0].size();
            ImGui::TextUnformatted(has_column ? sheet_[0][p.column].c_str() : "");
            ImGui::TableSetColumnIndex(2);
            std::string reason = p.problem.detail.find(": choose") != std::string::npos ? str::ImportAmbiguous : problem_text(p.problem);
            const auto& cells = sheet_[p.row - 1];
            if (has_column && static_cast<size_t>(p.column) < cells.size() && !cells[p.column].empty()) reason += "（" + cells[p.column] + "）";
            ImGui::TextUnformatted(reason.c_str());
            if (i == 0) test_bridge::value("import.first_problem", format_text(str::ImportProblemRow, std::to_string(p.row)) + " " + reason);
        }
    }
    ImGui::EndTable();
}

void ImportScreen::draw() {
    section_header(format_text(str::ImportTitle, kind_def(map_.kind).label, file_name_).c_str());
    if (from_gb18030_) ImGui::TextUnformatted(str::ImportEncodingGb);
    if (remembered_) ImGui::TextUnformatted(str::ImportRemembered);
    test_bridge::value("import.remembered", remembered_ ? "1" : "0");
    ImGui::BeginChild("##import", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f));
    draw_mapping();
    ImGui::Spacing();
    const size_t valid = plan_.valid_rows(), merges = plan_.merges();
    const size_t bad = plan_.rows.size() - valid;
    char summary[512];
    std::snprintf(summary, sizeof summary, str::ImportSummary, std::to_string(plan_.rows.size()).c_str(), std::to_string(valid).c_str(),
                  std::to_string(bad).c_str());
    ImGui::TextUnformatted(summary);
    test_bridge::value("import.valid", std::to_string(valid));
    test_bridge::value("import.problems", std::to_string(plan_.problems.size()));
    if (merges) {
        ImGui::TextUnformatted(format_text(str::ImportMergesNote, std::to_string(merges)).c_str());
        ImGui::Checkbox(str::ImportMergeChoice, &merge_);
        test_bridge::item("import.merge");
    }
    draw_problems();
    ImGui::EndChild();
    const size_t writing = valid - (merge_ ? 0 : merges);
    ImGui::BeginDisabled(writing == 0);
    if (ImGui::Button(format_text(str::ImportAccept, std::to_string(writing)).c_str())) {
        Outcome out = local_.commit(import_edit(plan_, merge_), platform_.now_ms());
        if (out.ok()) local_.remember_columns(map_, sheet_[0]);
        message_ = out.ok() ? format_text(str::ImportDone, std::to_string(writing)) : str::RegistryNotSaved;
        open_ = !out.ok();
    }
    ImGui::EndDisabled();
    test_bridge::item("import.accept");
    ImGui::SameLine();
    if (ImGui::Button(str::Cancel)) open_ = false;
    test_bridge::item("import.cancel");
}

}  // namespace gy::ui
