// memory_http.h — a WebDAV-style static server in memory for the native UI
// tests: GET a file (404 when absent), PUT one, GET a folder for nginx's
// `autoindex_format json` listing. Several harnesses (devices) share one.
#pragma once

#include "core/sync_service.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>

namespace gy::test {

struct MemoryHttp {
    std::map<std::string, std::string> files;  // by URL

    HttpFn handler() {
        return [this](const std::string& method, const std::string& url, std::string body, std::function<void(HttpResponse)> done) {
            if (method == "PUT") return files[url] = std::move(body), done({201, {}});
            if (!url.ends_with('/')) {
                auto it = files.find(url);
                return it == files.end() ? done({404, {}}) : done({200, it->second});
            }
            nlohmann::json listing = nlohmann::json::array();
            std::set<std::string> folders;
            for (const auto& [path, bytes] : files) {
                if (!path.starts_with(url)) continue;
                const std::string rest = path.substr(url.size());
                const size_t slash = rest.find('/');
                if (slash == std::string::npos) listing.push_back({{"name", rest}, {"type", "file"}, {"size", bytes.size()}});
                else if (folders.insert(rest.substr(0, slash)).second) listing.push_back({{"name", rest.substr(0, slash)}, {"type", "directory"}});
            }
            done(listing.empty() ? HttpResponse{404, {}} : HttpResponse{200, listing.dump()});
        };
    }
};

}  // namespace gy::test
