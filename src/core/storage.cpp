#include "storage.h"

#include <memory>

#include <cerrno>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gy {

void Storage::put_many(const StoredRecords& records, WriteDone done) {
    struct Left { size_t count; bool ok; WriteDone done; };
    auto left = std::make_shared<Left>(Left{records.size(), true, std::move(done)});
    if (records.empty()) return left->done(true);
    for (const auto& [key, value] : records)
        put(key, value, [left](bool ok) {
            left->ok = left->ok && ok;
            if (--left->count == 0) left->done(left->ok);
        });
}

// Everything in one batch.
static Result<StoreRead> all_at_once(Result<StoredRecords> all, StoredRecords& into) {
    if (!all) return all.error();
    const size_t n = all.value().size();
    into.merge(all.value());
    return StoreRead{n, n};
}

// [SECTION] MemoryStorage

Result<StoreRead> MemoryStorage::read_more(StoredRecords& into) {
    StoredRecords at_start;
    for (const auto& [key, value] : records_)
        if (!read_on_demand(key)) at_start.emplace(key, value);
    return all_at_once(std::move(at_start), into);
}

void MemoryStorage::get(const std::string& key, std::function<void(Result<std::string>)> done) {
    auto it = records_.find(key);
    if (it == records_.end()) return done(Error{ErrorCode::NotFound, key});
    done(it->second);
}

void MemoryStorage::put(const std::string& key, const std::string& value, WriteDone done) {
    records_[key] = value;
    done(true);
}

void MemoryStorage::remove(const std::string& key, WriteDone done) {
    records_.erase(key);
    done(true);
}

// [SECTION] Key escaping

static bool is_plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

std::string escape_key(const std::string& key) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : key) {
        if (is_plain(static_cast<char>(c)) && !(out.empty() && c == '.')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string unescape_key(const std::string& name) {
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '%' && i + 2 < name.size() && hex_value(name[i + 1]) >= 0 && hex_value(name[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(name[i + 1]) * 16 + hex_value(name[i + 2]));
            i += 2;
        } else {
            out += name[i];
        }
    }
    return out;
}

// [SECTION] FileStorage

FileStorage::FileStorage(std::string folder) : folder_(std::move(folder)) {
    ::mkdir(folder_.c_str(), 0700);
}

std::string FileStorage::path_for(const std::string& key) const { return folder_ + "/" + escape_key(key); }

static bool read_file(const std::string& path, std::string& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    char buf[8192];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

Result<StoreRead> FileStorage::read_more(StoredRecords& into) { return all_at_once(load_all(), into); }

Result<StoredRecords> FileStorage::load_all() {
    DIR* dir = ::opendir(folder_.c_str());
    if (!dir) return Error{ErrorCode::StorageFailure, "cannot open folder " + folder_};
    StoredRecords records;
    while (dirent* entry = ::readdir(dir)) {
        std::string name = entry->d_name;
        if (name.empty() || name[0] == '.') continue;  // ".", "..", and in-flight ".tmp" files
        if (read_on_demand(unescape_key(name))) continue;
        std::string value;
        if (!read_file(folder_ + "/" + name, value)) {
            ::closedir(dir);
            return Error{ErrorCode::StorageFailure, "cannot read " + name};
        }
        records[unescape_key(name)] = std::move(value);
    }
    ::closedir(dir);
    return records;
}

void FileStorage::get(const std::string& key, std::function<void(Result<std::string>)> done) {
    std::string value;
    if (read_file(path_for(key), value)) return done(std::move(value));
    if (errno == ENOENT) return done(Error{ErrorCode::NotFound, key});
    done(Error{ErrorCode::StorageFailure, "cannot read " + key});
}

static bool write_durably(const std::string& path, const std::string& tmp, const std::string& value) {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return false;
    size_t written = 0;
    while (written < value.size()) {
        ssize_t n = ::write(fd, value.data() + written, value.size() - written);
        if (n <= 0) break;
        written += static_cast<size_t>(n);
    }
    bool ok = written == value.size() && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    return ok && ::rename(tmp.c_str(), path.c_str()) == 0;
}

void FileStorage::put(const std::string& key, const std::string& value, WriteDone done) {
    std::string path = path_for(key);
    std::string tmp = folder_ + "/.tmp-" + escape_key(key);
    bool ok = write_durably(path, tmp, value);
    if (!ok) ::unlink(tmp.c_str());
    done(ok);
}

void FileStorage::remove(const std::string& key, WriteDone done) {
    int rc = ::unlink(path_for(key).c_str());
    done(rc == 0 || errno == ENOENT);
}

}  // namespace gy
