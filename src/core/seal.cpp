// seal.cpp — sealed files and key files with libsodium and zlib.
//
// Index:
//   [SECTION] Compression
//   [SECTION] Sealed files
//   [SECTION] Sealed for readers: the township's roles
//   [SECTION] The roles directory
//   [SECTION] For the county
//   [SECTION] Key files
//   [SECTION] DirectVault
#include "seal.h"

#include "json_fields.h"
#include "scopes.h"
#include "text.h"

#include <sodium.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace gy {

using nlohmann::json;

static constexpr std::string_view kMagic = "GYS1";         // sealed with the township's key
static constexpr std::string_view kReadersMagic = "GYS2";  // sealed for readers (scopes)
static constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
static constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static constexpr size_t kSignatureBytes = crypto_sign_BYTES;
static constexpr size_t kHeaderBytes = 4 + 32 + kNonceBytes;
static constexpr size_t kSlotBytes = crypto_box_SEALBYTES + 32;

static void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    (void)ready;
}

static const uint8_t* bytes_of(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// [SECTION] Compression
//
// Raw deflate at level 9: sync files are mostly Chinese text and repeated
// record IDs, which shrink to a fifth (tests/bench/sync_bench.cpp).

static std::string deflate_raw(std::string_view plain) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, plain.size()), '\0');
    z.next_in = const_cast<Bytef*>(bytes_of(plain));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

static Result<std::string> inflate_raw(std::string_view packed) {
    z_stream z{};
    inflateInit2(&z, -15);
    z.next_in = const_cast<Bytef*>(bytes_of(packed));
    z.avail_in = static_cast<uInt>(packed.size());
    std::string out;
    int status = Z_OK;
    while (status == Z_OK) {
        if (out.size() >= kMaxPlainBytes) { inflateEnd(&z); return Error{ErrorCode::TooLarge, "sealed file inflates past the limit"}; }
        const size_t had = out.size();
        out.resize(had + 64 * 1024);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + had);
        z.avail_out = 64 * 1024;
        status = inflate(&z, Z_NO_FLUSH);
        out.resize(had + 64 * 1024 - z.avail_out);
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END || z.avail_in != 0) return Error{ErrorCode::InvalidFormat, "sealed file's contents do not inflate"};
    return out;
}

// [SECTION] Sealed files

static std::string signed_by(const Keyring& keys, std::string body, std::string_view path) {
    const std::string signed_part = body + std::string(path);
    uint8_t signature[kSignatureBytes];
    crypto_sign_detached(signature, nullptr, bytes_of(signed_part), signed_part.size(), keys.device_secret.data());
    return body.append(reinterpret_cast<const char*>(signature), sizeof signature);
}

// The signer a file names, once its signature holds over the body and the path.
static Result<PublicKey> verify_signed(std::string_view sealed, std::string_view path) {
    PublicKey signer;
    std::memcpy(signer.data(), sealed.data() + 4, signer.size());
    const std::string_view body = sealed.substr(0, sealed.size() - kSignatureBytes);
    const std::string signed_part = std::string(body) + std::string(path);
    if (crypto_sign_verify_detached(bytes_of(sealed.substr(body.size())), bytes_of(signed_part), signed_part.size(), signer.data()) != 0)
        return Error{ErrorCode::Tampered, "signature does not hold for " + std::string(path)};
    return signer;
}

static std::array<uint8_t, kNonceBytes> derive_nonce(const Keyring& keys, std::string_view path, std::string_view plain) {
    std::array<uint8_t, kNonceBytes> nonce;
    crypto_generichash_state state;
    crypto_generichash_init(&state, keys.data.data(), keys.data.size(), nonce.size());
    crypto_generichash_update(&state, bytes_of(path), path.size());
    crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>("\0"), 1);
    crypto_generichash_update(&state, bytes_of(plain), plain.size());
    crypto_generichash_final(&state, nonce.data(), nonce.size());
    return nonce;
}

std::string seal_file(const Keyring& keys, std::string_view path, std::string_view plain) {
    ensure_sodium();
    const std::string packed = deflate_raw(plain);
    const auto nonce = derive_nonce(keys, path, plain);
    std::string out(kMagic);
    out.append(reinterpret_cast<const char*>(keys.device_public.data()), keys.device_public.size());
    out.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
    const size_t at = out.size();
    out.resize(at + packed.size() + kTagBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<uint8_t*>(out.data() + at), &written, bytes_of(packed), packed.size(),
                                               bytes_of(path), path.size(), nullptr, nonce.data(), keys.data.data());
    return signed_by(keys, std::move(out), path);
}

