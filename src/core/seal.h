// seal.h — what leaves a device is compressed, encrypted and signed.
//
// A township's devices share one secret key (the data key); nothing else ever
// sees a record. Every file a device puts on the server or in a bundle is
//
//     "GYS1" | signer's public key (32) | nonce (24) | XChaCha20-Poly1305(deflate(plain)) | Ed25519 signature (64)
//
// encrypted with the data key, with the file's path as associated data (a
// file moved under another name does not open), and signed by the device that
// wrote it over everything before the signature and the path. So the server,
// which holds no key, can neither read a file nor change, cut or swap one
// unnoticed; and a device of the township cannot pass off its writes as
// another's once that device's key is known (the sync engine pins each
// device's signing key the first time it sees it).
//
// Sealing is deterministic in size (and, for the clerk's own files, in bytes:
// the nonce is a keyed hash of the path and the plaintext; deflate and Ed25519
// are deterministic), so a device checks its own files on the server by size.
//
// Files for the township's other roles (scopes.h) are sealed for their readers:
//
//     "GYS2" | signer (32) | nonce (24) | readers (1) | per reader: name length (1), scope name,
//            crypto_box_seal(file key) (80) | XChaCha20-Poly1305(deflate(plain)) under the file key | signature (64)
//
// The data key reaches a device by a key file (keys/township.gyk on the
// server): the key wrapped twice, once under the township's passphrase
// (Argon2id) and once under a printable recovery code.
//
// A role's devices sign with the role's key, not one of their own, and seal
// every file for their role too: so the clerk, who derives every role's key,
// tells a role's file from the clerk's own and knows which role wrote it
// (Opened::role), and judges what it changes (scopes.h, WriteCheck).
//
// Synchronous and plain C++; the slow parts (Argon2id) take about a second.
// The app reaches them through Vault (asynchronous: in the browser they run
// in the lazily loaded files module). Depends on: result.h, s3_sign.h; libsodium, zlib.
#pragma once

#include "result.h"
#include "s3_sign.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gy {

using SecretKey = std::array<uint8_t, 32>;
using PublicKey = std::array<uint8_t, 32>;
using SigningKey = std::array<uint8_t, 64>;

// What one device of a township holds. Kept in the device's local store.
// The clerk's devices hold the township's key (data) and derive every scope's
// key from it; an administrator's or a helper's hold only their own scopes'
// keys, and the public keys of the scopes they may write for (scopes.h).
struct Keyring {
    std::string township;
    std::string role = "township";         // scopes.h scope_text: "township" (the clerk), "school.…", "helper.…"
    SecretKey data{};                      // the township's key: the clerk's only (zero for other roles)
    std::map<std::string, SecretKey> scopes;       // other roles: the scopes they read ("directory", their own)
    std::map<std::string, PublicKey> recipients;   // other roles: public keys of the scopes they may write for,
                                                   // from the key file and then the roles directory
    PublicKey township_signer{};           // other roles: what the roles directory must be signed with (zero in
                                           // key files issued before the directory: it is not read then)
    std::map<std::string, PublicKey> role_signers;  // other roles: each role's signing key, from the roles directory,
                                                    // so another role's file is known for its role's (Opened::role)
    PublicKey device_public{};             // this device's signing key pair
    SigningKey device_secret{};
    std::map<uint32_t, PublicKey> signers; // other devices' signing keys, pinned when first seen
    std::map<uint32_t, PublicKey> clerk_devices;  // the clerk's devices' signing keys: at the clerk's, those whose files
                                                  // were sealed with the township's key; at another role's, as the
                                                  // roles directory names them (empty before: not checked then)
    std::string key_file;                  // the township's key file as last seen: travels in bundles, so a
                                           // device with no network at all can join with the passphrase
    S3Credential storage;                  // the township's access key to its S3 folder (s3_sign.h): empty on WebDAV;
                                           // travels sealed inside the key file

    bool ready() const { return !township.empty(); }
    bool is_clerk() const { return role == "township"; }
};

