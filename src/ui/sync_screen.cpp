// sync_screen.cpp — 同步: what is sent, what came, what went wrong; and its part of the status line.
#include "app.h"

#include "strings.h"
#include "ui_internal.h"

#include <cstdio>

namespace gy::ui {

static std::string problem_text(const SyncProblem& p) {
    char line[512];
    switch (p.error.code) {
    case ErrorCode::Unreachable: return str::SyncErrUnreachable;
    case ErrorCode::ServerRefused: std::snprintf(line, sizeof line, str::SyncErrRefused, p.error.detail.c_str(), p.path.c_str()); break;
    case ErrorCode::ServerFailed: std::snprintf(line, sizeof line, str::SyncErrServerFailed, p.error.detail.c_str(), p.path.c_str()); break;
    case ErrorCode::UnsupportedVersion: std::snprintf(line, sizeof line, str::SyncErrNewer, p.path.c_str()); break;
    case ErrorCode::StorageFailure: return str::SyncErrStore;
    default: std::snprintf(line, sizeof line, str::SyncErrDamaged, p.path.c_str()); break;
    }
    return line;
}

void App::draw_sync_status() {
    char line[160];
    const SyncReport& last = sync_->last_report();
    const char* state = "idle";
    if (sync_->running()) {
        ImGui::TextUnformatted(str::SyncRunning), state = "running";
    } else if (!last.problems.empty()) {
        ImGui::TextColored(ImColor(kColorOffline), "%s", str::SyncStatusFailed), state = "failed";
    } else if (sync_->pending() > 0) {
        std::snprintf(line, sizeof line, str::SyncStatusPending, sync_->pending());
        ImGui::TextUnformatted(line), state = "pending";
    } else if (sync_->last_success_ms() > 0) {
        std::snprintf(line, sizeof line, str::SyncStatusSynced, format_local_time(sync_->last_success_ms()).c_str());
        ImGui::TextUnformatted(line), state = "synced";
    }
    test_bridge::value("sync.state", state);
    test_bridge::value("sync.pending", std::to_string(sync_->pending()));
    test_bridge::value("sync.received", std::to_string(sync_->received_total()));
    test_bridge::value("sync.problems", std::to_string(last.problems.size()));
    test_bridge::value("sync.rounds", std::to_string(sync_->rounds()));
}

void App::draw_sync() {
    section_header(str::AreaSync);
    wrapped_text(str::SyncExplain);
    ImGui::Spacing();

    char line[512];
    if (sync_->last_success_ms() > 0) {
        std::snprintf(line, sizeof line, str::SyncLastSuccess, format_local_time(sync_->last_success_ms()).c_str());
        ImGui::TextUnformatted(line);
    } else {
        ImGui::TextUnformatted(str::SyncNeverSynced);
    }
    if (sync_->pending() > 0) std::snprintf(line, sizeof line, str::SyncPending, sync_->pending());
    else std::snprintf(line, sizeof line, "%s", str::SyncAllSent);
    ImGui::TextUnformatted(line);
    std::snprintf(line, sizeof line, str::SyncReceived, sync_->received_total());
    ImGui::TextUnformatted(line);
    if (backend_.reachability() == Reachability::Offline) {
        // A clock time, not a countdown: nothing is redrawn while the app is idle.
        std::snprintf(line, sizeof line, str::SyncNextCheck, format_local_time(backend_.next_probe()).c_str());
        ImGui::TextUnformatted(line);
    }
    ImGui::BeginDisabled(sync_->running());
    if (ImGui::Button(str::SyncNow)) {
        backend_.retry_now(platform_.now_ms());
        sync_->sync_now(platform_.now_ms());
    }
    ImGui::EndDisabled();
    test_bridge::item("sync.now");

    const SyncReport& last = sync_->last_report();
    std::string shown;  // the problems as the user reads them, for tests to check the wording
    if (!last.problems.empty()) {
        ImGui::Spacing();
        // A round that lost the server stopped there: the rest did not "go on as usual".
        const char* title = last.finished ? str::SyncProblemsTitle : str::SyncProblemsTitleStopped;
        ImGui::TextColored(ImColor(kColorOffline), "%s", title);
        shown = std::string(title) + "\n";
        for (const SyncProblem& p : last.problems) {
            const std::string text = problem_text(p);
            wrapped_text(text.c_str());
            shown += text + "\n";
        }
    }
    test_bridge::value("sync.problem_lines", shown);
    draw_sync_bundles();
}

void App::draw_sync_bundles() {
    ImGui::Spacing();
    ImGui::Separator();
    wrapped_text(str::SyncBundleTitle);
    if (ImGui::Button(str::SyncBundleExport)) {
        const std::string name = format_text(str::SyncBundleName, township_folder_, format_date_iso(china_date(platform_.now_ms())));
        platform_.save_file(name, "application/octet-stream", encode_bundle(local_.ledger(), township_folder_));
        bundle_message_ = format_text(str::SyncBundleExported, name, std::to_string(local_.ledger().commits().size()));
    }
    test_bridge::item("sync.bundle_export");
    ImGui::SameLine();
    if (ImGui::Button(str::SyncBundleImport))
        platform_.open_file(".gysync", [this](std::string, std::string bytes) { import_bundle(bytes); });
    test_bridge::item("sync.bundle_import");
    if (!bundle_message_.empty()) wrapped_text(bundle_message_.c_str());
    test_bridge::value("sync.bundle_message", bundle_message_);
}

// A bundle merges exactly as the server's files would; a bad one changes nothing.
void App::import_bundle(const std::string& bytes) {
    Result<std::vector<Commit>> commits = decode_bundle(bytes, township_folder_);
    if (!commits) {
        const ErrorCode code = commits.error().code;
        bundle_message_ = code == ErrorCode::OtherTownship ? str::SyncBundleOtherTownship
                          : code == ErrorCode::UnsupportedVersion ? str::SyncBundleNewer : str::SyncBundleDamaged;
        return;
    }
    size_t fresh = 0;
    for (const Commit& c : commits.value()) fresh += !local_.ledger().knows(c.device, c.seq);
    const size_t known = commits.value().size() - fresh;
    bundle_message_ = format_text(str::SyncBundleImported, std::to_string(fresh), std::to_string(known));
    local_.merge_remote(std::move(commits.value()), [this](bool ok) {
        if (!ok) bundle_message_ = str::SyncBundleStoreFailed;
    });
}

}  // namespace gy::ui