static Result<SecretKey> open_slots(const Keyring& keys, std::string_view body, std::string_view& cipher, std::vector<std::string>& names);

// The role among a file's readers whose signing key signed it, or "township" for the township's own
// signing key (the roles directory): the clerk derives every one of them.
static std::string signing_role(const Keyring& keys, const PublicKey& signer, const std::vector<std::string>& readers) {
    if (!keys.is_clerk()) {
        for (const std::string& reader : readers)
            if (auto it = keys.role_signers.find(reader); it != keys.role_signers.end() && it->second == signer) return reader;
        return {};
    }
    const auto signed_as = [&](std::string_view role) {
        PublicKey pk;
        SigningKey sk;
        role_signing_keys(keys.data, role, pk, sk);
        sodium_memzero(sk.data(), sk.size());
        return pk == signer;
    };
    for (const std::string& reader : readers)
        if (is_role(reader) && signed_as(reader)) return reader;
    return signed_as("township") ? "township" : "";
}

Result<Opened> open_file(const Keyring& keys, std::string_view path, std::string_view sealed) {
    ensure_sodium();
    const bool for_readers = sealed.starts_with(kReadersMagic);
    if (sealed.size() < kHeaderBytes + kTagBytes + kSignatureBytes || !(sealed.starts_with(kMagic) || for_readers))
        return Error{ErrorCode::InvalidFormat, "not a sealed file"};
    Result<PublicKey> signer = verify_signed(sealed, path);
    if (!signer) return signer.error();
    Opened opened;
    opened.signer = signer.value();
    const std::string_view body = sealed.substr(0, sealed.size() - kSignatureBytes);
    std::string_view cipher = body.substr(kHeaderBytes);
    SecretKey key = keys.data;
    if (for_readers) {
        std::vector<std::string> readers;
        Result<SecretKey> file_key = open_slots(keys, body, cipher, readers);
        if (!file_key) return Error{file_key.error().code, file_key.error().detail + ": " + std::string(path)};
        key = file_key.value();
        opened.role = signing_role(keys, opened.signer, readers);
    } else if (keys.is_clerk()) {
        opened.role = "township";
    } else {
        return Error{ErrorCode::WrongKey, "sealed with the township's key, which only the clerk holds: " + std::string(path)};
    }
    if (cipher.size() < kTagBytes) return Error{ErrorCode::InvalidFormat, "sealed file cut short"};
    std::string packed(cipher.size() - kTagBytes, '\0');
    unsigned long long length = 0;
    const bool decrypted = crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(packed.data()), &length, nullptr, bytes_of(cipher),
                                                                      cipher.size(), bytes_of(path), path.size(),
                                                                      bytes_of(body.substr(4 + 32, kNonceBytes)), key.data()) == 0;
    sodium_memzero(key.data(), key.size());
    if (!decrypted) return Error{ErrorCode::WrongKey, "not sealed with this township's key: " + std::string(path)};
    Result<std::string> plain = inflate_raw(packed);
    if (!plain) return plain.error();
    opened.plain = std::move(plain.value());
    return opened;
}

// [SECTION] Sealed for readers: the township's roles
//
// Each reader's slot is the file key in a sealed box (X25519) to the scope's
// public key, so a helper can write a visit for the child's joint school
// without holding that school's secret. The clerk derives every scope's
// secret from the township's key and so opens any slot.

SecretKey scope_secret(const SecretKey& township_key, std::string_view scope) {
    ensure_sodium();
    const std::string message = "gongyu.scope|" + std::string(scope);
    SecretKey out;
    crypto_generichash(out.data(), out.size(), bytes_of(message), message.size(), township_key.data(), township_key.size());
    return out;
}

static void scope_key_pair(const SecretKey& secret, PublicKey& pk, SecretKey& sk) { crypto_box_seed_keypair(pk.data(), sk.data(), secret.data()); }

PublicKey scope_public(const SecretKey& secret) {
    ensure_sodium();
    PublicKey pk;
    SecretKey sk;
    scope_key_pair(secret, pk, sk);
    sodium_memzero(sk.data(), sk.size());
    return pk;
}

static SecretKey role_signing_seed(const SecretKey& township_key, std::string_view role) {
    return scope_secret(township_key, "sign|" + std::string(role));
}

void role_signing_keys(const SecretKey& township_key, std::string_view role, PublicKey& pk, SigningKey& sk) {
    ensure_sodium();
    SecretKey seed = role_signing_seed(township_key, role);
    crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
}

// The secret of a scope this keyring reads: the clerk derives any, the other roles hold theirs.
static std::optional<SecretKey> readable_scope(const Keyring& keys, const std::string& scope) {
    if (keys.is_clerk()) return scope_secret(keys.data, scope);
    if (auto it = keys.scopes.find(scope); it != keys.scopes.end()) return it->second;
    return std::nullopt;
}

