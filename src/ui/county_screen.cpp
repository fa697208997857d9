// county_screen.cpp — 县级汇总: see county_screen.h.
#include "county_screen.h"

#include "core/dates.h"
#include "core/text.h"
#include "strings.h"
#include "ui_internal.h"

#include <algorithm>

namespace gy::ui {

static constexpr KeyWords kCountyWords{
    str::CountyKeysNone,           str::CountyKeysExplain,        str::CountyKeysPassphraseHint, str::CountyKeysJoin,
    str::CountyKeysSetUp,          str::CountyKeysReady,          str::CountyKeysChange,         str::CountyKeysNeedPassphrase,
    str::CountyKeysOtherOwner,     str::CountyKeysNoKeyFileYet,   str::CountyKeysNeedServer,     str::CountyKeysAlreadySetUp,
    str::CountyKeysJoined,         str::CountyKeysJoinedByCode,   str::CountyKeysSetUpDone,      str::CountyKeysChanged,
    str::CountyKeysRecoveryTitle,  str::CountyKeysRecoveryExplain, str::CountyKeysPrintHtml,
    {str::CountyStorageIdHint, str::KeysStorageSecretHint, str::CountyNewStorageIdHint, str::CountyNewStorageSecretHint,
     str::CountyNeedStorageKey, str::CountyStorageKeyRefused, str::CountyKeysChangedWithStorageKey}};

static constexpr CountyWords kColumns{str::CountyColTownship, str::CountyColAsOf,    str::CountyColSpecial,
                                      str::CountyColSurveyed, str::CountyColSurveyedShare, str::CountyColVisited,
                                      str::CountyColCoverage, str::CountyColPairs,   str::CountyColTotal};

struct Measure {
    TrendMeasure measure;
    const char* label;
};
static constexpr Measure kMeasures[] = {
    {TrendMeasure::Visits, str::CountyTrendVisits}, {TrendMeasure::Surveys, str::CountyTrendSurveys}, {TrendMeasure::ActivePairs, str::CountyTrendPairs},
    {TrendMeasure::Special, str::CountyTrendSpecial}};

static std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

static std::string with_slash(std::string url) { return url.empty() || url.back() == '/' ? url : url + '/'; }

// Every column as wide as its content; the township column stays put while the rest scrolls sideways.
// The total row is shaded; the height is the rows' or max_height, whichever is less.
static void draw_sheet(const char* id, const Sheet& sheet, float max_height) {
    std::string cells;
    for (const auto& row : sheet) cells += join(row, "\t") + "\n";
    test_bridge::value((std::string(id) + ".table").c_str(), cells);
    const int columns = static_cast<int>(sheet.front().size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    const float row = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    const float rows_height = static_cast<float>(sheet.size()) * row + ImGui::GetStyle().ScrollbarSize + 2;  // no empty grid below the total
    if (!ImGui::BeginTable(id, columns, flags, ImVec2(0, std::min(rows_height, max_height)))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const std::string& head : sheet.front()) ImGui::TableSetupColumn(head.c_str());
    ImGui::TableHeadersRow();
    for (size_t r = 1; r < sheet.size(); ++r) {
        ImGui::TableNextRow();
        if (r + 1 == sheet.size()) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImGuiCol_TableHeaderBg));
        for (const std::string& cell : sheet[r]) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(cell.c_str());
        }
    }
    ImGui::EndTable();
    test_bridge::item((std::string(id) + ".table").c_str());
}

// In S3 storage the root is the bucket's, read with the county's own access key (README: the
// county's policy lets it list the townships and read their aggregates/ only).
CountyScreen::CountyScreen(LocalState& local, Platform& platform, const std::string& backend_url, S3Bucket bucket)
    : local_(local),
      platform_(platform),
      root_(remote_folder([&platform](const std::string& method, const std::string& url, std::string body,
                                      std::function<void(HttpResponse)> done) { platform.http(method, url, std::move(body), std::move(done)); },
                          with_slash(backend_url), bucket, platform.vault(),
                          [this] { return typed_storage_.empty() ? local_.county_keys().storage : typed_storage_; })),
      collector_(*root_, platform.vault()),
      keys_(platform, county_home(!bucket.empty()), kCountyWords) {}

