// roles_panel.cpp — 角色密钥: see roles_panel.h.
#include "roles_panel.h"

#include "core/scopes.h"
#include "core/text.h"
#include "strings.h"
#include "ui_internal.h"

#include "misc/cpp/imgui_stdlib.h"

#include <algorithm>

namespace gy::ui {

void RolesPanel::draw() {
    if (!local_.keys().ready() || !local_.keys().is_clerk()) return;
    ImGui::Spacing();
    wrapped_text(str::RolesTitle);
    wrapped_text(str::RolesExplain);
    test_bridge::value("roles.message", message_);
    test_bridge::value("roles.account", issued_account_);
    test_bridge::value("roles.recovery_code", recovery_code_);
    if (!recovery_code_.empty()) {
        wrapped_text(format_text(str::RolesIssued, issued_label_, issued_account_).c_str());
        ImGui::TextUnformatted(recovery_code_.c_str());
        if (ImGui::Button(str::KeysCodeKept)) recovery_code_.clear(), issued_account_.clear(), message_.clear();
        test_bridge::item("roles.code_kept");
    } else {
        draw_pick();
    }
    if (busy_) ImGui::TextUnformatted(str::KeysBusy);
    if (!message_.empty()) wrapped_text(message_.c_str());
    ImGui::Spacing();
    ImGui::Separator();
}

void RolesPanel::draw_pick() {
    if (ImGui::RadioButton(str::RolesSchool, kind_ == Kind::School)) kind_ = Kind::School, chosen_ = {};
    test_bridge::item("roles.school");
    ImGui::SameLine();
    if (ImGui::RadioButton(str::RolesHelper, kind_ == Kind::Helper)) kind_ = Kind::Helper, chosen_ = {};
    test_bridge::item("roles.helper");
    const Ledger& ledger = local_.ledger();
    const std::string shown = chosen_.valid() ? ledger.title(chosen_) : str::RegistryNotChosen;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 22 * ImGui::GetFontSize()));
    if (ImGui::BeginCombo("##role_record", shown.c_str(), ImGuiComboFlags_HeightLarge)) {
        bool first = true;
        for (const Record& r : ledger.records(kind_)) {
            if (r.deleted) continue;
            if (ImGui::Selectable(ledger.title(r.id).c_str(), r.id == chosen_)) chosen_ = r.id;
            if (first) test_bridge::item("roles.pick_first"), first = false;
        }
        ImGui::EndCombo();
    }
    test_bridge::item("roles.record");
    secret_field("##role_passphrase", str::RolesPassphraseHint, passphrase_, "roles.passphrase");
    secret_field("##role_confirm", str::KeysConfirmHint, confirm_, "roles.confirm");
    ImGui::BeginDisabled(busy_);
    if (ImGui::Button(str::RolesIssue)) issue();
    test_bridge::item("roles.issue");
    ImGui::EndDisabled();
}

// Every joint school and helper: a role's device writes for the child's school and helpers.
std::string RolesPanel::writable_scopes() const {
    Readers scopes;
    for (Kind kind : {Kind::School, Kind::Helper})
        for (const Record& r : local_.ledger().records(kind))
            if (!r.deleted) scopes.push_back(kind == Kind::School ? Scope::school(r.id) : Scope::helper(r.id));
    return readers_text(scopes);
}

void RolesPanel::issue() {
    if (!chosen_.valid()) return void(message_ = str::RolesChooseFirst);
    if (const char* problem = passphrase_problem(passphrase_, &confirm_)) return void(message_ = problem);
    const std::string role = scope_text(kind_ == Kind::School ? Scope::school(chosen_) : Scope::helper(chosen_));
    const std::string label = local_.ledger().title(chosen_);
    busy_ = true, message_.clear();
    platform_.vault().issue(local_.keys(), role, writable_scopes(), passphrase_, [this, role, label](Result<Enrolment> e) {
        if (!e) return void((busy_ = false, message_ = str::KeysModuleUnavailable));
        const std::string code = e.value().recovery_code;
        sync_.publish_key_file(e.value().key_file, [this, role, label, code](Result<bool> put) {
            busy_ = false;
            if (!put) return void(message_ = put.error().code == ErrorCode::Unreachable ? str::KeysNeedServer : str::KeysServerRefused);
            passphrase_.clear(), confirm_.clear();
            issued_account_ = role, issued_label_ = label, recovery_code_ = code;
            message_ = str::RolesIssuedNext;
            sync_.sync_now(platform_.now_ms());  // the role's stream goes up
        }, role);
    });
}

}  // namespace gy::ui