static std::optional<PublicKey> recipient_key(const Keyring& keys, const std::string& scope) {
    if (std::optional<SecretKey> secret = readable_scope(keys, scope)) return scope_public(*secret);
    if (auto it = keys.recipients.find(scope); it != keys.recipients.end()) return it->second;
    return std::nullopt;
}

std::string seal_for_readers(const Keyring& keys, std::string_view path, std::string_view plain, const std::vector<std::string>& readers) {
    ensure_sodium();
    SecretKey file_key;
    std::array<uint8_t, kNonceBytes> nonce;
    randombytes_buf(file_key.data(), file_key.size());
    randombytes_buf(nonce.data(), nonce.size());
    std::string slots;
    uint8_t count = 0;
    std::vector<std::string> for_whom = readers;
    if (!keys.is_clerk() && std::find(for_whom.begin(), for_whom.end(), keys.role) == for_whom.end()) for_whom.push_back(keys.role);
    for (const std::string& reader : for_whom) {
        const std::optional<PublicKey> pk = reader.size() < 256 && count < 255 ? recipient_key(keys, reader) : std::nullopt;
        if (!pk) continue;
        uint8_t slot[kSlotBytes];
        crypto_box_seal(slot, file_key.data(), file_key.size(), pk->data());
        slots += static_cast<char>(reader.size());
        slots += reader;
        slots.append(reinterpret_cast<const char*>(slot), sizeof slot);
        ++count;
    }
    const std::string packed = deflate_raw(plain);
    std::string out(kReadersMagic);
    out.append(reinterpret_cast<const char*>(keys.device_public.data()), keys.device_public.size());
    out.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
    out += static_cast<char>(count);
    out += slots;
    const size_t at = out.size();
    out.resize(at + packed.size() + kTagBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<uint8_t*>(out.data() + at), nullptr, bytes_of(packed), packed.size(),
                                               bytes_of(path), path.size(), nullptr, nonce.data(), file_key.data());
    sodium_memzero(file_key.data(), file_key.size());
    return signed_by(keys, std::move(out), path);
}

std::string seal_file_for(const Keyring& keys, std::string_view path, std::string_view plain, std::string_view readers) {
    return readers.empty() ? seal_file(keys, path, plain) : seal_for_readers(keys, path, plain, split_readers(readers));
}

// The file key from the first slot this keyring opens; the body after the slots in cipher.
static Result<SecretKey> open_slots(const Keyring& keys, std::string_view body, std::string_view& cipher, std::vector<std::string>& readers) {
    size_t at = kHeaderBytes;
    if (body.size() <= at) return Error{ErrorCode::InvalidFormat, "no readers"};
    const size_t count = static_cast<unsigned char>(body[at++]);
    std::optional<SecretKey> file_key;
    std::string names;
    for (size_t i = 0; i < count; ++i) {
        const size_t length = at < body.size() ? static_cast<unsigned char>(body[at]) : 0;
        if (at + 1 + length + kSlotBytes > body.size()) return Error{ErrorCode::InvalidFormat, "readers cut short"};
        const std::string name(body.substr(at + 1, length));
        const std::string_view slot = body.substr(at + 1 + length, kSlotBytes);
        at += 1 + length + kSlotBytes;
        names += (names.empty() ? "" : ", ") + name;
        readers.push_back(name);
        if (file_key) continue;
        const std::optional<SecretKey> secret = readable_scope(keys, name);
        if (!secret) continue;
        PublicKey pk;
        SecretKey sk, opened;
        scope_key_pair(*secret, pk, sk);
        if (crypto_box_seal_open(opened.data(), bytes_of(slot), slot.size(), pk.data(), sk.data()) == 0) file_key = opened;
        sodium_memzero(sk.data(), sk.size());
    }
    cipher = body.substr(at);
    if (!file_key) return Error{ErrorCode::WrongKey, "sealed for " + (names.empty() ? std::string("no one") : names) + "; this device reads none of them"};
    return *file_key;
}

// [SECTION] The roles directory

PublicKey township_signer(const SecretKey& township_key) {
    PublicKey pk;
    SigningKey sk;
    role_signing_keys(township_key, "township", pk, sk);
    sodium_memzero(sk.data(), sk.size());
    return pk;
}

