// web_fonts.cpp — see web_fonts.h.
//
// Loading is split in two so that a screen full of new characters costs one
// canvas read-back, not one per character: while ImGui lays out a frame, each
// new glyph is only measured (measureText, cheap) and given its place in the
// atlas; before the frame is rendered, flush_browser_glyphs() draws all of them
// on one canvas, reads it back once, and copies each into its place.
//
// The atlas is kept bounded (see [SECTION] Keeping the atlas bounded): Dear
// ImGui 1.92 grows its texture whenever a glyph does not fit and never drops a
// glyph of a size still in use, so scrolling a county's names would grow it
// without end (to 8192x8192, 256 MB in RGBA, and then show '?' for every new
// character).
#include "web_fonts.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
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
    ImGuiID baked_id;  // not a pointer: ImGui moves bakes in its pool when it drops others
    ImWchar codepoint;
    float px;
    int kind;  // 1 glyph, 2 missing-glyph box
    int w, h;
    float pen_x, pen_y;  // where the pen goes inside the bitmap
};

static std::vector<PendingGlyph> g_pending;
static BrowserFontStats g_stats;
static bool g_pack_failed = false;  // a glyph found no room in the atlas at its largest this frame

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
    const double started = emscripten_get_now();
    const int kind = gy_glyph_measure(codepoint, px, box);
    g_stats.measure_ms += emscripten_get_now() - started;
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
    if (pack_id == ImFontAtlasRectId_Invalid) {
        // The atlas is at kAtlasMaxSide and full. Returning false would make
        // ImGui show '?' for this character until its bake is dropped; a blank
        // of the right width is laid out instead, and before the next frame
        // keep_glyph_atlas_bounded() empties the atlas so it is drawn then.
        g_pack_failed = true;
        return true;
    }
    out_glyph->X0 = box[2] / density;
    out_glyph->Y0 = box[3] / density + IM_ROUND(baked->Ascent);
    out_glyph->X1 = out_glyph->X0 + w / density;
    out_glyph->Y1 = out_glyph->Y0 + h / density;
    out_glyph->Visible = true;
    out_glyph->PackId = pack_id;
    g_pending.push_back({atlas, src, baked->BakedId, codepoint, px, kind, w, h, -box[2], -box[3]});
    ++g_stats.glyphs;
    g_stats.missing += kind == 2;
    return true;
}

// [SECTION] Batched drawing

// ~600 glyphs of 16 px at most: about 50 ms of canvas work in software rendering.
static constexpr int kBatchWidth = 1024, kBatchMaxHeight = 256;
// A screen of new characters (3,000 on the glyph benchmark's page) is drawn
// over several frames: each frame draws as many as its budget allows, from
// what a glyph has cost so far, so no frame after the first stalls (the first
// must measure every new glyph to lay the screen out).
static constexpr double kDrawBudgetMs = 12;
static constexpr int kMinBatch = 96;  // on a slow or busy machine the budget alone would make batches tiny
static double g_ms_per_glyph = 0.1;  // learned from the batches drawn

// Lays out up to `most` pending glyphs from `first` in rows of a kBatchWidth canvas; returns the count that fit.
static size_t layout_batch(size_t first, size_t most, std::vector<float>& cells, int& height) {
    int x = 0, y = 0, row = 0;
    size_t i = first;
    for (; i < g_pending.size() && i - first < most; ++i) {
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
        auto* baked = static_cast<ImFontBaked*>(p.atlas->Builder->BakedMap.GetVoidPtr(p.baked_id));
        if (!baked) continue;  // the bake was dropped meanwhile
        ImFontGlyph* glyph = baked->FindGlyphNoFallback(p.codepoint);
        if (!glyph || !glyph->Visible) continue;
        ImTextureRect* r = ImFontAtlasPackGetRect(p.atlas, glyph->PackId);
        const int x = static_cast<int>(cells[i * 4]), y = static_cast<int>(cells[i * 4 + 1]);
        ImFontAtlasBakedSetFontGlyphBitmap(p.atlas, baked, p.src, glyph, r, &alpha[y * kBatchWidth + x],
                                           ImTextureFormat_Alpha8, kBatchWidth);
    }
    // Each glyph queued its own upload; imgui_impl_opengl3 would make one
    // texSubImage2D call per glyph (hundreds a frame, each a round trip to the
    // GPU process). Their bounding box (UpdateRect, kept by ImGui) goes up in
    // one call instead: re-sending the pixels between them is cheaper.
    if (ImTextureData* tex = g_pending[first].atlas->TexData; tex->Updates.Size > 1) {
        tex->Updates.resize(1);
        tex->Updates[0] = tex->UpdateRect;
    }
}

