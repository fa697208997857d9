// sync_service.cpp — the HTTP folder and the background schedule.
#include "sync_service.h"

#include "county_figures.h"
#include "dav_listing.h"

#include "json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace gy {

using nlohmann::json;

// Not an HTTP status: S3Folder could not sign the request (the files module did not load).
static constexpr int kNotSigned = -1;

static Error http_error(const HttpResponse& r) {
    if (r.status == 0) return Error{ErrorCode::Unreachable, "no answer"};
    if (r.status == kNotSigned) return Error{ErrorCode::Unavailable, "not signed: " + r.body};
    if (r.status == 404) return Error{ErrorCode::NotFound, "HTTP 404"};
    // 500/503 are the server's own trouble, not a refusal of this request: the user is told it will pass.
    return Error{r.status >= 500 ? ErrorCode::ServerFailed : ErrorCode::ServerRefused, "HTTP " + std::to_string(r.status)};
}

Result<std::vector<RemoteEntry>> parse_folder_listing(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_array()) return Error{ErrorCode::InvalidFormat, "folder listing is not a JSON array"};
    std::vector<RemoteEntry> out;
    for (const json& e : j) {
        if (!e.is_object()) continue;
        std::string name = string_or(e, "name");
        if (name.empty() || name.find('/') != std::string::npos) continue;
        const bool folder = string_or(e, "type") == "directory";
        if (folder) out.push_back({name + "/", 0, string_or(e, "mtime")});
        else out.push_back({name, static_cast<uint64_t>(std::max<int64_t>(0, int_or(e, "size"))), string_or(e, "mtime")});
    }
    return out;
}

// What a GET of a folder says as nginx's JSON listing: 404 is a folder nothing was written to yet.
static Result<std::vector<RemoteEntry>> json_listing(const HttpResponse& r) {
    if (r.status == 404) return std::vector<RemoteEntry>{};
    if (r.status != 200) return http_error(r);
    return parse_folder_listing(r.body);
}

// Until the server has given one listing, a GET that is not nginx's JSON (an
// HTML index, or 403/404 from Apache, which lists only by WebDAV) is asked
// again by PROPFIND; whichever worked is kept, so each later listing is one request.
void HttpFolder::list(const std::string& folder, ListDone done) {
    const std::string url = base_ + folder;
    if (listing_ == Listing::Propfind) return propfind(url, HttpResponse{}, std::move(done));
    http_("GET", url, {}, [this, url, done = std::move(done)](HttpResponse r) mutable {
        bytes_moved_ += r.body.size();
        // No answer or server trouble says nothing about how it lists: reported as before.
        if (listing_ == Listing::Json || r.status == 0 || r.status >= 500) return done(json_listing(r));
        if (r.status == 200) {
            Result<std::vector<RemoteEntry>> entries = parse_folder_listing(r.body);
            if (entries) return listing_ = Listing::Json, done(std::move(entries));
        }
        propfind(url, std::move(r), std::move(done));
    });
}

// get_answer: the GET tried first (while the way of listing is unknown), what
// is reported when the server does not do WebDAV listings either.
void HttpFolder::propfind(const std::string& url, HttpResponse get_answer, ListDone done) {
    bytes_moved_ += kPropfindBody.size();
    http_("PROPFIND", url, std::string(kPropfindBody), [this, url, get = std::move(get_answer), done = std::move(done)](HttpResponse r) {
        bytes_moved_ += r.body.size();
        if (r.status == 207) {
            Result<std::vector<RemoteEntry>> entries = parse_multistatus(r.body, url);
            if (entries) listing_ = Listing::Propfind;
            return done(std::move(entries));
        }
        if (r.status == 404) return done(std::vector<RemoteEntry>{});  // nothing written there yet
        if (listing_ == Listing::Propfind || r.status == 0 || r.status >= 500) return done(http_error(r));
        done(json_listing(get));  // 405 or the like: no WebDAV listing here
    });
}

void HttpFolder::get(const std::string& path, std::function<void(Result<std::string>)> done) {
    http_("GET", base_ + path, {}, [this, done = std::move(done)](HttpResponse r) {
        bytes_moved_ += r.body.size();
        if (r.status != 200) return done(http_error(r));
        done(std::move(r.body));
    });
}