std::string seal_roles_directory(const Keyring& clerk, std::string_view path, const std::vector<std::string>& roles) {
    json listed = json::object(), signers = json::object();
    for (const std::string& role : roles) {
        listed[role] = hex_encode(scope_public(scope_secret(clerk.data, role)));
        PublicKey pk;
        SigningKey sk;
        role_signing_keys(clerk.data, role, pk, sk);
        sodium_memzero(sk.data(), sk.size());
        signers[role] = hex_encode(pk);
    }
    json directory{{"format", "gongyu.roles"}, {"township", clerk.township}, {"roles", listed}, {"signers", signers},
                   {"devices", device_keys_json(clerk.clerk_devices)}};
    if (!clerk.storage.empty()) directory["storage"] = {{"access_key", clerk.storage.access_key}, {"secret", clerk.storage.secret}};
    const std::string plain = directory.dump();
    return seal_as_township(clerk, path, plain, {"directory"});
}

std::string seal_as_township(const Keyring& clerk, std::string_view path, std::string_view plain, const std::vector<std::string>& readers) {
    Keyring as_township = clerk;
    role_signing_keys(clerk.data, "township", as_township.device_public, as_township.device_secret);
    std::string sealed = seal_for_readers(as_township, path, plain, readers);
    sodium_memzero(as_township.device_secret.data(), as_township.device_secret.size());
    return sealed;
}

// [SECTION] For the county

static constexpr std::string_view kCountyMagic = "GYB1";

SecretKey new_county_secret() {
    ensure_sodium();
    SecretKey secret;
    randombytes_buf(secret.data(), secret.size());
    return secret;
}

PublicKey county_public(const SecretKey& county_secret) {
    ensure_sodium();
    PublicKey out;
    crypto_scalarmult_base(out.data(), county_secret.data());
    return out;
}

std::string seal_for_county(const PublicKey& county, const Keyring& keys, std::string_view path, std::string_view plain) {
    ensure_sodium();
    const std::string packed = deflate_raw(plain);
    std::string out(kCountyMagic);
    out.append(reinterpret_cast<const char*>(keys.device_public.data()), keys.device_public.size());
    const size_t at = out.size();
    out.resize(at + packed.size() + crypto_box_SEALBYTES);
    crypto_box_seal(reinterpret_cast<uint8_t*>(out.data() + at), bytes_of(packed), packed.size(), county.data());
    return signed_by(keys, std::move(out), path);
}

Result<Opened> open_as_county(const SecretKey& county_secret, std::string_view path, std::string_view sealed) {
    ensure_sodium();
    if (sealed.size() < 4 + 32 + crypto_box_SEALBYTES + kSignatureBytes || !sealed.starts_with(kCountyMagic))
        return Error{ErrorCode::InvalidFormat, "not a county file"};
    Result<PublicKey> signer = verify_signed(sealed, path);
    if (!signer) return signer.error();
    Opened opened;
    opened.signer = signer.value();
    const std::string_view body = sealed.substr(0, sealed.size() - kSignatureBytes);
    const std::string_view box = body.substr(4 + 32);
    std::string packed(box.size() - crypto_box_SEALBYTES, '\0');
    const PublicKey county = county_public(county_secret);
    if (crypto_box_seal_open(reinterpret_cast<uint8_t*>(packed.data()), bytes_of(box), box.size(), county.data(), county_secret.data()) != 0)
        return Error{ErrorCode::WrongKey, "not sealed for this county's key: " + std::string(path)};
    Result<std::string> plain = inflate_raw(packed);
    if (!plain) return plain.error();
    opened.plain = std::move(plain.value());
    return opened;
}

// [SECTION] Photos

static constexpr std::string_view kPhotoMagic = "GYP1";

static std::string photo_name(std::string_view sealed) {
    std::array<uint8_t, 16> hash;
    crypto_generichash(hash.data(), hash.size(), bytes_of(sealed), sealed.size(), nullptr, 0);
    return hex_encode(hash);
}

Result<SealedPhoto> seal_photo(std::string_view jpeg) {
    ensure_sodium();
    if (jpeg.size() > kMaxPhotoBytes) return Error{ErrorCode::TooLarge, "photo of " + std::to_string(jpeg.size()) + " bytes"};
    if (!jpeg.starts_with("\xFF\xD8\xFF")) return Error{ErrorCode::InvalidValue, "not a JPEG"};
    SealedPhoto photo;
    crypto_aead_xchacha20poly1305_ietf_keygen(photo.ref.key.data());
    std::string& out = photo.bytes;
    out.assign(kPhotoMagic);
    out.resize(4 + kNonceBytes + jpeg.size() + kTagBytes);
    uint8_t* nonce = reinterpret_cast<uint8_t*>(out.data() + 4);
    randombytes_buf(nonce, kNonceBytes);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &length, bytes_of(jpeg), jpeg.size(), bytes_of(kPhotoMagic),
                                               kPhotoMagic.size(), nullptr, nonce, photo.ref.key.data());
    photo.ref.name = photo_name(out);
    return photo;
}

