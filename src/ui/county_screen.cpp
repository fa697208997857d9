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
    str::CountyKeysRecoveryTitle,  str::CountyKeysRecoveryExplain, str::CountyKeysPrintHtml};

static constexpr CountyWords kColumns{str::CountyColTownship, str::CountyColAsOf,    str::CountyColSpecial,
                                      str::CountyColSurveyed, str::CountyColSurveyedShare, str::CountyColVisited,
                                      str::CountyColCoverage, str::CountyColPairs,   str::CountyColTotal};

static std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

static std::string with_slash(std::string url) { return url.empty() || url.back() == '/' ? url : url + '/'; }

CountyScreen::CountyScreen(LocalState& local, Platform& platform, const std::string& backend_url)
    : local_(local),
      platform_(platform),
      root_([&platform](const std::string& method, const std::string& url, std::string body,
                        std::function<void(HttpResponse)> done) { platform.http(method, url, std::move(body), std::move(done)); },
            with_slash(backend_url)),
      collector_(root_, platform.vault()),
      keys_(platform, county_home(), kCountyWords) {}

// The county's key lives beside the township's in this device's store, and its key file under the backend root.
KeyHome CountyScreen::county_home() {
    return {kCountyKeyName,
            str::CountyKeysOwner,
            [this]() -> const Keyring& { return local_.county_keys(); },
            [this](Keyring keys) { local_.save_county_keys(std::move(keys), [](bool) {}); },
            [this](auto done) { root_.get(kCountyKeyFilePath, std::move(done)); },
            [this](std::string file, auto done) { root_.put(kCountyKeyFilePath, std::move(file), std::move(done)); },
            [this] { public_key_.clear(), loaded_ = false; }};
}

static const char* problem_reason(ErrorCode code) {
    switch (code) {
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
        sheet_ = county_sheet(report, kColumns);
        silent_ = std::move(report.silent);
        problems_.clear();
        for (const CountyProblem& p : report.problems)
            problems_.push_back(format_text(str::CountyFileProblem, p.path.empty() ? str::CountyServerRoot : p.path, problem_reason(p.code)));
    });
    if (public_key_.empty())
        platform_.vault().county_key(secret, [this](Result<PublicKey> key) { public_key_ = key ? hex_encode(key.value()) : ""; });
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
    if (ImGui::Button(str::CountyExport)) export_xlsx();
    test_bridge::item("county.export");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    const size_t townships = sheet_.size() < 2 ? 0 : sheet_.size() - 2;
    ImGui::SameLine();
    ImGui::TextUnformatted(busy_ ? str::CountyLoading : format_text(str::CountySummary, std::to_string(townships)).c_str());
    if (!message_.empty()) wrapped_text(message_.c_str());
    if (!silent_.empty()) wrapped_text(format_text(str::CountySilent, join(silent_, "、")).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
    for (const std::string& p : problems_) wrapped_text(p.c_str());
    ImGui::PopStyleColor();
    test_bridge::value("county.problems", join(problems_, "\n"));
    if (townships > 0) draw_table();  // none yet, or the first collection still under way (the browser answers later)
    else if (!busy_) wrapped_text(str::CountyNone);
}

// Every column as wide as its content; the township column stays put while the rest scrolls sideways.
void CountyScreen::draw_table() {
    std::string cells;
    for (const auto& row : sheet_) cells += join(row, "\t") + "\n";
    test_bridge::value("county.table", cells);
    const int columns = static_cast<int>(sheet_.front().size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    const float row = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    const float rows_height = static_cast<float>(sheet_.size()) * row + ImGui::GetStyle().ScrollbarSize + 2;  // no empty grid below the total
    if (!ImGui::BeginTable("county", columns, flags, ImVec2(0, std::min(rows_height, ImGui::GetContentRegionAvail().y)))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const std::string& head : sheet_.front()) ImGui::TableSetupColumn(head.c_str());
    ImGui::TableHeadersRow();
    for (size_t r = 1; r < sheet_.size(); ++r) {
        ImGui::TableNextRow();
        if (r + 1 == sheet_.size()) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImGuiCol_TableHeaderBg));
        for (const std::string& cell : sheet_[r]) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(cell.c_str());
        }
    }
    ImGui::EndTable();
    test_bridge::item("county.table");
}

void CountyScreen::export_xlsx() {
    const std::string name = format_text(str::CountyFileName, format_date_iso(china_date(platform_.now_ms())));
    busy_ = true, message_ = str::RegistryMakingXlsx;
    const std::string townships = std::to_string(sheet_.size() - 2);
    platform_.convert_to_xlsx(sheet_, county_column_types(sheet_), str::CountySheetTitle, [this, name, townships](Result<std::string> bytes) {
        busy_ = false;
        if (!bytes) return void(message_ = str::CountyExportFailed);
        platform_.save_file(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.value());
        message_ = format_text(str::CountyExported, townships, name);
    });
}

}  // namespace gy::ui
