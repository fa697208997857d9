// app.cpp — the application frame: top bar, navigation, problems, status bar.
//
// Index:
//   [SECTION] Areas
//   [SECTION] Start-up
//   [SECTION] Frame
//   [SECTION] Top bar and status
//   [SECTION] Navigation
//   [SECTION] Placeholder for areas not built yet
#include "app.h"
#include "core/pinyin.h"
#include "core/scopes.h"
#include "core/text.h"

#include "strings.h"
#include "ui_internal.h"

#include <cstdio>
#include <limits>
#include <random>
#include <utility>

namespace gy::ui {

// [SECTION] Areas

struct AreaInfo {
    Area area;
    const char* test_id;
    const char* label;
    const char* planned;  // what the area will hold; nullptr once it is built
};

static constexpr AreaInfo kAreas[] = {
    {Area::Registry, "nav.registry", str::AreaRegistry, nullptr},
    {Area::Survey, "nav.survey", str::AreaSurvey, nullptr},
    {Area::Pairing, "nav.pairing", str::AreaPairing, nullptr},
    {Area::Visits, "nav.visits", str::AreaVisits, nullptr},
    {Area::Activities, "nav.activities", str::AreaActivities, str::PlannedActivities},
    {Area::Requests, "nav.requests", str::AreaRequests, nullptr},
    {Area::Timetable, "nav.timetable", str::AreaTimetable, str::PlannedTimetable},
    {Area::Dashboard, "nav.dashboard", str::AreaDashboard, str::PlannedDashboard},
    {Area::Sync, "nav.sync", str::AreaSync, str::PlannedSync},
    {Area::Settings, "nav.settings", str::AreaSettings, nullptr},
};
static_assert(sizeof(kAreas) / sizeof(kAreas[0]) == static_cast<size_t>(Area::Count));

static const AreaInfo& info(Area area) { return kAreas[static_cast<int>(area)]; }

// [SECTION] Start-up

App::App(Platform& platform) : platform_(platform), local_(platform.storage()) {
    test_bridge::set_enabled(platform_.launch().config.test_bridge);
    fetch_extension_b_when_needed();
    std::random_device random;  // this device's part of every record ID it makes
    load_started_ms_ = platform_.monotonic_ms();
    local_.begin_load(platform_.now_ms(), (random() & 0xFFFFFF) | 1);
    // A store that came whole (files, memory, a small IndexedDB) loads at once; a
    // county's IndexedDB store comes in batches, and the platform calls load_for.
    if (local_.store_read_whole())
        while (load_for(std::numeric_limits<double>::infinity()) == LocalState::LoadStep::Working) {}
}

// Once the store is usable (local_state.h): the screens and sync. The registry shows what is in;
// the rest of a county may still be loading behind it (finish_start).
void App::start() {
    usable_ms_ = platform_.monotonic_ms() - load_started_ms_;
    registry_ = std::make_unique<RegistryScreen>(local_, platform_);
    survey_ = std::make_unique<SurveyScreen>(local_, platform_);
    pairing_ = std::make_unique<PairingScreen>(local_, platform_);
    visits_ = std::make_unique<VisitsScreen>(local_, platform_);
    requests_ = std::make_unique<RequestsScreen>(local_, platform_);
    draft_ = local_.settings();
    const LaunchConfig& config = platform_.launch().config;
    std::string store = config.backend_url;
    if (!store.empty() && store.back() != '/') store += '/';
    const std::string& township = config.township;
    township_folder_ = township.empty() ? std::string("default") : township;
    store += township_folder_ + "/";
    const S3Bucket bucket{config.s3_region.empty() ? "" : config.backend_url, config.s3_region, [this] { return platform_.now_ms(); }};
    sync_ = std::make_unique<SyncService>(
        [this](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
            platform_.http(method, url, std::move(body), std::move(done));
        },
        store, local_, platform_.vault(), bucket);
    photos_ = std::make_unique<PhotoShelf>(local_, platform_);
    photos_->set_remote(&sync_->folder());
    set_photo_shelf(photos_.get());
    keys_ = std::make_unique<KeysPanel>(local_, platform_, *sync_, township_folder_);
    roles_ = std::make_unique<RolesPanel>(local_, platform_, *sync_);
    if (PublicKey county; hex_decode(platform_.launch().config.county_key, county)) sync_->set_county_key(county);
    audit_ = std::make_unique<AuditPanel>(local_, platform_, *sync_);
    if (platform_.launch().config.role == Role::CountyViewer) {
        county_ = std::make_unique<CountyScreen>(local_, platform_, config.backend_url, bucket);
        area_ = Area::Dashboard;
    }
    if (int n = platform_.launch().config.bench_names)
        bench_ = std::make_unique<NameBenchScreen>(n, platform_);
    if (int n = platform_.launch().config.bench_glyphs) glyph_bench_ = std::make_unique<GlyphBenchScreen>(n);
}

// Once the whole store is loaded: the problems found on the way, and what needs every record.
void App::finish_start() {
    load_ms_ = platform_.monotonic_ms() - load_started_ms_;
    if (int percent = platform_.launch().config.sample_county_percent)
        local_.fill_with_sample_county(percent / 100.0, platform_.now_ms());
    collect_start_problems();
}

App::~App() {
    ask_for_extension_b_with(nullptr);
    set_photo_shelf(nullptr);
}

// The pinyin of rare Extension B characters comes with the files module, the first time a name needs it
// (core/pinyin.h). The ask comes from inside a view's sorting or indexing, and the answer may come at once:
// it is installed at the start of the next frame, outside every view, and then every view builds anew.
// A failed fetch is tried at the next need.
void App::fetch_extension_b_when_needed() {
    ask_for_extension_b_with([this] {
        platform_.load_extension_b([this](Result<std::vector<uint16_t>> table) {
            if (!table) return extension_b_still_missing();
            extension_b_arrived_ = std::move(table.value());
            platform_.wake_after(0);
        });
    });
}

void App::install_arrived_extension_b() {
    if (extension_b_arrived_.empty()) return;
    if (install_extension_b(std::move(extension_b_arrived_))) local_.rebuild_views();
    else extension_b_still_missing();
    extension_b_arrived_.clear();
}

void App::collect_start_problems() {
    char line[768];
    if (platform_.storage_kind() == StorageKind::MemoryOnly) problems_.push_back(str::ProblemStoreUnavailable);
    for (const LoadProblem& p : local_.problems()) {
        if (p.key.empty()) {
            problems_.push_back(str::ProblemStoreReadFailed);
            continue;
        }
        char what[256];
        if (p.key.starts_with("ledger/")) std::snprintf(what, sizeof what, str::RecordNameLedger, p.key.c_str());
        else std::snprintf(what, sizeof what, "%s", str::RecordNameSettings);
        if (p.error.code == ErrorCode::UnsupportedVersion) {
            std::snprintf(line, sizeof line, str::ProblemRecordTooNew, what);
        } else {
            std::string aside = "quarantine/" + p.key;
            std::snprintf(line, sizeof line, str::ProblemRecordDamaged, what, aside.c_str());
        }
        problems_.push_back(line);
    }
    for (const LaunchWarning& w : platform_.launch().warnings) {
        std::snprintf(line, sizeof line, str::ProblemBadAttribute, w.key.c_str(), w.value.c_str());
        problems_.push_back(line);
    }
}

// [SECTION] Frame

void App::poll_backend() {
    double now = platform_.now_ms();
    if (!backend_.probe_due(now)) return;
    backend_.probe_started();
    platform_.probe_backend(platform_.launch().config.backend_url, [this](bool reachable) {
        backend_.probe_finished(reachable, platform_.now_ms());
        platform_.wake_after(backend_.next_probe() - platform_.now_ms());
    });
}

// Sync runs while the server answers; a round that fails backs off on its own.
void App::poll_sync() {
    const double now = platform_.now_ms();
    if (sync_->rounds() != sync_rounds_seen_) {  // a round ended: one that found no server marks the link down
        sync_rounds_seen_ = sync_->rounds();
        for (const SyncProblem& p : sync_->last_report().problems)
            if (p.error.code == ErrorCode::Unreachable) backend_.probe_finished(false, now);
    }
    if (backend_.reachability() != Reachability::Online) return;
    if (!sync_->running()) sync_->set_link_metered(platform_.link_is_metered());
    sync_->poll(now);
    if (!sync_->running()) platform_.wake_after(sync_->next_due() - now);
}

// The whole viewport, no decoration: every frame draws into this one window.
static void begin_root_window() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags root_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("##root", nullptr, root_flags);
}

