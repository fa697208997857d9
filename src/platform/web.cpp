// web.cpp — Gongyu in the browser.
//
// SDL2 + WebGL2 window on the canvas the page handed us (Module.canvas), an
// idle-aware main loop, IndexedDB storage, backend probes and the few exports
// the page's JavaScript (web/platform.js, web/pre.js) calls.
//
// Index:
//   [SECTION] JavaScript imports
//   [SECTION] IndexedDB storage
//   [SECTION] The files module: .xlsx and the vault
//   [SECTION] WebPlatform
//   [SECTION] Main loop (renders only when something changed)
//   [SECTION] Exports to JavaScript
//   [SECTION] GL functions by name: none
//   [SECTION] main()
#include "core/photos.h"
#include "platform/platform.h"
#include "platform/module_wire.h"
#include "platform/web_fonts.h"
#include "platform/web_text.h"
#include "ui/app.h"

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "imgui_internal.h"  // the input queue and focus requests: whether ImGui is done with its input

#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace gy {

// [SECTION] JavaScript imports (web/platform.js)

extern "C" {
char* gy_launch_attributes_json();  // malloc'ed: {"backend": "...", ...}
void gy_mark(const char* name);  // performance.mark, for the start-up's figures
int gy_store_preload();  // the first batch, through gongyu_preload_record; 1 if the store opened
int gy_store_take_arrived(int* came, int* total);  // the batches that came since; 0 once one could not be read
void gy_store_put(const char* key, const char* value, int length, int request);  // stored as UTF-8 bytes
void gy_store_remove(const char* key, int request);
void gy_store_get(const char* key, int request);  // answers by gongyu_bytes_done
void gy_store_put_many(int count, const char* const* keys, const char* const* values, const int* lengths, int request);
void gy_probe(const char* url, int request);
int gy_link_is_metered();
void gy_http(const char* method, const char* url, const char* body, int length, int request);
void gy_save_file(const char* name, const char* mime, const char* bytes, int length);
void gy_open_file(const char* accept, int request);
void gy_choose_photo(int side, int request);  // answers by gongyu_bytes_done
void gy_load_picture(const char* jpeg, int length, int request);  // answers by gongyu_picture_done
void gy_free_picture(unsigned texture);
void gy_show_print_view(const char* name, const char* html, int length);
char* gy_decode_gb18030(const char* bytes, int length, int* ok);  // malloc'ed UTF-8, or the error
void gy_wake_after(double delay_ms);
void gy_files_call(const char* request, int length, int id);  // loads the files module on first use
void gy_bind_canvas();
void gy_canvas_css_size(double* width, double* height);
void gy_first_frame();  // the first frame is on screen (maybe the load's progress)
void gy_app_ready();    // the first frame of the loaded app is on screen
}

static nlohmann::json take_json(char* text) {
    nlohmann::json j = nlohmann::json::parse(text ? text : "", nullptr, false);
    std::free(text);
    return j;
}

// [SECTION] IndexedDB storage

static StoredRecords g_preloaded;  // filled by gongyu_preload_record while the store is read
static std::map<int, WriteDone> g_pending_writes;
static std::map<int, std::function<void(bool)>> g_pending_probes;
static std::map<int, std::function<void(HttpResponse)>> g_pending_http;
static std::map<int, std::function<void(std::string, std::string)>> g_pending_files;
static std::map<int, std::function<void(Result<std::string>)>> g_pending_module;  // the module's raw replies
// Bytes from JavaScript (a stored photo, a chosen one): status 1 the bytes, 0 none there, -1 failed (bytes: why).
static std::map<int, std::function<void(int status, std::string bytes)>> g_pending_bytes;
static std::map<int, std::function<void(Result<Picture>)>> g_pending_pictures;
static int g_next_request = 1;

