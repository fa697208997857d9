// platform.h — the one interface between Gongyu and where it runs.
//
// The UI (src/ui) talks to the outside world only through this: the clock,
// wake-ups for the idle-aware main loop, device storage, the launch
// configuration from the hosting page, reachability probes of the backend,
// files handed to the user (exports), printable documents, photos from the
// camera or the gallery and pictures drawn from them, HTTP for sync, the
// .xlsx converter and the vault that seals sync files (both in a second wasm
// module in the browser, loaded on first use).
// One implementation per platform: web.cpp (Emscripten, the product) and,
// native.cpp (g++: the native UI tests, a desktop shell later).
// Depends on: core (storage.h, launch_config.h, xlsx.h, seal.h).
#pragma once

#include "core/launch_config.h"
#include "core/result.h"
#include "core/seal.h"
#include "core/storage.h"
#include "core/sync_service.h"
#include "core/xlsx.h"

#include <functional>
#include <string>
#include <string_view>

namespace gy {

enum class StorageKind { IndexedDB, Files, MemoryOnly };

// A photo as a texture the UI draws (ImGui::Image), its size in pixels.
struct Picture {
    uint64_t texture = 0;
    int width = 0, height = 0;
};
// A photo's longest side once taken (choose_photo): a household's picture read on an A4 page or a phone.
inline constexpr int kPhotoSide = 1280;

class Platform {
public:
    virtual ~Platform() = default;

    virtual double now_ms() = 0;                 // wall clock, ms since 1970
    virtual double monotonic_ms() = 0;           // for measuring durations, sub-millisecond
    virtual void wake_after(double delay_ms) = 0;// draw a frame then, even if idle
    virtual Storage& storage() = 0;
    virtual StorageKind storage_kind() = 0;
    virtual const ParsedLaunchConfig& launch() = 0;
    // A phone's data plan, a data saver or a slow line, as far as the browser tells: the big uploads
    // (snapshots, sync.h) wait for a better-connected device. Natively false.
    virtual bool link_is_metered() = 0;
    // Any HTTP answer counts as reachable; only a network failure does not.
    virtual void probe_backend(const std::string& url, std::function<void(bool reachable)> done) = 0;
    // Hands a file to the user: in the browser a download, natively a file in the storage folder's exports/.
    virtual void save_file(const std::string& file_name, const std::string& mime_type, const std::string& bytes) = 0;
    // Shows a printable document (HTML from core/print.h) and asks for the print dialog. Browser: a new
    // tab, or a hidden frame that prints when the tab cannot open (popup blocked, a sandboxed portal
    // frame). Natively: <name>.html in the storage folder's exports/, like save_file. Call it from a click.
    virtual void show_print_view(const std::string& name, const std::string& html) = 0;
    // Lets the user choose a file (accept: ".csv,.xlsx"); done gets its name and bytes. Never called on cancel.
    virtual void open_file(const std::string& accept, std::function<void(std::string name, std::string bytes)> done) = 0;
    // A photo taken with the camera or chosen from the gallery, as a JPEG of at most kPhotoSide pixels a
    // side (browser: decoded, turned upright and scaled down in a canvas; natively: the next file as
    // it is). InvalidValue when it is not a picture the browser can read. Never called on cancel.
    virtual void choose_photo(std::function<void(Result<std::string> jpeg)> done) = 0;
    // A JPEG as a texture to draw; Unavailable where nothing draws (the native tests). free_picture lets it go.
    virtual void load_picture(std::string jpeg, std::function<void(Result<Picture>)> done) = 0;
    virtual void free_picture(const Picture& picture) = 0;
    // GB18030/GBK bytes (WPS and Excel CSV files) as UTF-8: the browser's TextDecoder, or iconv natively.
    virtual Result<std::string> decode_gb18030(std::string_view bytes) = 0;
    // One HTTP request (sync with the store): status 0 when nothing answered. Relative URLs are the page's.
    virtual void http(const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) = 0;
    // .xlsx both ways (core/xlsx.h). Natively at once; in the browser by the files
    // module, fetched the first time either is called (Unavailable if it cannot be
    // loaded). done is called once, later; the UI shows that work is under way.
    virtual void convert_to_xlsx(Sheet sheet, std::vector<CellType> types, std::string title,
                                 std::function<void(Result<std::string>)> done) = 0;
    virtual void convert_from_xlsx(std::string bytes, std::function<void(Result<Sheet>)> done) = 0;
    // Sealing sync files and the township's key file (core/seal.h): natively at
    // once; in the browser in the files module, like the .xlsx converter.
    virtual Vault& vault() = 0;
    // The pinyin of CJK Extension B (core/pinyin.h): built in natively; in the browser from the files module.
    virtual void load_extension_b(std::function<void(Result<std::vector<uint16_t>>)> done) = 0;
};

}  // namespace gy
