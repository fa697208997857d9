// sync.h — a township's devices exchange commits through a dumb file server.
//
// The server is any static file server that can list a folder, GET and PUT a
// file (nginx with WebDAV PUT and autoindex, Apache, S3): no code runs there
// and it offers no compare-and-swap. So every file has one writer and is never
// changed once written: each device PUTs its own commits as change files,
//
//     changes/<device>/<first seq>-<last seq>.gyc
//
// and reads the other devices' folders. A file is named by the commits it
// holds, so a PUT cut off and sent again, or a file read twice, is harmless;
// commits already known are skipped, and merging is order-free (ledger.h: last
// writer by stamp wins, field by field), so devices that have read the same
// files hold the same records, whatever the order and however often they
// were delivered.
//
// Every file is sealed (seal.h): compressed, encrypted with the township's key
// and signed by the device that wrote it; a file that does not open or whose
// signer is not the key first seen for its device is reported and not merged.
//
// Snapshots let a new device (or one back after months) start without
// fetching every change file one by one: a device that knows many more
// commits than the best snapshot on the server holds puts one up,
//
//     snapshots/<device>-<commits it holds>.gys
//
// a bundle (below) of every commit it knows, sealed and signed like any file.
// A device that lacks most of a snapshot's commits fetches it in one request
// and merges it, then fetches only the change files it still lacks. Snapshots
// have one writer each and are never changed or deleted, and change files are
// never deleted either, so nothing needs a lock or compare-and-swap (nginx
// ignores If-Match): there is no compaction on the server. A snapshot only
// grows when a device knows half as many commits again as the best one, so
// all a township's snapshots together stay within a few times the largest.
// A snapshot is trusted as its signer, a device of the township, like a bundle.
//
// Roles (scopes.h): the clerk's devices write the township's stream above; a
// joint school's or a helper's device writes its commits for the clerk as
// <runs>.township.gyc, and every device writes, for each role whose key file
// is on the server, that role's share as <runs>.<role>.gyc. The clerk's
// devices take only snapshots the clerk's devices made, and merge a role's
// commits last in a round, judged (merge_judged): what the role may not
// change is taken back by a commit of the clerk's device.
//
// What is kept: a device finds out what it still has to send by listing its
// own folder (a file that is missing or of the wrong size is sent again), and
// what it has to fetch from the commits its ledger knows. So the server can be
// restored from a backup, or replaced, and every device fills it again.
// Depends on: ledger.h, result.h, scopes.h, seal.h (Vault, Keyring).
#pragma once

#include "ledger.h"
#include "result.h"
#include "scopes.h"
#include "remote_folder.h"
#include "seal.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gy {

// [SECTION] Change files

// Every commit goes up in the township's stream of files, which the clerk's
// devices read, and once more in the stream of each role (scopes.h) that
// may read it and holds a key (its key file is on the server: keys/<scope>.gyk),
// so a joint school's administrator or a helper fetches only what it can open:
//
//     changes/<device>/<first seq>-<last seq>.gyc          the township's stream, sealed with its key (the clerk's writes)
//     changes/<device>/<first seq>-<last seq>.township.gyc the township's stream written by another role (sealed for it)
//     changes/<device>/<runs>.<scope>.gyc                  a role's stream: the seqs it holds as runs, "5-9,12"
//
// A role's file holds only the commits that role may read, so its name lists
// them: a commit that a role may read later (a child paired since) is sent
// to it then, and a device fetches a file only while it lacks one of them.
//
// Relays: that later sending waits for the commit's own device, which may be
// an administrator's PC that syncs once a week. So the clerk's devices, which
// read every commit, also pass on another device's commits that a role may
// read and that no file on the server brings it yet, in their own folder:
//
//     changes/<relayer>/<device>.<runs>.<scope>.gyr         device's commits, relayed for one role
//
// sealed for that role and signed with the township's signing key (seal.h
// seal_as_township), which a role's device checks against its key file: only
// a clerk's device can relay, and a device relays nothing in another's name.
using Runs = std::vector<std::pair<uint64_t, uint64_t>>;  // seqs as runs, "5-9,12": {5, 9}, {12, 12}

struct ChangeFileName {
    uint32_t device = 0;
    uint64_t first = 0, last = 0;  // the first and last seq it holds
    std::string readers;           // the stream: "" the township's key, else one scope (scopes.h scope_text)
    Runs runs;                     // a role's file: the seqs it holds; empty: first … last
    uint32_t relayer = 0;          // a relayed file: the clerk's device whose folder holds it; 0: device's own