// Read in batches by web/pre.js: the first before main() runs, the snapshot's
// buckets while the app starts on it. Writes go to IndexedDB one
// strict-durability transaction each; none once a batch could not be read,
// so a store the app knows only in part is never written over.
class IndexedDbStorage final : public Storage {
public:
    Result<StoreRead> read_more(StoredRecords& into) override {
        int came = 0, total = 0;
        readable_ = readable_ && gy_store_take_arrived(&came, &total);
        into.merge(g_preloaded);
        g_preloaded.clear();
        if (!readable_) return Error{ErrorCode::StorageFailure, "IndexedDB: part of the store could not be read"};
        return StoreRead{static_cast<size_t>(came), static_cast<size_t>(total)};
    }
    void put(const std::string& key, const std::string& value, WriteDone done) override {
        if (!readable_) return done(false);
        const int request = g_next_request++;
        g_pending_writes[request] = std::move(done);
        gy_store_put(key.c_str(), value.data(), static_cast<int>(value.size()), request);
    }
    void put_many(const StoredRecords& records, WriteDone done) override {
        if (!readable_) return done(false);
        const int request = g_next_request++;
        g_pending_writes[request] = std::move(done);
        std::vector<const char*> keys, values;  // pointers into records: gy_store_put_many copies before returning
        std::vector<int> lengths;
        for (const auto& [key, value] : records)
            keys.push_back(key.c_str()), values.push_back(value.data()), lengths.push_back(static_cast<int>(value.size()));
        gy_store_put_many(static_cast<int>(keys.size()), keys.data(), values.data(), lengths.data(), request);
    }
    void get(const std::string& key, std::function<void(Result<std::string>)> done) override {
        const int request = g_next_request++;
        g_pending_bytes[request] = [key, done = std::move(done)](int status, std::string bytes) {
            if (status == 1) return done(std::move(bytes));
            done(Error{status == 0 ? ErrorCode::NotFound : ErrorCode::StorageFailure, key + (status == 0 ? "" : ": " + bytes)});
        };
        gy_store_get(key.c_str(), request);
    }
    void remove(const std::string& key, WriteDone done) override {
        if (!readable_) return done(false);
        const int request = g_next_request++;
        g_pending_writes[request] = std::move(done);
        gy_store_remove(key.c_str(), request);
    }

private:
    bool readable_ = true;
};

// [SECTION] The files module: .xlsx and the vault

static void call_files_module(const std::string& request, std::function<void(Result<std::string>)> done) {
    const int id = g_next_request++;
    g_pending_module[id] = std::move(done);
    gy_files_call(request.data(), static_cast<int>(request.size()), id);
}

// Calls the files module with one vault request; done gets the reply's count texts.
static void call_vault(const std::string& request, size_t count, std::function<void(Result<std::vector<std::string>>)> done) {
    call_files_module(request, [count, done = std::move(done)](Result<std::string> reply) {
        done(reply ? wire::texts_reply(reply.value(), count) : Result<std::vector<std::string>>(reply.error()));
    });
}

static Result<Enrolment> enrolment_of(const Result<std::vector<std::string>>& texts) {
    if (!texts) return texts.error();
    Result<Keyring> keys = keyring_from_json(texts.value()[0]);
    if (!keys) return keys.error();
    return Enrolment{std::move(keys.value()), texts.value()[1], texts.value()[2]};
}

// A reply of one text: sealed bytes, a JPEG, a URL.
static Result<std::string> text_of(Result<std::vector<std::string>> texts) {
    if (!texts) return texts.error();
    return std::move(texts.value()[0]);
}

// A reply of 'O' or 'A': the signer's key, the plain text, the role that signed.
static Result<Opened> opened_of(Result<std::vector<std::string>> texts) {
    if (!texts) return texts.error();
    Opened opened;
    if (texts.value()[0].size() != opened.signer.size()) return Error{ErrorCode::InvalidFormat, "damaged signer from the files module"};
    std::memcpy(opened.signer.data(), texts.value()[0].data(), opened.signer.size());
    opened.plain = std::move(texts.value()[1]);
    opened.role = std::move(texts.value()[2]);
    return opened;
}

static std::string_view key_bytes(const std::array<uint8_t, 32>& key) { return {reinterpret_cast<const char*>(key.data()), key.size()}; }