void flush_browser_glyphs() {
    if (g_pending.empty()) return;
    const double started = emscripten_get_now();
    std::vector<float> cells;
    int height = 0;
    const size_t most = static_cast<size_t>(ImMax(kMinBatch, static_cast<int>(kDrawBudgetMs / g_ms_per_glyph)));
    const size_t count = layout_batch(0, most, cells, height);
    if (count > 0) draw_batch(0, count, cells, height);
    const double ms = emscripten_get_now() - started;
    g_stats.draw_ms += ms;
    if (count >= static_cast<size_t>(kMinBatch)) g_ms_per_glyph = 0.7 * g_ms_per_glyph + 0.3 * ms / count;
    // One batch per frame keeps every frame short; a glyph larger than a whole batch stays blank.
    g_pending.erase(g_pending.begin(), g_pending.begin() + static_cast<long>(count > 0 ? count : g_pending.size()));
}

// [SECTION] Keeping the atlas bounded
//
// What Dear ImGui 1.92 does by itself: a glyph is packed into the atlas
// texture when first drawn; when one does not fit, ImFontAtlasTextureMakeSpace
// drops the bakes (one per font size) unused for two frames and grows the
// texture (up to TexMaxWidth/Height, 8192 by default) or repacks it. The bake
// of the size on screen is never dropped, and glyphs are never dropped one by
// one, so reading names at one size only ever grows the atlas; once at its
// largest, each new character is cached as '?'. ImFontAtlas::CompactCache()
// drops unused bakes and repacks smaller, but ImGui calls it only when a
// window has been unused for a minute.
//
// What we do: the texture may not pass kAtlasMaxSide square (2048: the
// largest size WebGL 2 guarantees on every device; one byte a pixel, so
// 4 MB, and twice that on the GPU: see [SECTION] The atlas on the GPU). Between
// frames, when the glyphs in it pass kCompactAbove pixels, unused bakes go
// first (CompactCache); if the bake in use is still that large, every bake is
// dropped and the texture shrinks to its minimum. The next frame lays out only
// what is on screen and draws it again (a few hundred glyphs, one batch). Bake
// granularity is all ImGui offers (no per-glyph use is recorded), so this is
// a whole-cache reset, taken rarely: it happens every ~4,000 new 16-px
// characters. A screen that needs more than kCompactAbove by itself (the
// 3,000-character page at devicePixelRatio 2) is drawn twice the first time
// (once to find it too large, once after the reset) and then raises the limit
// to twice its own size, so it is not drawn again every frame.

static constexpr int kAtlasMaxSide = 2048;
// 3/8 of the largest texture: compacting here keeps the texture at or under
// 2048x1024 (2 MB) while scrolling, since ImGui only grows it when full.
static constexpr long kCompactAbove = static_cast<long>(kAtlasMaxSide) * kAtlasMaxSide * 3 / 8;
static long g_screen_surface = 0;  // the atlas surface the screen needed after the last reset
static bool g_refilling = false;   // reset done, the screen's glyphs not all drawn again yet

static long live_surface(const ImFontAtlasBuilder* b) { return b->RectsPackedSurface - b->RectsDiscardedSurface; }
static long atlas_limit() { return ImMax(kCompactAbove, 2 * g_screen_surface); }

static void limit_browser_font_atlas(ImFontAtlas* atlas) {
    atlas->TexMaxWidth = atlas->TexMaxHeight = kAtlasMaxSide;
}

bool keep_glyph_atlas_bounded() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    ImFontAtlasBuilder* builder = atlas->Builder;
    if (!builder || !atlas->TexData) return false;
    if (g_refilling && g_pending.empty()) {
        g_refilling = false;
        g_screen_surface = live_surface(builder);
    }
    const long limit = atlas_limit();
    const bool overflowed = g_pack_failed;
    g_pack_failed = false;
    if (g_refilling) {
        // The screen is being drawn again after a reset: it may take what it
        // needs, up to the largest texture; dropping it would only start over.
        // If it does not fit even so, what did not fit stays blank (counted).
        g_stats.overflows += overflowed;
        return false;
    }
    if (!overflowed && (live_surface(builder) <= limit || !g_pending.empty())) return false;  // a screen half drawn is finished first
    const double started = emscripten_get_now();
    atlas->CompactCache();  // bakes no frame has used since the last one
    ++g_stats.compactions;
    if (overflowed || live_surface(builder) > limit) {
        ImFontAtlasBuildDiscardBakes(atlas, 0);
        g_pending.clear();  // their bakes are gone; what is on screen is asked for again
        atlas->CompactCache();  // repack what is left (the white pixel, lines) into the smallest texture
        ++g_stats.resets;
        g_refilling = true;
    }
    g_stats.compact_ms += emscripten_get_now() - started;
    return true;
}

bool browser_glyphs_settling() {
    if (!g_pending.empty()) return true;
    const ImFontAtlasBuilder* builder = ImGui::GetIO().Fonts->Builder;
    return !g_refilling && (g_pack_failed || (builder && live_surface(builder) > atlas_limit()));
}

