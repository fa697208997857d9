// module_wire.h — requests and replies as bytes between the app and the files module (two wasm heaps).
//
// The browser app (web.cpp) and the lazily loaded files module
// (files_module.cpp) are separate Emscripten modules; web/platform.js copies
// bytes from one heap to the other. Length-prefixed, little-endian, so any
// cell text (quotes, tabs, line breaks, NULs) passes unchanged.
//   request:  op (1 byte), then its arguments:
//             'W' write .xlsx: title, types, sheet      'R' read .xlsx: the file bytes
//             'S' seal: keyring, path, readers, plain   'O' open: keyring, path, sealed bytes
//             'C' create keys: township, passphrase     'P' rewrap: keyring, passphrase
//             'U' unlock: key file, township, secret    'B' seal for the county: county key, keyring, path, plain
//             'K' the county's public key: its secret   'A' open as the county: its secret, path, sealed bytes
//             'Y' the pinyin of CJK Extension B (core/pinyin.h)
//             'I' issue a role's keys: the clerk's keyring, role, writable scopes, passphrase
//             'D' seal the roles directory: the clerk's keyring, path, roles
//             'T' seal as the township: the clerk's keyring, path, readers, plain
//             'G' seal a photo: the JPEG                 'H' open a photo: its reference (photos.h), sealed bytes
//             'Q' presign an S3 request (core/s3_sign.h): presign_request below
//             'N' the S3 access key in the township's key file: keyring, key file
//   reply:    status (1 byte: 0 ok, 1 error), then ok: payload; error: code (u32) + detail
//             payloads: bytes; a sheet; signer (32), plain, role ('O', 'A'); keyring, key file, recovery code ('C', 'P', 'I'); keyring;
//             public key (32, 'K'); 16-bit readings, little-endian ('Y'); reference, sealed bytes ('G'); the JPEG ('H'); the URL ('Q');
//             access key ID, secret ('N')
// Keyrings travel as keyring_to_json (core/seal.h).
// Depends on: core/csv.h (Sheet), core/xlsx.h (CellType), core/seal.h, core/result.h.
#pragma once

#include "core/csv.h"
#include "core/result.h"
#include "core/seal.h"
#include "core/xlsx.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace gy::wire {

inline void put_u32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
inline void put_text(std::string& out, std::string_view s) {
    put_u32(out, static_cast<uint32_t>(s.size()));
    out.append(s);
}

// Reads what put_* wrote; any overrun makes ok() false and every later read empty.
class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool done() const { return at_ == in_.size(); }
    uint32_t u32() {
        if (!ok_ || in_.size() - at_ < 4) return ok_ = false, 0;
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
        at_ += 4;
        return v;
    }
    std::string_view bytes(size_t n) {
        if (!ok_ || in_.size() - at_ < n) return ok_ = false, std::string_view();
        std::string_view s = in_.substr(at_, n);
        at_ += n;
        return s;
    }
    std::string_view text() { return bytes(u32()); }
    std::string_view rest() { return bytes(in_.size() - at_); }

private:
    std::string_view in_;
    size_t at_ = 0;
    bool ok_ = true;
};

inline void put_sheet(std::string& out, const Sheet& sheet) {
    put_u32(out, static_cast<uint32_t>(sheet.size()));
    for (const auto& row : sheet) {
        put_u32(out, static_cast<uint32_t>(row.size()));
        for (const auto& cell : row) put_text(out, cell);
    }
}
inline Sheet get_sheet(Reader& in) {
    Sheet sheet(in.u32());
    for (auto& row : sheet) {
        if (!in.ok()) break;
        row.resize(in.u32());
        for (auto& cell : row) cell = in.text();
    }
    return in.ok() ? sheet : Sheet();
}

inline std::string write_request(const Sheet& sheet, const std::vector<CellType>& types, std::string_view title) {
    std::string out = "W";
    put_text(out, title);
    put_u32(out, static_cast<uint32_t>(types.size()));
    for (CellType t : types) out += static_cast<char>(t);
    put_sheet(out, sheet);
    return out;
}
inline std::string read_request(std::string_view file_bytes) { return "R" + std::string(file_bytes); }

inline std::string error_reply(const Error& e) {
    std::string out(1, '\1');
    put_u32(out, static_cast<uint32_t>(e.code));
    put_text(out, e.detail);
    return out;
}
inline Error get_error(Reader& in) {
    const auto code = static_cast<ErrorCode>(in.u32());
    std::string detail(in.text());
    if (!in.ok()) return Error{ErrorCode::InvalidFormat, "damaged reply from the files module"};
    return Error{code, std::move(detail)};
}

// The app's side: a reply as the workbook's bytes, or as a sheet.
inline Result<std::string> bytes_reply(std::string_view reply) {
    Reader in(reply);
    const std::string_view status = in.bytes(1);
    if (status == std::string_view("\0", 1)) return std::string(in.rest());
    if (status == "\1") return get_error(in);
    return Error{ErrorCode::InvalidFormat, "empty reply from the files module"};
}
inline Result<Sheet> sheet_reply(std::string_view reply) {
    Reader in(reply);
    const std::string_view status = in.bytes(1);
    if (status == "\1") return get_error(in);
    Sheet sheet = get_sheet(in);
    if (status != std::string_view("\0", 1) || !in.ok() || !in.done())
        return Error{ErrorCode::InvalidFormat, "damaged reply from the files module"};
    return sheet;
}

// [SECTION] Vault requests (seal.h)

inline std::string vault_request(char op, std::initializer_list<std::string_view> texts, std::string_view rest = {}) {
    std::string out(1, op);
    for (std::string_view t : texts) put_text(out, t);
    out.append(rest);
    return out;
}

inline std::string ok_reply(std::initializer_list<std::string_view> texts) {
    std::string out(1, '\0');
    for (std::string_view t : texts) put_text(out, t);
    return out;
}

// 'Q': the credential, the request's fields, then its query as name, value, name, value…
inline std::string presign_request(const S3Credential& credential, const S3Request& r) {
    std::string out = vault_request('Q', {credential.access_key, credential.secret, r.method, r.region, r.url,
                                          std::to_string(r.signed_at), std::to_string(r.expires)});
    for (const auto& [name, value] : r.query) put_text(out, name), put_text(out, value);
    return out;
}
inline bool get_presign_request(Reader& in, S3Credential& credential, S3Request& r) {
    credential.access_key = in.text(), credential.secret = in.text();
    r.method = in.text(), r.region = in.text(), r.url = in.text();
    const std::string signed_at(in.text()), expires(in.text());
    while (in.ok() && !in.done()) {
        std::string name(in.text());
        r.query.emplace_back(std::move(name), std::string(in.text()));
    }
    r.signed_at = std::strtoll(signed_at.c_str(), nullptr, 10), r.expires = static_cast<int>(std::strtol(expires.c_str(), nullptr, 10));
    return in.ok();
}

// The app's side: the texts of an ok reply (count of them), or the error.
inline Result<std::vector<std::string>> texts_reply(std::string_view reply, size_t count) {
    Reader in(reply);
    const std::string_view status = in.bytes(1);
    if (status == "\1") return get_error(in);
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i) out.emplace_back(in.text());
    if (status != std::string_view("\0", 1) || !in.ok() || !in.done()) return Error{ErrorCode::InvalidFormat, "damaged reply from the files module"};
    return out;
}

}  // namespace gy::wire