Result<std::string> open_photo(const PhotoRef& ref, std::string_view sealed) {
    ensure_sodium();
    if (sealed.size() < 4 + kNonceBytes + kTagBytes || !sealed.starts_with(kPhotoMagic) || photo_name(sealed) != ref.name)
        return Error{ErrorCode::Tampered, "photo " + ref.name + " is not the one its name says"};
    const uint8_t* nonce = bytes_of(sealed) + 4;
    const std::string_view cipher = sealed.substr(4 + kNonceBytes);
    std::string plain(cipher.size() - kTagBytes, '\0');
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(plain.data()), &length, nullptr, bytes_of(cipher), cipher.size(),
                                                   bytes_of(kPhotoMagic), kPhotoMagic.size(), nonce, ref.key.data()) != 0)
        return Error{ErrorCode::Tampered, "photo " + ref.name + " does not open under the key its survey holds"};
    return plain;
}

// [SECTION] Key files
//
//   {"format":"gongyu.keys","version":1,"township":"430422105",
//    "passphrase":{"salt":…,"ops":2,"mem":67108864,"nonce":…,"key":…},
//    "recovery":{"salt":…,"nonce":…,"key":…}}
//
// The passphrase is stretched with Argon2id (libsodium's interactive limits:
// about a second on an old phone); the recovery code carries 160 random bits
// and needs no stretching. Each wrap names the township and its kind as
// associated data, so neither can be moved to another key file.

static constexpr char kKeyFileFormat[] = "gongyu.keys";
static constexpr char kCodeAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford: no I, L, O, U
static constexpr uint64_t kMaxOps = 10;
static constexpr uint64_t kMaxMem = 256u << 20;

Keyring new_keyring(std::string township) {
    ensure_sodium();
    Keyring keys;
    keys.township = std::move(township);
    randombytes_buf(keys.data.data(), keys.data.size());
    new_device_keys(keys);
    return keys;
}

void new_device_keys(Keyring& keys) {
    ensure_sodium();
    crypto_sign_keypair(keys.device_public.data(), keys.device_secret.data());
    keys.signers.clear();
}

Result<Keyring> issue_role_keys(const Keyring& clerk, const std::string& role, const std::vector<std::string>& writable) {
    if (!is_role(role)) return Error{ErrorCode::InvalidValue, "not a joint school's or a helper's role: " + role};
    if (!clerk.is_clerk()) return Error{ErrorCode::InvalidValue, "only the clerk's keys issue a role's"};
    Keyring keys;
    keys.township = clerk.township;
    keys.role = role;
    for (const std::string& read : {std::string("directory"), role}) keys.scopes[read] = scope_secret(clerk.data, read);
    keys.recipients["township"] = scope_public(scope_secret(clerk.data, "township"));
    for (const std::string& w : writable) keys.recipients[w] = scope_public(scope_secret(clerk.data, w));
    role_signing_keys(clerk.data, role, keys.device_public, keys.device_secret);
    keys.township_signer = township_signer(clerk.data);
    keys.storage = clerk.storage;
    return keys;
}

Result<Enrolment> issue_role_key_file(const Keyring& clerk, const std::string& role, std::string_view writable, std::string_view passphrase) {
    Result<Keyring> keys = issue_role_keys(clerk, role, split_readers(writable));
    if (!keys) return keys.error();
    return wrap_keys(keys.value(), passphrase);
}

static std::string normalize_code(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ') continue;
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        out += c;
    }
    return out;
}

static std::string new_recovery_code() {
    std::string code;
    for (int i = 0; i < 32; ++i) {
        if (i && i % 4 == 0) code += '-';
        code += kCodeAlphabet[randombytes_uniform(32)];
    }
    return code;
}

static std::string wrap_ad(const std::string& township, const char* kind) { return std::string(kKeyFileFormat) + "|" + township + "|" + kind; }

static json wrap_key(const SecretKey& data, const SecretKey& wrapping, const std::string& ad) {
    std::array<uint8_t, kNonceBytes> nonce;
    randombytes_buf(nonce.data(), nonce.size());
    std::array<uint8_t, 32 + kTagBytes> wrapped;
    crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.data(), nullptr, data.data(), data.size(), bytes_of(ad), ad.size(), nullptr, nonce.data(),
                                               wrapping.data());
    return {{"nonce", hex_encode(nonce)}, {"key", hex_encode(wrapped)}};
}

