// remote_folder.cpp — folders answered from memory while their version stands.
#include "remote_folder.h"

#include <algorithm>

namespace gy {

void ListingCache::begin_round(double now_ms, std::string own_folder) {
    now_ms_ = now_ms;
    own_ = std::move(own_folder);
    ++round_;
    answered_from_memory_ = 0;
}

std::string ListingCache::parent_of(const std::string& path) {
    const size_t end = path.ends_with('/') ? path.size() - 1 : path.size();
    const size_t slash = end == 0 ? std::string::npos : path.rfind('/', end - 1);
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// The folder's version as its parent listed it this round, against the version it had when listed.
bool ListingCache::answers_from_memory(const std::string& folder) {
    auto it = folders_.find(folder);
    auto parent = folders_.find(parent_of(folder));
    if (it == folders_.end() || parent == folders_.end() || parent->second.listed_round != round_) return false;
    Folder& f = it->second;
    if (!f.has_listing || f.version.empty()) return false;
    if (folder == own_ && f.own_puts && f.version != f.listed_version) f.listed_version = f.version, f.current = true, f.own_puts = false;
    return f.listed_version == f.version && f.current;
}

void ListingCache::list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) {
    if (answers_from_memory(folder)) {
        ++answered_from_memory_;  // (not counted as listed: the versions of folders inside it may have changed since)
        return done(folders_[folder].entries);
    }
    remote_.list(folder, [this, folder, done = std::move(done)](Result<std::vector<RemoteEntry>> r) {
        if (r) {
            const auto parent = folders_.find(parent_of(folder));
            Folder& f = folders_[folder];
            const bool known = parent != folders_.end() && parent->second.listed_round == round_ && !f.version.empty();
            f.listed_version = known ? f.version : std::string();
            f.current = known && now_ms_ >= f.first_seen_ms + kSettleMs;
            f.has_listing = true, f.own_puts = false, f.listed_round = round_;
            f.entries = r.value();
            for (const RemoteEntry& e : f.entries) {
                if (!e.name.ends_with('/')) continue;
                Folder& child = folders_[folder + e.name];
                if (child.version != e.version) child.version = e.version, child.first_seen_ms = now_ms_;
            }
        }
        done(std::move(r));
    });
}

void ListingCache::get(const std::string& path, std::function<void(Result<std::string>)> done) {
    remote_.get(path, [this, path, done = std::move(done)](Result<std::string> r) {
        if (!r && r.error().code == ErrorCode::NotFound) folders_[parent_of(path)].has_listing = false;  // out of date
        done(std::move(r));
    });
}

void ListingCache::put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) {
    const std::string folder = parent_of(path);
    RemoteEntry put{path.substr(folder.size()), bytes.size()};
    remote_.put(path, std::move(bytes), [this, folder, put = std::move(put), done = std::move(done)](Result<bool> r) {
        Folder& f = folders_[folder];
        if (!r) {
            f.has_listing = false;  // what reached the server is not known: listed again
        } else {
            auto same = std::find_if(f.entries.begin(), f.entries.end(), [&](const RemoteEntry& e) { return e.name == put.name; });
            if (same == f.entries.end()) f.entries.push_back(put);
            else *same = put;
            f.own_puts = true;
        }
        done(std::move(r));
    });
}

}  // namespace gy