// The county's key lives beside the township's in this device's store, and its key file under the backend root.
KeyHome CountyScreen::county_home(bool in_s3) {
    KeyHome home{kCountyKeyName,
                 str::CountyKeysOwner,
                 [this]() -> const Keyring& { return local_.county_keys(); },
                 [this](Keyring keys) { local_.save_county_keys(std::move(keys), [](bool) {}); },
                 [this](auto done) { root_->get(kCountyKeyFilePath, std::move(done)); },
                 [this](std::string file, auto done) { root_->put(kCountyKeyFilePath, std::move(file), std::move(done)); },
                 [this] { public_key_.clear(), loaded_ = false; }};
    if (in_s3) home.use_storage_key = [this](S3Credential key) { typed_storage_ = std::move(key); };
    return home;
}

static const char* problem_reason(const Error& e) {
    if (storage_key_refused(e)) return str::CountyStorageKeyRevoked;
    switch (e.code) {
    case ErrorCode::WrongKey: return str::CountyWrongKey;
    case ErrorCode::Tampered: return str::CountyTampered;
    case ErrorCode::OtherTownship: return str::CountyOtherTownship;
    case ErrorCode::Unreachable: return str::CountyUnreachable;
    case ErrorCode::Unavailable: return str::CountyModuleUnavailable;
    case ErrorCode::ServerRefused:
    case ErrorCode::ServerFailed:
    case ErrorCode::NotFound: return str::CountyServerRefused;
    default: return str::CountyDamaged;
    }
}

void CountyScreen::refresh() {
    const SecretKey secret = local_.county_keys().data;
    busy_ = true;  // cleared when the collection ends (natively, before collect returns)
    collector_.collect(secret, [this](CountyReport report) {
        busy_ = false, message_.clear();
        report_ = std::move(report);
        sheet_ = county_sheet(report_, kColumns);
        show_measure(measure_);
        problems_.clear();
        for (const CountyProblem& p : report_.problems)
            problems_.push_back(format_text(str::CountyFileProblem, p.path.empty() ? str::CountyServerRoot : p.path, problem_reason(p.error)));
        if (std::any_of(report_.problems.begin(), report_.problems.end(), [](const CountyProblem& p) { return storage_key_refused(p.error); }))
            learn_new_storage_key();
    });
    if (public_key_.empty())
        platform_.vault().county_key(secret, [this](Result<PublicKey> key) { public_key_ = key ? hex_encode(key.value()) : ""; });
}

// The access key was refused: it may have been revoked, and the new one typed on another county
// device (更换县级密码) is in the county's key file, which the county's key opens. Kept, and the
// figures fetched again; a key file with the same key (or none) changes nothing.
void CountyScreen::learn_new_storage_key() {
    root_->get(kCountyKeyFilePath, [this](Result<std::string> file) {
        if (!file) return;
        platform_.vault().storage_key(local_.county_keys(), std::move(file.value()), [this](Result<S3Credential> storage) {
            if (!storage || storage.value() == local_.county_keys().storage) return;
            Keyring keys = local_.county_keys();
            keys.storage = std::move(storage.value());
            local_.save_county_keys(std::move(keys), [](bool) {});
            refresh();
        });
    });
}

void CountyScreen::draw() {
    section_header(str::CountyTitle);
    keys_.draw();
    const bool ready = local_.county_keys().ready();
    test_bridge::value("county.ready", ready ? "1" : "0");
    if (!ready) return;
    if (!loaded_) loaded_ = true, refresh();
    draw_public_key();
    draw_report();
}