class ModuleVault final : public Vault {
public:
    void seal(const Keyring& keys, std::string path, std::string plain, std::string readers,
              std::function<void(Result<std::string>)> done) override {
        seal_with('S', keys, path, plain, readers, std::move(done));
    }
    void seal_as_township(const Keyring& clerk, std::string path, std::string plain, std::string readers,
                          std::function<void(Result<std::string>)> done) override {
        seal_with('T', clerk, path, plain, readers, std::move(done));
    }
    void open(const Keyring& keys, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) override {
        call_vault(wire::vault_request('O', {keyring_to_json(keys), path}, sealed), 3,
                   [done = std::move(done)](auto texts) { done(opened_of(std::move(texts))); });
    }
    void seal_for(const PublicKey& county, const Keyring& keys, std::string path, std::string plain,
                  std::function<void(Result<std::string>)> done) override {
        call_vault(wire::vault_request('B', {key_bytes(county), keyring_to_json(keys), path}, plain), 1,
                   [done = std::move(done)](auto texts) { done(text_of(std::move(texts))); });
    }
    void create(std::string township, std::string passphrase, std::function<void(Result<Enrolment>)> done) override {
        call_vault(wire::vault_request('C', {township, passphrase}), 3, [done = std::move(done)](auto texts) { done(enrolment_of(texts)); });
    }
    void rewrap(const Keyring& keys, std::string passphrase, std::function<void(Result<Enrolment>)> done) override {
        call_vault(wire::vault_request('P', {keyring_to_json(keys), passphrase}), 3, [done = std::move(done)](auto texts) { done(enrolment_of(texts)); });
    }
    void issue(const Keyring& clerk, std::string role, std::string writable, std::string passphrase,
               std::function<void(Result<Enrolment>)> done) override {
        call_vault(wire::vault_request('I', {keyring_to_json(clerk), role, writable, passphrase}), 3,
                   [done = std::move(done)](auto texts) { done(enrolment_of(texts)); });
    }
    void unlock(std::string key_file, std::string township, std::string secret, std::function<void(Result<Keyring>)> done) override {
        call_vault(wire::vault_request('U', {key_file, township, secret}), 1, [done = std::move(done)](auto texts) {
            done(texts ? keyring_from_json(texts.value()[0]) : Result<Keyring>(texts.error()));
        });
    }
    void seal_directory(const Keyring& clerk, std::string path, std::string roles, std::function<void(Result<std::string>)> done) override {
        call_vault(wire::vault_request('D', {keyring_to_json(clerk), path, roles}), 1,
                   [done = std::move(done)](auto texts) { done(text_of(std::move(texts))); });
    }
    void county_key(const SecretKey& secret, std::function<void(Result<PublicKey>)> done) override {
        call_vault(wire::vault_request('K', {key_bytes(secret)}), 1, [done = std::move(done)](auto texts) {
            PublicKey key;
            if (!texts) return done(texts.error());
            if (texts.value()[0].size() != key.size()) return done(Error{ErrorCode::InvalidFormat, "damaged county key from the files module"});
            std::memcpy(key.data(), texts.value()[0].data(), key.size());
            done(key);
        });
    }
    void open_county(const SecretKey& secret, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) override {
        call_vault(wire::vault_request('A', {key_bytes(secret), path}, sealed), 3,
                   [done = std::move(done)](auto texts) { done(opened_of(std::move(texts))); });
    }
    void seal_photo(std::string jpeg, std::function<void(Result<SealedPhoto>)> done) override {
        call_vault(wire::vault_request('G', {}, jpeg), 2, [done = std::move(done)](auto texts) {
            if (!texts) return done(texts.error());
            std::optional<PhotoRef> ref = parse_photo_ref(texts.value()[0]);
            if (!ref) return done(Error{ErrorCode::InvalidFormat, "damaged photo reference from the files module"});
            done(SealedPhoto{std::move(*ref), std::move(texts.value()[1])});
        });
    }
    void open_photo(PhotoRef ref, std::string sealed, std::function<void(Result<std::string>)> done) override {
        call_vault(wire::vault_request('H', {photo_ref_text(ref)}, sealed), 1,
                   [done = std::move(done)](auto texts) { done(text_of(std::move(texts))); });
    }
    void presign(S3Credential credential, S3Request request, std::function<void(Result<std::string>)> done) override {
        call_vault(wire::presign_request(credential, request), 1, [done = std::move(done)](auto texts) { done(text_of(std::move(texts))); });
    }
    void storage_key(const Keyring& keys, std::string key_file, std::function<void(Result<S3Credential>)> done) override {
        call_vault(wire::vault_request('N', {keyring_to_json(keys), key_file}), 2, [done = std::move(done)](auto texts) {
            done(texts ? Result<S3Credential>(S3Credential{texts.value()[0], texts.value()[1]}) : Result<S3Credential>(texts.error()));
        });
    }

private:
    static void seal_with(char op, const Keyring& keys, const std::string& path, const std::string& plain, const std::string& readers,
                          std::function<void(Result<std::string>)> done) {
        call_vault(wire::vault_request(op, {keyring_to_json(keys), path, readers}, plain), 1,
                   [done = std::move(done)](auto texts) { done(text_of(std::move(texts))); });
    }
};

// [SECTION] WebPlatform

class WebPlatform final : public Platform {
public:
    WebPlatform() {
        std::map<std::string, std::string> attributes;
        nlohmann::json attrs = take_json(gy_launch_attributes_json());
        if (attrs.is_object())
            for (auto& [k, v] : attrs.items())
                if (v.is_string()) attributes[k] = v.get<std::string>();
        launch_ = parse_launch_config(attributes);

        if (gy_store_preload()) {
            storage_ = std::make_unique<IndexedDbStorage>();
            kind_ = StorageKind::IndexedDB;
        } else {
            storage_ = std::make_unique<MemoryStorage>();
            kind_ = StorageKind::MemoryOnly;
        }
    }