// Returns at once when the store became usable, so the app is drawn without waiting for the slice to end.
LocalState::LoadStep App::load_for(double budget_ms) {
    const double started = platform_.monotonic_ms();
    const bool was_usable = local_.usable();
    LocalState::LoadStep step;
    do step = local_.load_step();
    while (step == LocalState::LoadStep::Working && (was_usable || !local_.usable()) && platform_.monotonic_ms() - started < budget_ms);
    load_work_ms_ += platform_.monotonic_ms() - started;
    if (!registry_ && local_.usable()) start();
    if (step == LocalState::LoadStep::Done) finish_start();
    return step;
}

void App::draw_loading() {
    begin_root_window();
    draw_top_bar();
    ImGui::Spacing();
    load_progress(str::LoadingLedger, local_.load_progress());
    ImGui::End();
}

void App::draw() {
    install_arrived_extension_b();
    test_bridge::begin_frame();
    test_bridge::value("font_size", std::to_string(static_cast<int>(ImGui::GetFontSize() + 0.5f)));
    if (!ready()) return draw_loading();
    test_bridge::value("ledger.usable_ms", std::to_string(usable_ms_));
    if (!loading()) {
        test_bridge::value("ledger.load_ms", std::to_string(load_ms_));
        test_bridge::value("ledger.load_work_ms", std::to_string(load_work_ms_));
    }
    poll_backend();
    if (!loading()) poll_sync();

    begin_root_window();
    const bool narrow = ImGui::GetMainViewport()->WorkSize.x < 36 * ImGui::GetFontSize();
    draw_top_bar();
    draw_problems();
    if (!narrow) {
        draw_navigation(false);
        ImGui::SameLine();
    } else {
        draw_navigation(true);
    }
    const float status_height = ImGui::GetFrameHeightWithSpacing();
    ImGui::BeginChild("##content", ImVec2(0, -status_height), ImGuiChildFlags_Borders);
    draw_area();
    ImGui::EndChild();

    // Status line
    const Reachability r = backend_.reachability();
    const ImU32 color = r == Reachability::Online ? kColorOnline : r == Reachability::Offline ? kColorOffline : kColorMuted;
    const char* status = r == Reachability::Online ? str::StatusOnline
                         : r == Reachability::Offline ? str::StatusOffline : str::StatusChecking;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(status);
    ImGui::PopStyleColor();
    test_bridge::item("status.backend");
    test_bridge::value("backend", r == Reachability::Online ? "online" : r == Reachability::Offline ? "offline" : "unknown");
    test_bridge::value("backend.failures", std::to_string(backend_.failures()));  // failed checks in a row: a test sees a probe end
    if (loading()) {  // instead of the sync status: sync starts once every record is in
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
        ImGui::TextUnformatted(str::LoadingRest);
        ImGui::PopStyleColor();
    } else if (!county_) {  // a county viewer syncs no township: no 未设置本乡镇密钥 line
        ImGui::SameLine(), draw_sync_status();
    }
    photos_->draw_viewer();
    ImGui::End();
    photos_->end_frame();
}

