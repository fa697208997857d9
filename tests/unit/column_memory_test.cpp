// Tests for core/column_memory.h and how LocalState keeps it.
#include "core/column_memory.h"
#include "core/local_state.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

ColumnMap student_map(std::initializer_list<const char*> field_keys) {
    ColumnMap map{Kind::Student, {}};
    for (const char* key : field_keys) map.field_of_column.push_back(*key ? field_index(Kind::Student, key) : -1);
    return map;
}

TEST(ColumnMemory, RecallsTheAcceptedMappingForTheSameHeadersInAnyOrder) {
    ColumnMemory memory;
    const std::vector<std::string> header = {"学生", "证件号", "家庭住址"};
    memory.remember(student_map({"name", "id_number", ""}), header);

    std::optional<ColumnMap> same = memory.recall(Kind::Student, {" 学生", "证件号 ", "家庭住址"});
    ASSERT_TRUE(same);
    EXPECT_EQ(same->field_of_column, student_map({"name", "id_number", ""}).field_of_column);

    std::optional<ColumnMap> moved = memory.recall(Kind::Student, {"家庭住址", "学生", "证件号"});
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->field_of_column, student_map({"", "name", "id_number"}).field_of_column);

    EXPECT_FALSE(memory.recall(Kind::Student, {"学生", "证件号"}));              // another header set
    EXPECT_FALSE(memory.recall(Kind::Teacher, header));                          // another kind
}

TEST(ColumnMemory, TheLatestAcceptanceWinsAndOldOnesAreDropped) {
    ColumnMemory memory;
    const std::vector<std::string> header = {"姓名", "号码"};
    memory.remember(student_map({"name", "id_number"}), header);
    memory.remember(student_map({"name", "phone"}), header);
    EXPECT_EQ(memory.size(), 1u);
    EXPECT_EQ(memory.recall(Kind::Student, header)->field_of_column, student_map({"name", "phone"}).field_of_column);

    for (size_t i = 0; i < ColumnMemory::kMaxEntries + 5; ++i) memory.remember(student_map({"name"}), {"列" + std::to_string(i)});
    EXPECT_EQ(memory.size(), ColumnMemory::kMaxEntries);
    EXPECT_FALSE(memory.recall(Kind::Student, {"列0"}));
    EXPECT_TRUE(memory.recall(Kind::Student, {"列" + std::to_string(ColumnMemory::kMaxEntries + 4)}));
}

TEST(ColumnMemory, JsonRoundTripAndUnknownFieldsComeBackIgnored) {
    ColumnMemory memory;
    memory.remember(student_map({"name", "id_number"}), {"姓名", "身份证"});
    Result<ColumnMemory> back = ColumnMemory::from_json(memory.to_json());
    ASSERT_TRUE(back) << back.error().detail;
    EXPECT_EQ(back.value().recall(Kind::Student, {"姓名", "身份证"})->field_of_column, student_map({"name", "id_number"}).field_of_column);

    Result<ColumnMemory> renamed = ColumnMemory::from_json(
        R"({"format":"gongyu.column_memory","version":1,"mappings":[{"kind":"student","columns":[["姓名","name"],["旧","no_such_field"]]}]})");
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed.value().recall(Kind::Student, {"姓名", "旧"})->field_of_column, (std::vector<int>{field_index(Kind::Student, "name"), -1}));
}

TEST(ColumnMemory, RejectsDamagedJsonPrecisely) {
    EXPECT_EQ(ColumnMemory::from_json("{").error().code, ErrorCode::InvalidJson);
    EXPECT_EQ(ColumnMemory::from_json(R"({"format":"other","version":1})").error().code, ErrorCode::InvalidFormat);
    EXPECT_EQ(ColumnMemory::from_json(R"({"format":"gongyu.column_memory","version":9,"mappings":[]})").error().code,
              ErrorCode::UnsupportedVersion);
    EXPECT_EQ(ColumnMemory::from_json(R"({"format":"gongyu.column_memory","version":1,"mappings":[{"kind":"dog","columns":[]}]})").error().code,
              ErrorCode::InvalidFormat);
    EXPECT_EQ(ColumnMemory::from_json(R"({"format":"gongyu.column_memory","version":1,"mappings":[{"kind":"student","columns":[["a",1]]}]})").error().code,
              ErrorCode::InvalidFormat);
}

TEST(ColumnMemory, LocalStateKeepsItAcrossRestartsAndSetsADamagedCopyAside) {
    MemoryStorage storage;
    {
        LocalState state(storage);
        state.load(1000);
        state.remember_columns(student_map({"name", "id_number"}), {"学生姓名", "身份证号码"});
    }
    LocalState again(storage);
    again.load(2000);
    EXPECT_TRUE(again.problems().empty());
    std::optional<ColumnMap> map = again.column_memory().recall(Kind::Student, {"学生姓名", "身份证号码"});
    ASSERT_TRUE(map);
    EXPECT_EQ(map->field_of_column, student_map({"name", "id_number"}).field_of_column);

    storage.put(LocalState::kColumnMemoryKey, "not json", [](bool) {});
    LocalState damaged(storage);
    damaged.load(3000);
    ASSERT_EQ(damaged.problems().size(), 1u);
    EXPECT_EQ(damaged.problems()[0].key, LocalState::kColumnMemoryKey);
    EXPECT_EQ(damaged.column_memory().size(), 0u);
    EXPECT_TRUE(storage.load_all().value().contains("quarantine/import/columns/3000"));
}

}  // namespace
}  // namespace gy
