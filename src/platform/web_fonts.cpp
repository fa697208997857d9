// web_fonts.cpp — see web_fonts.h.
//
// Loading is split in two so that a screen full of new characters costs one
// canvas read-back, not one per character: while ImGui lays out a frame, each
// new glyph is only measured (measureText, cheap) and given its place in the
// atlas; before the frame is rendered, flush_browser_glyphs() draws all of them
// on one canvas, reads it back once, and copies each into its place.
#include "web_fonts.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <cstdio>
#include <vector>

extern "C" {
// web/platform.js
void gy_font_metrics(float px, float* ascent, float* descent);
// Fills box with [width, height, x0, y0, advance]; returns 0 (no ink), 1 (a glyph), 2 (no font has it).
int gy_glyph_measure(unsigned codepoint, float px, float* box);
// Draws count glyphs at the given cells of a width x height canvas and writes its alpha to out.
void gy_glyph_draw_batch(const unsigned* codepoints, const float* px, const int* kinds, const float* cells, int count,
                         int width, int height, unsigned char* out);
}

namespace gy {

struct PendingGlyph {
    ImFontAtlas* atlas;
    ImFontConfig* src;
    ImFontBaked* baked;
    ImWchar codepoint;
    float px;
    int kind;  // 1 glyph, 2 missing-glyph box
    int w, h;
    float pen_x, pen_y;  // where the pen goes inside the bitmap
};

static std::vector<PendingGlyph> g_pending;
static BrowserFontStats g_stats;

// The UI is laid out in device pixels (see web.cpp), so the atlas density is
// 1 and advances are rounded to whole pixels: every glyph lands on the pixel
// grid and stays crisp at any devicePixelRatio.
static float density_of(const ImFontConfig* src, const ImFontBaked* baked) {
    return src->RasterizerDensity * baked->RasterizerDensity;
}

static bool font_src_init(ImFontAtlas*, ImFontConfig*) { return true; }

// The browser falls back across its fonts itself; see gy_glyph_measure for
// characters no font has.
static bool font_src_contains_glyph(ImFontAtlas*, ImFontConfig*, ImWchar) { return true; }

static bool font_baked_init(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
    const float density = density_of(src, baked);
    float ascent = 0, descent = 0;
    gy_font_metrics(baked->Size * density, &ascent, &descent);
    baked->Ascent = ImCeil(ascent / density);
    baked->Descent = -ImCeil(descent / density);
    return true;
}

static bool font_baked_load_glyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*, ImWchar codepoint,
                                  ImFontGlyph* out_glyph, float* out_advance_x) {
    const float density = density_of(src, baked);
    const float px = baked->Size * density;
    float box[5] = {};  // width, height, x0, y0 (from the pen on the baseline), advance
    const int kind = gy_glyph_measure(codepoint, px, box);
    const float advance = IM_ROUND(box[4]) / density;
    if (out_advance_x) {
        *out_advance_x = advance;
        return true;
    }
    out_glyph->Codepoint = codepoint;
    out_glyph->AdvanceX = advance;
    if (kind == 0) return true;

    const int w = static_cast<int>(box[0]), h = static_cast<int>(box[1]);
    ImFontAtlasRectId pack_id = ImFontAtlasPackAddRect(atlas, w, h);
    if (pack_id == ImFontAtlasRectId_Invalid) return false;
    out_glyph->X0 = box[2] / density;
    out_glyph->Y0 = box[3] / density + IM_ROUND(baked->Ascent);
    out_glyph->X1 = out_glyph->X0 + w / density;
    out_glyph->Y1 = out_glyph->Y0 + h / density;
    out_glyph->Visible = true;
    out_glyph->PackId = pack_id;
    g_pending.push_back({atlas, src, baked, codepoint, px, kind, w, h, -box[2], -box[3]});
    ++g_stats.glyphs;
    g_stats.missing += kind == 2;
    return true;
}

// [SECTION] Batched drawing

// ~600 glyphs of 16 px: about 50 ms of canvas work in software rendering.
static constexpr int kBatchWidth = 1024, kBatchMaxHeight = 256;

