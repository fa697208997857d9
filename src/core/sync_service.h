// sync_service.h — sync as the app runs it: over HTTP, in the background, with a status.
//
// HttpFolder is the RemoteFolder of a WebDAV-style static server: GET and PUT
// files, and list a folder by nginx's `autoindex_format json` (GET of the
// folder) or by WebDAV PROPFIND (Apache mod_dav), whichever the server
// answers; a PUT into folders Apache does not have yet makes them (MKCOL).
// S3Folder is the same folder in S3-compatible object storage: GET and PUT of
// presigned URLs (s3_sign.h, signed by the Vault) and ListObjectsV2.
// The platform only moves bytes (HttpFn).
// SyncService decides when a round runs (the photos this device took go first,
// photos.h, then the change files) — soon after an edit, every minute
// while the server answers, backing off from 2 s to 5 min while it fails —
// and keeps what the status line shows: last sync, commits not yet sent,
// problems of the last round. It also carries the township's key file.
// Depends on: sync.h, local_state.h, seal.h, county_figures.h.
#pragma once

#include "local_state.h"
#include "sync.h"

#include <functional>
#include <memory>
#include <string>

namespace gy {

struct HttpResponse {
    int status = 0;  // 0: no answer (offline, refused, cut off)
    std::string body;
};
// method: GET, PUT, HEAD, MKCOL or PROPFIND; the platform sends PROPFIND with
// `Depth: 1`, the only depth the app asks for (so no header list to carry).
using HttpFn = std::function<void(const std::string& method, const std::string& url, std::string body,
                                  std::function<void(HttpResponse)> done)>;

// A folder reached over HTTP, counting what it moves.
class WireFolder : public RemoteFolder {
public:
    uint64_t bytes_moved() const { return bytes_moved_; }  // request and answer bodies, for the wire benchmark

protected:
    uint64_t bytes_moved_ = 0;
};

class HttpFolder final : public WireFolder {
public:
    HttpFolder(HttpFn http, std::string base_url) : http_(std::move(http)), base_(std::move(base_url)) {}

    void list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) override;
    void get(const std::string& path, std::function<void(Result<std::string>)> done) override;
    void put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) override;

    // How folders are listed: learnt from the first listing the server gives, then kept.
    enum class Listing { Unknown, Json, Propfind };
    Listing listing() const { return listing_; }

private:
    using ListDone = std::function<void(Result<std::vector<RemoteEntry>>)>;
    void propfind(const std::string& url, HttpResponse get_answer, ListDone done);
    void send_put(const std::string& path, std::string bytes, bool may_make_folders, std::function<void(Result<bool>)> done);
    void make_folders(std::vector<std::string> urls, size_t next, std::function<void(Result<bool>)> done);

    HttpFn http_;
    std::string base_;
    Listing listing_ = Listing::Unknown;
};

// Where a township's folders are in S3-compatible storage: the bucket's URL
// (virtual-hosted "https://gongyu.oss-cn-changsha.aliyuncs.com/" or path-style
// "http://127.0.0.1:4568/gongyu/") and its region, as the portal page says (launch_config.h).
struct S3Bucket {
    std::string url, region;
    std::function<double()> clock_ms;  // the device's clock, for signatures (asked before any round may have run)
    bool empty() const { return url.empty(); }
};

// S3 refused the access key itself: a mistyped or revoked one, not one request.
bool storage_key_refused(const Error& e);

class S3Folder final : public WireFolder {
public:
    // Every request is signed at the clock's time less three days and valid for seven
    // (presigned URLs are used at once, never kept): a phone whose clock is up to four
    // days slow or three fast is still let in, where S3 allows a header signature 15 minutes.
    static constexpr int64_t kSignedEarly = 3 * 86'400;
    static constexpr int kValidFor = 7 * 86'400;

    // folder: the township's, under the bucket: "430422105/" ("" for the county, which reads
    // every township's figures). credential: asked at each request (the keyring may change);
    // empty, requests go unsigned. Key files (keys/*, county/county.gyk) are always fetched
    // unsigned: anyone may read them, as on WebDAV (they are wrapped by the passphrase, the
    // roles directory sealed).
    S3Folder(HttpFn http, Vault& vault, S3Bucket bucket, std::string folder, std::function<S3Credential()> credential);

