// audit_panel.cpp — 修改记录: see audit_panel.h.
#include "audit_panel.h"

#include "core/dates.h"
#include "core/text.h"
#include "strings.h"
#include "ui_internal.h"

namespace gy::ui {

static AuditWords audit_words() {
    return {{str::AuditTime, str::AuditDevice, str::AuditAuthor, str::AuditKind, str::AuditRecord, str::AuditField, str::AuditOld, str::AuditNew},
            str::AuditCreated,
            str::AuditDeleted,
            str::AuditRestored,
            str::AuditNobody};
}

void AuditPanel::rebuild() {
    const Ledger& ledger = local_.ledger();
    if (!stale_ && revision_ == ledger.revision()) return;
    revision_ = ledger.revision(), stale_ = false;
    devices_ = audit_devices(ledger);
    rows_ = audit_sheet(ledger, audit_commits(ledger, device_), audit_words(), may_see_full_id(platform_.launch().config.role));
}

void AuditPanel::draw() {
    rebuild();
    ImGui::Spacing();
    ImGui::Separator();
    wrapped_text(str::AuditTitle);
    draw_device_choice();
    ImGui::SameLine();
    ImGui::BeginDisabled(busy_ || rows_.size() < 2);
    if (ImGui::Button(str::AuditExport)) export_xlsx();
    ImGui::EndDisabled();
    test_bridge::item("audit.export");
    ImGui::SameLine();
    ImGui::BeginDisabled(busy_);
    if (ImGui::Button(str::AuditCheck)) check_history();
    ImGui::EndDisabled();
    test_bridge::item("audit.check");
    if (!message_.empty()) wrapped_text(message_.c_str());
    if (!check_message_.empty()) wrapped_text(check_message_.c_str());
    for (const std::string& line : check_findings_) ImGui::TextColored(ImColor(kColorOffline), "%s", line.c_str());
    test_bridge::value("audit.check_message", check_message_);
    test_bridge::value("audit.check_findings", std::to_string(check_findings_.size()));
    test_bridge::value("audit.rows", std::to_string(rows_.size() - 1));
    test_bridge::value("audit.devices", std::to_string(devices_.size()));
    test_bridge::value("audit.message", message_);
    draw_table();
}

void AuditPanel::draw_device_choice() {
    auto label = [](const AuditDevice& d) { return format_text(str::AuditDeviceChoice, device_hex(d.device), audit_author(d.last_author, audit_words())) + " · " + std::to_string(d.commits); };
    std::string current = str::AuditAllDevices;
    for (const AuditDevice& d : devices_)
        if (device_ == d.device) current = label(d);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.6f, 26 * ImGui::GetFontSize()));
    if (ImGui::BeginCombo("##audit_device", current.c_str())) {
        if (ImGui::Selectable(str::AuditAllDevices, !device_)) device_.reset(), stale_ = true;
        for (const AuditDevice& d : devices_) {
            ImGui::PushID(static_cast<int>(d.device));
            if (ImGui::Selectable(label(d).c_str(), device_ == d.device)) device_ = d.device, stale_ = true;
            test_bridge::item(("audit.device." + device_hex(d.device)).c_str());
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    test_bridge::item("audit.device");
}

void AuditPanel::draw_table() {
    const int columns = static_cast<int>(rows_.front().size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    const float height = std::max(8 * ImGui::GetTextLineHeightWithSpacing(), ImGui::GetContentRegionAvail().y);
    if (!ImGui::BeginTable("audit", columns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    // Time and device are never cut: they say which change a row is.
    const float fixed[] = {ImGui::CalcTextSize("2026-11-23 18:47:53").x, ImGui::CalcTextSize("000000").x};
    for (size_t c = 0; c < rows_.front().size(); ++c) {
        if (c < 2) ImGui::TableSetupColumn(rows_.front()[c].c_str(), ImGuiTableColumnFlags_WidthFixed, fixed[c]);
        else ImGui::TableSetupColumn(rows_.front()[c].c_str());
    }
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()) - 1);
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            ImGui::TableNextRow();
            for (const std::string& cell : rows_[static_cast<size_t>(r) + 1]) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(cell.c_str());
            }
        }
    ImGui::EndTable();
}

void AuditPanel::export_xlsx() {
    const std::string name = format_text(str::AuditFileName, format_date_iso(china_date(platform_.now_ms())));
    busy_ = true, message_ = str::RegistryMakingXlsx;
    const size_t changes = rows_.size() - 1;
    platform_.convert_to_xlsx(rows_, std::vector<CellType>(rows_.front().size(), CellType::Text), str::AuditTitleShort,
                              [this, name, changes](Result<std::string> bytes) {
                                  busy_ = false;
                                  if (!bytes) return void(message_ = str::AuditExportFailed);
                                  platform_.save_file(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.value());
                                  message_ = format_text(str::AuditExported, std::to_string(changes), name);
                              });
}

void AuditPanel::check_history() {
    check_findings_.clear();
    if (!local_.keys().ready()) return void(check_message_ = str::AuditCheckNoKeys);
    busy_ = true, check_message_ = str::AuditChecking;
    sync_.check_history([this](const HistoryCheck& check) { busy_ = false, show_check(check); });
}

void AuditPanel::show_check(const HistoryCheck& check) {
    for (const HistoryMismatch& m : check.mismatches)
        check_findings_.push_back(m.problem.code == ErrorCode::HistoryDiffers
                                      ? format_text(str::AuditCheckDiffers, device_hex(m.device), std::to_string(m.seq))
                                      : format_text(str::AuditCheckBadFile, device_hex(m.device), m.path.substr(m.path.rfind('/') + 1)));
    if (!check.mismatches.empty()) check_message_ = format_text(str::AuditCheckFound, std::to_string(check.mismatches.size()));
    else if (!check.finished) check_message_ = format_text(str::AuditCheckUnfinished, std::to_string(check.files));
    else
        check_message_ = format_text(str::AuditCheckAllGood, std::to_string(check.files), std::to_string(check.commits_compared),
                                     std::to_string(check.commits_not_here));
}

}  // namespace gy::ui
