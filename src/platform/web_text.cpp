#include "web_text.h"

#include "ui/app.h"

#include "imgui.h"

#include <emscripten.h>

#include <cstring>
#include <string>

extern "C" {
// web/platform.js
void gy_text_agent_install();
void gy_text_agent_place(int want_text, double x, double y, double line_height);
void gy_clipboard_write(const char* utf8);
}

namespace gy {

static float* g_pixel_ratio = nullptr;
static void (*g_flush_queued_input)() = nullptr;
static std::string g_clipboard;    // last text copied here or pasted from the system
static std::string g_composition;  // the IME's uncommitted text
static ImVec2 g_caret;
static float g_caret_height = 0;

// [SECTION] DOM key names to ImGui keys

struct KeyName {
    const char* name;  // KeyboardEvent.key for named keys, KeyboardEvent.code for letters
    ImGuiKey key;
};

static constexpr KeyName kNamedKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
    {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
    {"Enter", ImGuiKey_Enter}, {"Escape", ImGuiKey_Escape}, {" ", ImGuiKey_Space},
    {"F2", ImGuiKey_F2}, {"F5", ImGuiKey_F5},
};

static ImGuiKey key_from_dom(const char* key, const char* code) {
    for (const KeyName& k : kNamedKeys)
        if (std::strcmp(k.name, key) == 0) return k.key;
    // Shortcuts by physical position, whatever the layout or IME: Ctrl+A, C, V, X, Y, Z.
    if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && code[4] == 0)
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && code[6] == 0)
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    return ImGuiKey_None;
}

// [SECTION] ImGui platform hooks

static const char* get_clipboard(ImGuiContext*) { return g_clipboard.c_str(); }

static void set_clipboard(ImGuiContext*, const char* text) {
    g_clipboard = text ? text : "";
    gy_clipboard_write(g_clipboard.c_str());
}

static void set_ime_data(ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) {
    const float ratio = *g_pixel_ratio;
    g_caret = data->InputPos;
    g_caret_height = data->InputLineHeight;
    gy_text_agent_place(data->WantTextInput || data->WantVisible, data->InputPos.x / ratio, data->InputPos.y / ratio,
                        data->InputLineHeight / ratio);
}

void install_text_agent(float* pixel_ratio, void (*flush_queued_input)()) {
    g_pixel_ratio = pixel_ratio;
    g_flush_queued_input = flush_queued_input;
    ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
    pio.Platform_GetClipboardTextFn = get_clipboard;
    pio.Platform_SetClipboardTextFn = set_clipboard;
    pio.Platform_SetImeDataFn = set_ime_data;
    gy_text_agent_install();
}

void draw_composition() {
    ui::test_bridge_note("composition", g_composition);
    if (g_composition.empty()) return;
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const char* text = g_composition.c_str();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 at(g_caret.x, g_caret.y + (g_caret_height - size.y) * 0.5f);
    draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg));
    draw->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), text);
    const float underline = at.y + size.y - 1;
    draw->AddLine(ImVec2(at.x, underline), ImVec2(at.x + size.x, underline), ImGui::GetColorU32(ImGuiCol_Text),
                  *g_pixel_ratio > 1 ? *g_pixel_ratio : 1.0f);
}

}  // namespace gy

// [SECTION] Exports to web/platform.js

extern "C" {

EMSCRIPTEN_KEEPALIVE int gongyu_key(const char* key, const char* code, int down, int ctrl, int shift, int alt) {
    gy::g_flush_queued_input();
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl != 0);
    io.AddKeyEvent(ImGuiMod_Shift, shift != 0);
    io.AddKeyEvent(ImGuiMod_Alt, alt != 0);
    const ImGuiKey k = gy::key_from_dom(key, code);
    if (k == ImGuiKey_None) return 0;
    io.AddKeyEvent(k, down != 0);
    return 1;
}

EMSCRIPTEN_KEEPALIVE void gongyu_text(const char* utf8) {
    gy::g_flush_queued_input();
    gy::g_composition.clear();
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

EMSCRIPTEN_KEEPALIVE void gongyu_composition(const char* utf8) { gy::g_composition = utf8; }

EMSCRIPTEN_KEEPALIVE void gongyu_paste(const char* utf8) { gy::g_clipboard = utf8; }

}  // extern "C"