    double now_ms() override { return emscripten_date_now(); }
    double monotonic_ms() override { return emscripten_get_now(); }
    void wake_after(double delay_ms) override { gy_wake_after(delay_ms < 0 ? 0 : delay_ms); }
    Storage& storage() override { return *storage_; }
    StorageKind storage_kind() override { return kind_; }
    const ParsedLaunchConfig& launch() override { return launch_; }
    void save_file(const std::string& name, const std::string& mime, const std::string& bytes) override {
        gy_save_file(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    }
    void show_print_view(const std::string& name, const std::string& html) override {
        gy_show_print_view(name.c_str(), html.data(), static_cast<int>(html.size()));
    }
    void open_file(const std::string& accept, std::function<void(std::string, std::string)> done) override {
        const int request = g_next_request++;
        g_pending_files[request] = std::move(done);
        gy_open_file(accept.c_str(), request);
    }
    void choose_photo(std::function<void(Result<std::string>)> done) override {
        const int request = g_next_request++;
        g_pending_bytes[request] = [done = std::move(done)](int status, std::string bytes) {
            if (status == 1) return done(std::move(bytes));
            done(Error{ErrorCode::InvalidValue, "not a picture this browser reads: " + bytes});
        };
        gy_choose_photo(kPhotoSide, request);
    }
    void load_picture(std::string jpeg, std::function<void(Result<Picture>)> done) override {
        const int request = g_next_request++;
        g_pending_pictures[request] = std::move(done);
        gy_load_picture(jpeg.data(), static_cast<int>(jpeg.size()), request);
    }
    void free_picture(const Picture& picture) override { gy_free_picture(static_cast<unsigned>(picture.texture)); }
    Result<std::string> decode_gb18030(std::string_view bytes) override {
        int ok = 0;
        char* text = gy_decode_gb18030(bytes.data(), static_cast<int>(bytes.size()), &ok);
        std::string out = text ? text : "";
        std::free(text);
        if (!ok) return Error{ErrorCode::InvalidFormat, "not GB18030: " + out};
        return out;
    }
    void http(const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) override {
        const int request = g_next_request++;
        g_pending_http[request] = std::move(done);
        gy_http(method.c_str(), url.c_str(), body.data(), static_cast<int>(body.size()), request);
    }
    void convert_to_xlsx(Sheet sheet, std::vector<CellType> types, std::string title,
                         std::function<void(Result<std::string>)> done) override {
        call_files_module(wire::write_request(sheet, types, title), [done = std::move(done)](Result<std::string> reply) {
            done(reply ? wire::bytes_reply(reply.value()) : Result<std::string>(reply.error()));
        });
    }
    void convert_from_xlsx(std::string bytes, std::function<void(Result<Sheet>)> done) override {
        call_files_module(wire::read_request(bytes), [done = std::move(done)](Result<std::string> reply) {
            done(reply ? wire::sheet_reply(reply.value()) : Result<Sheet>(reply.error()));
        });
    }
    Vault& vault() override { return vault_; }
    void load_extension_b(std::function<void(Result<std::vector<uint16_t>>)> done) override {
        call_files_module("Y", [done = std::move(done)](Result<std::string> reply) {
            Result<std::string> bytes = reply ? wire::bytes_reply(reply.value()) : Result<std::string>(reply.error());
            if (!bytes) return done(bytes.error());
            std::vector<uint16_t> table(bytes.value().size() / 2);
            for (size_t i = 0; i < table.size(); ++i)
                table[i] = static_cast<uint16_t>(static_cast<unsigned char>(bytes.value()[2 * i]) |
                                                 static_cast<unsigned char>(bytes.value()[2 * i + 1]) << 8);
            done(std::move(table));
        });
    }
    bool link_is_metered() override { return gy_link_is_metered() != 0; }
    void probe_backend(const std::string& url, std::function<void(bool)> done) override {
        const int request = g_next_request++;
        g_pending_probes[request] = std::move(done);
        gy_probe(url.c_str(), request);
    }

private:
    ModuleVault vault_;
    ParsedLaunchConfig launch_;
    std::unique_ptr<Storage> storage_;
    StorageKind kind_ = StorageKind::MemoryOnly;
};

// [SECTION] Main loop (renders only when something changed)
//
// Dear ImGui takes input through a queue and hands it over "trickled": one
// change per mouse button per frame, so a press and a release that arrive
// together (a fast click on a slow PC, any tap) become a click over two
// frames, a tap over three (a finger has no hover: position, press, release).
// What a click does may take more frames: a form it opens is drawn in the next
// one and puts the caret in its first field (SetKeyboardFocusHere) in the one
// after. So the loop runs while ImGui has queued input or a focus change in
// flight, not for a fixed number of frames after the browser's last event, and
// a click or tap that ends is worked through at once, inside the browser's
// event (gongyu_input_now), not at the next animation frames.

// A few frames more after the last input let hover and layout settle.
static constexpr int kSettleFrames = 3;
// Frames gongyu_input_now may draw: a tap (three), the frame it leads to, a
// focus change, a popup measuring itself. A bound, not a target.
static constexpr int kMaxInputFrames = 8;
// While the store loads, the loop runs as tasks of its own rather than at
// animation frames: what it waits for is work and IndexedDB, not the screen,
// and it draws the load's progress only now and then (on a machine that
// renders in software a frame costs the compositor tens of ms). It works in
// slices, short while IndexedDB still reads: Chromium keeps a value over 64 KB
// as a blob, and each blob read back needs a turn of the page's main thread
// (a county's store read in a bare page: its first big batch came after 0.2 s
// with the thread free, after 1.2 s with it busy 50 ms at a time).
static constexpr double kLoadSliceWhileReadingMs = 8, kLoadSliceMs = 50, kLoadingFrameEveryMs = 300;
// Once the app is open (App::ready) and the rest of a county loads behind it:
// frames for input at once, else now and then (the progress in other areas),
// and shorter slices between, so input waits at most one slice.
static constexpr double kBehindSliceMs = 30, kBehindFrameEveryMs = 250, kLoadWaitAtMostMs = 200;

struct WebApp {
    SDL_Window* window = nullptr;
    std::unique_ptr<WebPlatform> platform;
    std::unique_ptr<ui::App> app;
    ImGuiStyle base_style;
    float pixel_ratio = 1;
    int settle_frames = kSettleFrames;
    bool open_frame_due = false;  // the store just became usable: the open app's first frame comes next
    bool wake_requested = false;
    bool paused = false;
    bool in_frame = false;      // a frame is being drawn (JS it calls may fire events back at us)
    int click_taken_frame = 0;  // the frame in which ImGui took the last queued button change
    int frames_rendered = 0;
    bool told_ready = false;
    double last_frame_ms = 0, longest_frame_ms = 0;  // CPU time of drawing one frame
    double loading_drawn_at = 0;                      // when the load's progress was last drawn
    // Since stats were last read: ImGui frame number, its ms, and of those the glyph loader's (measure, draw, compact).
    std::vector<std::array<double, 5>> recent_frames;
};
static WebApp g;

static void apply_pixel_ratio(float ratio) {
    g.pixel_ratio = ratio;
    ImGuiStyle& style = ImGui::GetStyle();
    style = g.base_style;
    style.ScaleAllSizes(ratio);
    style.FontScaleDpi = ratio;
}

// The UI is laid out in device pixels, so positions, lines and glyphs all
// land on whole pixels at devicePixelRatio 1, 1.5 or 2.
static void begin_frame_in_device_pixels() {
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (ratio != g.pixel_ratio) apply_pixel_ratio(ratio);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(g.window, &w, &h);
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    ImGui::GetStyle().FontScaleMain = g.app->text_scale();
    ImGui::NewFrame();
}

static bool pump_events() {
    bool any = false;
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        any = true;
        if (event.type == SDL_MOUSEMOTION) {
            event.motion.x = static_cast<int>(std::lround(event.motion.x * g.pixel_ratio));
            event.motion.y = static_cast<int>(std::lround(event.motion.y * g.pixel_ratio));
        }
        ImGui_ImplSDL2_ProcessEvent(&event);
    }
    return any;
}

