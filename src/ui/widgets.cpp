// widgets.cpp — small shared widgets, the theme and the test bridge.
//
// Index:
//   [SECTION] Widgets
//   [SECTION] Theme
//   [SECTION] Test bridge
#include "app.h"
#include "core/dates.h"
#include "core/text.h"
#include "strings.h"
#include "ui_internal.h"

#include "misc/cpp/imgui_stdlib.h"
#include "imgui_internal.h"  // the test bridge asks whether an item's window is drawn yet

#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

namespace gy::ui {

// [SECTION] Widgets

std::string format_local_time(double epoch_ms) {
    std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm local{};
    localtime_r(&t, &local);
    const Date date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
    char time[16];
    std::snprintf(time, sizeof time, str::TimeFormat, local.tm_hour, local.tm_min, local.tm_sec);
    return format_date_chinese(date) + " " + time;
}

void wrapped_text(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

const char* role_label(Role role) {
    switch (role) {
        case Role::TownshipClerk: return str::RoleClerk;
        case Role::SchoolAdmin: return str::RoleSchoolAdmin;
        case Role::TeacherOrCadre: return str::RoleTeacher;
        case Role::CountyViewer: return str::RoleCounty;
    }
    return str::RoleClerk;
}

void secret_field(const char* id, const char* hint, std::string& value, const char* bridge_id) {
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 22 * ImGui::GetFontSize()));
    ImGui::InputTextWithHint(id, hint, &value, ImGuiInputTextFlags_Password);
    test_bridge::item(bridge_id);
}

const char* passphrase_problem(const std::string& passphrase, const std::string* confirm) {
    if (count_code_points(passphrase) < kMinPassphraseChars) return str::KeysTooShort;
    if (confirm && passphrase != *confirm) return str::KeysMismatch;
    return nullptr;
}

void load_progress(const char* text, float progress) {
    ImGui::TextUnformatted(text);
    ImGui::ProgressBar(progress, ImVec2(std::min(ImGui::GetContentRegionAvail().x, 24 * ImGui::GetFontSize()), 0), "");
}

void section_header(const char* text) {
    ImGui::TextUnformatted(text);
    ImGui::Separator();
    ImGui::Spacing();
}

// [SECTION] Theme

void apply_theme(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.FrameRounding = 4;
    style.ChildRounding = 4;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 8);
    style.WindowPadding = ImVec2(10, 10);
    style.ScrollbarSize = 14;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
    style.FrameBorderSize = 1;
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.95f, 0.95f, 0.94f, 1.0f);
    style.Colors[ImGuiCol_Border] = ImVec4(0.72f, 0.72f, 0.70f, 1.0f);
}

// [SECTION] Test bridge

namespace test_bridge {

static bool g_enabled = false;
static nlohmann::json g_items = nlohmann::json::object();
static nlohmann::json g_values = nlohmann::json::object();
static std::string g_snapshot;

void set_enabled(bool enabled) { g_enabled = enabled; }

void begin_frame() {
    if (!g_enabled) return;
    g_items = nlohmann::json::object();
    g_values = nlohmann::json::object();
}

void item(const char* id) {
    if (!g_enabled) return;
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    // A window measuring its size (a popup's first frame) is not drawn yet: its items are not there to click.
    const bool shown = ImGui::IsItemVisible() && !ImGui::GetCurrentWindowRead()->Hidden;
    g_items[id] = {min.x, min.y, max.x - min.x, max.y - min.y, shown};
}

void value(const char* key, const std::string& value) {
    if (g_enabled) g_values[key] = value;
}

}  // namespace test_bridge

void test_bridge_note(const char* key, const std::string& value) { test_bridge::value(key, value); }

const char* test_bridge_snapshot(float pixel_ratio) {
    using namespace test_bridge;
    nlohmann::json items = nlohmann::json::object();
    for (auto& [id, r] : g_items.items())
        items[id] = {r[0].get<float>() / pixel_ratio, r[1].get<float>() / pixel_ratio,
                     r[2].get<float>() / pixel_ratio, r[3].get<float>() / pixel_ratio, r[4]};
    g_snapshot = nlohmann::json{{"items", items}, {"values", g_values}}.dump();
    return g_snapshot.c_str();
}
}  // namespace gy::ui
