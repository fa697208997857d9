// web_fonts.h — glyphs drawn by the browser, not from a font file.
//
// An ImFontLoader (Dear ImGui 1.92 dynamic atlas) that asks the page's canvas
// to draw each code point on demand with the system's fonts, so every Chinese
// character the device can show renders, with no font download.
// Depends on: Dear ImGui (imgui_internal.h), web/platform.js.
#pragma once

struct ImFontAtlas;

namespace gy {

// Adds the UI font, backed by the browser's fonts, to the atlas.
void add_browser_font(ImFontAtlas* atlas);

}  // namespace gy
