// storage.h — the device-local key/value store every edit is written to first.
//
// One small interface with three implementations: IndexedDB in the browser
// (platform/web.cpp, one strict-durability transaction per write), files on a
// native build (FileStorage, below), and memory for tests and as the fallback
// when the real store cannot be opened. Reads happen once at start-up
// (load_all); writes are asynchronous and report completion, so the UI says
// "saved" only after the write is durable.
// Depends on: result.h.
#pragma once

#include "result.h"

#include <functional>
#include <map>
#include <string>

namespace gy {

using StoredRecords = std::map<std::string, std::string>;
using WriteDone = std::function<void(bool ok)>;

class Storage {
public:
    virtual ~Storage() = default;
    virtual Result<StoredRecords> load_all() = 0;
    // done is called exactly once, after the value is durable (ok) or the write failed.
    virtual void put(const std::string& key, const std::string& value, WriteDone done) = 0;
    virtual void remove(const std::string& key, WriteDone done) = 0;
    // Several keys at once; done is called once. In IndexedDB one transaction
    // (all or nothing); elsewhere each key is written atomically in turn.
    virtual void put_many(const StoredRecords& records, WriteDone done);
};

class MemoryStorage final : public Storage {
public:
    Result<StoredRecords> load_all() override { return records_; }
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
    Result<StoredRecords> load_all() override;
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