// Keys arrive outside frames; the JS handler wakes the loop after each one.
static void pump_between_frames() { pump_events(); }

// Input ImGui has been given but not yet taken into a frame.
static bool imgui_input_queued() { return !ImGui::GetCurrentContext()->InputEventsQueue.empty(); }

static bool imgui_button_queued() {
    for (const ImGuiInputEvent& e : ImGui::GetCurrentContext()->InputEventsQueue)
        if (e.Type == ImGuiInputEventType_MouseButton) return true;
    return false;
}

// A focus change requested in the last frame (SetKeyboardFocusHere, a
// keyboard move, a window's first focus) that the next frame completes.
static bool focus_in_flight() {
    const ImGuiContext& c = *ImGui::GetCurrentContext();
    return c.NavMoveSubmitted || c.NavMoveForwardToNextFrame || c.NavInitRequest || c.NavNextActivateId != 0;
}

// ImGui has not yet taken all of the last click, or has not drawn the frame
// after it (where what the click opened appears and may ask for the caret).
static bool click_in_progress() { return imgui_button_queued() || g.frames_rendered - g.click_taken_frame < 1; }

// Whether another frame is needed now, whatever the settle count says.
static bool input_pending() {
    return SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT) || imgui_input_queued() || focus_in_flight();
}