static bool unwrap_key(const json& wrap, const SecretKey& wrapping, const std::string& ad, SecretKey& data) {
    std::array<uint8_t, kNonceBytes> nonce;
    std::array<uint8_t, 32 + kTagBytes> wrapped;
    if (!hex_decode(string_or(wrap, "nonce"), nonce) || !hex_decode(string_or(wrap, "key"), wrapped)) return false;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(data.data(), nullptr, nullptr, wrapped.data(), wrapped.size(), bytes_of(ad), ad.size(),
                                                      nonce.data(), wrapping.data()) == 0;
}

static bool stretch_passphrase(std::string_view passphrase, const std::array<uint8_t, crypto_pwhash_SALTBYTES>& salt, uint64_t ops,
                               uint64_t mem, SecretKey& out) {
    return crypto_pwhash(out.data(), out.size(), passphrase.data(), passphrase.size(), salt.data(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

static SecretKey code_key(std::string_view code, const std::array<uint8_t, crypto_pwhash_SALTBYTES>& salt) {
    SecretKey out;
    const std::string normalized = normalize_code(code);
    crypto_generichash(out.data(), out.size(), bytes_of(normalized), normalized.size(), salt.data(), salt.size());
    return out;
}

// {nonce, box}: plain under key with XChaCha20-Poly1305, ad bound to it; the parts of a key file that are not a key.
static json seal_box(std::string_view plain, const std::string& ad, const SecretKey& key) {
    std::array<uint8_t, kNonceBytes> nonce;
    randombytes_buf(nonce.data(), nonce.size());
    std::string box(plain.size() + kTagBytes, '\0');
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<uint8_t*>(box.data()), nullptr, bytes_of(plain), plain.size(), bytes_of(ad), ad.size(),
                                               nullptr, nonce.data(), key.data());
    return {{"nonce", hex_encode(nonce)}, {"box", hex_encode(std::span(bytes_of(box), box.size()))}};
}

// The JSON object a seal_box holds; discarded when it does not open or is not one.
static json open_box(const json& sealed, const std::string& ad, const SecretKey& key) {
    std::array<uint8_t, kNonceBytes> nonce;
    std::vector<uint8_t> box(string_or(sealed, "box").size() / 2);
    if (!sealed.is_object() || !hex_decode(string_or(sealed, "nonce"), nonce) || box.size() < kTagBytes ||
        !hex_decode(string_or(sealed, "box"), std::span(box)))
        return json(json::value_t::discarded);
    std::string plain(box.size() - kTagBytes, '\0');
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(plain.data()), nullptr, nullptr, box.data(), box.size(), bytes_of(ad),
                                                   ad.size(), nonce.data(), key.data()) != 0)
        return json(json::value_t::discarded);
    json j = json::parse(plain, nullptr, false);
    return j.is_object() ? j : json(json::value_t::discarded);
}

// A role's key file (version 2) carries its scope keys and recipients encrypted under a key of its own,
// which the passphrase and the recovery code wrap as the clerk's file wraps the township's key.
static json seal_role_payload(const Keyring& keys, const SecretKey& payload_key) {
    json scopes = json::object(), recipients = json::object();
    for (const auto& [name, key] : keys.scopes) scopes[name] = hex_encode(key);
    for (const auto& [name, key] : keys.recipients) recipients[name] = hex_encode(key);
    const std::string sign = hex_encode(std::span(keys.device_secret.data(), crypto_sign_SEEDBYTES));  // the seed: the key pair's first half
    const std::string plain =
        json{{"scopes", scopes}, {"recipients", recipients}, {"sign", sign}, {"township_signer", hex_encode(keys.township_signer)}}.dump();
    return seal_box(plain, wrap_ad(keys.township, "payload") + "|" + keys.role, payload_key);
}

