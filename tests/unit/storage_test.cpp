#include "core/storage.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gy {
namespace {

class FileStorageTest : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/gongyu-storage-XXXXXX";
        folder_ = mkdtemp(pattern);
    }
    void TearDown() override { std::filesystem::remove_all(folder_); }
    std::string folder_;
};

TEST_F(FileStorageTest, ValueWrittenIsReadBackByANewInstance) {
    bool done = false, ok = false;
    {
        FileStorage storage(folder_);
        storage.put("settings", R"({"device_name":"大塘镇政府"})", [&](bool r) { done = true; ok = r; });
    }
    EXPECT_TRUE(done);
    EXPECT_TRUE(ok);
    FileStorage reopened(folder_);
    Result<StoredRecords> records = reopened.load_all();
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(records.value().at("settings"), R"({"device_name":"大塘镇政府"})");
}

TEST_F(FileStorageTest, KeysWithSlashesAndChineseRoundTrip) {
    FileStorage storage(folder_);
    storage.put("quarantine/settings/1700000000000", "x", [](bool) {});
    storage.put("学生/刘䶮", "y", [](bool) {});
    Result<StoredRecords> records = storage.load_all();
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(records.value().size(), 2u);
    EXPECT_EQ(records.value().at("quarantine/settings/1700000000000"), "x");
    EXPECT_EQ(records.value().at("学生/刘䶮"), "y");
}

TEST_F(FileStorageTest, OverwriteReplacesAndRemoveDeletes) {
    FileStorage storage(folder_);
    storage.put("k", "old", [](bool) {});
    storage.put("k", "new", [](bool) {});
    EXPECT_EQ(storage.load_all().value().at("k"), "new");
    bool ok = false;
    storage.remove("k", [&](bool r) { ok = r; });
    EXPECT_TRUE(ok);
    EXPECT_TRUE(storage.load_all().value().empty());
}

TEST_F(FileStorageTest, LeftoverTemporaryFileFromACrashIsIgnored) {
    FileStorage storage(folder_);
    storage.put("k", "committed", [](bool) {});
    std::ofstream(folder_ + "/.tmp-k") << "half-writ";
    Result<StoredRecords> records = storage.load_all();
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(records.value().size(), 1u);
    EXPECT_EQ(records.value().at("k"), "committed");
}

TEST(FileStorage, MissingFolderIsAnError) {
    FileStorage storage("/proc/definitely/not/here");
    Result<StoredRecords> records = storage.load_all();
    ASSERT_FALSE(records.ok());
    EXPECT_EQ(records.error().code, ErrorCode::StorageFailure);
    bool ok = true;
    storage.put("k", "v", [&](bool r) { ok = r; });
    EXPECT_FALSE(ok);
}

TEST(KeyEscaping, RoundTripsEveryByte) {
    std::string all;
    for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
    EXPECT_EQ(unescape_key(escape_key(all)), all);
    EXPECT_EQ(escape_key("settings"), "settings");
    EXPECT_EQ(escape_key(".hidden")[0], '%');  // never a dot file
}

}  // namespace
}  // namespace gy
