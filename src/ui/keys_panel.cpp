// keys_panel.cpp — 本乡镇密钥: see keys_panel.h.
#include "keys_panel.h"

#include "core/dates.h"
#include "core/scopes.h"
#include "core/text.h"
#include "strings.h"
#include "ui_internal.h"

#include "misc/cpp/imgui_stdlib.h"

#include <algorithm>
#include <cstdio>

namespace gy::ui {

static std::string html_escaped(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
    return out;
}

static constexpr KeyWords kTownshipWords{
    str::KeysNone,   str::KeysExplain,       str::KeysPassphraseHint, str::KeysJoin,     str::KeysSetUp,        str::KeysReady,
    str::KeysChange, str::KeysNeedPassphrase, str::KeysOtherTownship,  str::KeysNoKeyFileYet, str::KeysNeedServer, str::KeysAlreadySetUp,
    str::KeysJoined, str::KeysJoinedByCode,   str::KeysSetUpDone,      str::KeysChanged,  str::KeysRecoveryTitle, str::KeysRecoveryExplain,
    str::KeysPrintHtml,
    {str::KeysStorageIdHint, str::KeysStorageSecretHint, str::KeysNewStorageIdHint, str::KeysNewStorageSecretHint, str::KeysNeedStorageKey,
     str::KeysStorageKeyRefused, str::KeysChangedWithStorageKey}};

KeysPanel::KeysPanel(LocalState& local, Platform& platform, SyncService& sync, std::string township)
    : KeysPanel(platform,
                {township, township, [&local]() -> const Keyring& { return local.keys(); },
                 [&local](Keyring keys) { local.save_keys(std::move(keys), [](bool) {}); },
                 [&sync](auto done) { sync.fetch_key_file(std::move(done)); },
                 [&sync](std::string file, auto done) { sync.publish_key_file(std::move(file), std::move(done)); },
                 [&sync, &platform] { sync.sync_now(platform.now_ms()); },
                 [&sync](const std::string& role, auto done) { sync.fetch_key_file(std::move(done), role); },
                 sync.in_s3() ? [&sync](S3Credential key) { sync.use_storage_key(std::move(key)); } : std::function<void(S3Credential)>()},
                kTownshipWords) {}

// The message for a key file that could not be fetched, opened or put.
const char* KeysPanel::error_text(const Error& e) const {
    if (storage_key_refused(e)) return words_.storage.refused;
    switch (e.code) {
    case ErrorCode::WrongPassphrase: return str::KeysWrongPassphrase;
    case ErrorCode::OtherTownship: return words_.other_owner;
    case ErrorCode::NotFound: return words_.no_key_file;
    case ErrorCode::Unreachable: return words_.need_server;
    case ErrorCode::Unavailable: return str::KeysModuleUnavailable;
    case ErrorCode::InvalidValue: return str::KeysTooShort;
    case ErrorCode::ServerRefused: return str::KeysServerRefused;
    default: return str::KeysKeyFileDamaged;
    }
}

void KeysPanel::draw() {
    test_bridge::value("keys.ready", home_.keys().ready() ? "1" : "0");
    test_bridge::value("keys.busy", busy_ ? "1" : "0");
    test_bridge::value("keys.message", message_);
    test_bridge::value("keys.recovery_code", recovery_code_);
    if (!recovery_code_.empty()) draw_recovery_code();
    else if (!home_.keys().ready()) draw_setup();
    else draw_ready();
    if (busy_) ImGui::TextUnformatted(str::KeysBusy);
    if (!message_.empty()) wrapped_text(message_.c_str());
    ImGui::Spacing();
    ImGui::Separator();
}

void KeysPanel::draw_setup() {
    ImGui::TextColored(ImColor(kColorOffline), "%s", words_.none);
    wrapped_text(words_.explain);
    if (home_.fetch_role) {
        ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 22 * ImGui::GetFontSize()));
        ImGui::InputTextWithHint("##account", str::KeysAccountHint, &account_);
        test_bridge::item("keys.account");
    }
    secret_field("##passphrase", words_.passphrase_hint, passphrase_, "keys.passphrase");
    secret_field("##confirm", str::KeysConfirmHint, confirm_, "keys.confirm");
    storage_key_fields(words_.storage.id_hint, words_.storage.secret_hint);
    ImGui::BeginDisabled(busy_);
    if (ImGui::Button(words_.join)) join();
    test_bridge::item("keys.join");
    ImGui::SameLine();
    if (ImGui::Button(words_.set_up)) set_up();
    test_bridge::item("keys.setup");
    ImGui::EndDisabled();
}