    bool holds(uint64_t seq) const;
    uint64_t count() const;
};

std::string change_file_path(const ChangeFileName& name);  // "changes/3fa2c1/000000000001-000000000042.gyc"
// A file listed in a device's folder: "000000000001-000000000042.gyc", or a relay "00a1b2.5-9.helper.3fa2c1.2.gyr".
std::optional<ChangeFileName> parse_change_file(uint32_t folder, std::string_view file);
// The folder of the key files and the roles directory: what anyone may read (README, S3 policy).
inline constexpr const char* kKeysFolder = "keys/";
// A role's key file on the server, keys/<scope>.gyk: its being there is what starts the role's stream.
std::string role_key_file_path(const std::string& role);          // "keys/school.3fa2c1.7.gyk"
std::optional<std::string> role_of_key_file(std::string_view file);  // "school.3fa2c1.7.gyk" → its scope; nullopt for others

// keys/roles.gyd: every issued role and its public key (seal.h, The roles directory). The clerk's
// devices put it up when the key files listed change; the other roles' devices read it when its size
// changed, and only if the township signed it (Opened::signer is their keyring's township_signer).
inline constexpr const char* kRolesDirectoryPath = "keys/roles.gyd";
// Its plain text: {"format": "gongyu.roles", "township": …, "roles": {scope: public key hex},
// "signers": {scope: signing key hex}, "devices": {device: signing key hex} (the clerk's),
// "storage": {access_key, secret}} (the last in S3 storage only; directories put before the signers
// and devices were listed have neither).
struct RolesDirectory {
    std::map<std::string, PublicKey> roles;
    std::map<std::string, PublicKey> signers;  // Keyring::role_signers: another role's file known for its role's
    std::map<uint32_t, PublicKey> devices;     // Keyring::clerk_devices: a file signed by no one here is refused
    S3Credential storage;  // the township's access key as the clerk's devices last put it: how a role's
                           // device whose key was revoked learns the new one (its keys cannot open the
                           // township's key file)
};
Result<RolesDirectory> parse_roles_directory(std::string_view plain, const std::string& township);

// Whether a device with these keys reads this stream: the clerk the township's, another role its own and the directory.
bool reads_stream(const Keyring& keys, const std::string& readers);
// And this file: not a relay where the keyring names no township signer to check it by.
bool reads_file(const Keyring& keys, const ChangeFileName& name);

// What a device had seen of the others when it wrote: per device, the latest seq it knew.
// A role's device puts it in the files it writes for the clerk, and the clerk's devices judge
// those only once they know as much (SyncEngine, merge_role_files): a helper's visit to a child
// paired on another of the clerk's devices is not judged before that pair arrived.
using Frontier = std::map<uint32_t, uint64_t>;
// The others' commits stamped before `before_clock`: a commit stamped C was made having seen at most
// those (hybrid clocks: a device stamps after everything it has merged), and the answer stays the
// same as more arrives, unless a commit stamped earlier arrives late.
Frontier frontier_of(std::span<const Commit> commits, uint32_t except_device, uint64_t before_clock);
// Whether the ledger holds every commit up to the frontier's of each device (devices number
// their commits 1, 2, 3 …): `known` caches how far each device is known, from earlier calls.
bool knows_frontier(const Ledger& ledger, const Frontier& seen, std::map<uint32_t, uint64_t>& known);
// Whether a clerk's device judges a role's commits now: it knows the frontier, counting only devices
// whose files it has taken (keys.signers: a device it never heard of, such as a forger whose file a
// helper's phone took, cannot hold it up), or the newest of the commits was made
// kJudgeAnywayAfterMs ago (by its maker's clock): the device with what it had seen may be lost.
inline constexpr double kJudgeAnywayAfterMs = 24 * 3600 * 1000.0;
bool judge_now(const Ledger& ledger, const Keyring& keys, const Frontier& seen, std::span<const Commit> commits, double now_ms,
               std::map<uint32_t, uint64_t>& known);

// One device's commits, ascending by seq, as compact tab-separated text under a
// JSON header line, with what the device had seen when given. Deterministic: the
// same commits give the same bytes.
std::string encode_changes(std::span<const Commit* const> commits, const Frontier* seen = nullptr);
// Checks the header against the name it was fetched under, every line, and
// that the file ends where the header says (a truncated file is refused).
// `seen`, when given, gets the header's frontier (empty when it has none).
Result<std::vector<Commit>> decode_changes(std::string_view bytes, const ChangeFileName& expected, Frontier* seen = nullptr);

