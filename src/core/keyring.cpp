// keyring.cpp — the parts of seal.h that need no cryptography: the keyring as
// JSON (the main browser module stores it without linking libsodium) and the
// shape of a recovery code.
#include "json_fields.h"
#include "seal.h"
#include "text.h"

#include <cstdio>

namespace gy {

using nlohmann::json;

template <typename Key>
static json keys_json(const std::map<std::string, Key>& keys) {
    json out = json::object();
    for (const auto& [name, key] : keys) out[name] = hex_encode(key);
    return out;
}

template <typename Key>
static bool keys_from_json(const json& j, const char* field, std::map<std::string, Key>& out) {
    auto it = j.find(field);
    if (it == j.end()) return true;
    if (!it->is_object()) return false;
    for (const auto& [name, hex] : it->items()) {
        Key key;
        if (!hex.is_string() || !hex_decode(hex.template get<std::string>(), key)) return false;
        out[name] = key;
    }
    return true;
}

json device_keys_json(const std::map<uint32_t, PublicKey>& keys) {
    json out = json::object();
    for (const auto& [device, key] : keys) out[device_hex(device)] = hex_encode(key);
    return out;
}

bool device_keys_from_json(const json& j, std::map<uint32_t, PublicKey>& out) {
    if (!j.is_object()) return false;
    for (const auto& [name, hex] : j.items()) {
        unsigned device = 0;
        PublicKey key;
        if (std::sscanf(name.c_str(), "%6x", &device) != 1 || device_hex(device) != name || !hex.is_string() ||
            !hex_decode(hex.get<std::string>(), key))
            return false;
        out[device] = key;
    }
    return true;
}

std::string keyring_to_json(const Keyring& keys) {
    return json{{"format", "gongyu.keyring"},
                {"version", 1},
                {"township", keys.township},
                {"role", keys.role},
                {"scopes", keys_json(keys.scopes)},
                {"recipients", keys_json(keys.recipients)},
                {"township_signer", hex_encode(keys.township_signer)},
                {"role_signers", keys_json(keys.role_signers)},
                {"data", hex_encode(keys.data)},
                {"device_public", hex_encode(keys.device_public)},
                {"device_secret", hex_encode(keys.device_secret)},
                {"signers", device_keys_json(keys.signers)},
                {"clerk_devices", device_keys_json(keys.clerk_devices)},
                {"key_file", keys.key_file},
                {"storage", {{"access_key", keys.storage.access_key}, {"secret", keys.storage.secret}}}}
        .dump();
}

Result<Keyring> keyring_from_json(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || string_or(j, "format") != "gongyu.keyring")
        return Error{ErrorCode::InvalidFormat, "not a keyring"};
    Keyring keys;
    keys.township = string_or(j, "township");
    keys.key_file = string_or(j, "key_file");
    if (keys.township.empty() || !hex_decode(string_or(j, "data"), keys.data) || !hex_decode(string_or(j, "device_public"), keys.device_public) ||
        !hex_decode(string_or(j, "device_secret"), keys.device_secret))
        return Error{ErrorCode::InvalidFormat, "keyring without its keys"};
    const json storage = j.value("storage", json::object());  // keyrings before S3 have none
    if (storage.is_object()) keys.storage = {string_or(storage, "access_key"), string_or(storage, "secret")};
    keys.role = string_or(j, "role", "township");  // keyrings before roles were the clerk's
    if (!keys_from_json(j, "scopes", keys.scopes) || !keys_from_json(j, "recipients", keys.recipients) ||
        !keys_from_json(j, "role_signers", keys.role_signers))
        return Error{ErrorCode::InvalidFormat, "keyring with damaged scope keys"};
    if (j.contains("township_signer") && !hex_decode(string_or(j, "township_signer"), keys.township_signer))
        return Error{ErrorCode::InvalidFormat, "keyring with a damaged township signer"};
    for (auto [name, devices] : {std::pair{"signers", &keys.signers}, std::pair{"clerk_devices", &keys.clerk_devices}})
        if (auto it = j.find(name); it != j.end() && !device_keys_from_json(*it, *devices))
            return Error{ErrorCode::InvalidFormat, std::string("keyring with damaged ") + name};
    return keys;
}

// Eight groups of four characters of Crockford's base32, dashes and spaces optional.
bool looks_like_recovery_code(std::string_view secret) {
    size_t symbols = 0;
    for (char c : secret) {
        if (c == '-' || c == ' ') continue;
        const bool digit = c >= '0' && c <= '9', letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (!digit && !letter) return false;
        ++symbols;
    }
    return symbols == 32;
}

}  // namespace gy