// Sealed with the township's key when readers is "", else for those readers: Vault::seal.
std::string seal_file_for(const Keyring& keys, std::string_view path, std::string_view plain, std::string_view readers);

std::string keyring_to_json(const Keyring& keys);
Result<Keyring> keyring_from_json(std::string_view text);
// Devices' signing keys as {"3fa2c1": hex, …}: the keyring's signers, the roles directory's clerk devices.
nlohmann::json device_keys_json(const std::map<uint32_t, PublicKey>& keys);
bool device_keys_from_json(const nlohmann::json& j, std::map<uint32_t, PublicKey>& out);  // false: damaged

// [SECTION] Files

struct Opened {
    std::string plain;
    PublicKey signer{};
    // Who wrote it, as far as this keyring can tell: "township" for a file sealed with the township's
    // key (only the clerk's devices hold it); for a file sealed for readers, the role (scopes.h) whose
    // signing key signed it, when that role is one of the file's readers (the clerk derives every
    // role's; another role knows them from the roles directory, Keyring::role_signers), or "township"
    // when the township's own signing key did (the roles directory, at the clerk's); else "".
    std::string role;
};

// Sealed with the township's key itself: the clerk's devices only ("GYS1").
std::string seal_file(const Keyring& keys, std::string_view path, std::string_view plain);
// Sealed for these scopes (scopes.h readers_text split at '+'): the file's own key is wrapped for
// each scope's X25519 public key ("GYS2"); any one of them, or the clerk, opens it. A scope whose
// public key this keyring does not know is left out (a school made after a helper's key file).
std::string seal_for_readers(const Keyring& keys, std::string_view path, std::string_view plain, const std::vector<std::string>& readers);
// ErrorCode::Tampered: the signature does not hold (changed, cut or moved on the way);
// ErrorCode::WrongKey: signed, but no key here opens it (another township's file, or a scope this role may not read);
// InvalidFormat: not a sealed file at all; TooLarge: would inflate past kMaxPlainBytes.
Result<Opened> open_file(const Keyring& keys, std::string_view path, std::string_view sealed);

inline constexpr size_t kMaxPlainBytes = 64u << 20;

// [SECTION] Keys

// A new township: a fresh data key and this device's signing keys, no key file.
Keyring new_keyring(std::string township);
// A new signing key pair for this device, the data key kept (joining a township).
void new_device_keys(Keyring& keys);

// A scope's secret, derived from the township's key; its X25519 key pair is derived from that.
SecretKey scope_secret(const SecretKey& township_key, std::string_view scope);
PublicKey scope_public(const SecretKey& scope_secret);
// A role's signing key pair (Ed25519), also derived from the township's key: the role's devices sign
// every file with it (their key file carries it), so the clerk knows a role's files for the role's.
void role_signing_keys(const SecretKey& township_key, std::string_view role, PublicKey& pk, SigningKey& sk);
// What a role's device holds, issued from the clerk's keyring: the keys of the scopes it reads
// ("directory" and role) and the public keys of every scope in writable. InvalidValue for a role
// that is not a joint school or a helper.
Result<Keyring> issue_role_keys(const Keyring& clerk, const std::string& role, const std::vector<std::string>& writable);

struct Enrolment {
    Keyring keys;
    std::string key_file;       // JSON, for keys/township.gyk
    std::string recovery_code;  // "ABCD-EFGH-…": 32 characters of Crockford base32, 160 bits
};

// Passphrases: at least kMinPassphraseChars characters (code points), else InvalidValue.
inline constexpr size_t kMinPassphraseChars = 8;

// The data key of keys (a role's: its scope keys and recipients) wrapped under passphrase and a new recovery code.
Result<Enrolment> wrap_keys(const Keyring& keys, std::string_view passphrase);
// A device joins with the township's key file and the passphrase or the
// recovery code (told apart by shape). ErrorCode::WrongPassphrase when it does
// not open, OtherTownship for another township's key file.
Result<Keyring> unlock_key_file(std::string_view key_file, const std::string& township, std::string_view secret);
// The S3 access key in the township's key file, opened with the township's key a clerk's device
// holds (no passphrase): how the clerk's other devices learn a new one. NotFound: the file has
// none; Tampered: its box does not open; WrongKey: a role's keys, which do not hold that key.
Result<S3Credential> storage_key_in(std::string_view key_file, const Keyring& keys);
bool looks_like_recovery_code(std::string_view secret);
// The same, writable as scope names joined by '_', then wrapped under passphrase (what Vault::issue does).
Result<Enrolment> issue_role_key_file(const Keyring& clerk, const std::string& role, std::string_view writable, std::string_view passphrase);

