// ui_internal.h — helpers shared by the screens; not part of the UI's public face.
// Depends on: Dear ImGui.
#pragma once

#include "core/launch_config.h"
#include "core/export.h"
#include "core/ledger.h"
#include "imgui.h"

#include <string>

namespace gy::ui {

// [SECTION] Test bridge
// End-to-end tests click real coordinates: when enabled, each named item's
// rectangle (CSS pixels) is recorded every frame and read from JavaScript.
namespace test_bridge {
void set_enabled(bool enabled);
void begin_frame();
void item(const char* id);                            // the last ImGui item
void value(const char* key, const std::string& value);// app state tests assert on
}  // namespace test_bridge

// [SECTION] Small widgets
std::string format_local_time(double epoch_ms);
void wrapped_text(const char* text);
void section_header(const char* text);
void load_progress(const char* text, float progress);  // the text over a bar, while the store loads
const char* role_label(Role role);
std::string format_text(const char* pattern, const std::string& a, const std::string& b = "", const std::string& c = "");  // printf with %s
void secret_field(const char* id, const char* hint, std::string& value, const char* bridge_id);  // a passphrase, shown as dots
// Why a new passphrase (typed twice when confirm) is refused, in Chinese; nullptr when it will do.
const char* passphrase_problem(const std::string& passphrase, const std::string* confirm);

// [SECTION] Ledger values as people read them (record_form.cpp)
std::string problem_text(const FieldProblem& problem);  // Chinese
bool may_see_full_id(Role role);                       // whole ID numbers: township clerks and school admins

// [SECTION] Theme
inline constexpr float kBaseFontSize = 16.0f;
inline constexpr ImU32 kColorOnline = IM_COL32(30, 140, 60, 255);
inline constexpr ImU32 kColorOffline = IM_COL32(200, 110, 0, 255);
inline constexpr ImU32 kColorError = IM_COL32(190, 30, 30, 255);
inline constexpr ImU32 kColorMuted = IM_COL32(100, 100, 100, 255);

}  // namespace gy::ui