// In S3 storage only: the access key the county issued for this home's part of the bucket.
void KeysPanel::storage_key_fields(const char* id_hint, const char* secret_hint) {
    if (!in_s3()) return;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 22 * ImGui::GetFontSize()));
    ImGui::InputTextWithHint("##storage_id", id_hint, &storage_id_);
    test_bridge::item("keys.storage_id");
    secret_field("##storage_secret", secret_hint, storage_secret_, "keys.storage_secret");
}

S3Credential KeysPanel::typed_storage_key() const {
    return {std::string(trim_spaces(storage_id_)), std::string(trim_spaces(storage_secret_))};
}

void KeysPanel::draw_ready() {
    const Keyring& keys = home_.keys();
    if (!keys.is_clerk()) {  // a role's key file is the clerk's to issue again, not the role's to rewrap
        const std::optional<Scope> role = parse_scope(keys.role);
        ImGui::TextColored(ImColor(kColorOnline), "%s", role && role->kind == ScopeKind::School ? str::KeysReadyAsSchool : str::KeysReadyAsHelper);
        return;
    }
    ImGui::TextColored(ImColor(kColorOnline), "%s", words_.ready);
    if (!changing_) {
        if (ImGui::SmallButton(words_.change)) changing_ = true, message_.clear();
        test_bridge::item("keys.change");
        return;
    }
    secret_field("##passphrase", str::KeysNewPassphraseHint, passphrase_, "keys.passphrase");
    secret_field("##confirm", str::KeysConfirmHint, confirm_, "keys.confirm");
    storage_key_fields(words_.storage.new_id_hint, words_.storage.new_secret_hint);
    ImGui::BeginDisabled(busy_);
    if (ImGui::Button(str::KeysChangeConfirm)) change_passphrase();
    test_bridge::item("keys.change_confirm");
    ImGui::SameLine();
    if (ImGui::Button(str::Cancel)) changing_ = false, passphrase_.clear(), confirm_.clear();
    ImGui::EndDisabled();
}

void KeysPanel::draw_recovery_code() {
    ImGui::TextColored(ImColor(kColorOnline), "%s", words_.recovery_title);
    wrapped_text(words_.recovery_explain);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.4f);
    ImGui::TextUnformatted(recovery_code_.c_str());
    ImGui::PopFont();
    if (ImGui::Button(str::KeysPrintCode)) {
        const std::string date = format_date_iso(china_date(platform_.now_ms()));
        std::string html(4096, '\0');
        html.resize(static_cast<size_t>(std::snprintf(html.data(), html.size(), words_.print_html, html_escaped(home_.label).c_str(),
                                                      recovery_code_.c_str(), date.c_str())));
        platform_.show_print_view(format_text(str::KeysPrintName, home_.label), html);
    }
    test_bridge::item("keys.print_code");
    ImGui::SameLine();
    if (ImGui::Button(str::KeysCodeKept)) recovery_code_.clear(), message_.clear();
    test_bridge::item("keys.code_kept");
}

bool KeysPanel::passphrases_ok(bool confirm) {
    const char* problem = passphrase_problem(passphrase_, confirm ? &confirm_ : nullptr);
    if (problem) message_ = problem;
    return !problem;
}

void KeysPanel::join() {
    if (passphrase_.empty()) return void(message_ = words_.need_passphrase);
    const std::string account(trim_spaces(account_));
    const std::optional<Scope> role = parse_scope(account);
    if (!account.empty() && (!role || (role->kind != ScopeKind::School && role->kind != ScopeKind::Helper)))
        return void(message_ = str::KeysBadAccount);
    busy_ = true, message_.clear();
    auto joined = [this, as_role = !account.empty()](Result<std::string> file) {
        if (!file) return void((busy_ = false, message_ = as_role && file.error().code == ErrorCode::NotFound ? str::KeysNoRoleKeyFile
                                                                                                             : error_text(file.error())));
        join_with(file.value(), [](bool) {});
    };
    if (account.empty()) home_.fetch(std::move(joined));
    else home_.fetch_role(account, std::move(joined));
}