// [SECTION] The roles directory
//
// A role's key file names the schools and helpers of the day it was issued;
// a school or helper issued later would be left out of the files the role's
// devices seal. So the clerk's devices keep keys/roles.gyd on the server: every
// issued role with its public key, sealed for "directory" (every role reads
// it) and signed with the township's own signing key, derived from the
// township's key (so any clerk's device makes it) and carried in every role's
// key file (so no role's device, which can seal for "directory" too, can pass
// off a directory naming a key of its own).

PublicKey township_signer(const SecretKey& township_key);
// Sealed for these readers (as seal_for_readers) and signed with the township's signing key: what only
// the clerk's devices can make. The roles directory, and the commits a clerk's device passes on to a
// role for another device (sync.h, Relays).
std::string seal_as_township(const Keyring& clerk, std::string_view path, std::string_view plain, const std::vector<std::string>& readers);
// The clerk's devices only: these roles (scopes.h is_role) with the public keys the clerk derives for
// them, and the township's S3 access key if it has one, as sync.h parse_roles_directory reads them,
// sealed for "directory" and signed as the township.
std::string seal_roles_directory(const Keyring& clerk, std::string_view path, const std::vector<std::string>& roles);

// [SECTION] For the county: figures only the county's key opens
//
// A township's devices send the county aggregate figures (no personal data)
// sealed to the county's public key (X25519, libsodium's sealed box): neither
// the server nor another township can read them, and the county cannot read
// anything else. The county's public key reaches the app from the portal page
// that embeds it (data-county-key), as trusted as the app's code; the server
// cannot swap it. Layout: "GYB1" | signer (32) | crypto_box_seal(deflate(plain)) | signature (64).

SecretKey new_county_secret();
PublicKey county_public(const SecretKey& county_secret);
std::string seal_for_county(const PublicKey& county, const Keyring& keys, std::string_view path, std::string_view plain);
Result<Opened> open_as_county(const SecretKey& county_secret, std::string_view path, std::string_view sealed);

// [SECTION] Photos
//
// A household photo (photos.h) is sealed with a key made for it alone, which
// the survey that shows it carries in its photos field: whoever may read the
// survey, through whichever stream it reached them, opens its photos, and
// nobody else. One file serves every reader, and is named by a hash of its
// sealed bytes, so a photo changed or swapped on the server does not open:
//
//     "GYP1" | nonce (24) | XChaCha20-Poly1305(JPEG) under the photo's key, "GYP1" as associated data
//
// No deflate (a JPEG does not shrink) and no signature: the name, inside a
// signed change file, already says which bytes are meant.

struct PhotoRef {
    std::string name;  // 32 hex digits: BLAKE2b-128 of the sealed photo
    SecretKey key{};
    bool operator==(const PhotoRef&) const = default;
};
struct SealedPhoto {
    PhotoRef ref;
    std::string bytes;
};

// Within the 1 MB a county's server takes in one PUT (README: client_max_body_size, LimitRequestBody);
// the browser's photos are ~200 KB (platform.h kPhotoSide).
inline constexpr size_t kMaxPhotoBytes = 1'000'000;
// InvalidValue: not a JPEG (the browser makes every photo one, photos.h); TooLarge: over kMaxPhotoBytes.
Result<SealedPhoto> seal_photo(std::string_view jpeg);
// Tampered: the bytes are not the ones the name says, or do not open under the key.
Result<std::string> open_photo(const PhotoRef& ref, std::string_view sealed);

// [SECTION] Vault: the same, asynchronously, as the app reaches it