// [SECTION] Top bar and status

void App::draw_top_bar() {
    const LaunchConfig& config = platform_.launch().config;
    ImGui::TextUnformatted(str::AppName);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    ImGui::TextUnformatted(str::AppSubtitle);
    ImGui::PopStyleColor();

    // The keys say who this device is once it joined as a joint school's administrator or a helper.
    Role role = config.role;
    if (const Keyring& keys = local_.keys(); keys.ready() && !keys.is_clerk()) {
        const std::optional<Scope> scope = parse_scope(keys.role);
        role = scope && scope->kind == ScopeKind::School ? Role::SchoolAdmin : Role::TeacherOrCadre;
    }
    char right[256];
    if (county_)  // the county belongs to no township
        std::snprintf(right, sizeof right, "%s", role_label(role));
    else
        std::snprintf(right, sizeof right, "%s · %s", config.township.empty() ? str::TownshipNotSet : config.township.c_str(), role_label(role));
    const float width = ImGui::CalcTextSize(right).x;
    ImGui::SameLine();
    const float right_x = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - width;
    if (right_x > ImGui::GetCursorPosX()) {
        ImGui::SetCursorPosX(right_x);
    } else {
        ImGui::NewLine();  // narrow screens: on a line of its own
    }
    ImGui::TextUnformatted(right);
    test_bridge::item("top.identity");
    test_bridge::value("township", config.township);
    test_bridge::value("role", role_key(config.role));
    ImGui::Separator();
}

