// files_module.cpp — the browser's files module: core/xlsx.cpp and core/seal.cpp with their libraries as a second wasm.
//
// Built as gongyu_files.js/.wasm (MODULARIZE, EXPORT_NAME=GongyuFilesModule)
// and fetched by web/platform.js only the first time a user exports or imports
// an .xlsx or a sync round seals or opens a file, so the first visit does not
// carry libxlsxwriter, zlib, pugixml and libsodium. It also carries the
// pinyin of CJK Extension B, asked for when a name first needs it. One call: a request
// (module_wire.h) in, a reply out, both in this module's heap.
// Depends on: core/xlsx.h, core/seal.h, core/pinyin.h, platform/module_wire.h, Emscripten.
#include "core/photos.h"
#include "core/pinyin.h"
#include "core/scopes.h"
#include "platform/module_wire.h"

#include <emscripten.h>

#include <cstdlib>
#include <cstring>
#include <optional>

namespace {

using namespace gy;

std::string enrolment_reply(const Result<Enrolment>& e) {
    if (!e) return wire::error_reply(e.error());
    return wire::ok_reply({keyring_to_json(e.value().keys), e.value().key_file, e.value().recovery_code});
}

std::string opened_reply(const Result<Opened>& opened) {
    if (!opened) return wire::error_reply(opened.error());
    const auto& signer = opened.value().signer;
    return wire::ok_reply({std::string_view(reinterpret_cast<const char*>(signer.data()), signer.size()), opened.value().plain, opened.value().role});
}

std::string sealed_photo_reply(const Result<SealedPhoto>& photo) {
    if (!photo) return wire::error_reply(photo.error());
    return wire::ok_reply({photo_ref_text(photo.value().ref), photo.value().bytes});
}

// The county's side: 'K' its public key, 'A' a township's figures opened; nullopt: neither.
std::optional<std::string> serve_county(std::string_view op, wire::Reader& in) {
    if (op != "K" && op != "A") return std::nullopt;
    const std::string_view secret_bytes = in.text();
    const std::string path(op == "A" ? in.text() : std::string_view());
    const std::string_view sealed = in.rest();
    SecretKey secret;
    if (!in.ok() || secret_bytes.size() != secret.size()) return wire::error_reply({ErrorCode::InvalidFormat, "damaged county request"});
    std::memcpy(secret.data(), secret_bytes.data(), secret.size());
    if (op == "A") return opened_reply(open_as_county(secret, path, sealed));
    const PublicKey key = county_public(secret);
    return wire::ok_reply({std::string_view(reinterpret_cast<const char*>(key.data()), key.size())});
}

// Seal, open and the key files (core/seal.h); nullopt: not a vault request.
std::optional<std::string> serve_vault(std::string_view op, wire::Reader& in) {
    if (std::optional<std::string> reply = serve_county(op, in)) return reply;
    const auto damaged = [] { return wire::error_reply({ErrorCode::InvalidFormat, "damaged vault request"}); };
    if (op == "S" || op == "T" || op == "O" || op == "P") {
        Result<Keyring> keys = keyring_from_json(in.text());
        const std::string path(op == "P" ? std::string_view() : in.text());
        const std::string readers(op == "S" || op == "T" ? in.text() : std::string_view());
        const std::string_view rest = op == "P" ? in.text() : in.rest();
        if (!in.ok() || !in.done()) return damaged();
        if (!keys) return wire::error_reply(keys.error());
        if (op == "P") return enrolment_reply(wrap_keys(keys.value(), rest));
        if (op == "S") return wire::ok_reply({seal_file_for(keys.value(), path, rest, readers)});
        if (op == "T") return wire::ok_reply({seal_as_township(keys.value(), path, rest, split_readers(readers))});
        return opened_reply(open_file(keys.value(), path, rest));
    }
    if (op == "B") {
        const std::string_view county = in.text();
        Result<Keyring> keys = keyring_from_json(in.text());
        const std::string path(in.text());
        const std::string_view plain = in.rest();
        PublicKey key;
        if (!in.ok() || county.size() != key.size()) return damaged();
        if (!keys) return wire::error_reply(keys.error());
        std::memcpy(key.data(), county.data(), key.size());
        return wire::ok_reply({seal_for_county(key, keys.value(), path, plain)});
    }
    if (op == "D") {
        Result<Keyring> clerk = keyring_from_json(in.text());
        const std::string path(in.text());
        const std::string_view roles = in.text();
        if (!in.ok() || !in.done()) return damaged();
        if (!clerk) return wire::error_reply(clerk.error());
        return wire::ok_reply({seal_roles_directory(clerk.value(), path, split_readers(roles))});
    }
    if (op == "G") return sealed_photo_reply(seal_photo(in.rest()));
    if (op == "H") {
        const std::optional<PhotoRef> ref = parse_photo_ref(in.text());
        const std::string_view sealed = in.rest();
        if (!in.ok() || !ref) return damaged();
        Result<std::string> jpeg = open_photo(*ref, sealed);
        return jpeg ? wire::ok_reply({jpeg.value()}) : wire::error_reply(jpeg.error());
    }
    if (op == "C") {
        const std::string township(in.text());
        const std::string_view passphrase = in.text();
        if (!in.ok() || !in.done()) return damaged();
        return enrolment_reply(wrap_keys(new_keyring(township), passphrase));
    }
    if (op == "I") {
        Result<Keyring> clerk = keyring_from_json(in.text());
        const std::string role(in.text());
        const std::string_view writable = in.text(), passphrase = in.text();
        if (!in.ok() || !in.done()) return damaged();
        if (!clerk) return wire::error_reply(clerk.error());
        return enrolment_reply(issue_role_key_file(clerk.value(), role, writable, passphrase));
    }
    if (op == "Q") {
        S3Credential credential;
        S3Request request;
        if (!wire::get_presign_request(in, credential, request)) return damaged();
        Result<std::string> url = presign_s3(credential, request);
        return url ? wire::ok_reply({url.value()}) : wire::error_reply(url.error());
    }
    if (op == "N") {
        Result<Keyring> keys = keyring_from_json(in.text());
        const std::string_view key_file = in.text();
        if (!in.ok() || !in.done()) return damaged();
        if (!keys) return wire::error_reply(keys.error());
        Result<S3Credential> storage = storage_key_in(key_file, keys.value());
        return storage ? wire::ok_reply({storage.value().access_key, storage.value().secret}) : wire::error_reply(storage.error());
    }
    if (op == "U") {
        const std::string_view key_file = in.text();
        const std::string township(in.text());
        const std::string_view secret = in.text();
        if (!in.ok() || !in.done()) return damaged();
        Result<Keyring> keys = unlock_key_file(key_file, township, secret);
        return keys ? wire::ok_reply({keyring_to_json(keys.value())}) : wire::error_reply(keys.error());
    }
    return std::nullopt;
}

std::string serve(std::string_view request) {
    wire::Reader in(request);
    const std::string_view op = in.bytes(1);
    if (std::optional<std::string> reply = serve_vault(op, in)) return *reply;
    if (op == "W") {
        const std::string title(in.text());
        std::vector<CellType> types(in.u32());
        for (auto& t : types) {
            const std::string_view b = in.bytes(1);
            t = b.empty() || static_cast<unsigned char>(b[0]) > static_cast<unsigned char>(CellType::Number) ? CellType::Text
                                                                                                            : static_cast<CellType>(b[0]);
        }
        const Sheet sheet = wire::get_sheet(in);
        if (!in.ok() || !in.done()) return wire::error_reply({ErrorCode::InvalidFormat, "damaged write request"});
        Result<std::string> bytes = write_xlsx(sheet, types, title);
        return bytes ? std::string(1, '\0') + bytes.value() : wire::error_reply(bytes.error());
    }
    if (op == "Y") {  // Extension B's pinyin readings, little-endian
        std::string out(1, '\0');
        for (uint16_t v : extension_b_table()) out += static_cast<char>(v & 0xFF), out += static_cast<char>(v >> 8);
        return out;
    }
    if (op == "R") {
        Result<Sheet> sheet = read_xlsx(in.rest());
        if (!sheet) return wire::error_reply(sheet.error());
        std::string out(1, '\0');
        wire::put_sheet(out, sheet.value());
        return out;
    }
    return wire::error_reply({ErrorCode::InvalidFormat, "unknown request"});
}

}  // namespace

extern "C" {

// request: malloc'ed by the caller (platform.js), freed here. Returns a malloc'ed reply; its length in *length.
EMSCRIPTEN_KEEPALIVE char* gongyu_files_run(char* request, int request_length, int* length) {
    std::string reply = serve(std::string_view(request, static_cast<size_t>(request_length)));
    std::free(request);
    char* out = static_cast<char*>(std::malloc(reply.size() ? reply.size() : 1));
    std::memcpy(out, reply.data(), reply.size());
    *length = static_cast<int>(reply.size());
    return out;
}

}  // extern "C"
