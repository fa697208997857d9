// web_fonts.h — glyphs drawn by the browser, not from a font file.
//
// An ImFontLoader (Dear ImGui 1.92 dynamic atlas) that asks the page's canvas
// to draw each code point on demand with the system's fonts, so every Chinese
// character the device can show renders, with no font download. A character
// no font has is drawn as a visible box. New glyphs of a frame are drawn in
// one batch before it is rendered.
// Depends on: Dear ImGui (imgui_internal.h), web/platform.js.
#pragma once

struct ImDrawData;
struct ImFontAtlas;

namespace gy {

// Adds the UI font, backed by the browser's fonts, to the atlas.
void add_browser_font(ImFontAtlas* atlas);
// Draws a batch of the glyphs asked for; call between drawing the UI and ImGui::Render().
void flush_browser_glyphs();
// True while the glyphs on screen are not final: some still wait to be drawn, or the atlas is over its
// limit and the next frame drops them all and draws the screen again. Draw another frame soon.
bool browser_glyphs_settling();
// Keeps the glyph atlas under its size limit (see web_fonts.cpp); call between
// frames, never inside one. True when it dropped glyphs: draw again.
bool keep_glyph_atlas_bounded();
// Creates and updates the atlas's texture (one byte a pixel, which imgui_impl_opengl3 cannot upload);
// call after ImGui::Render(), before ImGui_ImplOpenGL3_RenderDrawData().
void upload_glyph_atlas(ImDrawData* draw_data);

struct BrowserFontStats {
    long glyphs = 0;   // glyphs rasterized since start
    long missing = 0;  // of which no font had: drawn as a box
    long batches = 0;  // canvas read-backs
    long pending = 0;  // measured and laid out, not drawn yet (a batch per frame)
    long compactions = 0;  // times the atlas passed its limit and was compacted
    long resets = 0;       // of which every glyph was dropped and the screen drawn again
    long overflows = 0;    // frames whose screen alone needed more than the largest atlas
    double measure_ms = 0, draw_ms = 0, compact_ms = 0;  // time spent measuring, drawing, compacting
    int atlas_width = 0, atlas_height = 0;
    long atlas_bytes = 0;    // the texture's pixels in memory (one byte each)
    long atlas_surface = 0;  // pixels the glyphs in it take, with padding
    long atlas_glyphs = 0;   // glyphs in it now
};
BrowserFontStats browser_font_stats();

}  // namespace gy
