// sync_screen.cpp — 同步: what is sent, what came, what went wrong; and its part of the status line.
#include "app.h"

#include "core/text.h"
#include "strings.h"
#include "ui_internal.h"

#include <cstdio>

namespace gy::ui {

// Where a problem happened, as a clerk can read it: "设备 3fa2c1 的第 1–42 条修改" for a change file.
static std::string where_text(const std::string& path) {
    if (path == "changes/" || path == "snapshots/") return str::SyncWhereFolder;
    if (path.starts_with("snapshots/"))
        if (std::optional<SnapshotName> n = parse_snapshot_file(path.substr(10)))
            return format_text(str::SyncWhereSnapshot, device_hex(n->device), std::to_string(n->commits));
    if (path.starts_with("changes/"))
        if (std::optional<uint32_t> device = parse_device_folder(std::string_view(path).substr(8, 7))) {
            const std::string leaf = path.substr(15);
            if (leaf.empty()) return format_text(str::SyncWhereDevice, device_hex(*device));
            if (std::optional<ChangeFileName> n = parse_change_file(*device, leaf))
                return format_text(str::SyncWhereCommits, device_hex(n->device), std::to_string(n->first) + "–" + std::to_string(n->last));
        }
    return path;
}

static std::string problem_text(const SyncProblem& problem) {
    SyncProblem p = problem;
    p.path = where_text(p.path);
    char line[512];
    if (storage_key_refused(p.error)) return str::SyncErrStorageKey;
    switch (p.error.code) {
    case ErrorCode::Unreachable: return str::SyncErrUnreachable;
    case ErrorCode::ServerRefused: std::snprintf(line, sizeof line, str::SyncErrRefused, p.error.detail.c_str(), p.path.c_str()); break;
    case ErrorCode::ServerFailed: std::snprintf(line, sizeof line, str::SyncErrServerFailed, p.error.detail.c_str(), p.path.c_str()); break;
    case ErrorCode::UnsupportedVersion: std::snprintf(line, sizeof line, str::SyncErrNewer, p.path.c_str()); break;
    case ErrorCode::StorageFailure: return str::SyncErrStore;
    case ErrorCode::Tampered: std::snprintf(line, sizeof line, str::SyncErrTampered, p.path.c_str()); break;
    case ErrorCode::UnknownSigner: std::snprintf(line, sizeof line, str::SyncErrUnknownSigner, p.path.c_str()); break;
    case ErrorCode::WrongKey: std::snprintf(line, sizeof line, str::SyncErrWrongKey, p.path.c_str()); break;
    case ErrorCode::Unavailable: return str::SyncErrModule;
    case ErrorCode::NoKeys: return str::SyncErrNoKeys;
    default: std::snprintf(line, sizeof line, str::SyncErrDamaged, p.path.c_str()); break;
    }
    return line;
}

void App::draw_sync_status() {
    char line[160];
    const SyncReport& last = sync_->last_report();
    const char* state = "idle";
    if (!local_.keys().ready()) {
        ImGui::TextColored(ImColor(kColorOffline), "%s", str::SyncStatusNoKeys), state = "nokeys";
    } else if (sync_->running()) {
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
    test_bridge::value("sync.photos_waiting", std::to_string(sync_->photos_waiting()));
    test_bridge::value("sync.received", std::to_string(sync_->received_total()));
    test_bridge::value("sync.problems", std::to_string(last.problems.size()));
    test_bridge::value("sync.rounds", std::to_string(sync_->rounds()));
}

void App::draw_sync() {
    section_header(str::AreaSync);
    wrapped_text(str::SyncExplain);
    ImGui::Spacing();
    keys_->draw();

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
    if (const size_t photos = sync_->photos_waiting()) {
        std::snprintf(line, sizeof line, str::SyncPhotosWaiting, photos);
        ImGui::TextUnformatted(line);
    }
    std::snprintf(line, sizeof line, str::SyncReceived, sync_->received_total());
    ImGui::TextUnformatted(line);
    // Always one line, so 立即同步 does not jump when the link comes and goes.
    if (backend_.reachability() == Reachability::Offline)  // a clock time, not a countdown: nothing redraws while idle
        std::snprintf(line, sizeof line, str::SyncNextCheck, format_local_time(backend_.next_probe()).c_str());
    else
        std::snprintf(line, sizeof line, "%s", backend_.reachability() == Reachability::Online ? str::SyncLinkUp : str::SyncLinkChecking);
    ImGui::TextUnformatted(line);
    // Pressed during a round, it asks for another one right after.
    if (ImGui::Button(str::SyncNow)) {
        backend_.retry_now(platform_.now_ms());
        sync_->sync_now(platform_.now_ms());
    }
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
    const auto count_line = [&shown](size_t count, const char* words) {
        if (!count) return;
        const std::string text = format_text(words, std::to_string(count));
        wrapped_text(text.c_str());
        shown += text + "\n";
    };
    count_line(last.refused.size(), str::SyncRefusedRound);
    count_line(last.relayed_commits, str::SyncRelayedRound);
    count_line(last.role_files_waiting, str::SyncRoleFilesWaiting);
    count_line(last.held_commits, str::SyncHeldCommits);
    test_bridge::value("sync.problem_lines", shown);
    test_bridge::value("sync.refused", std::to_string(last.refused.size()));
    roles_->draw();
    draw_sync_bundles();
    audit_->draw();
}

void App::draw_sync_bundles() {
    ImGui::Spacing();
    ImGui::Separator();
    wrapped_text(str::SyncBundleTitle);
    if (ImGui::Button(str::SyncBundleExport)) export_bundle();
    test_bridge::item("sync.bundle_export");
    ImGui::SameLine();
    if (ImGui::Button(str::SyncBundleImport))
        platform_.open_file(".gysync", [this](std::string, std::string bytes) { import_bundle(std::move(bytes)); });
    test_bridge::item("sync.bundle_import");
    if (!bundle_message_.empty()) wrapped_text(bundle_message_.c_str());
    test_bridge::value("sync.bundle_message", bundle_message_);
}

void App::export_bundle() {
    if (!local_.keys().ready()) return void(bundle_message_ = str::SyncBundleNoKeys);
    bundle_message_ = str::SyncBundleSealing;
    const std::string name = format_text(str::SyncBundleName, township_folder_, format_date_iso(china_date(platform_.now_ms())));
    const size_t commits = local_.ledger().commits().size();
    // With the photos this device has still to send: a township without a server passes them on too.
    local_.photos().queued(local_.ledger(), [this, name, commits](SealedPhotos photos) {
        const size_t count = photos.size();
        auto saved = [this, name, commits, count](Result<std::string> bundle) {
            if (!bundle) return void(bundle_message_ = bundle.error().code == ErrorCode::Unavailable ? str::KeysModuleUnavailable : str::SyncBundleDamaged);
            platform_.save_file(name, "application/octet-stream", bundle.value());
            bundle_message_ = format_text(str::SyncBundleExported, name, std::to_string(commits));
            if (count) bundle_message_ += format_text(str::SyncBundlePhotos, std::to_string(count));
        };
        gy::export_bundle(platform_.vault(), local_.keys(), local_.ledger(), saved, photos);
    });
}

static const char* bundle_error_text(ErrorCode code) {
    switch (code) {
    case ErrorCode::OtherTownship: return str::SyncBundleOtherTownship;
    case ErrorCode::UnsupportedVersion: return str::SyncBundleNewer;
    case ErrorCode::WrongKey: return str::SyncBundleWrongKey;
    case ErrorCode::Tampered: return str::SyncBundleTampered;
    case ErrorCode::UnknownSigner: return str::SyncBundleUnknownSigner;
    case ErrorCode::Unavailable: return str::KeysModuleUnavailable;
    default: return str::SyncBundleDamaged;
    }
}

// A bundle merges exactly as the server's files would; a bad one changes nothing.
// A device without keys joins first with the key file the bundle carries.
void App::import_bundle(std::string bytes) {
    if (!local_.keys().ready()) {
        const std::string key_file = bundle_key_file(bytes);
        if (key_file.empty()) return void(bundle_message_ = str::SyncBundleNoKeys);
        keys_->join_with(key_file, [this, bytes = std::move(bytes)](bool joined) mutable {
            if (joined) import_bundle(std::move(bytes));
            else bundle_message_ = str::SyncBundleNeedsPassphrase;
        });
        return;
    }
    gy::import_bundle(platform_.vault(), local_.keys(), std::move(bytes), [this](Result<ImportedBundle> bundle) {
        if (!bundle) return void(bundle_message_ = bundle_error_text(bundle.error().code));
        local_.save_keys(local_.keys(), [](bool) {});  // the bundle's signer, pinned
        merge_bundle(std::move(bundle.value()));
    });
}

// A role's bundle merges judged, as its files from the server would (sync.h merge_judged).
void App::merge_bundle(ImportedBundle bundle) {
    std::map<uint32_t, uint64_t> known_through;  // judged at the clerk's devices only (merge_judged), so waits there only
    if (local_.keys().is_clerk() && is_role(bundle.role) &&
        !judge_now(local_.ledger(), local_.keys(), bundle.seen, bundle.commits, platform_.now_ms(), known_through))
        return void(bundle_message_ = str::SyncBundleWaits);
    // Another role's device takes what is within the bundle's role and holds the rest back (sync.h).
    const size_t held = local_.keys().is_clerk()
                            ? 0
                            : hold_back_beyond_role(local_.ledger(), std::exchange(bundle.role, ""), bundle.commits, platform_.now_ms());
    size_t fresh = 0;
    for (const Commit& c : bundle.commits) fresh += !local_.ledger().knows(c.device, c.seq);
    const size_t known = bundle.commits.size() - fresh;
    bundle_message_ = format_text(str::SyncBundleImported, std::to_string(fresh), std::to_string(known));
    if (held) bundle_message_ += format_text(str::SyncBundleHeld, std::to_string(held));
    const auto merge = [this](std::vector<Commit> commits, std::function<void(bool)> stored) { local_.merge_remote(std::move(commits), std::move(stored)); };
    merge_judged(local_.ledger(), bundle.role, std::move(bundle.commits), merge, [this, photos = std::move(bundle.photos)](bool ok, WriteVerdict verdict) mutable {
        if (!ok) return void(bundle_message_ = str::SyncBundleStoreFailed);
        // The photos once the surveys naming them (and their keys) are in.
        local_.photos().take(platform_.vault(), local_.ledger(), std::move(photos), [this](size_t kept) {
            if (kept) bundle_message_ += format_text(str::SyncBundlePhotos, std::to_string(kept));
        });
        if (verdict.refused.empty()) return;
        const bool taken_back = verdict.undo.empty() || local_.take_back(verdict.undo, platform_.now_ms());
        bundle_message_ += format_text(taken_back ? str::SyncRefusedTakenBack : str::SyncRefusedNotTakenBack, std::to_string(verdict.refused.size()));
    });
}

}  // namespace gy::ui
