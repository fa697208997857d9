// photos.cpp — photo references, and the store and queue of a device's photos (photos.h).
#include "photos.h"

#include "json_fields.h"
#include "text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace gy {

// [SECTION] References

std::string photo_ref_text(const PhotoRef& ref) { return ref.name + ":" + hex_encode(ref.key); }

static bool is_lower_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<PhotoRef> parse_photo_ref(std::string_view text) {
    constexpr size_t kName = 32, kKey = 64;
    if (text.size() != kName + 1 + kKey || text[kName] != ':') return std::nullopt;
    PhotoRef ref;
    ref.name = std::string(text.substr(0, kName));
    if (!is_lower_hex(ref.name) || !is_lower_hex(text.substr(kName + 1)) || !hex_decode(text.substr(kName + 1), ref.key)) return std::nullopt;
    return ref;
}

std::vector<PhotoRef> photo_refs(std::string_view value) {
    std::vector<PhotoRef> refs;
    for (std::string_view word : split_words(value))
        if (auto ref = parse_photo_ref(word)) refs.push_back(std::move(*ref));
    return refs;
}

// Every photo a survey names or named (a photo named twice comes twice): the surveys' values, deleted
// ones too (a deletion can be undone), and every value a commit wrote, so that a photo only an
// overwritten write named (two devices changed the photos offline; a photo removed and saved) is
// still kept and sent, and opens from the record's history. Nothing committed is lost.
template <typename Fn>
static void each_named_photo(const Ledger& ledger, Fn fn) {
    const int field = field_index(Kind::Survey, "photos");
    for (const Record& r : ledger.records(Kind::Survey))
        for (PhotoRef& ref : photo_refs(r.value(field))) fn(std::move(ref));
    for (const Commit& c : ledger.commits())
        for (const Change& change : c.changes)
            if (change.field == field && change.record.kind() == Kind::Survey)
                for (PhotoRef& ref : photo_refs(change.value)) fn(std::move(ref));
}

// One asynchronous read per name; done gets those that came, by name, once every read answered.
using ReadDone = std::function<void(Result<std::string>)>;
static void read_each(const std::vector<std::string>& names, const std::function<void(const std::string&, ReadDone)>& read,
                      std::function<void(std::map<std::string, std::string>)> done) {
    struct Reading {
        size_t left;
        std::map<std::string, std::string> came;
        std::function<void(std::map<std::string, std::string>)> done;
    };
    if (names.empty()) return done({});
    auto r = std::make_shared<Reading>(Reading{names.size(), {}, std::move(done)});
    for (const std::string& name : names)
        read(name, [r, name](Result<std::string> bytes) {
            if (bytes) r->came[name] = std::move(bytes.value());
            if (--r->left == 0) r->done(std::move(r->came));
        });
}

std::string photo_store_key(std::string_view name) { return std::string(kOnDemandPrefix) + std::string(name); }
static constexpr const char* kPhotosFolder = "photos/";

std::string photo_remote_path(std::string_view name) { return kPhotosFolder + std::string(name) + ".gyp"; }

// [SECTION] The store

Result<std::set<std::string>> PhotoStore::parse_queue(std::string_view stored) {
    nlohmann::json j = nlohmann::json::parse(stored, nullptr, false);
    if (j.is_discarded()) return Error{ErrorCode::InvalidJson, "photo queue"};
    if (!j.is_array()) return Error{ErrorCode::InvalidFormat, "photo queue: not an array"};
    std::set<std::string> queue;
    for (const auto& name : j)
        if (name.is_string() && name.get<std::string>().size() == 32) queue.insert(name.get<std::string>());
    return queue;
}

void PhotoStore::save_queue() { storage_.put(kQueueKey, nlohmann::json(queue_).dump(), [](bool) {}); }

void PhotoStore::add(Vault& vault, std::string jpeg, std::function<void(Result<PhotoRef>)> done) {
    vault.seal_photo(std::move(jpeg), [this, done = std::move(done)](Result<SealedPhoto> sealed) {
        if (!sealed) return done(sealed.error());
        PhotoRef ref = sealed.value().ref;
        keep(ref, std::move(sealed.value().bytes), [ref, done](bool ok) {
            if (!ok) return done(Error{ErrorCode::StorageFailure, "photo " + ref.name + " not kept"});
            done(ref);
        });
    });
}

