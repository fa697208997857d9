// storage.h — the device-local key/value store every edit is written to first.
//
// One small interface with three implementations: IndexedDB in the browser
// (platform/web.cpp, one strict-durability transaction per write), files on a
// native build (FileStorage, below), and memory for tests and as the fallback
// when the real store cannot be opened. Reads happen once at start-up
// (read_more, in one batch or several), but for photos, read one by one when shown (get); writes are asynchronous and report
// completion, so the UI says "saved" only after the write is durable.
// Depends on: result.h.
#pragma once

#include "result.h"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace gy {

using StoredRecords = std::map<std::string, std::string>;
using WriteDone = std::function<void(bool ok)>;

// Records under this prefix (the ledger's snapshot buckets, ledger_store.h) may
// come after the first batch of read_more; every other record is in the first.
inline constexpr std::string_view kLateRecordsPrefix = "ledger/snap/";
// Records under this prefix (photos, photos.h) are never read at start-up: get() reads one when it is needed.
inline constexpr std::string_view kOnDemandPrefix = "photo/";
inline bool read_on_demand(std::string_view key) { return key.starts_with(kOnDemandPrefix); }

// How much of the store read_more has brought: records so far, of all.
struct StoreRead {
    size_t came = 0, total = 0;
    bool whole() const { return came >= total; }
};

class Storage {
public:
    virtual ~Storage() = default;
    // The store, read once at start-up: moves what came since the last call
    // into `into`; call it until whole(). Files and memory bring everything in
    // one batch; the browser's IndexedDB in several, so the app starts on the
    // first while the rest are read (a county's store is 36 MB).
    virtual Result<StoreRead> read_more(StoredRecords& into) = 0;
    // One record, read when asked: those under kOnDemandPrefix. done gets it, or NotFound, or StorageFailure.
    virtual void get(const std::string& key, std::function<void(Result<std::string>)> done) = 0;
    // done is called exactly once, after the value is durable (ok) or the write failed.
    virtual void put(const std::string& key, const std::string& value, WriteDone done) = 0;
    virtual void remove(const std::string& key, WriteDone done) = 0;
    // Several keys at once; done is called once. In IndexedDB one transaction
    // (all or nothing); elsewhere each key is written atomically in turn.
    virtual void put_many(const StoredRecords& records, WriteDone done);
};

class MemoryStorage final : public Storage {
public:
    Result<StoredRecords> load_all() { return records_; }
    Result<StoreRead> read_more(StoredRecords& into) override;
    void get(const std::string& key, std::function<void(Result<std::string>)> done) override;
    void put(const std::string& key, const std::string& value, WriteDone done) override;
    void remove(const std::string& key, WriteDone done) override;

private:
    StoredRecords records_;
};

// One file per key in a folder; each write goes to a temporary file, is
// fsync'ed and renamed over the old one, so a crash leaves old or new, never half.
class FileStorage final : public Storage {
public:
    explicit FileStorage(std::string folder);
    Result<StoredRecords> load_all();
    Result<StoreRead> read_more(StoredRecords& into) override;
    void get(const std::string& key, std::function<void(Result<std::string>)> done) override;
    void put(const std::string& key, const std::string& value, WriteDone done) override;
    void remove(const std::string& key, WriteDone done) override;

private:
    std::string path_for(const std::string& key) const;
    std::string folder_;
};

// Keys may hold any UTF-8; file names get a reversible hex escape of anything
// outside [A-Za-z0-9._-].
std::string escape_key(const std::string& key);
std::string unescape_key(const std::string& file_name);

}  // namespace gy