void App::draw_problems() {
    for (size_t i = 0; i < problems_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        wrapped_text(problems_[i].c_str());
        ImGui::PopStyleColor();
        test_bridge::item("problem");
        test_bridge::value("problem", problems_[i]);
        if (ImGui::SmallButton(str::Dismiss)) {
            problems_.erase(problems_.begin() + static_cast<long>(i));
            ImGui::PopID();
            break;
        }
        test_bridge::item("problem.dismiss");
        ImGui::PopID();
    }
    if (!problems_.empty()) ImGui::Separator();
}

// [SECTION] Navigation

// A county viewer holds no township's records: its areas are 统计 (the townships' figures) and 设置.
bool App::shows(Area area) const { return !county_ || area == Area::Dashboard || area == Area::Settings; }

void App::draw_navigation(bool narrow) {
    if (narrow) {
        // Phones: buttons flow onto as many rows as they need; nothing to scroll sideways.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
        bool first = true;
        for (const AreaInfo& a : kAreas) {
            if (!shows(a.area)) continue;
            const float w = ImGui::CalcTextSize(a.label).x + style.FramePadding.x * 2;
            if (!std::exchange(first, false) && ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right_edge) ImGui::SameLine();
            const bool selected = area_ == a.area;
            if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            if (ImGui::Button(a.label)) area_ = a.area;
            if (selected) ImGui::PopStyleColor();
            test_bridge::item(a.test_id);
        }
        return;
    }
    const float width = 6.5f * ImGui::GetFontSize();
    ImGui::BeginChild("##nav", ImVec2(width, -ImGui::GetFrameHeightWithSpacing()), ImGuiChildFlags_None);
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.1f, 0.5f));
    for (const AreaInfo& a : kAreas) {
        if (!shows(a.area)) continue;
        if (ImGui::Selectable(a.label, area_ == a.area, ImGuiSelectableFlags_None,
                              ImVec2(0, ImGui::GetFrameHeight() * 1.2f)))
            area_ = a.area;
        test_bridge::item(a.test_id);
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
}

// [SECTION] Placeholder for areas not built yet

static void draw_not_built(const AreaInfo& a) {
    section_header(a.label);
    ImGui::PushStyleColor(ImGuiCol_Text, kColorOffline);
    ImGui::TextUnformatted(str::NotBuiltYet);
    ImGui::PopStyleColor();
    test_bridge::item("area.not_built");
    ImGui::Spacing();
    wrapped_text(str::NotBuiltExplain);
    ImGui::Indent();
    wrapped_text(a.planned);
    ImGui::Unindent();
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    wrapped_text(str::NotBuiltNothingLost);
    ImGui::PopStyleColor();
}

void App::draw_area() {
    if (bench_) {
        bench_->draw();
        return;
    }
    if (glyph_bench_) {
        glyph_bench_->draw();
        return;
    }
    const AreaInfo& a = info(area_);
    test_bridge::value("area", a.test_id + 4);  // "nav.settings" -> "settings"
    // An area that needs every record waits while the rest of a county loads behind the registry.
    if (loading() && area_ != Area::Registry && area_ != Area::Settings) return load_progress(str::LoadingRest, local_.load_progress());
    switch (area_) {
        case Area::Settings: draw_settings(); break;
        case Area::Sync: draw_sync(); break;
        case Area::Registry: registry_->draw(); break;
        case Area::Survey: survey_->draw(); break;
        case Area::Pairing: pairing_->draw(); break;
        case Area::Visits: visits_->draw(); break;
        case Area::Requests: requests_->draw(); break;
        case Area::Dashboard:
            if (county_) county_->draw();
            else draw_not_built(a);
            break;
        default: draw_not_built(a); break;
    }
}

}  // namespace gy::ui
