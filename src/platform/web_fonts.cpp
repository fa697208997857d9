#include "web_fonts.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <vector>

extern "C" {
// web/platform.js
void gy_font_metrics(float px, float* ascent, float* descent);
int gy_glyph_raster(unsigned codepoint, float px, unsigned char* alpha, int capacity, float* out_box);
}

namespace gy {

// The UI is laid out in device pixels (see web.cpp), so the atlas density is
// 1 and advances are rounded to whole pixels: every glyph lands on the pixel
// grid and stays crisp at any devicePixelRatio.
static float raster_size(const ImFontConfig* src, const ImFontBaked* baked) {
    return baked->Size * src->RasterizerDensity * baked->RasterizerDensity;
}

static bool font_src_init(ImFontAtlas*, ImFontConfig*) { return true; }

// The browser falls back across its fonts itself; a code point no font has
// comes back as the font's missing-glyph box, which is what users should see.
static bool font_src_contains_glyph(ImFontAtlas*, ImFontConfig*, ImWchar) { return true; }

static bool font_baked_init(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
    const float density = src->RasterizerDensity * baked->RasterizerDensity;
    float ascent = 0, descent = 0;
    gy_font_metrics(raster_size(src, baked), &ascent, &descent);
    baked->Ascent = ImCeil(ascent / density);
    baked->Descent = -ImCeil(descent / density);
    return true;
}

static bool font_baked_load_glyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*, ImWchar codepoint,
                                  ImFontGlyph* out_glyph, float* out_advance_x) {
    static std::vector<unsigned char> alpha;
    const float px = raster_size(src, baked);
    const float density = src->RasterizerDensity * baked->RasterizerDensity;
    const int side = static_cast<int>(px * 2) + 8;
    if (alpha.size() < static_cast<size_t>(side * side)) alpha.resize(static_cast<size_t>(side * side));

    float box[5] = {};  // width, height, x0, y0 (from the pen on the baseline), advance
    const bool inked = gy_glyph_raster(codepoint, px, alpha.data(), static_cast<int>(alpha.size()), box) != 0;
    const float advance = IM_ROUND(box[4]) / density;
    if (out_advance_x) {
        *out_advance_x = advance;
        return true;
    }
    out_glyph->Codepoint = codepoint;
    out_glyph->AdvanceX = advance;
    if (!inked) return true;

    const int w = static_cast<int>(box[0]), h = static_cast<int>(box[1]);
    ImFontAtlasRectId pack_id = ImFontAtlasPackAddRect(atlas, w, h);
    if (pack_id == ImFontAtlasRectId_Invalid) return false;
    ImTextureRect* r = ImFontAtlasPackGetRect(atlas, pack_id);
    out_glyph->X0 = box[2] / density;
    out_glyph->Y0 = box[3] / density + IM_ROUND(baked->Ascent);
    out_glyph->X1 = out_glyph->X0 + w / density;
    out_glyph->Y1 = out_glyph->Y0 + h / density;
    out_glyph->Visible = true;
    out_glyph->PackId = pack_id;
    ImFontAtlasBakedSetFontGlyphBitmap(atlas, baked, src, out_glyph, r, alpha.data(), ImTextureFormat_Alpha8, w);
    return true;
}

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

}  // namespace gy
