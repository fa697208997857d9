#include "core/local_state.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

// A storage whose writes complete only when the test says so, like IndexedDB.
class DeferredStorage final : public Storage {
public:
    StoredRecords records;
    std::vector<std::pair<std::string, WriteDone>> pending;
    bool fail_load = false;

    Result<StoredRecords> load_all() override {
        if (fail_load) return Error{ErrorCode::StorageFailure, "blocked"};
        return records;
    }
    void put(const std::string& key, const std::string& value, WriteDone done) override {
        records[key] = value;
        pending.emplace_back(key, std::move(done));
    }
    void remove(const std::string& key, WriteDone done) override {
        records.erase(key);
        pending.emplace_back(key, std::move(done));
    }
    void complete_all(bool ok) {
        auto p = std::move(pending);
        for (auto& [key, done] : p) done(ok);
    }
};

TEST(LocalState, StartsWithDefaultsOnAnEmptyStore) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(1000);
    EXPECT_TRUE(state.problems().empty());
    EXPECT_EQ(state.settings(), Settings{});
}

TEST(LocalState, SavedOnlyAfterStorageConfirms) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    Settings s;
    s.device_name = "大塘镇政府办公室电脑";
    ASSERT_TRUE(state.save_settings(s).ok());
    EXPECT_EQ(state.save_state(), SaveState::Saving);
    storage.complete_all(true);
    EXPECT_EQ(state.save_state(), SaveState::Saved);

    LocalState reloaded(storage);
    reloaded.load(0);
    EXPECT_EQ(reloaded.settings().device_name, "大塘镇政府办公室电脑");
}

TEST(LocalState, FailedWriteIsReported) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    ASSERT_TRUE(state.save_settings(Settings{}).ok());
    storage.complete_all(false);
    EXPECT_EQ(state.save_state(), SaveState::Failed);
}

TEST(LocalState, OnlyTheLatestSaveDecidesTheState) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    Settings a, b;
    a.device_name = "A";
    b.device_name = "B";
    state.save_settings(a);
    auto first = std::move(storage.pending[0].second);
    storage.pending.clear();
    state.save_settings(b);
    first(true);  // the older write finishing must not claim the newer one is saved
    EXPECT_EQ(state.save_state(), SaveState::Saving);
    storage.complete_all(true);
    EXPECT_EQ(state.save_state(), SaveState::Saved);
}

TEST(LocalState, InvalidSettingsChangeNothing) {
    DeferredStorage storage;
    LocalState state(storage);
    state.load(0);
    Settings bad;
    bad.text_scale = 500;
    Result<Settings> r = state.save_settings(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidValue);
    EXPECT_TRUE(storage.pending.empty());
    EXPECT_EQ(state.settings(), Settings{});
    EXPECT_EQ(state.save_state(), SaveState::Idle);
}

TEST(LocalState, DamagedRecordIsKeptAsideAndReported) {
    DeferredStorage storage;
    storage.records["settings"] = "{\"format\":\"gongyu.settings\",\"ver";  // cut mid-write
    LocalState state(storage);
    state.load(1700000000123.0);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_EQ(state.problems()[0].key, "settings");
    EXPECT_EQ(state.problems()[0].error.code, ErrorCode::InvalidJson);
    EXPECT_EQ(state.settings(), Settings{});
    // Nothing is lost: the damaged bytes are copied aside, the original left alone.
    EXPECT_EQ(storage.records.at("quarantine/settings/1700000000123"), "{\"format\":\"gongyu.settings\",\"ver");
    EXPECT_EQ(storage.records.at("settings"), "{\"format\":\"gongyu.settings\",\"ver");
}

TEST(LocalState, NewerVersionIsReportedNotOverwrittenOnLoad) {
    DeferredStorage storage;
    storage.records["settings"] = R"({"format":"gongyu.settings","version":9,"device_name":"x"})";
    LocalState state(storage);
    state.load(5);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_EQ(state.problems()[0].error.code, ErrorCode::UnsupportedVersion);
    EXPECT_EQ(storage.records.at("settings"), R"({"format":"gongyu.settings","version":9,"device_name":"x"})");
}

TEST(LocalState, UnreadableStoreIsAProblemNotACrash) {
    DeferredStorage storage;
    storage.fail_load = true;
    LocalState state(storage);
    state.load(0);
    ASSERT_EQ(state.problems().size(), 1u);
    EXPECT_TRUE(state.problems()[0].key.empty());
}

}  // namespace
}  // namespace gy