// The photo and its place in the queue in one write: a photo kept but never sent would be lost to the others.
// The queue in memory is ahead of the store: every write of it (here, save_queue) writes all of it, and the
// store applies writes in order, so the last one always holds every name.
void PhotoStore::keep(const PhotoRef& ref, std::string sealed, std::function<void(bool ok)> done) {
    queue_.insert(ref.name);
    const StoredRecords both = {{photo_store_key(ref.name), std::move(sealed)}, {kQueueKey, nlohmann::json(queue_).dump()}};
    storage_.put_many(both, [this, name = ref.name, done = std::move(done)](bool ok) {
        if (!ok) queue_.erase(name), save_queue();
        done(ok);
    });
}

void PhotoStore::queued(const Ledger& ledger, std::function<void(SealedPhotos)> done) {
    read_each(named_in_queue(ledger), [this](const std::string& name, ReadDone got) { storage_.get(photo_store_key(name), std::move(got)); },
              std::move(done));
}

void PhotoStore::open_each(Vault& vault, const std::vector<PhotoRef>& refs, RemoteFolder* remote,
                           std::function<void(std::map<std::string, std::string>)> done) {
    std::map<std::string, PhotoRef> by_name;
    std::vector<std::string> names;
    for (const PhotoRef& ref : refs)
        if (by_name.emplace(ref.name, ref).second) names.push_back(ref.name);
    read_each(names, [this, &vault, remote, by_name = std::move(by_name)](const std::string& name, ReadDone got) {
        open(vault, by_name.at(name), remote, std::move(got));
    }, std::move(done));
}

void PhotoStore::take(Vault& vault, const Ledger& ledger, SealedPhotos photos, std::function<void(size_t)> done) {
    struct Taking {
        size_t left, kept = 0;
        std::function<void(size_t)> done;
    };
    std::vector<std::pair<PhotoRef, std::string>> named;  // the carried photos a survey names, with its key
    each_named_photo(ledger, [&](PhotoRef ref) {
        if (auto it = photos.find(ref.name); it != photos.end()) named.emplace_back(std::move(ref), std::move(it->second)), photos.erase(it);
    });
    if (named.empty()) return done(0);
    auto t = std::make_shared<Taking>(Taking{named.size(), 0, std::move(done)});
    for (auto& one : named) {
        const PhotoRef ref = one.first;  // (clang 14 does not capture structured bindings)
        std::string to_open = one.second;  // copied before the callback takes the original
        vault.open_photo(ref, std::move(to_open), [this, t, ref, sealed = std::move(one.second)](Result<std::string> jpeg) mutable {
            auto one_done = [t](bool kept) {
                t->kept += kept;
                if (--t->left == 0) t->done(t->kept);
            };
            if (!jpeg) return one_done(false);  // damaged on the way: the server, or another bundle, may bring it whole
            keep(ref, std::move(sealed), one_done);
        });
    }
}

void PhotoStore::forget(const PhotoRef& ref) {
    if (queue_.erase(ref.name) == 0) return;  // only a photo this device took and never sent
    save_queue();
    storage_.remove(photo_store_key(ref.name), [](bool) {});
}

void PhotoStore::open(Vault& vault, const PhotoRef& ref, RemoteFolder* remote, std::function<void(Result<std::string>)> done) {
    auto from_remote = [this, &vault, ref, remote, done](Error local) {
        if (!remote) return done(local);
        remote->get(photo_remote_path(ref.name), [this, &vault, ref, done](Result<std::string> fetched) {
            if (!fetched) return done(fetched.error());
            std::string sealed = fetched.value();
            vault.open_photo(ref, std::move(fetched.value()), [this, ref, sealed = std::move(sealed), done](Result<std::string> jpeg) {
                if (jpeg) storage_.put(photo_store_key(ref.name), sealed, [](bool) {});  // shown again without the server
                done(std::move(jpeg));
            });
        });
    };
    storage_.get(photo_store_key(ref.name), [&vault, ref, from_remote, done](Result<std::string> kept) {
        if (!kept) return from_remote(kept.error());
        vault.open_photo(ref, std::move(kept.value()), [from_remote, done](Result<std::string> jpeg) {
            if (jpeg) return done(std::move(jpeg));
            from_remote(jpeg.error());  // a damaged copy here: the server's may be whole
        });
    });
}