void KeysPanel::join_with(const std::string& key_file, std::function<void(bool joined)> then) {
    if (passphrase_.empty()) return message_ = words_.need_passphrase, then(false);
    busy_ = true, message_.clear();
    const bool by_code = looks_like_recovery_code(passphrase_);
    platform_.vault().unlock(key_file, home_.name, passphrase_, [this, by_code, then = std::move(then)](Result<Keyring> keys) {
        busy_ = false;
        if (!keys) return message_ = error_text(keys.error()), then(false);
        home_.save(std::move(keys.value()));
        changing_ = by_code;  // a recovered township sets a new passphrase next
        finish(by_code ? words_.joined_by_code : words_.joined);
        then(true);
    });
}

// Only where the server has no key file yet: a second set of keys would split the township.
// In S3 storage the access key goes into the keys, which are then wrapped again with it.
void KeysPanel::set_up() {
    if (!passphrases_ok(true)) return;
    const S3Credential storage = typed_storage_key();
    if (in_s3() && storage.empty()) return void(message_ = words_.storage.needed);
    if (in_s3()) home_.use_storage_key(storage);
    busy_ = true, message_.clear();
    home_.fetch([this, secret = passphrase_, storage](Result<std::string> file) {
        if (file) return void((busy_ = false, message_ = words_.already_set_up, forget_typed_key()));
        if (file.error().code != ErrorCode::NotFound) return void((busy_ = false, message_ = error_text(file.error()), forget_typed_key()));
        platform_.vault().create(home_.name, secret, [this, secret, storage](Result<Enrolment> e) {
            if (!e || storage.empty()) return publish(std::move(e), words_.set_up_done);
            e.value().keys.storage = storage;
            platform_.vault().rewrap(e.value().keys, secret, [this](Result<Enrolment> with_key) { publish(std::move(with_key), words_.set_up_done); });
        });
    });
}

// In S3 storage the county may have issued a new access key (the old one revoked): typed here,
// it signs the new key file's put and goes into it, for devices that join from now on.
void KeysPanel::change_passphrase() {
    if (!passphrases_ok(true)) return;
    const S3Credential storage = typed_storage_key();
    if (storage.access_key.empty() != storage.secret.empty()) return void(message_ = str::KeysNeedBothStorageFields);
    Keyring keys = home_.keys();
    if (in_s3() && !storage.empty()) keys.storage = storage, home_.use_storage_key(storage);
    busy_ = true, message_.clear();
    const char* done = storage.empty() ? words_.changed : words_.storage.changed_with;
    platform_.vault().rewrap(keys, passphrase_, [this, done](Result<Enrolment> e) { publish(std::move(e), done); });
}

// The access key typed is the keyring's once it is saved; until then, or when it failed, it is not used.
void KeysPanel::forget_typed_key() {
    if (in_s3()) home_.use_storage_key({});
}

// The key file goes to the server first: if that fails, nothing has changed here.
void KeysPanel::publish(Result<Enrolment> enrolment, const char* done_message) {
    if (!enrolment) return void((busy_ = false, message_ = error_text(enrolment.error()), forget_typed_key()));
    std::string key_file = enrolment.value().key_file;
    home_.publish(std::move(key_file), [this, e = std::move(enrolment.value()), done_message](Result<bool> put) mutable {
        busy_ = false;
        if (!put) return void((message_ = error_text(put.error()), forget_typed_key()));
        recovery_code_ = e.recovery_code;
        home_.save(std::move(e.keys));
        changing_ = false;
        finish(done_message);
    });
}

void KeysPanel::finish(const char* message) {
    forget_typed_key();
    passphrase_.clear(), confirm_.clear(), storage_id_.clear(), storage_secret_.clear();
    message_ = message;
    home_.ready();
}

}  // namespace gy::ui
