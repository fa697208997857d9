// remote_folder.cpp — folders answered from memory while their version stands.
#include "remote_folder.h"

#include <algorithm>
#include <string_view>

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

// [SECTION] Folders answered from memory

// The folder's version as its parent listed it this round, against the version it had when listed; its
// tail's, against the one read. On S3 (no folder versions) the tail alone speaks for another's folder:
// its version is its content's hash.
bool ListingCache::answers_from_memory(const std::string& folder) {
    auto it = folders_.find(folder);
    auto parent = folders_.find(parent_of(folder));
    if (it == folders_.end() || parent == folders_.end() || parent->second.listed_round != round_) return false;
    Folder& f = it->second;
    if (!f.has_listing || now_ms_ >= f.listed_whole_ms + kListWholeEveryMs) return false;
    const bool own = folder == own_;
    if (own && f.own_puts && f.version != f.listed_version) f.listed_version = f.version, f.current = true, f.own_puts = false;
    const bool tail_unchanged = own || f.tail_version == f.tail_read;
    if (f.version.empty()) return !own && !f.tail_version.empty() && tail_unchanged;
    return f.listed_version == f.version && f.current && tail_unchanged;
}

// Another's folder with a new tail, or whose unchanged version was seen too soon to count (a tail of
// the same size could have followed in the same second). A folder changed with no new tail is listed.
bool ListingCache::follows_tail(const std::string& folder) const {
    auto it = folders_.find(folder);
    if (folder == own_ || it == folders_.end()) return false;
    const Folder& f = it->second;
    return f.has_listing && now_ms_ < f.listed_whole_ms + kListWholeEveryMs && !f.tail_version.empty() &&
           (f.tail_version != f.tail_read || f.version == f.listed_version);
}

void ListingCache::list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) {
    if (answers_from_memory(folder)) {
        ++answered_from_memory_;  // (not counted as listed: the versions of folders inside it may have changed since)
        return done(folders_[folder].entries);
    }
    if (follows_tail(folder)) return follow_tail(folder, std::move(done));
    list_whole(folder, std::move(done));
}

void ListingCache::list_whole(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) {
    remote_.list(folder, [this, folder, done = std::move(done)](Result<std::vector<RemoteEntry>> r) {
        if (r) {
            const auto parent = folders_.find(parent_of(folder));
            const bool parent_now = parent != folders_.end() && parent->second.listed_round == round_;
            Folder& f = folders_[folder];
            const bool known = parent_now && !f.version.empty();
            f.listed_version = known ? f.version : std::string();
            f.current = known && now_ms_ >= f.first_seen_ms + kSettleMs;
            // What the tail named is listed, or the folder's version changes when it comes; without
            // folder versions (S3) a listing made before the tail's files were all up proves nothing.
            f.tail_read = known ? f.tail_version : std::string();
            f.has_listing = true, f.own_puts = false, f.listed_round = round_, f.listed_whole_ms = now_ms_;
            f.entries = r.value();
            note_children(folder);
        }
        done(std::move(r));
    });
}

// The versions of the folders listed in it, and of their tails ("00000b.tail" beside "00000b/").
void ListingCache::note_children(const std::string& folder) {
    for (const RemoteEntry& e : folders_[folder].entries) {
        if (e.name.ends_with('/')) {
            Folder& child = folders_[folder + e.name];
            if (child.version != e.version) child.version = e.version, child.first_seen_ms = now_ms_;
        } else if (e.name.ends_with(".tail") && e.name.size() > 5) {
            Folder& child = folders_[folder + e.name.substr(0, e.name.size() - 5) + "/"];
            child.tail_version = e.version + "/" + std::to_string(e.size);  // nginx's mtime is to the second
        }
    }
}

// [SECTION] Tails

// The last kTailNames lines.
static void keep_latest(std::string& lines) {
    size_t from = lines.size();
    for (size_t kept = 0; from > 0 && kept <= ListingCache::kTailNames; kept += lines[--from] == '\n') {}
    lines.erase(0, from == 0 ? 0 : from + 1);
}

// A tail: "gongyu-tail 1", the count of the folder's entries, then a name a line.
static constexpr std::string_view kTailHeading = "gongyu-tail 1\n";

// Adds the names the tail brings to the entries; false, the entries left as they were, when it does not
// read as a tail or they do not then make its count.
static bool join_tail(std::vector<RemoteEntry>& entries, std::string_view text) {
    const size_t listed = entries.size();
    size_t count = 0;
    bool ok = text.starts_with(kTailHeading) && text.ends_with('\n');
    text.remove_prefix(std::min(text.size(), kTailHeading.size()));
    for (size_t line_no = 0, end; ok && (end = text.find('\n')) != std::string_view::npos; ++line_no, text.remove_prefix(end + 1)) {
        const std::string_view line = text.substr(0, end);
        ok = !line.empty() && line.size() <= 200 && line.find('/') == std::string_view::npos;
        if (line_no == 0) {
            ok = ok && line.size() <= 9 && line.find_first_not_of("0123456789") == std::string_view::npos;
            for (char digit : line) count = count * 10 + static_cast<size_t>(digit - '0');
        } else if (ok && std::none_of(entries.begin(), entries.end(), [&](const RemoteEntry& e) { return e.name == line; })) {
            entries.push_back({std::string(line), 0});
        }
    }
    if (ok && entries.size() == count) return true;
    entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(listed), entries.end());
    return false;
}

void ListingCache::follow_tail(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) {
    remote_.get(tail_path(folder), [this, folder, done = std::move(done)](Result<std::string> r) mutable {
        Folder& f = folders_[folder];
        if (!r || !join_tail(f.entries, r.value())) return list_whole(folder, std::move(done));
        f.listed_version = f.version, f.current = now_ms_ >= f.first_seen_ms + kSettleMs;
        f.tail_read = f.tail_version;
        ++answered_from_memory_;
        done(f.entries);
    });
}

// The names are new: none is in the folder's listing. With them go the latest names put there (not
// those only announced: a name whose PUT failed may come back as another, and a tail must not name
// a file the folder lacks).
void ListingCache::announce(const std::vector<std::string>& names, std::function<void(Result<bool>)> done) {
    const Folder& f = folders_[own_];
    std::string text = std::string(kTailHeading) + std::to_string(f.entries.size() + names.size()) + '\n' + f.put_names;
    for (const std::string& name : names) text += name + '\n';
    remote_.put(tail_path(own_), std::move(text), std::move(done));
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
            if (same != f.entries.end()) *same = put;
            else f.entries.push_back(put), keep_latest(f.put_names += put.name + '\n');
            f.own_puts = true;
        }
        done(std::move(r));
    });
}

}  // namespace gy
