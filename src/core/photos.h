// photos.h — household photos: kept beside the ledger, never in it, and synced as files of their own.
//
// A survey's photos field (schema.h FieldType::Photos) lists its photos as
// references, "<name>:<key>" separated by spaces. Each photo is a file sealed
// with a key of its own (seal.h, Photos) and named by the hash of its sealed
// bytes:
//
//     this device's store:  photo/<name>         read only when shown (storage.h kOnDemandPrefix)
//     the server:           photos/<name>.gyp
//
// So whoever reads the survey holds the key to its photos and nobody else can
// open one; a photo never changes, so it is put once and fetched once by each
// device that shows it; and a county's store of ledgers does not carry
// gigabytes of pictures into memory at start-up. The device that took a
// photo sends it (PhotoStore::send) at the start of its next sync round,
// before the change files that name it; other devices fetch a photo the first
// time they show it (PhotoStore::open) and keep it.
// Depends on: seal.h (PhotoRef, Vault), storage.h, sync.h (RemoteFolder, SyncProblem), ledger.h.
#pragma once

#include "ledger.h"
#include "seal.h"
#include "storage.h"
#include "sync.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gy {

inline constexpr size_t kMaxPhotosPerRecord = 9;

// "<32 hex>:<64 hex>", as a photos field holds one photo.
std::string photo_ref_text(const PhotoRef& ref);
std::optional<PhotoRef> parse_photo_ref(std::string_view text);
// The photos a field value names, in order (parts that are not references are left out).
std::vector<PhotoRef> photo_refs(std::string_view field_value);

std::string photo_store_key(std::string_view name);    // "photo/<name>"
std::string photo_remote_path(std::string_view name);  // "photos/<name>.gyp"

// The photos this device holds, and the queue of those it took and has not sent yet.
class PhotoStore {
public:
    static constexpr const char* kQueueKey = "sync/photo-queue";  // a JSON array of names

    explicit PhotoStore(Storage& storage) : storage_(storage) {}
    // The queue as stored (LocalState loads it with the rest at start-up).
    static Result<std::set<std::string>> parse_queue(std::string_view stored);
    void set_queue(std::set<std::string> queue) { queue_ = std::move(queue); }

    // A new photo (a JPEG): sealed, kept with its place in the queue in one durable write. done gets
    // its reference, or why not (seal.h seal_photo's errors, StorageFailure).
    void add(Vault& vault, std::string jpeg, std::function<void(Result<PhotoRef>)> done);
    // A photo added but never saved in a record (the form was closed unsaved): out of the store and the queue.
    void forget(const PhotoRef& ref);
    // The photo as a JPEG: from this device's store, else fetched from remote (none: nullptr) and kept.
    // NotFound: neither has it (its device has not sent it yet); Tampered: the server's copy is not it.
    void open(Vault& vault, const PhotoRef& ref, RemoteFolder* remote, std::function<void(Result<std::string>)> done);
    // The same for several: done gets the JPEGs that could be had, by name (print.h PhotoBytes), once every one answered.
    void open_each(Vault& vault, const std::vector<PhotoRef>& refs, RemoteFolder* remote,
                   std::function<void(std::map<std::string, std::string>)> done);

    // The queued photos a survey names or named (its history too), as sealed (for a bundle, sync.h export_bundle).
    void queued(const Ledger& ledger, std::function<void(SealedPhotos)> done);
    // Photos a bundle carried: each that opens with the key a survey of the ledger holds for it is kept
    // and queued, so this device sends it on (to the server, or in its own bundles). done(how many).
    void take(Vault& vault, const Ledger& ledger, SealedPhotos photos, std::function<void(size_t)> done);

    // Puts every queued photo that a survey names or named, one after another; each one sent leaves the
    // queue. One the server refuses is reported and the rest go on; a link that fails stops them (the
    // next round tries again).
    void send(RemoteFolder& remote, const Ledger& ledger, std::function<void(std::vector<SyncProblem>)> done);
    // After the server lost files (sync.h SyncReport::sent_again): lists its photos and queues again each
    // photo a survey names or named that is not there and this device holds. done(how many).
    void recheck(RemoteFolder& remote, const Ledger& ledger, std::function<void(size_t)> done);
    // Queued photos a survey names or named: what 同步 shows as photos still to send.
    size_t waiting(const Ledger& ledger) const;
    bool sending() const { return sending_; }

private:
    std::vector<std::string> named_in_queue(const Ledger& ledger) const;
    const std::set<std::string>& named_in(const Ledger& ledger) const;  // every photo its surveys name or named
    void keep(const PhotoRef& ref, std::string sealed, std::function<void(bool ok)> done);
    void send_next(RemoteFolder& remote, std::vector<std::string> names, size_t next, std::function<void(std::vector<SyncProblem>)> done,
                   std::vector<SyncProblem> problems = {});
    void save_queue();

    Storage& storage_;
    std::set<std::string> queue_;
    bool sending_ = false;
    struct Named {  // every photo the ledger's surveys name or named, as of a revision and a count of commits
        const Ledger* ledger = nullptr;
        uint64_t revision = 0;
        size_t commits = 0;
        std::set<std::string> names;
    };
    mutable Named named_;
};

}  // namespace gy