void CountyScreen::draw_public_key() {
    test_bridge::value("county.public_key", public_key_);
    if (public_key_.empty()) return;
    wrapped_text(str::CountyPublicKey);
    ImGui::TextUnformatted(public_key_.c_str());
    test_bridge::item("county.public_key");
    ImGui::SameLine();
    if (ImGui::SmallButton(str::CountyCopyKey)) ImGui::SetClipboardText(public_key_.c_str()), message_ = str::CountyKeyCopied;
    test_bridge::item("county.copy_key");
    ImGui::Spacing();
}

void CountyScreen::draw_report() {
    test_bridge::value("county.busy", busy_ ? "1" : "0");
    test_bridge::value("county.message", message_);
    ImGui::BeginDisabled(busy_);
    if (ImGui::Button(str::CountyRefresh)) refresh();
    test_bridge::item("county.refresh");
    ImGui::SameLine();
    ImGui::BeginDisabled(sheet_.size() < 3);
    if (ImGui::Button(str::CountyExport))
        export_xlsx(sheet_, county_column_types(sheet_), str::CountySheetTitle,
                    format_text(str::CountyFileName, format_date_iso(china_date(platform_.now_ms()))));
    test_bridge::item("county.export");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    const size_t townships = sheet_.size() < 2 ? 0 : sheet_.size() - 2;
    ImGui::SameLine();
    ImGui::TextUnformatted(busy_ ? str::CountyLoading : format_text(str::CountySummary, std::to_string(townships)).c_str());
    if (!message_.empty()) wrapped_text(message_.c_str());
    if (!report_.silent.empty()) wrapped_text(format_text(str::CountySilent, join(report_.silent, "、")).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
    for (const std::string& p : problems_) wrapped_text(p.c_str());
    ImGui::PopStyleColor();
    test_bridge::value("county.problems", join(problems_, "\n"));
    if (townships == 0) {  // none yet, or the first collection still under way (the browser answers later)
        if (!busy_) wrapped_text(str::CountyNone);
        return;
    }
    draw_sheet("county", sheet_, ImGui::GetContentRegionAvail().y * 0.5f);
    draw_trend();
}

void CountyScreen::show_measure(int measure) {
    measure_ = measure;
    trend_ = county_trend_sheet(report_, kMeasures[measure].measure, str::CountyColTownship, str::CountyColTotal);
}

// One measure at a time: twelve months of four measures side by side would not fit a screen.
void CountyScreen::draw_trend() {
    ImGui::Spacing();
    ImGui::TextUnformatted(str::CountyTrendTitle);
    for (int i = 0; i < static_cast<int>(std::size(kMeasures)); ++i) {
        ImGui::SameLine();
        if (ImGui::RadioButton(kMeasures[i].label, measure_ == i) && measure_ != i) show_measure(i);
        test_bridge::item(("county.measure." + std::to_string(i)).c_str());
    }
    if (trend_.empty() || trend_.front().size() < 2) return wrapped_text(str::CountyTrendNone);
    ImGui::SameLine();
    ImGui::BeginDisabled(busy_);
    if (ImGui::SmallButton(str::CountyTrendExport))
        export_xlsx(trend_, trend_column_types(trend_), kMeasures[measure_].label,
                    format_text(str::CountyTrendFileName, kMeasures[measure_].label, format_date_iso(china_date(platform_.now_ms()))));
    test_bridge::item("county.trend_export");
    ImGui::EndDisabled();
    draw_sheet("county.trend", trend_, ImGui::GetContentRegionAvail().y);
}

void CountyScreen::export_xlsx(const Sheet& sheet, std::vector<CellType> types, const char* title, const std::string& name) {
    busy_ = true, message_ = str::RegistryMakingXlsx;
    const std::string townships = std::to_string(sheet.size() - 2);
    platform_.convert_to_xlsx(sheet, std::move(types), title, [this, name, townships](Result<std::string> bytes) {
        busy_ = false;
        if (!bytes) return void(message_ = str::CountyExportFailed);
        platform_.save_file(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.value());
        message_ = format_text(str::CountyExported, townships, name);
    });
}

}  // namespace gy::ui
