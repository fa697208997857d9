// keys_panel.h — 本乡镇密钥 on the 同步 screen: set up, join, change the passphrase, the recovery code.
//
// Nothing syncs until this device holds the township's key (core/seal.h). The
// first device sets a passphrase: a new key is made, wrapped under the
// passphrase and a recovery code, and put on the server as the key file;
// the recovery code is shown once, to print or copy. Every other device joins
// with the same passphrase (or the recovery code) and the key file from the
// server. Changing the passphrase wraps the same key anew (after a recovery,
// or when someone who knew it leaves). A device with no network at all joins
// from a sync bundle, which carries the key file. A wrong passphrase changes nothing.
// Depends on: Dear ImGui, core (local_state, sync_service, seal), platform.h.
#pragma once

#include "core/local_state.h"
#include "core/sync_service.h"
#include "platform/platform.h"

#include <functional>
#include <string>

namespace gy::ui {

class KeysPanel {
public:
    KeysPanel(LocalState& local, Platform& platform, SyncService& sync, std::string township)
        : local_(local), platform_(platform), sync_(sync), township_(std::move(township)) {}
    void draw();
    // Joins with a key file from elsewhere (a sync bundle) and the passphrase typed above.
    void join_with(const std::string& key_file, std::function<void(bool joined)> then);

private:
    void draw_setup();
    void draw_ready();
    void draw_recovery_code();
    bool passphrases_ok(bool confirm);
    void join();
    void set_up();
    void change_passphrase();
    void publish(Result<Enrolment> enrolment, const char* done_message);
    void finish(const char* message);

    LocalState& local_;
    Platform& platform_;
    SyncService& sync_;
    std::string township_;
    std::string passphrase_, confirm_;
    std::string message_;
    std::string recovery_code_;  // shown until the clerk says it is kept
    bool busy_ = false, changing_ = false;
};

}  // namespace gy::ui
