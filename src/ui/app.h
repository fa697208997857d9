// app.h — the Gongyu user interface: one call per frame.
//
// The platform layer owns the window, the GL context and the main loop; it
// calls App::draw() between ImGui::NewFrame() and ImGui::Render(). Everything
// the user sees is drawn here, in screens under src/ui/, with words from
// strings.h.
// Depends on: Dear ImGui, platform/platform.h, core.
#pragma once

#include "bench_screen.h"
#include "followup_screens.h"
#include "registry_screen.h"
#include "requests_screen.h"
#include "core/backend_status.h"
#include "core/local_state.h"
#include "core/sync_service.h"
#include "audit_panel.h"
#include "county_screen.h"
#include "keys_panel.h"
#include "photo_shelf.h"
#include "roles_panel.h"
#include "platform/platform.h"

#include <memory>
#include <string>
#include <vector>

struct ImGuiStyle;

namespace gy::ui {

enum class Area { Registry, Survey, Pairing, Visits, Activities, Requests, Timetable, Dashboard, Sync, Settings, Count };

class App {
public:
    explicit App(Platform& platform);
    ~App();

    void draw();
    // The app is drawn whole. A county's store comes in batches and loads over
    // its first moments: until ready(), draw() shows the load's progress; from
    // ready() (the registry's kinds are in, local_state.h usable) until the load
    // is Done, the registry shows them and the rest loads behind. The platform
    // calls load_for between frames until it says Done. Waiting: nothing to
    // load until the storage's next batch comes, when the platform wakes the app.
    bool ready() const { return local_.usable(); }
    bool loading() const { return local_.loading(); }
    LocalState::LoadStep load_for(double budget_ms);
    bool store_read_whole() const { return local_.store_read_whole(); }  // every batch came
    float text_scale() const { return local_.settings().text_scale / 100.0f; }

private:
    void start();
    void finish_start();
    void draw_loading();
    void fetch_extension_b_when_needed();
    void install_arrived_extension_b();
    void collect_start_problems();
    void poll_backend();
    void poll_sync();
    void draw_sync_status();
    void draw_sync_bundles();
    void export_bundle();
    void import_bundle(std::string bytes);
    void merge_bundle(ImportedBundle bundle);
    void draw_top_bar();
    void draw_navigation(bool narrow);
    bool shows(Area area) const;
    void draw_problems();
    void draw_area();
    void draw_settings();
    void draw_glyph_check();
    void draw_sync();

    Platform& platform_;
    LocalState local_;
    BackendStatus backend_;
    std::unique_ptr<SyncService> sync_;
    std::unique_ptr<KeysPanel> keys_;
    std::unique_ptr<RolesPanel> roles_;
    std::unique_ptr<AuditPanel> audit_;
    std::unique_ptr<PhotoShelf> photos_;  // household photos on screen (photo_shelf.h)
    size_t sync_rounds_seen_ = 0;
    std::string township_folder_;  // the township's name on the server and in sync bundles
    std::string bundle_message_;
    Area area_ = Area::Registry;
    std::vector<std::string> problems_;  // shown until dismissed
    std::vector<uint16_t> extension_b_arrived_;  // the pinyin of Extension B, to install before the next frame

    // Settings form: edited copy and the last validation message.
    Settings draft_;
    std::string settings_error_;
    std::string glyph_check_;  // text typed to see which characters this device can show
    std::unique_ptr<RegistryScreen> registry_;
    std::unique_ptr<SurveyScreen> survey_;
    std::unique_ptr<PairingScreen> pairing_;
    std::unique_ptr<VisitsScreen> visits_;
    std::unique_ptr<RequestsScreen> requests_;
    std::unique_ptr<CountyScreen> county_;            // only for the role county: 统计 is 县级汇总
    double load_started_ms_ = 0;
    double usable_ms_ = 0;  // until the registry's kinds were loaded, for benchmarks
    double load_ms_ = 0;  // loading the whole local store at start, for benchmarks
    double load_work_ms_ = 0;  // of load_ms_, the time load_for worked (the rest: frames, and waiting for the store)
    std::unique_ptr<NameBenchScreen> bench_;          // only with test="1" bench-names=N
    std::unique_ptr<GlyphBenchScreen> glyph_bench_;   // only with test="1" bench-glyphs=N
};

// Gongyu's look, applied once at start (the platform scales it by the pixel ratio).
void apply_theme(ImGuiStyle& style);

// For end-to-end tests (enabled by the launch attribute test="1"): item
// rectangles in CSS pixels and a few state values, as JSON:
// {"items":{"nav.settings":[x,y,w,h,visible]},"values":{"area":"settings"}}
const char* test_bridge_snapshot(float pixel_ratio);
// Lets the platform layer report its own state (e.g. the IME composition) to tests.
void test_bridge_note(const char* key, const std::string& value);

}  // namespace gy::ui