// A window drawn in the last frame that stays hidden until the next one has
// measured its size: a new window, a popup (combo box) just opened.
static bool window_measuring() {
    for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (w->WasActive && w->HiddenFramesCannotSkipItems > 0) return true;
    return false;
}

static void render_frame() {
    const double started = emscripten_get_now();
    const BrowserFontStats glyphs_before = browser_font_stats();
    g.in_frame = true;
    keep_glyph_atlas_bounded();  // between frames: no draw list holds the atlas's old places yet
    begin_frame_in_device_pixels();
    g.app->draw();
    draw_composition();
    flush_browser_glyphs();
    if (browser_glyphs_settling()) g.wake_requested = true;
    ImGui::Render();
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    glViewport(0, 0, static_cast<int>(size.x), static_cast<int>(size.y));
    glClearColor(0.97f, 0.97f, 0.96f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    upload_glyph_atlas(ImGui::GetDrawData());
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g.in_frame = false;
    g.last_frame_ms = emscripten_get_now() - started;
    if (g.last_frame_ms > g.longest_frame_ms) g.longest_frame_ms = g.last_frame_ms;
    if (g.recent_frames.size() < 1000) {
        const BrowserFontStats glyphs = browser_font_stats();
        g.recent_frames.push_back({static_cast<double>(ImGui::GetFrameCount()), g.last_frame_ms,
                                   glyphs.measure_ms - glyphs_before.measure_ms, glyphs.draw_ms - glyphs_before.draw_ms,
                                   glyphs.compact_ms - glyphs_before.compact_ms});
    }
    if (++g.frames_rendered == 1) gy_first_frame();
    if (!g.told_ready && g.app->ready()) g.told_ready = true, gy_app_ready();
}

// One frame, fed what SDL has queued. Returns true if it took input.
static bool step() {
    const bool took = pump_events();
    const bool had_button = imgui_button_queued();
    render_frame();
    if (had_button && !imgui_button_queued()) g.click_taken_frame = g.frames_rendered;
    return took;
}

static void pause_loop() {
    emscripten_pause_main_loop();
    g.paused = true;
}

static void load_between_frames() {
    const double now = emscripten_get_now();
    const bool open = g.app->ready();
    const bool frame_due = g.frames_rendered == 0 || g.open_frame_due || (open && input_pending()) ||
                           now - g.loading_drawn_at >= (open ? kBehindFrameEveryMs : kLoadingFrameEveryMs);
    if (frame_due) {
        g.open_frame_due = false;
        g.loading_drawn_at = now;
        step();
        return;
    }
    const double slice = open ? kBehindSliceMs : g.app->store_read_whole() ? kLoadSliceMs : kLoadSliceWhileReadingMs;
    switch (g.app->load_for(slice)) {
    case LocalState::LoadStep::Working:  // the next task goes on; the app's first frame at once when it just opened
        g.open_frame_due = !open && g.app->ready();
        return;
    case LocalState::LoadStep::Waiting:  // woken when the next batch comes, or by input, which an open app draws first
        if (open) g.loading_drawn_at = now, step();
        pause_loop();
        // And in a moment regardless, so a lost wake can never leave the load, and every save, waiting.
        return gy_wake_after(kLoadWaitAtMostMs);
    case LocalState::LoadStep::Done:  // frames at the screen's pace from now on
        gy_mark("gongyu-loaded");
        emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
        g.wake_requested = true;
        return;
    }
}

static void main_loop() {
    if (g.app->loading()) return load_between_frames();
    if (g.wake_requested) g.settle_frames = kSettleFrames;
    g.wake_requested = false;
    if (g.settle_frames == 0 && !input_pending()) return pause_loop();
    if (g.settle_frames > 0) --g.settle_frames;
    if (step()) g.settle_frames = kSettleFrames;
}

static void wake() {
    g.wake_requested = true;
    if (g.paused) {
        g.paused = false;
        emscripten_resume_main_loop();
    }
}

}  // namespace gy

// [SECTION] Exports to JavaScript

