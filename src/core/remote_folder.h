// remote_folder.h — the server as sync sees it: a folder to list, GET and PUT,
// and a cache that lists a folder again only when the server says it changed.
//
// A device's folder on the server gains a file every round it sends something
// and loses none, so after a year it lists thousands of entries; listing every
// device's folder every minute cost a township's devices tens of megabytes a
// day (tests/bench/wire_bench.cpp). But the listing of `changes/` gives each
// device folder's version (nginx's mtime, Apache's ETag), which the server
// changes whenever an entry in that folder is added or replaced. ListingCache
// sits between the sync round and the server: a folder whose version, in its
// parent's listing made this round, is the one it had when last listed is
// answered from memory.
//
// nginx gives the mtime to the second, so a file added in the same second as
// a listing would leave the version as that listing saw it. A listing counts
// as current only when made kSettleMs after its version was first seen (so a
// folder is listed twice after each change); until then it is listed again.
// A folder whose parent was not listed this round, or a server that gives no
// folder versions (S3, whose prefixes have none), is always listed.
//
// The device's own folder changes with each of its own PUTs: what it put is
// added to the folder's listing, and the new version is taken as its own
// without listing (nobody else writes there). A PUT that failed, or a file of
// the listing that is not found, drops the folder's listing: it is listed
// again. So a server restored from a backup or a file written over by someone
// else is still found: when the folder changes without a PUT of ours, and at
// the first round of a session.
//
// Tails. A folder that changed is listed whole, and another device's folder
// changes with every save made there. So a writer, before it puts files in its
// folder, puts a short plain file beside it, `changes/00000b.tail`: how many
// entries the folder will hold, the names of the files it is about to put and
// of the last kTailNames it put (announce). A
// reader holding the folder's listing that sees the tail changed in the
// parent's listing GETs the tail (well under a kilobyte) instead; when its
// listing and the tail's names together make the tail's count, they are the
// folder as its writer made it. A tail missing, unreadable or not joining up,
// or a folder changed with no new tail (an older build, a file put there by
// someone else): the folder is listed whole. On S3, whose folders have no
// version, an unchanged tail is what says a folder has not changed (and a
// whole listing is checked against the tail the round after). A tail
// is a hint, not signed: what it names is fetched and checked like any file,
// and a false one can only delay a reader, until the writer's next tail or
// the folder's listing made whole once a day (kListWholeEveryMs).
// Depends on: result.h.
#pragma once

#include "result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gy {

// [SECTION] The server, as the platform reaches it

struct RemoteEntry {
    std::string name;  // without the folder; folders end in '/'
    uint64_t size = 0;
    // What the server says changes with each write of the file (nginx's mtime, a WebDAV getetag), or of
    // a folder's entries; empty where it says nothing, and then only the size tells a rewritten file.
    std::string version{};
    bool same_file(const RemoteEntry& o) const { return size == o.size && version == o.version; }
};

// Asynchronous: the browser answers later, the tests at once. Errors say what
// happened: ErrorCode::Unreachable (no answer), ServerFailed (HTTP 5xx), ServerRefused (another HTTP error,
// status in the detail).
class RemoteFolder {
public:
    virtual ~RemoteFolder() = default;
    // An absent folder lists as empty.
    virtual void list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) = 0;
    virtual void get(const std::string& path, std::function<void(Result<std::string>)> done) = 0;
    virtual void put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) = 0;
};

// [SECTION] Listings answered from memory

class ListingCache final : public RemoteFolder {
public:
    static constexpr double kSettleMs = 2000;
    static constexpr double kListWholeEveryMs = 24 * 3600 * 1000.0;
    static constexpr size_t kTailNames = 16;  // names a tail carries besides the round's: a reader may miss a few tails

    explicit ListingCache(RemoteFolder& remote) : remote_(remote) {}

    // Parents must be listed again before their children are answered from memory. now_ms: the device's
    // clock; own_folder: the folder only this device writes ("changes/00000b/").
    void begin_round(double now_ms, std::string own_folder);

    void list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) override;
    void get(const std::string& path, std::function<void(Result<std::string>)> done) override;
    void put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) override;
    // Before putting these files ("000000000001-000000000042.gyc") in the own folder: its tail says they come.
    void announce(const std::vector<std::string>& names, std::function<void(Result<bool>)> done);

    size_t answered_from_memory() const { return answered_from_memory_; }  // this round
    std::string own_tail_path() const { return tail_path(own_); }           // "changes/00000b.tail"

private:
    struct Folder {
        std::string version;              // in its parent's listing, the latest made ("": none given)
        double first_seen_ms = 0;         // when that version was first seen
        uint64_t listed_round = 0;        // the round it was last listed from the server in
        bool has_listing = false;         // entries hold its listing, made when its version was listed_version
        bool current = false;             // that listing was made kSettleMs after the version appeared, or after our own PUTs
        bool own_puts = false;            // our PUTs since: the next version is ours
        std::string listed_version;
        std::vector<RemoteEntry> entries;
        double listed_whole_ms = 0;
        std::string tail_version, tail_read;    // the tail's in the parent's listing; the one read (or listed past)
        std::string put_names;                  // own folder: the latest names put there, a line each, for its tails
    };
    bool answers_from_memory(const std::string& folder);
    bool follows_tail(const std::string& folder) const;
    void follow_tail(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done);
    void list_whole(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done);
    void note_children(const std::string& folder);
    static std::string parent_of(const std::string& path);
    static std::string tail_path(const std::string& folder) { return folder.substr(0, folder.size() - 1) + ".tail"; }  // "changes/00000b.tail"

    RemoteFolder& remote_;
    std::string own_;
    double now_ms_ = 0;
    uint64_t round_ = 1;
    std::map<std::string, Folder> folders_;
    size_t answered_from_memory_ = 0;
};

}  // namespace gy
