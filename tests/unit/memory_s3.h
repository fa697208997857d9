// memory_s3.h — an S3 bucket in memory for native tests, answering as AWS does:
// presigned GET and PUT of objects, ListObjectsV2 with delimiter and pages,
// XML errors. Every request's signature is checked by signing it again with
// the secret the bucket knows (presign_s3, itself checked against botocore in
// s3_sign_test.cpp), and its validity against the bucket's own clock.
#pragma once

#include "core/dates.h"
#include "core/s3_sign.h"
#include "core/sync_service.h"

#include <cstdlib>
#include <map>
#include <set>
#include <string>

namespace gy::test {

struct MemoryS3 {
    std::string bucket_url = "http://s3.test/gongyu/";
    S3Credential credential{"LTAI5tGONGYUTEST", "secret/of+the=township"};
    // The county viewer's (README's county policy): lists the root, reads */aggregates/*, reads and writes county/*.
    S3Credential county{"LTAI5tCOUNTYVIEW", "county/reads+the=figures"};
    bool anyone_reads_keys = true;   // the bucket policy of the README: */keys/* and county/county.gyk may be read unsigned
    size_t page_size = 1000;         // keys a ListObjectsV2 page holds
    int64_t now = 1'796'256'000;     // the bucket's clock, seconds
    std::map<std::string, std::string> objects;  // by key
    size_t requests = 0, refused = 0;
    std::string last_refusal;  // the S3 error code and the request it answered

    static std::string decode(std::string_view s) {
        std::string out;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) out += static_cast<char>(std::strtol(std::string(s.substr(i + 1, 2)).c_str(), nullptr, 16)), i += 2;
            else out += s[i];
        }
        return out;
    }
    static std::string error(const std::string& code) { return "<?xml version=\"1.0\"?><Error><Code>" + code + "</Code><Message>test</Message></Error>"; }

    // Seconds of an X-Amz-Date, 20261203T000000Z.
    static int64_t parse_amz_date(const std::string& t) {
        if (t.size() != 16) return -1;
        const Date d{std::atoi(t.substr(0, 4).c_str()), std::atoi(t.substr(4, 2).c_str()), std::atoi(t.substr(6, 2).c_str())};
        return int64_t(days_from_date(d)) * 86400 + std::atoi(t.substr(9, 2).c_str()) * 3600 + std::atoi(t.substr(11, 2).c_str()) * 60 +
               std::atoi(t.substr(13, 2).c_str());
    }

    // What the county's key may do: the object key, or the listing's prefix.
    static bool county_may(const std::string& method, const std::string& key, bool listing) {
        const size_t slash = key.find('/');
        const bool figures = slash != std::string::npos && key.compare(slash, 12, "/aggregates/") == 0;
        if (listing) return key.empty() || figures;
        return key.starts_with("county/") || (method == "GET" && figures);
    }

    // "" when the request is let in, else the S3 error code it gets. key: the object's, or the listing's prefix.
    std::string check(const std::string& method, const std::string& path, const std::string& key, bool listing,
                      std::map<std::string, std::string>& query) {
        if (!query.contains("X-Amz-Signature")) {
            const bool key_file = method == "GET" && (key.find("/keys/") != std::string::npos || key == "county/county.gyk");
            return key_file && anyone_reads_keys ? "" : "AccessDenied";
        }
        const std::string given = query["X-Amz-Signature"], scope = query["X-Amz-Credential"];
        const int64_t signed_at = parse_amz_date(query["X-Amz-Date"]);
        const int expires = std::atoi(query["X-Amz-Expires"].c_str());
        const bool by_county = scope.starts_with(county.access_key + "/");
        if (!by_county && !scope.starts_with(credential.access_key + "/")) return "InvalidAccessKeyId";
        if (now < signed_at - 900 || now > signed_at + expires) return "AccessDenied";  // "Request has expired" / not yet valid
        S3Request again{method, scope.substr(scope.find('/') + 10, scope.find("/s3/") - scope.find('/') - 10), path, {}, signed_at, expires};
        for (const auto& [name, value] : query)
            if (!name.starts_with("X-Amz-")) again.query.emplace_back(name, value);
        Result<std::string> url = presign_s3(by_county ? county : credential, again);
        if (!url || !url.value().ends_with("X-Amz-Signature=" + given)) return "SignatureDoesNotMatch";
        return !by_county || county_may(method, key, listing) ? "" : "AccessDenied";
    }

    std::string list(const std::map<std::string, std::string>& query) {
        const std::string prefix = query.contains("prefix") ? query.at("prefix") : "";
        const std::string after = query.contains("continuation-token") ? query.at("continuation-token") : "";
        std::string contents, prefixes, last;
        std::set<std::string> common;
        size_t n = 0;
        bool truncated = false;
        for (auto it = objects.lower_bound(prefix); it != objects.end() && it->first.starts_with(prefix); ++it) {
            const size_t slash = it->first.find('/', prefix.size());
            const std::string entry = slash == std::string::npos ? it->first : it->first.substr(0, slash + 1);
            if (entry <= after || common.contains(entry)) continue;
            if (n == page_size) {
                truncated = true;
                break;
            }
            ++n, last = entry;
            if (slash != std::string::npos) common.insert(entry), prefixes += "<CommonPrefixes><Prefix>" + entry + "</Prefix></CommonPrefixes>";
            else contents += "<Contents><Key>" + entry + "</Key><Size>" + std::to_string(it->second.size()) + "</Size><ETag>&quot;" +
                             std::to_string(std::hash<std::string>{}(it->second)) + "&quot;</ETag></Contents>";
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>gongyu</Name>"
               "<Prefix>" + prefix + "</Prefix><KeyCount>" + std::to_string(n) + "</KeyCount><IsTruncated>" + (truncated ? "true" : "false") +
               "</IsTruncated>" + (truncated ? "<NextContinuationToken>" + last + "</NextContinuationToken>" : "") + contents + prefixes +
               "</ListBucketResult>";
    }

    HttpFn handler() {
        return [this](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
            ++requests;
            const size_t mark = url.find('?');
            const std::string path = decode(url.substr(0, mark));
            std::map<std::string, std::string> query;
            for (size_t at = mark; at != std::string::npos && at < url.size();) {
                const size_t end = url.find('&', at + 1), eq = url.find('=', at + 1);
                const std::string_view pair = std::string_view(url).substr(at + 1, (end == std::string::npos ? url.size() : end) - at - 1);
                query[decode(pair.substr(0, eq - at - 1))] = eq < end ? decode(pair.substr(eq - at)) : "";
                at = end;
            }
            if (!path.starts_with(bucket_url)) return done({404, error("NoSuchBucket")});
            if (method == "HEAD") return done({403, {}});  // the app's "is the server there" probe: S3 answers it unsigned so
            const std::string key = path.substr(bucket_url.size());
            const bool listing = key.empty() && query["list-type"] == "2";
            if (const std::string refusal = check(method, path, listing ? query["prefix"] : key, listing, query); !refusal.empty())
                return ++refused, last_refusal = refusal + " " + method + " " + url, done({403, error(refusal)});
            if (method == "PUT") return objects[key] = std::move(body), done({200, {}});
            if (listing) return done({200, list(query)});
            auto it = objects.find(key);
            done(it == objects.end() ? HttpResponse{404, error("NoSuchKey")} : HttpResponse{200, it->second});
        };
    }
};

}  // namespace gy::test