    void list(const std::string& folder, std::function<void(Result<std::vector<RemoteEntry>>)> done) override;
    void get(const std::string& path, std::function<void(Result<std::string>)> done) override;
    void put(const std::string& path, std::string bytes, std::function<void(Result<bool>)> done) override;

private:
    using ListDone = std::function<void(Result<std::vector<RemoteEntry>>)>;
    using Query = std::vector<std::pair<std::string, std::string>>;
    void send(const std::string& method, std::string url, Query query, std::string body, std::function<void(HttpResponse)> done,
              bool unsigned_ = false);
    void list_page(std::string prefix, std::string token, std::vector<RemoteEntry> so_far, ListDone done);

    HttpFn http_;
    Vault& vault_;
    S3Bucket bucket_;
    std::string folder_;
    std::function<S3Credential()> credential_;
};

// A folder on the server: over WebDAV at url, or with a bucket its prefix in S3 storage (url
// under bucket.url), signed with what credential gives at each request.
std::unique_ptr<WireFolder> remote_folder(HttpFn http, const std::string& url, S3Bucket bucket, Vault& vault,
                                          std::function<S3Credential()> credential);

// nginx's `autoindex_format json` listing: [{"name":"x","type":"directory"|"file","size":N}, …].
Result<std::vector<RemoteEntry>> parse_folder_listing(std::string_view json_text);

class SyncService {
public:
    static constexpr double kAfterEdit = 3'000, kInterval = 60'000, kFirstRetry = 2'000, kMaxRetry = 300'000;

    static constexpr const char* kKeyFilePath = "keys/township.gyk";

    // store_url: the township's folder on the server, ending in '/'; in S3 storage
    // (bucket not empty) it is under bucket.url. Rounds run only once local holds the township's keys.
    SyncService(HttpFn http, std::string store_url, LocalState& local, Vault& vault, S3Bucket bucket = {});

    // The township's key file (seal.h) on the server, or a role's (role: its
    // scope, sync.h role_key_file_path): fetched to join, put by the device
    // that set the keys up or issued the role's (ErrorCode::NotFound: none there yet).
    void fetch_key_file(std::function<void(Result<std::string>)> done, const std::string& role = "");
    void publish_key_file(std::string key_file, std::function<void(Result<bool>)> done, const std::string& role = "");

    // The county's public key (from the portal page): after a round that went
    // well, the township's figures (county_figures.h) go up sealed for it,
    // when the ledger changed since they last went.
    void set_county_key(const PublicKey& county) { county_ = county, has_county_ = true; }
    void set_link_metered(bool metered) { engine_.set_link_metered(metered); }  // SyncEngine::set_link_metered

    // In S3 storage: requests are signed with the access key the clerk typed (setting the
    // township up, or changing to a new key: keys_panel.h) while it is being put to use,
    // else with the keyring's. An empty one goes back to the keyring's.
    bool in_s3() const { return in_s3_; }
    void use_storage_key(S3Credential credential) { typed_storage_ = std::move(credential); }
    uint64_t figures_sent() const { return figures_sent_; }

    // Starts a round when one is due; the caller draws again at next_due().
    void poll(double now_ms);
    // The user asked: a round now, or right after the one running; the backoff starts over.
    void sync_now(double now_ms);
    double next_due() const { return next_due_; }

    // Every change file on the server against this device's copies (sync.h, check_history).
    void check_history(std::function<void(const HistoryCheck&)> done);

    bool running() const { return engine_.running() || local_.photos().sending(); }
    size_t pending() const { return engine_.pending(); }
    size_t photos_waiting() const { return local_.photos().waiting(local_.ledger()); }  // taken here, not sent yet
    // Where photos this device lacks are fetched from (PhotoStore::open).
    RemoteFolder& folder() { return *folder_; }
    double last_success_ms() const { return last_success_ms_; }  // 0: never
    const SyncReport& last_report() const { return last_report_; }
    size_t received_total() const { return received_total_; }
    size_t rounds() const { return rounds_; }  // finished since start
    uint64_t bytes_moved() const { return folder_->bytes_moved(); }

private:
    void finish_round(const SyncReport& report);
    void learn_new_storage_key();
    void send_county_figures();

    std::unique_ptr<WireFolder> folder_;
    LocalState& local_;
    Vault& vault_;
    SyncEngine engine_;
    double next_due_ = 0, retry_ = kFirstRetry, last_success_ms_ = 0, now_ = 0;
    uint64_t seen_seq_ = 0;
    PublicKey county_{};
    S3Credential typed_storage_;
    bool in_s3_ = false, has_county_ = false, again_ = false;
    uint64_t figures_revision_ = ~0ull, figures_sent_ = 0;
    SyncReport last_report_;
    size_t received_total_ = 0, rounds_ = 0;
};

}  // namespace gy
