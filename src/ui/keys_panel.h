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
// A joint school's administrator or a helper joins with the account the clerk
// gave them (roles_panel.h) and their own passphrase: their device then holds
// only their role's keys.
//
// The county's key pair (县级密钥, county_screen.cpp) is set up, unlocked and
// rewrapped the same way: only where it lives (KeyHome) and what it is called
// (KeyWords) differ.
// Depends on: Dear ImGui, core (local_state, sync_service, seal), platform.h.
#pragma once

#include "core/local_state.h"
#include "core/sync_service.h"
#include "platform/platform.h"

#include <functional>
#include <string>

namespace gy::ui {

// In S3 storage: what the access key's fields and messages say (whose key it is, who gives it).
struct StorageKeyWords {
    const char *id_hint, *secret_hint, *new_id_hint, *new_secret_hint, *needed, *refused, *changed_with;
};

// What the panel calls the key and its owner (本乡镇 or 县级). Item ids stay "keys.*" for both.
struct KeyWords {
    const char *none, *explain, *passphrase_hint, *join, *set_up, *ready, *change, *need_passphrase;
    const char *other_owner, *no_key_file, *need_server, *already_set_up, *joined, *joined_by_code, *set_up_done, *changed;
    const char *recovery_title, *recovery_explain, *print_html;
    StorageKeyWords storage;
};

// Where a key lives: its owner's name in the key file, this device's store, the server.
struct KeyHome {
    std::string name;   // the key file's "township": the township's folder, or kCountyKeyName
    std::string label;  // the owner as printed with the recovery code
    std::function<const Keyring&()> keys;
    std::function<void(Keyring)> save;
    std::function<void(std::function<void(Result<std::string>)>)> fetch;
    std::function<void(std::string key_file, std::function<void(Result<bool>)>)> publish;
    std::function<void()> ready;  // set up, joined or rewrapped: put the key to work
    // The township's only: a role's key file (core/scopes.h) by its account, to join as that role.
    std::function<void(const std::string& role, std::function<void(Result<std::string>)>)> fetch_role;
    // In S3 storage only (empty on WebDAV): the access key typed at set-up or with a new
    // passphrase signs this home's requests at once (to put the key file), and goes into the
    // key file; an empty one goes back to the keyring's.
    std::function<void(S3Credential)> use_storage_key;
};

class KeysPanel {
public:
    // The township's key, for sync.
    KeysPanel(LocalState& local, Platform& platform, SyncService& sync, std::string township);
    KeysPanel(Platform& platform, KeyHome home, const KeyWords& words) : platform_(platform), home_(std::move(home)), words_(words) {}
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
    void storage_key_fields(const char* id_hint, const char* secret_hint);
    bool in_s3() const { return static_cast<bool>(home_.use_storage_key); }
    S3Credential typed_storage_key() const;
    void forget_typed_key();
    const char* error_text(const Error& e) const;

    Platform& platform_;
    KeyHome home_;
    const KeyWords& words_;
    std::string passphrase_, confirm_, account_, storage_id_, storage_secret_;
    std::string message_;
    std::string recovery_code_;  // shown until the clerk says it is kept
    bool busy_ = false, changing_ = false;
};

}  // namespace gy::ui