// [SECTION] Bundles: sync without a network
//
// Every commit this device knows, its own and others', as one file to carry on
// a USB stick or send over WeChat. Inside: a JSON header line naming the
// township and each part, then the parts, each a change file as above. Outside:
// a JSON line naming the township and the device that sealed it, then the
// inside, sealed. Importing merges exactly as fetching from the server would.

std::string encode_bundle(const Ledger& ledger, const std::string& township);
// Refuses a bundle of another township (ErrorCode::OtherTownship) and any
// damaged part (then nothing is taken: a bundle is whole or not at all).
Result<std::vector<Commit>> decode_bundle(std::string_view bytes, const std::string& township);

// The outside line also carries the township's key file (wrapped: useless without the passphrase),
// and names the photos (photos.h) that follow the sealed part, each as it is sealed: those this
// device has still to send, so that a township without a server passes them on with the records.
using SealedPhotos = std::map<std::string, std::string>;  // by name
void export_bundle(Vault& vault, const Keyring& keys, const Ledger& ledger, std::function<void(Result<std::string>)> done,
                   const SealedPhotos& photos = {});
// The key file a bundle carries, "" if none or not a bundle.
std::string bundle_key_file(std::string_view bytes);
// The seal is checked like a server file's (Tampered, WrongKey, UnknownSigner)
// and its signer pinned in keys; then decode_bundle. A bundle a role's device
// sealed gives, at the clerk's devices, only that device's own commits (the
// others come their own way, signed by who made them), to merge judged once
// the ledger knows what that device had seen (knows_frontier).
struct ImportedBundle {
    std::vector<Commit> commits;
    std::string role;     // Opened::role
    Frontier seen;        // a role's bundle: what its device had of the others' commits (left out of `commits`)
    SealedPhotos photos;  // as carried: not checked yet (PhotoStore::take opens each with the key a survey holds)
};
void import_bundle(Vault& vault, Keyring& keys, std::string bytes, std::function<void(Result<ImportedBundle>)> done);

// A device's signing key as first seen is kept in keys.signers; a later file
// signed by another key for that device is refused (Tampered). False: refused.
bool trust_signer(Keyring& keys, uint32_t device, const PublicKey& signer, bool& added);

// Stores merged commits durably, then calls stored(ok). LocalState does it
// with its store; tests merge into a Ledger.
using MergeCommits = std::function<void(std::vector<Commit> commits, std::function<void(bool ok)> stored)>;

// A role's commits, merged and judged (scopes.h WriteCheck): done gets what the role may not do and
// the edit that takes it back, for the caller to commit. A role of "" or "township" is not judged.
void merge_judged(const Ledger& ledger, const std::string& role, std::vector<Commit> commits, const MergeCommits& merge,
                  std::function<void(bool stored, WriteVerdict verdict)> done);

// Another role's device cannot take back what a role may not do (that is the clerk's): it takes out of
// a role's commits those it would refuse (WriteCheck::refused_if_merged) while what they change would
// still show merged, until the clerk's take-back (or a newer write) has arrived or a day after they
// were made (by their maker's clock; the clerk's devices may be lost). Commits the ledger knows stay
// and are not judged again. Returns how many it took out.
size_t hold_back_beyond_role(const Ledger& ledger, const std::string& role, std::vector<Commit>& commits, double now_ms);

// A file written by `device` opened (seal.h) and its signer checked as above;
// at the clerk's devices also that the clerk's devices or an issued role
// signed it (else UnknownSigner). `added` must outlive the call.
void open_from_device(Vault& vault, Keyring& keys, uint32_t device, const std::string& path, std::string sealed, bool& added,
                      std::function<void(Result<Opened>)> done);
// A change file opened: a device's own as open_from_device, a relayed one only when the township
// signed it (UnknownSigner otherwise, and always at a role's device whose key file names no township signer).
void open_change_file(Vault& vault, Keyring& keys, const ChangeFileName& name, const std::string& path, std::string sealed, bool& added,
                      std::function<void(Result<Opened>)> done);
// A device's folder as listed under changes/ ("3fa2c1/"): the device, or nullopt.
std::optional<uint32_t> parse_device_folder(std::string_view name);

