// Household photos: sealed with their own key, named by their hash, kept beside the ledger, sent by
// the device that took them before the change files naming them, fetched and kept by the others.
#include "core/export.h"
#include "core/local_state.h"
#include "core/photos.h"
#include "core/sync_service.h"
#include "../ui/memory_http.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gy {
namespace {

const double kNow = 1795400000000;  // 2026-11-23

std::string photo_file(const char* name) {
    std::ifstream in(std::string(GONGYU_TEST_DATA) + "/photos/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

const int kPhotos = field_index(Kind::Survey, "photos");

TEST(Photos, ASealedPhotoOpensOnlyAsItsNameAndKeySay) {
    const std::string jpeg = photo_file("household.jpg");
    ASSERT_GT(jpeg.size(), 100'000u);
    Result<SealedPhoto> sealed = seal_photo(jpeg);
    ASSERT_TRUE(sealed) << sealed.error().detail;
    const PhotoRef& ref = sealed.value().ref;
    EXPECT_EQ(ref.name.size(), 32u);
    EXPECT_EQ(sealed.value().bytes.find("JFIF"), std::string::npos);  // nothing of the picture shows through
    EXPECT_EQ(open_photo(ref, sealed.value().bytes).value(), jpeg);

    std::string changed = sealed.value().bytes;
    changed[changed.size() / 2] ^= 1;
    EXPECT_EQ(open_photo(ref, changed).error().code, ErrorCode::Tampered);
    EXPECT_EQ(open_photo(ref, sealed.value().bytes.substr(0, 1000)).error().code, ErrorCode::Tampered);
    PhotoRef wrong_key = ref;
    wrong_key.key[0] ^= 1;
    EXPECT_EQ(open_photo(wrong_key, sealed.value().bytes).error().code, ErrorCode::Tampered);
    // Another photo under this one's name: its bytes are not the ones the name says.
    Result<SealedPhoto> other = seal_photo(photo_file("small.jpg"));
    EXPECT_EQ(open_photo(ref, other.value().bytes).error().code, ErrorCode::Tampered);
    // The same picture sealed twice is two photos: a key of its own each.
    EXPECT_NE(seal_photo(jpeg).value().ref.name, ref.name);

    EXPECT_EQ(seal_photo("GIF89a…").error().code, ErrorCode::InvalidValue);
    EXPECT_EQ(seal_photo("\xFF\xD8\xFF" + std::string(kMaxPhotoBytes, 'x')).error().code, ErrorCode::TooLarge);
}

TEST(Photos, TheSurveyFieldHoldsReferencesOnly) {
    Ledger ledger(0x3fa2c1);
    const PhotoRef a = seal_photo(photo_file("small.jpg")).value().ref, b = seal_photo(photo_file("small.jpg")).value().ref;
    const std::string two = photo_ref_text(a) + " " + photo_ref_text(b);
    EXPECT_EQ(parse_photo_ref(photo_ref_text(a)), a);
    EXPECT_EQ(ledger.normalize(Kind::Survey, kPhotos, two + " " + photo_ref_text(a), Date{2026, 11, 23}).value, two);  // each once
    EXPECT_EQ(ledger.normalize(Kind::Survey, kPhotos, "IMG_0001.jpg", Date{2026, 11, 23}).problem.problem, Problem::BadText);
    std::string ten;
    for (int i = 0; i < 10; ++i) ten += (i ? " " : "") + photo_ref_text(seal_photo(photo_file("small.jpg")).value().ref);
    EXPECT_EQ(ledger.normalize(Kind::Survey, kPhotos, ten, Date{2026, 11, 23}).problem.problem, Problem::TooLong);
    EXPECT_EQ(photo_refs(two + " junk"), (std::vector<PhotoRef>{a, b}));
    // Tables, exports and the history show how many.
    EXPECT_EQ(readable_value(ledger, field_def(Kind::Survey, kPhotos), two, false), "2");
}

// A township's device: a store, its keys, and sync with the shared server.
struct Device {
    MemoryStorage storage;
    LocalState local{storage};
    DirectVault vault;
    SyncService sync;
    Device(test::MemoryHttp& server, uint32_t id, const Keyring& keys)
        : sync(server.handler(), "http://s/430422105/", local, vault) {
        local.load(kNow, id);
        local.save_keys(keys, [](bool) {});
    }
    void round(double now) {
        sync.sync_now(now);
        sync.poll(now);
    }
    RecordId survey_with(const std::vector<PhotoRef>& photos) {
        const RecordId survey = local.new_id(Kind::Survey);
        std::string refs;
        for (const PhotoRef& p : photos) refs += (refs.empty() ? "" : " ") + photo_ref_text(p);
        Edit e;
        e.fields = {{survey, field_index(Kind::Survey, "student"), local.ledger().records(Kind::Student)[3].id.text()},
                    {survey, field_index(Kind::Survey, "date"), "2026-11-20"},
                    {survey, kPhotos, refs}};
        EXPECT_TRUE(local.commit(e, kNow).ok());
        return survey;
    }
    PhotoRef add(const std::string& jpeg) {
        PhotoRef out;
        local.photos().add(vault, jpeg, [&](Result<PhotoRef> ref) { out = ref.value(); });
        return out;
    }
    Result<std::string> open(const PhotoRef& ref, RemoteFolder* remote) {
        Result<std::string> out = Error{ErrorCode::Unavailable, "no answer"};
        local.photos().open(vault, ref, remote, [&](Result<std::string> jpeg) { out = std::move(jpeg); });
        return out;
    }
};

struct TwoDevices {
    test::MemoryHttp server;
    Keyring keys = new_keyring("430422105");
    Keyring other_keys = [this] { Keyring k = keys; new_device_keys(k); return k; }();
    Device office{server, 0x00000a, keys}, phone{server, 0x00000b, other_keys};
    const std::string jpeg = photo_file("household.jpg");
    TwoDevices() { office.local.fill_with_sample_county(0.002, kNow); }
    std::string on_server(const PhotoRef& ref) { return server.files["http://s/430422105/" + photo_remote_path(ref.name)]; }
};

TEST(Photos, APhotoTakenOnOneDeviceOpensOnAnotherThroughTheServer) {
    TwoDevices t;
    const PhotoRef ref = t.office.add(t.jpeg);
    // Kept at once, outside what the store reads at start-up.
    StoredRecords at_start;
    ASSERT_TRUE(t.office.storage.read_more(at_start));
    EXPECT_FALSE(at_start.count(photo_store_key(ref.name)));
    EXPECT_TRUE(t.office.storage.load_all().value().count(photo_store_key(ref.name)));
    EXPECT_EQ(t.office.sync.photos_waiting(), 0u);  // no record names it yet: nothing to send
    const RecordId survey = t.office.survey_with({ref});
    EXPECT_EQ(t.office.sync.photos_waiting(), 1u);

    t.office.round(kNow);
    ASSERT_TRUE(t.office.sync.last_report().problems.empty());
    EXPECT_EQ(t.office.sync.photos_waiting(), 0u);
    EXPECT_FALSE(t.on_server(ref).empty());

    t.phone.round(kNow);
    ASSERT_TRUE(t.phone.local.ledger().exists(survey));
    const std::vector<PhotoRef> named = photo_refs(t.phone.local.ledger().find(survey)->value(kPhotos));
    ASSERT_EQ(named, std::vector<PhotoRef>{ref});
    EXPECT_EQ(t.phone.open(ref, nullptr).error().code, ErrorCode::NotFound);  // not fetched yet, and no server
    EXPECT_EQ(t.phone.open(ref, &t.phone.sync.folder()).value(), t.jpeg);
    t.server.files.clear();
    EXPECT_EQ(t.phone.open(ref, &t.phone.sync.folder()).value(), t.jpeg);  // kept: shown again without the server
    EXPECT_EQ(t.phone.sync.photos_waiting(), 0u);  // fetched photos are never sent back
}

TEST(Photos, APhotoChangedOnTheServerIsRefusedAndNotKept) {
    TwoDevices t;
    const PhotoRef ref = t.office.add(t.jpeg);
    t.office.survey_with({ref});
    t.office.round(kNow);
    t.phone.round(kNow);
    std::string& on_server = t.server.files["http://s/430422105/" + photo_remote_path(ref.name)];
    on_server[on_server.size() - 5] ^= 1;
    EXPECT_EQ(t.phone.open(ref, &t.phone.sync.folder()).error().code, ErrorCode::Tampered);
    EXPECT_EQ(t.phone.open(ref, nullptr).error().code, ErrorCode::NotFound);  // nothing kept
    on_server[on_server.size() - 5] ^= 1;  // the server restored from a backup
    EXPECT_EQ(t.phone.open(ref, &t.phone.sync.folder()).value(), t.jpeg);
}

TEST(Photos, TheQueueOutlivesARestartAndALinkThatFails) {
    TwoDevices t;
    const PhotoRef ref = t.office.add(t.jpeg);
    const PhotoRef unsaved = t.office.add(photo_file("small.jpg"));
    t.office.survey_with({ref});
    t.server.files.clear();
    {
        bool down = true;
        LocalState again(t.office.storage);  // the app started again, offline
        again.load(kNow, 0x00000a);
        SyncService offline([&](const std::string&, const std::string&, std::string, std::function<void(HttpResponse)> done) {
            done({down ? 0 : 201, {}});
        }, "http://s/430422105/", again, t.office.vault);
        EXPECT_EQ(offline.photos_waiting(), 1u);  // the unsaved photo is not counted: no record names it
        offline.poll(kNow);
        ASSERT_FALSE(offline.last_report().problems.empty());
        EXPECT_EQ(offline.last_report().problems[0].path, photo_remote_path(ref.name));
        EXPECT_EQ(offline.last_report().problems[0].error.code, ErrorCode::Unreachable);
        EXPECT_EQ(offline.photos_waiting(), 1u);
    }
    LocalState again(t.office.storage);
    again.load(kNow, 0x00000a);
    SyncService online(t.server.handler(), "http://s/430422105/", again, t.office.vault);
    online.poll(kNow);
    EXPECT_TRUE(online.last_report().problems.empty());
    EXPECT_EQ(online.photos_waiting(), 0u);
    EXPECT_FALSE(t.on_server(ref).empty());
    EXPECT_TRUE(t.on_server(unsaved).empty());  // never named by a record: never sent

    // A photo added to a form that was then closed unsaved is let go.
    again.photos().forget(unsaved);
    EXPECT_FALSE(t.office.storage.load_all().value().count(photo_store_key(unsaved.name)));
    EXPECT_TRUE(t.office.storage.load_all().value().count(photo_store_key(ref.name)));
}

// Two devices put a photo in one survey offline; the later write wins the field. The office learns of it
// before its photo went up (here by merging the phone's commit): its photo, named only in the overwritten
// write, is still sent, and opens on the phone from the survey's history.
TEST(Photos, APhotoOnlyAnOverwrittenWriteNamedIsStillSentAndOpensFromTheHistory) {
    TwoDevices t;
    t.phone.local.fill_with_sample_county(0.002, kNow);  // the same county as the office's: its surveys' children
    const RecordId survey = t.office.survey_with({});
    t.office.round(kNow);
    t.phone.round(kNow);
    ASSERT_TRUE(t.phone.local.ledger().exists(survey));
    const PhotoRef mine = t.office.add(t.jpeg), theirs = t.phone.add(photo_file("small.jpg"));
    ASSERT_TRUE(t.office.local.commit(Edit{{{survey, kPhotos, photo_ref_text(mine)}}, {}, {}}, kNow + 1000).ok());
    ASSERT_TRUE(t.phone.local.commit(Edit{{{survey, kPhotos, photo_ref_text(theirs)}}, {}, {}}, kNow + 2000).ok());
    const auto& made = t.phone.local.ledger().commits();
    t.office.local.merge_remote(std::vector<Commit>(made.end() - 1, made.end()), [](bool) {});
    ASSERT_EQ(photo_refs(t.office.local.ledger().find(survey)->value(kPhotos)), std::vector<PhotoRef>{theirs});
    EXPECT_EQ(t.office.sync.photos_waiting(), 1u) << "the overwritten write's photo still waits to go up";

    t.office.round(kNow + 3000);
    EXPECT_TRUE(t.office.sync.last_report().problems.empty());
    EXPECT_EQ(t.office.sync.photos_waiting(), 0u);
    EXPECT_FALSE(t.on_server(mine).empty());
    t.phone.round(kNow + 4000);
    PhotoRef from_history;
    for (auto [commit, change] : t.phone.local.ledger().history(survey))
        for (const PhotoRef& ref : photo_refs(change->value)) from_history = ref == mine ? ref : from_history;
    ASSERT_EQ(from_history, mine) << "the phone holds the overwritten write in the survey's history";
    EXPECT_EQ(t.phone.open(from_history, &t.phone.sync.folder()).value(), t.jpeg);
}

// The server is restored from a backup older than the photo: the change files go up again, and so does
// the photo with them; in the same session, and after a restart.
TEST(Photos, APhotoIsSentAgainToAServerRestoredFromAnOldBackup) {
    TwoDevices t;
    const PhotoRef ref = t.office.add(t.jpeg);
    t.office.survey_with({ref});
    t.office.round(kNow);
    const std::string sent = t.on_server(ref);
    ASSERT_FALSE(sent.empty());
    t.office.round(kNow + 500);
    EXPECT_FALSE(t.office.sync.last_report().sent_again) << "nothing to send again";

    t.server.files.clear();  // a server restored from a backup older than everything
    t.office.round(kNow + 1000);
    EXPECT_TRUE(t.office.sync.last_report().sent_again);
    EXPECT_EQ(t.office.sync.photos_waiting(), 1u) << "queued again";
    t.office.round(kNow + 2000);
    EXPECT_EQ(t.on_server(ref), sent);
    EXPECT_EQ(t.office.sync.photos_waiting(), 0u);
    t.office.round(kNow + 3000);
    EXPECT_FALSE(t.office.sync.last_report().sent_again);

    // The server is replaced while the office is closed: its first round after the restart sends its
    // commits again, and the photo after them.
    t.server.files.clear();
    LocalState again(t.office.storage);
    again.load(kNow, 0x00000a);
    SyncService restarted(t.server.handler(), "http://s/430422105/", again, t.office.vault);
    restarted.poll(kNow + 5000);
    EXPECT_TRUE(restarted.last_report().sent_again);
    restarted.sync_now(kNow + 6000);
    restarted.poll(kNow + 6000);
    EXPECT_EQ(t.on_server(ref), sent);
}

// No server at all: the photo travels in the bundle with the survey, and the receiving device passes it on.
TEST(Photos, ABundleCarriesThePhotosItsDeviceHasStillToSend) {
    TwoDevices t;
    const PhotoRef ref = t.office.add(t.jpeg);
    t.office.survey_with({ref});
    SealedPhotos queued;
    t.office.local.photos().queued(t.office.local.ledger(), [&](SealedPhotos p) { queued = std::move(p); });
    ASSERT_EQ(queued.size(), 1u);
    std::string bundle;
    export_bundle(t.office.vault, t.office.local.keys(), t.office.local.ledger(), [&](Result<std::string> b) { bundle = b.value(); }, queued);

    Result<ImportedBundle> imported = Error{ErrorCode::Unavailable, ""};
    import_bundle(t.phone.vault, t.phone.local.keys(), bundle, [&](Result<ImportedBundle> b) { imported = std::move(b); });
    ASSERT_TRUE(imported) << imported.error().detail;
    ASSERT_EQ(imported.value().photos.size(), 1u);
    size_t kept = 99;
    t.phone.local.photos().take(t.phone.vault, t.phone.local.ledger(), imported.value().photos, [&](size_t n) { kept = n; });
    EXPECT_EQ(kept, 0u);  // before the survey naming it merged, no key opens it: nothing taken
    t.phone.local.merge_remote(std::move(imported.value().commits), [](bool) {});
    t.phone.local.photos().take(t.phone.vault, t.phone.local.ledger(), imported.value().photos, [&](size_t n) { kept = n; });
    EXPECT_EQ(kept, 1u);
    EXPECT_EQ(t.phone.open(ref, nullptr).value(), t.jpeg);
    EXPECT_EQ(t.phone.sync.photos_waiting(), 1u);  // it goes on to the server from here too

    // A photo changed on the way is not taken; a bundle whose photos do not add up is refused whole.
    SealedPhotos changed = imported.value().photos;
    changed.begin()->second.back() ^= 1;
    TwoDevices u;
    u.phone.local.merge_remote(std::vector<Commit>(t.office.local.ledger().commits().begin(), t.office.local.ledger().commits().end()), [](bool) {});
    u.phone.local.photos().take(u.phone.vault, u.phone.local.ledger(), changed, [&](size_t n) { kept = n; });
    EXPECT_EQ(kept, 0u);
    bundle.pop_back();
    import_bundle(t.phone.vault, t.phone.local.keys(), bundle, [&](Result<ImportedBundle> b) { imported = std::move(b); });
    EXPECT_EQ(imported.error().code, ErrorCode::InvalidFormat);
}

}  // namespace
}  // namespace gy