// Lays out pending glyphs [first, end) in rows of a kBatchWidth canvas; returns the count that fit.
static size_t layout_batch(size_t first, std::vector<float>& cells, int& height) {
    int x = 0, y = 0, row = 0;
    size_t i = first;
    for (; i < g_pending.size(); ++i) {
        const PendingGlyph& p = g_pending[i];
        if (x + p.w > kBatchWidth) x = 0, y += row, row = 0;
        if (y + p.h > kBatchMaxHeight) break;
        cells.insert(cells.end(), {static_cast<float>(x), static_cast<float>(y), p.pen_x, p.pen_y});
        x += p.w + 1;
        row = ImMax(row, p.h + 1);
    }
    height = y + row;
    return i - first;
}

static void draw_batch(size_t first, size_t count, const std::vector<float>& cells, int height) {
    std::vector<unsigned> codepoints;
    std::vector<float> sizes;
    std::vector<int> kinds;
    for (size_t i = first; i < first + count; ++i) {
        codepoints.push_back(g_pending[i].codepoint);
        sizes.push_back(g_pending[i].px);
        kinds.push_back(g_pending[i].kind);
    }
    static std::vector<unsigned char> alpha;
    alpha.assign(static_cast<size_t>(kBatchWidth) * height, 0);
    gy_glyph_draw_batch(codepoints.data(), sizes.data(), kinds.data(), cells.data(), static_cast<int>(count),
                        kBatchWidth, height, alpha.data());
    ++g_stats.batches;
    for (size_t i = 0; i < count; ++i) {
        const PendingGlyph& p = g_pending[first + i];
        ImFontGlyph* glyph = p.baked->FindGlyphNoFallback(p.codepoint);
        if (!glyph || !glyph->Visible) continue;  // the bake was dropped meanwhile
        ImTextureRect* r = ImFontAtlasPackGetRect(p.atlas, glyph->PackId);
        const int x = static_cast<int>(cells[i * 4]), y = static_cast<int>(cells[i * 4 + 1]);
        ImFontAtlasBakedSetFontGlyphBitmap(p.atlas, p.baked, p.src, glyph, r, &alpha[y * kBatchWidth + x],
                                           ImTextureFormat_Alpha8, kBatchWidth);
    }
}

bool flush_browser_glyphs() {
    if (g_pending.empty()) return false;
    std::vector<float> cells;
    int height = 0;
    const size_t count = layout_batch(0, cells, height);
    if (count > 0) draw_batch(0, count, cells, height);
    // One batch per frame keeps every frame short; a glyph larger than a whole batch stays blank.
    g_pending.erase(g_pending.begin(), g_pending.begin() + static_cast<long>(count > 0 ? count : g_pending.size()));
    return !g_pending.empty();
}

// [SECTION] Set-up and figures

static const ImFontLoader* browser_font_loader() {
    static ImFontLoader loader = [] {
        ImFontLoader l;
        l.Name = "browser-canvas";
        l.FontSrcInit = font_src_init;
        l.FontSrcContainsGlyph = font_src_contains_glyph;
        l.FontBakedInit = font_baked_init;
        l.FontBakedLoadGlyph = font_baked_load_glyph;
        return l;
    }();
    return &loader;
}

void add_browser_font(ImFontAtlas* atlas) {
    atlas->SetFontLoader(browser_font_loader());
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;  // there is no font data to copy
    config.SizePixels = 16.0f;
    config.PixelSnapH = true;
    ImStrncpy(config.Name, "browser", IM_ARRAYSIZE(config.Name));
    atlas->AddFont(&config);
}

BrowserFontStats browser_font_stats() {
    BrowserFontStats s = g_stats;
    if (ImTextureData* tex = ImGui::GetIO().Fonts->TexData) {
        s.atlas_width = tex->Width;
        s.atlas_height = tex->Height;
        s.atlas_bytes = static_cast<long>(tex->Width) * tex->Height * tex->BytesPerPixel;
    }
    return s;
}

}  // namespace gy