extern "C" {

EMSCRIPTEN_KEEPALIVE void gongyu_wake() { gy::wake(); }

// A mouse button or a finger went up (web/pre.js, after SDL queued the event):
// the click is worked through now, frame after frame until ImGui has taken all
// of it, instead of at the next animation frames. What the click does then
// happens inside the user's gesture: a text field it opens has the text agent
// focused before the page's next event (an IME commit or a paste typed right
// after the click reaches the field), and phones open their keyboard only for
// a focus() made during a tap.
EMSCRIPTEN_KEEPALIVE void gongyu_input_now() {
    using namespace gy;
    if (!g.app || g.in_frame) return;
    for (int i = 0; i < kMaxInputFrames && (input_pending() || click_in_progress() || window_measuring()); ++i) step();
    gy::wake();
}

// A record's place in the preloaded records, length bytes long, for web/platform.js
// to copy its value into: one copy from IndexedDB's bytes, none in between.
// Takes ownership of key (malloc'ed).
EMSCRIPTEN_KEEPALIVE char* gongyu_preload_record(char* key, int length) {
    std::string& value = gy::g_preloaded[key];
    std::free(key);
    value.resize(static_cast<size_t>(length));
    return value.data();
}

// A file the user chose (web/platform.js): name and bytes are malloc'ed, taken over here.
EMSCRIPTEN_KEEPALIVE void gongyu_file_opened(int request, char* name, char* bytes, int length) {
    auto it = gy::g_pending_files.find(request);
    std::string file_name = name, data(bytes, static_cast<size_t>(length));
    std::free(name);
    std::free(bytes);
    if (it == gy::g_pending_files.end()) return;
    auto done = std::move(it->second);
    gy::g_pending_files.erase(it);
    done(std::move(file_name), std::move(data));
    gy::wake();
}

// Bytes for a gy_store_get or a gy_choose_photo (g_pending_bytes): malloc'ed, taken over here.
EMSCRIPTEN_KEEPALIVE void gongyu_bytes_done(int request, int status, char* bytes, int length) {
    std::string data(bytes ? bytes : "", bytes ? static_cast<size_t>(length) : 0);
    std::free(bytes);
    auto it = gy::g_pending_bytes.find(request);
    if (it == gy::g_pending_bytes.end()) return;
    auto done = std::move(it->second);
    gy::g_pending_bytes.erase(it);
    done(status, std::move(data));
    gy::wake();
}

// A picture made a texture (web/platform.js gy_load_picture); texture 0: it could not be decoded.
EMSCRIPTEN_KEEPALIVE void gongyu_picture_done(int request, unsigned texture, int width, int height) {
    auto it = gy::g_pending_pictures.find(request);
    if (it == gy::g_pending_pictures.end()) return;
    auto done = std::move(it->second);
    gy::g_pending_pictures.erase(it);
    if (texture) done(gy::Picture{texture, width, height});
    else done(gy::Error{gy::ErrorCode::InvalidValue, "the browser could not decode the photo"});
    gy::wake();
}

// The files module's reply (loaded 1), or why it could not be loaded (loaded 0); bytes malloc'ed, taken over.
EMSCRIPTEN_KEEPALIVE void gongyu_files_done(int request, char* bytes, int length, int loaded) {
    std::string reply(bytes, static_cast<size_t>(length));
    std::free(bytes);
    auto it = gy::g_pending_module.find(request);
    if (it == gy::g_pending_module.end()) return;
    auto done = std::move(it->second);
    gy::g_pending_module.erase(it);
    if (loaded) done(std::move(reply));
    else done(gy::Error{gy::ErrorCode::Unavailable, "the files module could not be loaded: " + reply});
    gy::wake();
}

EMSCRIPTEN_KEEPALIVE void gongyu_store_done(int request, int ok) {
    auto it = gy::g_pending_writes.find(request);
    if (it == gy::g_pending_writes.end()) return;
    gy::WriteDone done = std::move(it->second);
    gy::g_pending_writes.erase(it);
    done(ok != 0);
    gy::wake();
}

// An HTTP answer (web/platform.js): the body is malloc'ed, taken over here; status 0: no answer.
EMSCRIPTEN_KEEPALIVE void gongyu_http_done(int request, int status, char* body, int length) {
    gy::HttpResponse response{status, body ? std::string(body, static_cast<size_t>(length)) : std::string()};
    std::free(body);
    auto it = gy::g_pending_http.find(request);
    if (it == gy::g_pending_http.end()) return;
    auto done = std::move(it->second);
    gy::g_pending_http.erase(it);
    done(std::move(response));
    gy::wake();
}

EMSCRIPTEN_KEEPALIVE void gongyu_probe_done(int request, int reachable) {
    auto it = gy::g_pending_probes.find(request);
    if (it == gy::g_pending_probes.end()) return;
    auto done = std::move(it->second);
    gy::g_pending_probes.erase(it);
    done(reachable != 0);
    gy::wake();
}

// The canvas's container changed size (ResizeObserver) or the pixel ratio changed.
EMSCRIPTEN_KEEPALIVE void gongyu_resize() {
    double w = 0, h = 0;
    gy::gy_canvas_css_size(&w, &h);
    if (gy::g.window && w >= 1 && h >= 1) SDL_SetWindowSize(gy::g.window, static_cast<int>(w), static_cast<int>(h));
    gy::wake();
}

// Embedded in a portal, the app leaves wheel scrolling to the page until the
// user clicks into it (SDL would otherwise swallow every wheel over the canvas).
EMSCRIPTEN_KEEPALIVE void gongyu_focus(int focused) {
    SDL_EventState(SDL_MOUSEWHEEL, focused ? SDL_ENABLE : SDL_IGNORE);
    gy::wake();
}

// A finger dragged across the canvas (CSS pixels): scroll what is under it, as
// phones do; ImGui itself only scrolls by wheel and scrollbar.
EMSCRIPTEN_KEEPALIVE void gongyu_touch_scroll(double dx, double dy) {
    ImGuiIO& io = ImGui::GetIO();
    const float step = 5 * ImGui::GetFontSize();  // what ImGui scrolls per wheel notch, in device pixels
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseWheelEvent(static_cast<float>(-dx * gy::g.pixel_ratio / step),
                          static_cast<float>(dy * gy::g.pixel_ratio / step));
    gy::wake();
}

EMSCRIPTEN_KEEPALIVE int gongyu_frames_rendered() { return gy::g.frames_rendered; }

// Figures for tests and benchmarks, as JSON; reading them restarts the longest-frame count and the list of
// recent frames (benchmarks find the frame a screen first appeared in by its ImGui frame number).
EMSCRIPTEN_KEEPALIVE const char* gongyu_stats() {
    static std::string json;
    const gy::BrowserFontStats s = gy::browser_font_stats();
    json = nlohmann::json{{"frames", gy::g.frames_rendered}, {"last_frame_ms", gy::g.last_frame_ms},
                          {"longest_frame_ms", gy::g.longest_frame_ms}, {"glyphs", s.glyphs},
                          {"missing_glyphs", s.missing}, {"glyph_batches", s.batches},
                          {"glyphs_pending", s.pending}, {"glyphs_settling", gy::browser_glyphs_settling()},
                          {"atlas_width", s.atlas_width}, {"atlas_height", s.atlas_height},
                          {"atlas_bytes", s.atlas_bytes}, {"atlas_surface", s.atlas_surface},
                          {"atlas_glyphs", s.atlas_glyphs}, {"atlas_compactions", s.compactions},
                          {"atlas_resets", s.resets}, {"atlas_overflows", s.overflows}, {"wasm_heap_bytes", emscripten_get_heap_size()},
                          {"recent_frames", gy::g.recent_frames}}.dump();
    gy::g.longest_frame_ms = 0;
    gy::g.recent_frames.clear();
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* gongyu_test_snapshot() { return gy::ui::test_bridge_snapshot(gy::g.pixel_ratio); }

}  // extern "C"

// [SECTION] GL functions by name: none
//
// SDL's EGL layer can look GL functions up by name (SDL_GL_GetProcAddress), and
// Emscripten's eglGetProcAddress answers from a table of every GL entry point,
// which links a JavaScript wrapper for each: 8 KB of the first visit, brotli.
// Nothing here looks a function up (ImGui's OpenGL3 backend calls GLES3
// directly, and the app never asks SDL for GL attributes or extensions), so
// this one answers that none exists: it is linked instead of Emscripten's.
extern "C" void* eglGetProcAddress(const char*) { return nullptr; }

// [SECTION] main()

int main() {
    using namespace gy;
    gy_mark("gongyu-main");
    gy_bind_canvas();  // "#canvas" means this instance's Module.canvas, not a page element
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "!gongyu-no-keys");  // keys: see web_text.h
    if (SDL_Init(SDL_INIT_VIDEO) != 0) return 1;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    double css_w = 0, css_h = 0;
    gy_canvas_css_size(&css_w, &css_h);
    // No title: SDL would set document.title, and the page is not ours.
    g.window = SDL_CreateWindow(nullptr, 0, 0, css_w > 1 ? static_cast<int>(css_w) : 800,
                                css_h > 1 ? static_cast<int>(css_h) : 600,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_GLContext gl = SDL_GL_CreateContext(g.window);
    if (!g.window || !gl) return 1;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would keep frames coming
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ui::apply_theme(g.base_style);
    add_browser_font(io.Fonts);
    ImGui_ImplSDL2_InitForOpenGL(g.window, gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    install_text_agent(&g.pixel_ratio, pump_between_frames);
    apply_pixel_ratio(static_cast<float>(emscripten_get_device_pixel_ratio()));
    gongyu_focus(0);

    g.platform = std::make_unique<WebPlatform>();
    gy_mark("gongyu-store-handed");
    g.app = std::make_unique<ui::App>(*g.platform);
    gy_mark("gongyu-app-built");
    emscripten_set_main_loop(main_loop, 0, false);
    if (g.app->loading()) emscripten_set_main_loop_timing(EM_TIMING_SETIMMEDIATE, 0);
    else gy_mark("gongyu-loaded");  // the store came whole
    return 0;
}
