// roles_panel.h — 角色密钥 on the 同步 screen: the clerk gives a joint school's administrator or a helper a key of their own.
//
// A role's device can decrypt only what its role may see (core/scopes.h): the
// clerk picks the joint school or the helper, sets a passphrase for them, and
// the role's key file goes to the server (keys/<scope>.gyk, core/sync.h),
// whose being there starts that role's stream of change files. The clerk
// hands over the account (the scope's name) and the passphrase, and the
// recovery code is shown once to print. The role's device joins on the keys
// panel with that account.
// Depends on: Dear ImGui, core (local_state, sync_service, scopes, seal), platform.h.
#pragma once

#include "core/local_state.h"
#include "core/sync_service.h"
#include "platform/platform.h"

#include <string>

namespace gy::ui {

class RolesPanel {
public:
    RolesPanel(LocalState& local, Platform& platform, SyncService& sync) : local_(local), platform_(platform), sync_(sync) {}
    void draw();  // only for the clerk, once the township's key is here

private:
    void draw_pick();
    void issue();
    std::string writable_scopes() const;

    LocalState& local_;
    Platform& platform_;
    SyncService& sync_;
    Kind kind_ = Kind::School;
    RecordId chosen_;
    std::string passphrase_, confirm_, message_;
    std::string issued_account_, issued_label_, recovery_code_;
    bool busy_ = false;
};

}  // namespace gy::ui
