// settings_screen.cpp — 设置: this device's name, its user, text size; the launch configuration.
#include "app.h"

#include "strings.h"
#include "ui_internal.h"

#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace gy::ui {

static const char* describe_invalid(const Error& error) {
    const std::string& d = error.detail;
    if (d.find("too long") != std::string::npos) return str::SettingsInvalidTooLong;
    if (d.find("text_scale") != std::string::npos) return str::SettingsInvalidScale;
    return str::SettingsInvalidChars;
}

// A text field bound to a std::string, keyboard-first: Enter reports true.
static bool input_line(const char* label, const char* hint, const char* test_id, std::string& value) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 24 * ImGui::GetFontSize()));
    char id[64];
    std::snprintf(id, sizeof id, "##%s", test_id);
    const bool entered = ImGui::InputTextWithHint(id, hint, &value, ImGuiInputTextFlags_EnterReturnsTrue);
    test_bridge::item(test_id);
    return entered;
}

static const char* storage_label(StorageKind kind) {
    switch (kind) {
        case StorageKind::IndexedDB: return str::StorageIndexedDB;
        case StorageKind::Files: return str::StorageFiles;
        case StorageKind::MemoryOnly: return str::StorageMemoryOnly;
    }
    return str::StorageMemoryOnly;
}

static const char* save_state_label(SaveState state) {
    switch (state) {
        case SaveState::Saving: return str::StatusSaving;
        case SaveState::Saved: return str::StatusSaved;
        case SaveState::Failed: return str::StatusSaveFailed;
        case SaveState::Idle: return "";
    }
    return "";
}

void App::draw_settings() {
    section_header(str::SettingsDevice);
    bool submit = input_line(str::SettingsDeviceName, str::SettingsDeviceNameHint, "settings.device_name",
                             draft_.device_name);
    submit |= input_line(str::SettingsOperatorName, str::SettingsOperatorNameHint, "settings.operator_name",
                         draft_.operator_name);

    ImGui::TextUnformatted(str::SettingsTextScale);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 24 * ImGui::GetFontSize()));
    ImGui::SliderInt("##text_scale", &draft_.text_scale, Settings::kMinTextScale, Settings::kMaxTextScale,
                     str::SettingsTextScaleFormat, ImGuiSliderFlags_AlwaysClamp);
    test_bridge::item("settings.text_scale");

    ImGui::Spacing();
    submit |= ImGui::Button(str::SettingsSave);
    test_bridge::item("settings.save");
    if (submit) {
        Result<Settings> saved = local_.save_settings(draft_);
        settings_error_.clear();
        if (!saved) {
            char line[256];
            std::snprintf(line, sizeof line, str::SettingsInvalid, describe_invalid(saved.error()));
            settings_error_ = line;
        }
    }
    ImGui::SameLine();
    if (!settings_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        ImGui::TextUnformatted(settings_error_.c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextUnformatted(save_state_label(local_.save_state()));
    }
    test_bridge::item("settings.save_state");
    test_bridge::value("settings.error", settings_error_);
    test_bridge::value("save_state", save_state_label(local_.save_state()));
    test_bridge::value("settings.device_name", local_.settings().device_name);
    test_bridge::value("settings.operator_name", local_.settings().operator_name);

    ImGui::Spacing();
    section_header(str::SettingsConnection);
    const LaunchConfig& config = platform_.launch().config;
    if (ImGui::BeginTable("##connection", 2, ImGuiTableFlags_SizingFixedFit)) {
        auto row = [](const char* key, const char* value) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(key);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value);
        };
        row(str::SettingsBackend, config.backend_url.c_str());
        row(str::SettingsTownship, config.township.empty() ? str::TownshipNotSet : config.township.c_str());
        row(str::SettingsRole, role_label(config.role));
        row(str::SettingsStorage, storage_label(platform_.storage_kind()));
        ImGui::EndTable();
    }
    draw_glyph_check();
}

// Clerks paste the names of their children here to see whether this PC can show them.
void App::draw_glyph_check() {
    ImGui::Spacing();
    section_header(str::SettingsGlyphCheck);
    wrapped_text(str::SettingsGlyphCheckHint);
    const float min_height = 10 * ImGui::GetTextLineHeightWithSpacing();
    const float height = std::max(min_height, ImGui::GetContentRegionAvail().y);
    ImGui::InputTextMultiline("##glyph_check", &glyph_check_, ImVec2(-1, height));
    test_bridge::item("settings.glyph_check");
    test_bridge::value("settings.glyph_check", glyph_check_);
}

}  // namespace gy::ui
