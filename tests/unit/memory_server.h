// memory_server.h — a RemoteFolder in memory for tests and benchmarks, with faults on demand.
#pragma once

#include "core/sync.h"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace gy {

struct MemoryServer final : RemoteFolder {
    std::map<std::string, std::string> files;
    std::map<std::string, uint64_t> writes;    // by path: how many times it was written, listed as its version
    std::map<std::string, uint64_t> gets;      // by path: how many times it was asked for
    std::map<std::string, uint64_t> lists;     // by folder: how many times it was listed
    std::function<bool()> fail_request;        // true: this request fails before reaching the server
    std::function<bool()> lose_answer;         // true: the server did it, the answer is lost
    std::string refuse_put_of;                 // a path whose PUTs fail with HTTP 403
    std::function<bool()> store_cut;           // true: a PUT stores only part of the body (a server without atomic PUT)
    std::mt19937* shuffle = nullptr;           // lists in random order
    size_t requests = 0;
    // A folder's version changes when an entry in it is added or changed, as a directory's mtime
    // (nginx) or ETag (Apache): here a hash of what it holds, so that tests writing `files` directly count.
    // With clock_ms it is nginx's: the second of its last change, so a change within the second of
    // the listing before leaves it as that listing saw it.
    bool folder_versions = true;
    const int64_t* clock_ms = nullptr;
    std::map<std::string, std::pair<size_t, int64_t>> changed_at;  // by folder: its hash and the second it was seen
    std::map<std::string, int64_t> written_at;                    // by file, with clock_ms: the second of its last write (nginx's mtime)

    std::string folder_version(const std::string& folder) { return version_of(folder, hash_of(folder)); }
    std::string version_of(const std::string& folder, size_t h) {
        if (!clock_ms) return std::to_string(h);
        auto& [hash, second] = changed_at[folder];
        if (hash != h) hash = h, second = *clock_ms / 1000;
        return std::to_string(second);
    }
    size_t hash_of(const std::string& folder) const {
        size_t h = 0;
        for (auto it = files.lower_bound(folder); it != files.end() && it->first.starts_with(folder); ++it) {
            const std::string rest = it->first.substr(folder.size());
            const size_t slash = rest.find('/');
            const std::string entry = slash == std::string::npos ? rest + '\0' + it->second : rest.substr(0, slash + 1);
            h = h * 1000003 ^ std::hash<std::string>{}(entry);
        }
        return h;
    }
    void written(const std::string& path) {  // the folders whose entries changed, at the second of the write
        if (clock_ms) written_at[path] = *clock_ms / 1000;
        for (size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0; slash = path.rfind('/', slash - 1)) {
            const std::string folder = path.substr(0, slash + 1);
            version_of(folder, hash_of(folder));
        }
    }

    bool fails() { return ++requests, fail_request && fail_request(); }
    static Error unreachable() { return Error{ErrorCode::Unreachable, "connection reset"}; }

    void list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) override {
        if (fails()) return done(unreachable());
        ++lists[folder];
        std::vector<RemoteEntry> out;
        for (auto it = files.lower_bound(folder); it != files.end() && it->first.starts_with(folder); ++it) {
            std::string rest = it->first.substr(folder.size());
            const size_t slash = rest.find('/');
            if (slash != std::string::npos) rest = rest.substr(0, slash + 1);
            if (!out.empty() && out.back().name == rest) continue;
            if (slash != std::string::npos) out.push_back({rest, 0, folder_versions ? folder_version(folder + rest) : ""});
            else out.push_back({rest, it->second.size(), clock_ms ? std::to_string(written_at[it->first]) : std::to_string(writes[it->first])});
        }
        if (shuffle) std::shuffle(out.begin(), out.end(), *shuffle);
        done(std::move(out));
    }
    void get(const std::string& path, std::function<void(Result<std::string>)> done) override {
        if (fails()) return done(unreachable());
        ++gets[path];
        auto it = files.find(path);
        if (it == files.end()) return done(Error{ErrorCode::NotFound, "HTTP 404"});
        if (lose_answer && lose_answer()) return done(unreachable());
        done(it->second);
    }
    void put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) override {
        if (fails()) return done(unreachable());
        if (path == refuse_put_of) return done(Error{ErrorCode::ServerRefused, "HTTP 403"});
        if (store_cut && store_cut()) {
            files[path] = bytes.substr(0, bytes.size() / 2), ++writes[path], written(path);
            return done(unreachable());
        }
        files[path] = std::move(bytes), ++writes[path], written(path);
        if (lose_answer && lose_answer()) return done(unreachable());
        done(true);
    }
};

}  // namespace gy