static bool open_role_payload(const json& file, const SecretKey& payload_key, Keyring& keys) {
    keys.role = string_or(file, "role");
    if (!is_role(keys.role)) return false;
    const json j = open_box(file.value("payload", json::object()), wrap_ad(keys.township, "payload") + "|" + keys.role, payload_key);
    if (j.is_discarded()) return false;
    SecretKey seed;
    if (!hex_decode(string_or(j, "sign"), seed)) return false;
    crypto_sign_seed_keypair(keys.device_public.data(), keys.device_secret.data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
    if (j.contains("township_signer") && !hex_decode(string_or(j, "township_signer"), keys.township_signer)) return false;
    for (const char* part : {"scopes", "recipients"}) {
        const json keyset = j.value(part, json::object());
        if (!keyset.is_object()) return false;
        for (const auto& [name, hex] : keyset.items()) {
            SecretKey key;
            if (!hex.is_string() || !hex_decode(hex.get<std::string>(), key)) return false;
            if (part == std::string_view("scopes")) keys.scopes[name] = key;
            else keys.recipients[name] = key;
        }
    }
    return true;
}

// The township's S3 access key (s3_sign.h) travels in its key files, sealed under the key the
// passphrase and the recovery code wrap: whoever opens the file may reach the township's folder.
static json seal_storage(const Keyring& keys, const SecretKey& wrapped) {
    const json plain{{"access_key", keys.storage.access_key}, {"secret", keys.storage.secret}};
    return seal_box(plain.dump(), wrap_ad(keys.township, "storage"), wrapped);
}

static bool open_storage(const json& file, const SecretKey& wrapped, Keyring& keys) {
    if (!file.contains("storage")) return true;  // a WebDAV township's, or a file from before S3
    const json j = open_box(file["storage"], wrap_ad(keys.township, "storage"), wrapped);
    if (j.is_discarded()) return false;
    keys.storage = {string_or(j, "access_key"), string_or(j, "secret")};
    return true;
}

Result<Enrolment> wrap_keys(const Keyring& keys, std::string_view passphrase) {
    ensure_sodium();
    if (count_code_points(passphrase) < kMinPassphraseChars)
        return Error{ErrorCode::InvalidValue, "passphrase shorter than " + std::to_string(kMinPassphraseChars) + " characters"};
    Enrolment e{keys, {}, new_recovery_code()};
    std::array<uint8_t, crypto_pwhash_SALTBYTES> salt, code_salt;
    randombytes_buf(salt.data(), salt.size());
    randombytes_buf(code_salt.data(), code_salt.size());
    const uint64_t ops = crypto_pwhash_OPSLIMIT_INTERACTIVE, mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    SecretKey stretched;
    if (!stretch_passphrase(passphrase, salt, ops, mem, stretched)) return Error{ErrorCode::TooLarge, "Argon2id ran out of memory"};
    // The clerk's file wraps the township's key; a role's wraps a key to its payload (role_payload).
    SecretKey wrapped = keys.data;
    if (!keys.is_clerk()) randombytes_buf(wrapped.data(), wrapped.size());
    json by_passphrase = wrap_key(wrapped, stretched, wrap_ad(keys.township, "passphrase"));
    by_passphrase["salt"] = hex_encode(salt), by_passphrase["ops"] = ops, by_passphrase["mem"] = mem;
    json by_code = wrap_key(wrapped, code_key(e.recovery_code, code_salt), wrap_ad(keys.township, "recovery"));
    by_code["salt"] = hex_encode(code_salt);
    json file{{"format", kKeyFileFormat}, {"version", 1}, {"township", keys.township}, {"passphrase", by_passphrase}, {"recovery", by_code}};
    if (!keys.is_clerk()) file["version"] = 2, file["role"] = keys.role, file["payload"] = seal_role_payload(keys, wrapped);
    if (!keys.storage.empty()) file["storage"] = seal_storage(keys, wrapped);
    e.keys.key_file = e.key_file = file.dump(1);
    sodium_memzero(stretched.data(), stretched.size());
    sodium_memzero(wrapped.data(), wrapped.size());
    return e;
}

Result<S3Credential> storage_key_in(std::string_view key_file, const Keyring& keys) {
    ensure_sodium();
    const json file = json::parse(key_file, nullptr, false);
    if (file.is_discarded() || !file.is_object() || string_or(file, "format") != kKeyFileFormat) return Error{ErrorCode::InvalidFormat, "not a key file"};
    if (string_or(file, "township") != keys.township) return Error{ErrorCode::OtherTownship, "key file of township " + string_or(file, "township")};
    if (!keys.is_clerk() || file.contains("role")) return Error{ErrorCode::WrongKey, "only the clerk's keys open the township's key file"};
    if (!file.contains("storage")) return Error{ErrorCode::NotFound, "key file without an access key"};
    Keyring opened = keys;
    if (!open_storage(file, keys.data, opened)) return Error{ErrorCode::Tampered, "the access key's box does not open"};
    return opened.storage;
}

Result<Keyring> unlock_key_file(std::string_view key_file, const std::string& township, std::string_view secret) {
    ensure_sodium();
    const json file = json::parse(key_file, nullptr, false);
    if (file.is_discarded() || !file.is_object() || string_or(file, "format") != kKeyFileFormat) return Error{ErrorCode::InvalidFormat, "not a key file"};
    if (string_or(file, "township") != township) return Error{ErrorCode::OtherTownship, "key file of township " + string_or(file, "township")};
    const bool by_code = looks_like_recovery_code(secret);
    const json wrap = file.value(by_code ? "recovery" : "passphrase", json::object());
    std::array<uint8_t, crypto_pwhash_SALTBYTES> salt;
    if (!wrap.is_object() || !hex_decode(string_or(wrap, "salt"), salt)) return Error{ErrorCode::InvalidFormat, "key file without its salt"};
    SecretKey wrapping;
    if (by_code) {
        wrapping = code_key(secret, salt);
    } else {
        const int64_t ops = int_or(wrap, "ops"), mem = int_or(wrap, "mem");
        if (ops < 1 || ops > static_cast<int64_t>(kMaxOps) || mem < 8192 || mem > static_cast<int64_t>(kMaxMem))
            return Error{ErrorCode::InvalidFormat, "key file asks for Argon2id limits out of bounds"};
        if (!stretch_passphrase(secret, salt, static_cast<uint64_t>(ops), static_cast<uint64_t>(mem), wrapping))
            return Error{ErrorCode::TooLarge, "Argon2id ran out of memory"};
    }
    Keyring keys;
    keys.township = township;
    const bool opened = unwrap_key(wrap, wrapping, wrap_ad(township, by_code ? "recovery" : "passphrase"), keys.data);
    sodium_memzero(wrapping.data(), wrapping.size());
    if (!opened) return Error{ErrorCode::WrongPassphrase, by_code ? "the recovery code does not open the key file" : "the passphrase does not open the key file"};
    if (!open_storage(file, keys.data, keys)) return Error{ErrorCode::InvalidFormat, "a key file with a damaged storage key"};
    if (int_or(file, "version") >= 2) {
        const bool read = open_role_payload(file, keys.data, keys);
        sodium_memzero(keys.data.data(), keys.data.size());
        if (!read || keys.is_clerk()) return Error{ErrorCode::InvalidFormat, "a role's key file without its keys"};
    } else {
        new_device_keys(keys);
    }
    keys.key_file = std::string(key_file);
    return keys;
}

// [SECTION] DirectVault

void DirectVault::seal(const Keyring& keys, std::string path, std::string plain, std::string readers,
                       std::function<void(Result<std::string>)> done) {
    done(seal_file_for(keys, path, plain, readers));
}

void DirectVault::open(const Keyring& keys, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) {
    done(open_file(keys, path, sealed));
}

void DirectVault::seal_for(const PublicKey& county, const Keyring& keys, std::string path, std::string plain,
                           std::function<void(Result<std::string>)> done) {
    done(seal_for_county(county, keys, path, plain));
}

void DirectVault::presign(S3Credential credential, S3Request request, std::function<void(Result<std::string>)> done) {
    done(presign_s3(credential, request));
}

void DirectVault::storage_key(const Keyring& keys, std::string key_file, std::function<void(Result<S3Credential>)> done) {
    done(storage_key_in(key_file, keys));
}

void DirectVault::create(std::string township, std::string passphrase, std::function<void(Result<Enrolment>)> done) {
    done(wrap_keys(new_keyring(std::move(township)), passphrase));
}

void DirectVault::rewrap(const Keyring& keys, std::string passphrase, std::function<void(Result<Enrolment>)> done) {
    done(wrap_keys(keys, passphrase));
}

void DirectVault::issue(const Keyring& clerk, std::string role, std::string writable, std::string passphrase,
                        std::function<void(Result<Enrolment>)> done) {
    done(issue_role_key_file(clerk, role, writable, passphrase));
}

void DirectVault::unlock(std::string key_file, std::string township, std::string secret, std::function<void(Result<Keyring>)> done) {
    done(unlock_key_file(key_file, township, secret));
}

void DirectVault::seal_directory(const Keyring& clerk, std::string path, std::string roles, std::function<void(Result<std::string>)> done) {
    done(seal_roles_directory(clerk, path, split_readers(roles)));
}

void DirectVault::seal_as_township(const Keyring& clerk, std::string path, std::string plain, std::string readers,
                                   std::function<void(Result<std::string>)> done) {
    done(gy::seal_as_township(clerk, path, plain, split_readers(readers)));
}

void DirectVault::county_key(const SecretKey& county_secret, std::function<void(Result<PublicKey>)> done) { done(county_public(county_secret)); }

void DirectVault::open_county(const SecretKey& county_secret, std::string path, std::string sealed, std::function<void(Result<Opened>)> done) {
    done(open_as_county(county_secret, path, sealed));
}

void DirectVault::seal_photo(std::string jpeg, std::function<void(Result<SealedPhoto>)> done) { done(gy::seal_photo(jpeg)); }

void DirectVault::open_photo(PhotoRef ref, std::string sealed, std::function<void(Result<std::string>)> done) {
    done(gy::open_photo(ref, sealed));
}

}  // namespace gy
