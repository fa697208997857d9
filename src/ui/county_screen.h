// county_screen.h — 县级汇总: the county's key and every township's latest figures.
//
// For the role county (县级查看). Until this device holds the county's key the
// screen is the key panel (keys_panel.h with the county's words): the first
// county device makes the key pair, wraps the secret under a passphrase and a
// recovery code and puts the key file at <backend>/county/county.gyk; others
// unlock it. Then it shows the county's public key (for the portal page's
// data-county-key) and a table of each township's latest figures with a total
// row (core/county_view.h), and below it the last twelve months of one measure
// (visits, surveys or pairs in force) per township; both are exported as .xlsx.
// A file that does not open is named with the reason, the rest is shown.
// In S3 storage the county reads with an access key of its own, typed at set-up
// and kept in the county's key file like a township's (keys_panel.h).
// Depends on: Dear ImGui, core (county_view, local_state, sync_service), keys_panel.h, platform.h.
#pragma once

#include "core/county_view.h"
#include "core/local_state.h"
#include "core/sync_service.h"
#include "keys_panel.h"
#include "platform/platform.h"

#include <memory>
#include <string>
#include <vector>

namespace gy::ui {

class CountyScreen {
public:
    CountyScreen(LocalState& local, Platform& platform, const std::string& backend_url, S3Bucket bucket);
    void draw();

private:
    KeyHome county_home(bool in_s3);
    void refresh();
    void learn_new_storage_key();
    void draw_public_key();
    void draw_report();
    void draw_trend();
    void show_measure(int measure);  // kMeasures: the trend sheet of that measure
    void export_xlsx(const Sheet& sheet, std::vector<CellType> types, const char* title, const std::string& file_name);

    LocalState& local_;
    Platform& platform_;
    S3Credential typed_storage_;  // while set-up or a new passphrase puts it to use (keys_panel.h)
    std::unique_ptr<WireFolder> root_;
    CountyCollector collector_;
    KeysPanel keys_;
    std::string public_key_;  // hex, once the files module has worked it out
    CountyReport report_;     // the last collection: what the sheets are made of, and who has not reported
    Sheet sheet_;             // header, a row per township, the total
    Sheet trend_;             // the measure chosen, month by month
    int measure_ = 0;         // kMeasures
    std::vector<std::string> problems_;
    std::string message_;
    bool loaded_ = false, busy_ = false;
};

}  // namespace gy::ui