class Vault {
public:
    virtual ~Vault() = default;
    // readers: scope names joined by '_' (scopes.h readers_text) for seal_for_readers; "" for seal_file.
    virtual void seal(const Keyring& keys, std::string path, std::string plain, std::string readers,
                      std::function<void(Result<std::string>)> done) = 0;
    virtual void open(const Keyring& keys, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) = 0;
    virtual void seal_for(const PublicKey& county, const Keyring& keys, std::string path, std::string plain,
                          std::function<void(Result<std::string>)> done) = 0;
    virtual void create(std::string township, std::string passphrase, std::function<void(Result<Enrolment>)> done) = 0;
    virtual void rewrap(const Keyring& keys, std::string passphrase, std::function<void(Result<Enrolment>)> done) = 0;
    // A role's keys issued by the clerk (issue_role_keys; writable joined by '_') and wrapped under passphrase.
    virtual void issue(const Keyring& clerk, std::string role, std::string writable, std::string passphrase,
                       std::function<void(Result<Enrolment>)> done) = 0;
    virtual void unlock(std::string key_file, std::string township, std::string secret, std::function<void(Result<Keyring>)> done) = 0;
    // The roles directory (seal_roles_directory; roles joined by '_').
    virtual void seal_directory(const Keyring& clerk, std::string path, std::string roles, std::function<void(Result<std::string>)> done) = 0;
    // seal_as_township (readers joined by '_').
    virtual void seal_as_township(const Keyring& clerk, std::string path, std::string plain, std::string readers,
                                  std::function<void(Result<std::string>)> done) = 0;
    // The county's side (county_view.h): its public key from its secret, and a township's figures opened.
    virtual void county_key(const SecretKey& county_secret, std::function<void(Result<PublicKey>)> done) = 0;
    virtual void open_county(const SecretKey& county_secret, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) = 0;
    virtual void seal_photo(std::string jpeg, std::function<void(Result<SealedPhoto>)> done) = 0;
    virtual void open_photo(PhotoRef ref, std::string sealed, std::function<void(Result<std::string>)> done) = 0;
    virtual void presign(S3Credential credential, S3Request request, std::function<void(Result<std::string>)> done) = 0;  // presign_s3
    virtual void storage_key(const Keyring& keys, std::string key_file, std::function<void(Result<S3Credential>)> done) = 0;  // storage_key_in
};

// Calls the functions above at once: native builds and tests.
class DirectVault : public Vault {
public:
    void seal(const Keyring& keys, std::string path, std::string plain, std::string readers,
              std::function<void(Result<std::string>)> done) override;
    void open(const Keyring& keys, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) override;
    void seal_for(const PublicKey& county, const Keyring& keys, std::string path, std::string plain,
                  std::function<void(Result<std::string>)> done) override;
    void create(std::string township, std::string passphrase, std::function<void(Result<Enrolment>)> done) override;
    void rewrap(const Keyring& keys, std::string passphrase, std::function<void(Result<Enrolment>)> done) override;
    void issue(const Keyring& clerk, std::string role, std::string writable, std::string passphrase,
               std::function<void(Result<Enrolment>)> done) override;
    void unlock(std::string key_file, std::string township, std::string secret, std::function<void(Result<Keyring>)> done) override;
    void seal_directory(const Keyring& clerk, std::string path, std::string roles, std::function<void(Result<std::string>)> done) override;
    void seal_as_township(const Keyring& clerk, std::string path, std::string plain, std::string readers,
                          std::function<void(Result<std::string>)> done) override;
    void county_key(const SecretKey& county_secret, std::function<void(Result<PublicKey>)> done) override;
    void open_county(const SecretKey& county_secret, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) override;
    void seal_photo(std::string jpeg, std::function<void(Result<SealedPhoto>)> done) override;
    void open_photo(PhotoRef ref, std::string sealed, std::function<void(Result<std::string>)> done) override;
    void presign(S3Credential credential, S3Request request, std::function<void(Result<std::string>)> done) override;
    void storage_key(const Keyring& keys, std::string key_file, std::function<void(Result<S3Credential>)> done) override;
};

}  // namespace gy