void HttpFolder::put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) {
    send_put(path, std::move(bytes), true, std::move(done));
}

// Apache answers 409 Conflict to a PUT into a folder it does not have (nginx
// makes it: create_full_put_path): then the folders are made and the PUT sent
// once more, so its bytes are kept until the answer (a change file is at most
// a few hundred KB).
void HttpFolder::send_put(const std::string& path, std::string bytes, bool may_make_folders, std::function<void(Result<bool>)> done) {
    bytes_moved_ += bytes.size();
    std::string again = may_make_folders ? bytes : std::string();
    http_("PUT", base_ + path, std::move(bytes),
          [this, path, may_make_folders, again = std::move(again), done = std::move(done)](HttpResponse r) mutable {
              if (r.status == 409 && may_make_folders) {
                  // The store's own folder, then each folder of the path, parent first.
                  std::vector<std::string> folders{base_};
                  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
                      folders.push_back(base_ + path.substr(0, slash + 1));
                  return make_folders(std::move(folders), 0, [this, path, again = std::move(again), done = std::move(done)](Result<bool> made) mutable {
                      if (!made) return done(made.error());
                      send_put(path, std::move(again), false, std::move(done));
                  });
              }
              if (r.status < 200 || r.status > 299) return done(http_error(r));
              done(true);
          });
}

void HttpFolder::make_folders(std::vector<std::string> urls, size_t next, std::function<void(Result<bool>)> done) {
    if (next == urls.size()) return done(true);
    const std::string url = urls[next];
    http_("MKCOL", url, {}, [this, urls = std::move(urls), next, done = std::move(done)](HttpResponse r) mutable {
        // 405 Method Not Allowed: the folder is there already (another device made it).
        if ((r.status < 200 || r.status > 299) && r.status != 405) return done(http_error(r));
        make_folders(std::move(urls), next + 1, std::move(done));
    });
}

// [SECTION] S3Folder

// S3 says why it refused in an XML body (SignatureDoesNotMatch, AccessDenied, RequestTimeTooSkewed…): kept in the detail.
static Error s3_error(const HttpResponse& r) {
    Error e = http_error(r);
    if (const std::string code = s3_error_code(r.body); !code.empty()) e.detail += " " + code;
    return e;
}

// The detail is s3_error's: "HTTP 403 SignatureDoesNotMatch: The request signature…".
bool storage_key_refused(const Error& e) {
    return e.code == ErrorCode::ServerRefused && (e.detail.find(" SignatureDoesNotMatch") != std::string::npos ||
                                                  e.detail.find(" InvalidAccessKeyId") != std::string::npos);
}

S3Folder::S3Folder(HttpFn http, Vault& vault, S3Bucket bucket, std::string folder, std::function<S3Credential()> credential)
    : http_(std::move(http)), vault_(vault), bucket_(std::move(bucket)), folder_(std::move(folder)), credential_(std::move(credential)) {}

void S3Folder::send(const std::string& method, std::string url, Query query, std::string body, std::function<void(HttpResponse)> done,
                    bool unsigned_) {
    S3Request request{method, bucket_.region, std::move(url), std::move(query),
                      static_cast<int64_t>(bucket_.clock_ms() / 1000) - kSignedEarly, kValidFor};
    vault_.presign(unsigned_ ? S3Credential{} : credential_(), std::move(request),
                   [this, method, body = std::move(body), done = std::move(done)](Result<std::string> signed_url) mutable {
                       // A URL that cannot be signed is this device's trouble, not the server's: no request goes.
                       if (!signed_url) return done(HttpResponse{kNotSigned, signed_url.error().detail});
                       http_(method, signed_url.value(), std::move(body), std::move(done));
                   });
}

void S3Folder::list(const std::string& folder, ListDone done) {
    list_page(folder_ + folder, {}, {}, std::move(done));
}