// [SECTION] The atlas on the GPU
//
// The atlas is kept with one byte per pixel (ImTextureFormat_Alpha8): every
// glyph is white ink, so colour would be three bytes of 255 each. That makes
// growing, repacking and compacting it four times cheaper; a screen of new
// characters grows it several times in one frame. imgui_impl_opengl3 only
// creates RGBA textures, so this texture is made here before the backend sees
// it, as LUMINANCE_ALPHA (white, and the coverage as alpha: WebGL 2 has no
// texture swizzle to sample a one-channel texture as white ink).

static std::vector<unsigned short> g_upload;  // the rows of one upload: white, then the coverage

static void upload_rect(ImTextureData* tex, const ImTextureRect& r) {
    const size_t size = static_cast<size_t>(r.w) * r.h;
    if (g_upload.size() < size) g_upload.resize(size);
    unsigned short* out = g_upload.data();
    for (int y = 0; y < r.h; ++y) {
        const unsigned char* in = static_cast<const unsigned char*>(tex->GetPixelsAt(r.x, r.y + y));
        for (int x = 0; x < r.w; ++x) *out++ = static_cast<unsigned short>(0xFF | in[x] << 8);  // little-endian
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, r.x, r.y, r.w, r.h, GL_LUMINANCE_ALPHA, GL_UNSIGNED_BYTE, g_upload.data());
}

// The rows of a new texture down to its last ink: a texture grown for a
// screen of new characters is mostly empty, and WebGL starts it transparent.
static int rows_in_use(ImTextureData* tex) {
    const unsigned char* pixels = static_cast<const unsigned char*>(tex->GetPixels());
    size_t words = static_cast<size_t>(tex->Width) * tex->Height / 8;  // a power of two, at least 8x8
    for (uint64_t word = 0; words > 0; --words) {  // eight pixels at a time: 4 MB of zeros is slow byte by byte
        std::memcpy(&word, pixels + (words - 1) * 8, 8);
        if (word != 0) return static_cast<int>(((words - 1) * 8) / tex->Width + 1);
    }
    return 0;
}

void upload_glyph_atlas(ImDrawData* draw_data) {
    if (!draw_data->Textures) return;
    for (ImTextureData* tex : *draw_data->Textures) {
        if (tex->Format != ImTextureFormat_Alpha8) continue;
        const bool create = tex->Status == ImTextureStatus_WantCreate;
        if (!create && tex->Status != ImTextureStatus_WantUpdates) continue;  // destroying is the backend's
        GLuint id = static_cast<GLuint>(tex->TexID);
        if (create) glGenTextures(1, &id);
        glBindTexture(GL_TEXTURE_2D, id);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        if (create) {
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);  // ImGui's baked lines need it
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_LUMINANCE_ALPHA, tex->Width, tex->Height, 0, GL_LUMINANCE_ALPHA,
                         GL_UNSIGNED_BYTE, nullptr);
            if (const int rows = rows_in_use(tex))
                upload_rect(tex, {0, 0, static_cast<unsigned short>(tex->Width), static_cast<unsigned short>(rows)});
            tex->SetTexID(static_cast<ImTextureID>(id));
        } else {
            for (const ImTextureRect& r : tex->Updates) upload_rect(tex, r);
        }
        tex->SetStatus(ImTextureStatus_OK);
    }
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
    atlas->TexDesiredFormat = ImTextureFormat_Alpha8;  // see [SECTION] The atlas on the GPU
    atlas->SetFontLoader(browser_font_loader());
    limit_browser_font_atlas(atlas);
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;  // there is no font data to copy
    config.SizePixels = 16.0f;
    config.PixelSnapH = true;
    ImStrncpy(config.Name, "browser", IM_ARRAYSIZE(config.Name));
    atlas->AddFont(&config);
}

BrowserFontStats browser_font_stats() {
    BrowserFontStats s = g_stats;
    s.pending = static_cast<long>(g_pending.size());
    if (ImTextureData* tex = ImGui::GetIO().Fonts->TexData) {
        s.atlas_width = tex->Width;
        s.atlas_height = tex->Height;
        s.atlas_bytes = static_cast<long>(tex->Width) * tex->Height * tex->BytesPerPixel;
    }
    if (const ImFontAtlasBuilder* b = ImGui::GetIO().Fonts->Builder) {
        s.atlas_surface = live_surface(b);
        for (int i = 0; i < b->BakedPool.Size; ++i)
            if (!b->BakedPool[i].WantDestroy)
                for (const ImFontGlyph& g : b->BakedPool[i].Glyphs) s.atlas_glyphs += g.PackId != ImFontAtlasRectId_Invalid;
    }
    return s;
}

}  // namespace gy