// [SECTION] Sending

std::vector<std::string> PhotoStore::named_in_queue(const Ledger& ledger) const {
    std::vector<std::string> names;
    if (queue_.empty()) return names;
    const std::set<std::string>& named = named_in(ledger);
    for (const std::string& name : queue_)
        if (named.count(name)) names.push_back(name);
    return names;
}

// Walked again only when the ledger changed or took a commit (a losing write changes no value): 同步's
// status asks on every frame it draws.
const std::set<std::string>& PhotoStore::named_in(const Ledger& ledger) const {
    if (named_.ledger != &ledger || named_.revision != ledger.revision() || named_.commits != ledger.commits().size()) {
        named_ = {&ledger, ledger.revision(), ledger.commits().size(), {}};
        each_named_photo(ledger, [&](PhotoRef ref) { named_.names.insert(std::move(ref.name)); });
    }
    return named_.names;
}

size_t PhotoStore::waiting(const Ledger& ledger) const { return named_in_queue(ledger).size(); }

void PhotoStore::recheck(RemoteFolder& remote, const Ledger& ledger, std::function<void(size_t)> done) {
    remote.list(kPhotosFolder, [this, &ledger, done = std::move(done)](Result<std::vector<RemoteEntry>> listed) {
        if (!listed) return done(0);  // the next loss noticed tries again
        std::set<std::string> there;
        for (const RemoteEntry& e : listed.value())
            if (e.name.ends_with(".gyp")) there.insert(e.name.substr(0, e.name.size() - 4));
        std::vector<std::string> missing;
        for (const std::string& name : named_in(ledger))
            if (!there.count(name) && !queue_.count(name)) missing.push_back(name);
        read_each(missing, [this](const std::string& name, ReadDone got) { storage_.get(photo_store_key(name), std::move(got)); },
                  [this, done](std::map<std::string, std::string> held) {
                      for (const auto& kept : held) queue_.insert(kept.first);
                      if (!held.empty()) save_queue();
                      done(held.size());
                  });
    });
}

void PhotoStore::send(RemoteFolder& remote, const Ledger& ledger, std::function<void(std::vector<SyncProblem>)> done) {
    std::vector<std::string> names = named_in_queue(ledger);
    if (names.empty() || sending_) return done({});
    sending_ = true;
    send_next(remote, std::move(names), 0, std::move(done));
}

// A photo the server refuses (too large for it, say) is reported and the others go on; a link that
// is down stops the lot (each would fail the same way).
void PhotoStore::send_next(RemoteFolder& remote, std::vector<std::string> names, size_t next,
                           std::function<void(std::vector<SyncProblem>)> done, std::vector<SyncProblem> problems) {
    if (next == names.size()) return sending_ = false, done(std::move(problems));
    const std::string name = names[next];
    auto go_on = [this, &remote, names, next, done](std::vector<SyncProblem> problems) mutable {
        send_next(remote, std::move(names), next + 1, std::move(done), std::move(problems));
    };
    storage_.get(photo_store_key(name), [this, &remote, name, go_on, done, problems = std::move(problems)](Result<std::string> kept) mutable {
        if (!kept && kept.error().code == ErrorCode::NotFound) {  // forgotten meanwhile: nothing to send
            queue_.erase(name);
            return go_on(std::move(problems));
        }
        if (!kept) return problems.push_back({photo_store_key(name), kept.error()}), go_on(std::move(problems));
        remote.put(photo_remote_path(name), std::move(kept.value()),
                   [this, name, go_on, done, problems = std::move(problems)](Result<bool> put) mutable {
                       if (put) {
                           queue_.erase(name);
                           save_queue();
                           return go_on(std::move(problems));
                       }
                       problems.push_back({photo_remote_path(name), put.error()});
                       if (put.error().code == ErrorCode::ServerRefused) return go_on(std::move(problems));
                       sending_ = false;
                       done(std::move(problems));
                   });
    });
}

}  // namespace gy