// ListObjectsV2 answers 1,000 keys a page: a folder of change files may take several.
void S3Folder::list_page(std::string prefix, std::string token, std::vector<RemoteEntry> so_far, ListDone done) {
    Query query{{"list-type", "2"}, {"prefix", prefix}, {"delimiter", "/"}};
    if (!token.empty()) query.emplace_back("continuation-token", token);
    send("GET", bucket_.url, std::move(query), {},
         [this, prefix, so_far = std::move(so_far), done = std::move(done)](HttpResponse r) mutable {
             bytes_moved_ += r.body.size();
             if (r.status != 200) return done(s3_error(r));
             Result<S3ListPage> page = parse_s3_list_page(r.body);
             if (!page) return done(page.error());
             for (RemoteEntry& object : page.value().objects) {
                 if (!object.name.starts_with(prefix) || object.name.size() == prefix.size()) continue;
                 object.name.erase(0, prefix.size());
                 if (object.name.find('/') == std::string::npos) so_far.push_back(std::move(object));
             }
             for (const std::string& common : page.value().prefixes)
                 if (common.starts_with(prefix) && common.size() > prefix.size()) so_far.push_back({common.substr(prefix.size()), 0});
             if (!page.value().truncated || page.value().next_token.empty()) return done(std::move(so_far));
             list_page(std::move(prefix), page.value().next_token, std::move(so_far), std::move(done));
         });
}

// Key files and the roles directory are read unsigned, as the bucket policy lets anyone (README):
// a device whose access key was revoked can still fetch the file that carries the new key.
void S3Folder::get(const std::string& path, std::function<void(Result<std::string>)> done) {
    send("GET", bucket_.url + folder_ + path, {}, {}, [this, done = std::move(done)](HttpResponse r) {
        bytes_moved_ += r.body.size();
        if (r.status != 200) return done(s3_error(r));
        done(std::move(r.body));
    }, path.starts_with(kKeysFolder) || path.ends_with(".gyk"));
}

void S3Folder::put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) {
    bytes_moved_ += bytes.size();
    send("PUT", bucket_.url + folder_ + path, {}, std::move(bytes), [done = std::move(done)](HttpResponse r) {
        if (r.status < 200 || r.status > 299) return done(s3_error(r));
        done(true);
    });
}

// [SECTION] SyncService

std::unique_ptr<WireFolder> remote_folder(HttpFn http, const std::string& url, S3Bucket bucket, Vault& vault,
                                          std::function<S3Credential()> credential) {
    if (bucket.empty()) return std::make_unique<HttpFolder>(std::move(http), url);
    std::string folder = url.starts_with(bucket.url) ? url.substr(bucket.url.size()) : url;
    return std::make_unique<S3Folder>(std::move(http), vault, std::move(bucket), std::move(folder), std::move(credential));
}

// The credential is asked only at requests, once every member is made.
SyncService::SyncService(HttpFn http, std::string store_url, LocalState& local, Vault& vault, S3Bucket bucket)
    : folder_(remote_folder(std::move(http), store_url, bucket, vault,
                            [this] { return typed_storage_.empty() ? local_.keys().storage : typed_storage_; })),
      local_(local),
      vault_(vault),
      engine_(*folder_, vault, local.keys(), local.ledger(), [this](std::vector<Commit> commits, std::function<void(bool)> stored) {
          local_.merge_remote(std::move(commits), std::move(stored));
      }) {
    engine_.on_refused([this](const Edit& undo) { return local_.take_back(undo, now_); });
    in_s3_ = !bucket.empty();
}

static std::string key_file_path(const std::string& role) { return role.empty() ? SyncService::kKeyFilePath : role_key_file_path(role); }

void SyncService::fetch_key_file(std::function<void(Result<std::string>)> done, const std::string& role) {
    folder_->get(key_file_path(role), std::move(done));
}

void SyncService::publish_key_file(std::string key_file, std::function<void(Result<bool>)> done, const std::string& role) {
    folder_->put(key_file_path(role), std::move(key_file), std::move(done));
}

void SyncService::check_history(std::function<void(const HistoryCheck&)> done) {
    gy::check_history(*folder_, vault_, local_.keys(), local_.ledger(), std::move(done));
}

