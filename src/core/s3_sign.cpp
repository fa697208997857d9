// s3_sign.cpp — Signature Version 4 in the query string, as AWS documents it
// (sigv4-query-string-auth): canonical request, string to sign, a signing key
// derived for the day, region and service. Checked against AWS's own example
// and against botocore's presigned URLs (tests/unit/s3_test.cpp).
#include "s3_sign.h"

#include "dates.h"
#include "text.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace gy {
namespace {

constexpr int kMaxExpires = 604'800;  // AWS and OSS refuse a presigned URL valid for longer than 7 days

using Digest = std::string;  // 32 raw bytes

Digest hmac(std::string_view key, std::string_view message) {
    crypto_auth_hmacsha256_state state;
    unsigned char out[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_auth_hmacsha256_final(&state, out);
    return Digest(reinterpret_cast<const char*>(out), sizeof out);
}

std::string sha256_hex(std::string_view text) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return hex_encode(out);
}

// RFC 3986 unreserved characters stay; everything else is %XX, upper case; '/' only where it separates a path.
std::string uri_encode(std::string_view s, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                                c == '_' || c == '.' || c == '~';
        if (unreserved || (keep_slash && c == '/')) out += static_cast<char>(c);
        else out += '%', out += digits[c >> 4], out += digits[c & 15];
    }
    return out;
}

// "20130524T000000Z"
std::string amz_date(int64_t unix_seconds) {
    const int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
    const int64_t second = unix_seconds - days * 86400;
    const Date d = date_from_days(static_cast<int>(days));
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02dZ", d.year, d.month, d.day, static_cast<int>(second / 3600),
                  static_cast<int>(second / 60 % 60), static_cast<int>(second % 60));
    return text;
}

struct SplitUrl {
    std::string origin;  // "https://host[:port]", as the request goes
    std::string host;    // what the browser sends as Host: a default port is left out
    std::string path;    // "/…", not encoded
};

std::optional<SplitUrl> split_url(std::string_view url) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    const std::string_view scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return std::nullopt;
    const size_t host_start = scheme_end + 3, slash = url.find('/', host_start);
    std::string_view host = url.substr(host_start, slash == std::string_view::npos ? std::string_view::npos : slash - host_start);
    if (host.empty() || host.find_first_of("?#@ ") != std::string_view::npos) return std::nullopt;
    if ((scheme == "http" && host.ends_with(":80")) || (scheme == "https" && host.ends_with(":443")))
        host.remove_suffix(scheme == "http" ? 3 : 4);
    std::string path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    if (path.find_first_of("?#") != std::string::npos) return std::nullopt;
    return SplitUrl{std::string(scheme) + "://" + std::string(host), std::string(host), std::move(path)};
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> params) {
    for (auto& [name, value] : params) name = uri_encode(name, false), value = uri_encode(value, false);
    std::sort(params.begin(), params.end());
    std::string out;
    for (const auto& [name, value] : params) out += (out.empty() ? "" : "&") + name + "=" + value;
    return out;
}

}  // namespace

Result<std::string> presign_s3(const S3Credential& credential, const S3Request& request) {
    static const bool sodium_ready = sodium_init() >= 0;
    (void)sodium_ready;
    std::optional<SplitUrl> url = split_url(request.url);
    if (!url) return Error{ErrorCode::InvalidValue, "not an http(s) URL without query: " + request.url};
    if (request.expires < 1 || request.expires > kMaxExpires)
        return Error{ErrorCode::InvalidValue, "expiry of " + std::to_string(request.expires) + " s is not within 1 s to 7 days"};
    const std::string path = uri_encode(url->path, true);
    std::vector<std::pair<std::string, std::string>> params = request.query;
    if (credential.empty()) {
        const std::string query = canonical_query(std::move(params));
        return url->origin + path + (query.empty() ? "" : "?" + query);
    }
    const std::string when = amz_date(request.signed_at), day = when.substr(0, 8);
    const std::string scope = day + "/" + request.region + "/s3/aws4_request";
    params.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    params.emplace_back("X-Amz-Credential", credential.access_key + "/" + scope);
    params.emplace_back("X-Amz-Date", when);
    params.emplace_back("X-Amz-Expires", std::to_string(request.expires));
    params.emplace_back("X-Amz-SignedHeaders", "host");
    const std::string query = canonical_query(std::move(params));
    const std::string canonical_request =
        request.method + "\n" + path + "\n" + query + "\nhost:" + url->host + "\n\nhost\nUNSIGNED-PAYLOAD";
    const std::string string_to_sign = "AWS4-HMAC-SHA256\n" + when + "\n" + scope + "\n" + sha256_hex(canonical_request);
    const Digest key = hmac(hmac(hmac(hmac("AWS4" + credential.secret, day), request.region), "s3"), "aws4_request");
    const Digest signature = hmac(key, string_to_sign);
    return url->origin + path + "?" + query + "&X-Amz-Signature=" +
           hex_encode(std::span(reinterpret_cast<const uint8_t*>(signature.data()), signature.size()));
}

}  // namespace gy