// The roles directory as the server has it, opened with keys, checked to be signed by the township,
// read. bytes: what was fetched (0 when nothing came).
void fetch_roles_directory(RemoteFolder& remote, Vault& vault, const Keyring& keys,
                           std::function<void(Result<RolesDirectory>, uint64_t bytes)> done);

// [SECTION] A sync round

struct SyncProblem {
    std::string path;  // the file or folder, "" for the round
    Error error;
};

struct SyncReport {
    size_t sent_commits = 0, received_commits = 0;
    bool snapshot_used = false;   // a snapshot was fetched and merged
    uint64_t snapshot_bytes = 0;  // of bytes_up or bytes_down: a snapshot put up or fetched
    uint64_t bytes_up = 0, bytes_down = 0;
    std::vector<SyncProblem> problems;  // the round went on past each; empty: everything went
    std::vector<RefusedChange> refused; // changes roles' devices may not make, taken back (the clerk's devices)
    size_t role_files_waiting = 0;      // a role's files not judged yet: its device had seen commits not here yet
    size_t held_commits = 0;            // another role's devices: a role's commits beyond what it may do, not merged
                                        // until the clerk's take-back arrives (or a day after they were made)
    size_t relayed_commits = 0;         // the clerk's devices: other devices' commits passed on to roles (Relays)
    // This device's commits from before this session, or already seen on the server, went up again: the
    // server was restored from an old backup or replaced (or the device was offline across a restart).
    // Its photos may be missing there too (photos.h PhotoStore::recheck).
    bool sent_again = false;
    size_t folders_unchanged = 0;       // device folders not listed: the server said they had not changed (ListingCache)
    bool finished = false;              // every step was tried
};

// snapshots/<device>-<commits>.gys
struct SnapshotName {
    uint32_t device = 0;
    uint64_t commits = 0;
};
std::string snapshot_path(const SnapshotName& name);
std::optional<SnapshotName> parse_snapshot_file(std::string_view file);  // "3fa2c1-000000001200.gys"

class SyncEngine {
public:
    static constexpr size_t kMaxCommitsPerFile = 500;
    static constexpr size_t kMaxBytesPerFile = 256 * 1024;

    // When snapshots are made and used (small in tests, to exercise them).
    struct SnapshotRule {
        size_t lead = 200;   // fetch the best snapshot when it holds this many commits more than the ledger, and twice as many
        size_t least = 500;  // put one up only when knowing this many commits, and half again the best's
    };
    void set_snapshot_rule(SnapshotRule rule) { snapshot_rule_ = rule; }
    // A device on a metered or slow link (a phone on its data plan: Platform::link_is_metered) leaves
    // snapshots, the whole history in one upload, to the better-connected (the office PC): it puts one
    // up only at kMeteredGrowth times the best's commits (and as many times `least`), when no one else does.
    static constexpr uint64_t kMeteredGrowth = 4;
    void set_link_metered(bool metered) { metered_ = metered; }

    // keys: the township's, held by the caller; the engine pins signers in it,
    // adds the roles the directory names, and says so by take_keys_changed().
    SyncEngine(RemoteFolder& remote, Vault& vault, Keyring& keys, const Ledger& ledger, MergeCommits merge);

    // One round: send this device's commits the server lacks, then fetch and
    // merge what other devices sent. done gets what happened; a round is never
    // started while one runs (returns false). now_ms: the wall clock, for how long a role's file has waited.
    bool run(std::function<void(const SyncReport&)> done, double now_ms = 0);
    bool running() const { return running_; }

