// s3_sign.h — URLs for S3-compatible object storage (AWS S3, Aliyun OSS, Tencent COS, Huawei OBS),
// signed with AWS Signature Version 4 in the query string ("presigned URLs").
//
// The credential signs each request on the device and never goes on the wire:
// the URL carries only the access key's ID, the signature and its scope. Query
// signing needs no Authorization or x-amz-* headers, so the platform sends a
// plain GET or PUT like any other (and a browser's GET needs no CORS preflight).
// The payload is not hashed (UNSIGNED-PAYLOAD): every file the app puts is
// sealed and signed by its writer already (seal.h), which says more than a
// hash the storage checks.
// HMAC-SHA-256 is libsodium's: this file builds with seal.cpp (the files module in the browser).
// Depends on: result.h.
#pragma once

#include "result.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gy {

// A township's access key, issued by the county for its folder alone (README: S3 and Aliyun OSS).
struct S3Credential {
    std::string access_key;  // "LTAI5t…" (Aliyun) or "AKIA…" (AWS)
    std::string secret;
    bool empty() const { return access_key.empty() || secret.empty(); }
    bool operator==(const S3Credential&) const = default;
};

struct S3Request {
    std::string method;  // GET or PUT
    std::string region;  // "oss-cn-changsha", "us-east-1"
    // The bucket's URL and the object's key, as written (UTF-8, not percent-encoded):
    // "https://gongyu.oss-cn-changsha.aliyuncs.com/大塘镇/changes/00000001-000001.gys".
    std::string url;
    std::vector<std::pair<std::string, std::string>> query;  // not percent-encoded
    int64_t signed_at = 0;                                   // seconds since 1970 (UTC)
    int expires = 900;                                       // seconds; at most 604800 (7 days)
};

// The URL to send: the request's URL percent-encoded, with its query and, when the
// credential is not empty, the signature. InvalidValue: not an http(s) URL, or expiry out of range.
Result<std::string> presign_s3(const S3Credential& credential, const S3Request& request);

}  // namespace gy
