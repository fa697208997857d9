// sync_screen.cpp — 同步: for now, whether the sync server can be reached and when it last was.
#include "app.h"

#include "strings.h"
#include "ui_internal.h"

#include <cstdio>

namespace gy::ui {

void App::draw_sync() {
    section_header(str::AreaSync);
    ImGui::PushStyleColor(ImGuiCol_Text, kColorOffline);
    ImGui::TextUnformatted(str::NotBuiltYet);
    ImGui::PopStyleColor();
    test_bridge::item("area.not_built");
    wrapped_text(str::PlannedSync);
    ImGui::Spacing();

    char line[160];
    if (backend_.last_contact() > 0) {
        std::snprintf(line, sizeof line, str::StatusLastContact, format_local_time(backend_.last_contact()).c_str());
        ImGui::TextUnformatted(line);
    } else {
        ImGui::TextUnformatted(str::StatusNeverContacted);
    }
    if (backend_.reachability() == Reachability::Offline) {
        // A clock time, not a countdown: nothing is redrawn while the app is idle.
        std::snprintf(line, sizeof line, str::SyncNextCheck, format_local_time(backend_.next_probe()).c_str());
        ImGui::TextUnformatted(line);
    }
    if (ImGui::Button(str::SyncCheckNow)) backend_.retry_now(platform_.now_ms());
    test_bridge::item("sync.check_now");
}

}  // namespace gy::ui