void SyncService::send_county_figures() {
    const Ledger& ledger = local_.ledger();
    if (!has_county_ || figures_revision_ == ledger.revision()) return;
    const uint64_t revision = ledger.revision();
    const std::string path = county_figures_path(ledger.device());
    const std::string figures = figures_to_json(township_figures(ledger, local_.keys().township, china_date(now_)));
    vault_.seal_for(county_, local_.keys(), path, figures, [this, path, revision](Result<std::string> sealed) {
        if (!sealed) return;  // tried again after the next round
        folder_->put(path, std::move(sealed.value()), [this, revision](Result<bool> put) {
            if (put) figures_revision_ = revision, ++figures_sent_;
        });
    });
}

void SyncService::sync_now(double now) {
    next_due_ = now;
    retry_ = kFirstRetry;
    again_ = running();
}

void SyncService::poll(double now) {
    now_ = now;
    if (local_.ledger().last_seq() != seen_seq_) {  // an edit: send it soon
        seen_seq_ = local_.ledger().last_seq();
        next_due_ = std::min(next_due_, now + kAfterEdit);
    }
    // Without the township's key nothing can go: look again in a while rather
    // than at every frame (the app sleeps until next_due()); setting the keys
    // up calls sync_now.
    if (!local_.keys().ready()) return void(next_due_ = std::max(next_due_, now + kInterval));
    if (running() || now < next_due_) return;
    // The photos first: a device that fetches the change files naming them finds them there.
    local_.photos().send(*folder_, local_.ledger(), [this, now](std::vector<SyncProblem> photo_problems) {
        engine_.run([this, photo_problems = std::move(photo_problems)](const SyncReport& report) {
            SyncReport whole = report;
            whole.problems.insert(whole.problems.begin(), photo_problems.begin(), photo_problems.end());
            finish_round(whole);
        }, now);
    });
}

// The access key was refused: the county may have revoked it, and the clerk put the new one
// in the township's key file (keys_panel.cpp), from which a clerk's device opens it with the
// township's key. A role's device cannot open that file: it finds the key in the roles
// directory, which the clerk's devices put again with the new key and sign as the township.
// Either syncs again at once; a key the same as before (the clerk has not put it yet) is not.
void SyncService::learn_new_storage_key() {
    auto adopt = [this](Result<S3Credential> storage) {
        if (!storage || storage.value().empty() || storage.value() == local_.keys().storage) return;
        Keyring keys = local_.keys();
        keys.storage = std::move(storage.value());
        local_.save_keys(std::move(keys), [](bool) {});
        next_due_ = now_;
    };
    if (!local_.keys().is_clerk())
        return fetch_roles_directory(*folder_, vault_, local_.keys(), [adopt](Result<RolesDirectory> directory, uint64_t) {
            adopt(directory ? Result<S3Credential>(directory.value().storage) : Result<S3Credential>(directory.error()));
        });
    fetch_key_file([this, adopt](Result<std::string> file) {
        if (file) vault_.storage_key(local_.keys(), std::move(file.value()), adopt);
    });
}

void SyncService::finish_round(const SyncReport& report) {
    if (engine_.take_keys_changed()) local_.save_keys(local_.keys(), [](bool) {});
    last_report_ = report;
    received_total_ += report.received_commits;
    ++rounds_;
    if (report.problems.empty()) {
        send_county_figures();
        last_success_ms_ = now_;
        retry_ = kFirstRetry;
        next_due_ = now_ + kInterval;
    } else {
        next_due_ = now_ + retry_;
        retry_ = std::min(retry_ * 2, kMaxRetry);
    }
    if (again_) next_due_ = now_, again_ = false;
    if (in_s3_ && std::any_of(report.problems.begin(), report.problems.end(),
                              [](const SyncProblem& p) { return storage_key_refused(p.error); }))
        learn_new_storage_key();
    if (report.sent_again)  // the server lost change files: it may have lost photos too
        local_.photos().recheck(*folder_, local_.ledger(), [this](size_t queued) {
            if (queued) next_due_ = std::min(next_due_, now_ + kAfterEdit);
        });
}

}  // namespace gy