    // This device's commits not yet seen on the server by the last round.
    size_t pending() const { return ledger_.last_seq() - sent_count_; }
    // True once after a round changed the keyring (new signers pinned, roles added): to be stored.
    bool take_keys_changed() { return std::exchange(keys_changed_, false); }
    // Commits the edit that takes back what a role's device may not do (merge_judged); false: it failed.
    // Without it (tests), refused changes are only reported.
    void on_refused(std::function<bool(const Edit& undo)> undo) { undo_ = std::move(undo); }

private:
    struct Round;
    void step(std::shared_ptr<Round> round);
    void plan_uploads(Round& round, const std::vector<RemoteEntry>& own);
    void plan_stream(Round& round, const std::string& readers, const std::vector<uint64_t>& seqs, std::vector<bool>& planned);
    std::vector<ChangeFileName> files_for(const ChangeFileName& stream, const std::vector<uint64_t>& seqs) const;
    std::string township_stream() const { return keys_.is_clerk() ? std::string() : std::string("township"); }
    enum class OnServer { Whole, Changed, Unknown };
    OnServer own_file_on_server(const RemoteEntry& listed);
    // listed: the file as the server lists it, kept when sealed again it has the same size (unless
    // changed on the server); none: not there yet.
    void queue_upload(Round& round, ChangeFileName name, std::optional<RemoteEntry> listed, bool changed = false);
    void mark_sent(const ChangeFileName& name, uint64_t size, std::string version);
    void announce_uploads(Round& round);
    void plan_downloads(Round& round, uint32_t device, const std::vector<RemoteEntry>& files);
    void queue_download(Round& round, const ChangeFileName& file);
    void plan_relays(Round& round);
    bool would_make(const Round& round, const ReaderIndex& index, const ChangeFileName& name) const;
    void merge_file(Round& round, const ChangeFileName& name, const std::string& path, Opened opened, std::function<void()> next);
    void merge_role_files(Round& round);
    void plan_snapshot(Round& round, const std::vector<RemoteEntry>& snapshots);
    void plan_roles_directory(Round& round, const std::optional<RemoteEntry>& listed);
    void put_roles_directory(Round& round, const std::set<std::string>& roles, std::function<void()> next);
    void adopt_roles_directory(Round& round, const std::set<std::string>& roles, const RemoteEntry& listed, std::function<void()> next);
    void fetch_roles_directory(Round& round, std::function<void(Result<RolesDirectory>)> done);
    void learn_put_directory_version(std::function<void()> next);
    void read_roles_directory(Round& round, const RemoteEntry& listed, std::function<void()> next);
    void fetch_snapshot(Round& round, const SnapshotName& name, std::function<void()> next);
    void put_snapshot(Round& round, std::function<void()> next);
    void merge_commits(Round& round, const std::string& path, std::vector<Commit> commits, std::function<void()> next,
                       const std::string& role = "");

    ListingCache remote_;  // the server, its unchanged folders answered from memory
    Vault& vault_;
    Keyring& keys_;
    const Ledger& ledger_;
    MergeCommits merge_;
    std::function<bool(const Edit&)> undo_;
    bool running_ = false, keys_changed_ = false;
    std::set<std::string> directory_put_;  // the clerk's devices: the roles in the directory this device put up,
    S3Credential directory_storage_;       // the access key it carried, the clerk's devices it named,
    std::map<uint32_t, PublicKey> directory_devices_;
    std::optional<RemoteEntry> directory_put_file_;  // and the file as listed right after its PUT
    std::optional<RemoteEntry> directory_read_;      // another role's devices: the directory last read, as listed
    std::map<std::string, std::vector<bool>> sent_;  // by stream, by own seq: on the server, whole (as of the last listing and the PUTs since)
    size_t sent_count_ = 0;                           // in the township's stream
    std::optional<uint64_t> known_sent_;              // own seqs up to this were made before this session or seen sent
    // Own files seen whole on the server, by name: size and version as listed (empty until listed after the PUT).
    std::unordered_map<std::string, RemoteEntry> confirmed_;
    SnapshotRule snapshot_rule_;
    bool metered_ = false;
};

// [SECTION] Checking the audit trail against the server
//
// The trail on a device is only as good as its store: someone with the
// device could edit it. But every commit also sits on the server, signed by
// the device that made it, and in the stores of the devices that received it.
// The check reads every change file on the server, checks each signature and
// compares each commit with this device's copy: a copy changed here, a file
// changed on the server, or a device that re-signed its own history after
// others had received it — each shows as a mismatch somewhere.

struct HistoryMismatch {
    uint32_t device = 0;
    uint64_t seq = 0;       // 0: the whole file (see problem)
    std::string path;       // the change file
    Error problem;          // Tampered, WrongKey, InvalidFormat …: the file does not hold; Conflict: a commit differs
};

struct HistoryCheck {
    size_t files = 0, commits_compared = 0, commits_not_here = 0;
    uint64_t bytes = 0;
    std::vector<HistoryMismatch> mismatches;
    bool finished = false;  // false: the server could not be reached part-way
};

// Reads one file at a time, like a round. Pins signers the way a round does.
void check_history(RemoteFolder& remote, Vault& vault, Keyring& keys, const Ledger& ledger, std::function<void(const HistoryCheck&)> done);

bool same_commit(const Commit& a, const Commit& b);

}  // namespace gy
