// The audit trail (core/audit.h): who changed what and when, per device.
#include "core/audit.h"
#include "core/ledger.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};
const int64_t kNow = 1795400000000;  // 2026-11-23 10:13:20 in China

const AuditWords kWords{{"时间", "设备", "操作人", "类别", "记录", "字段", "原值", "新值"}, "新建", "删除", "恢复", "（未填写操作人）"};

int field(Kind kind, const char* key) { return field_index(kind, key); }

TEST(Audit, ListsEveryChangePerDeviceNewestFirstWithReadableValuesAndMaskedIds) {
    Ledger office(0x00000a), phone(0x00000b);
    auto create = [&](Kind kind, std::vector<std::pair<const char*, std::string>> values, int64_t at) {
        const RecordId id = office.new_id(kind);
        Edit e;
        for (auto& [key, v] : values) e.fields.push_back({id, field(kind, key), v});
        EXPECT_TRUE(office.commit(e, "王丽 @ 办公室", at, kToday).ok());
        return id;
    };
    const RecordId township = create(Kind::Township, {{"name", "大塘镇"}}, kNow);
    const RecordId school = create(Kind::School, {{"name", "大塘镇校联体"}, {"township", township.text()}}, kNow + 1);
    const RecordId campus = create(Kind::Campus, {{"name", "石桥教学点"}, {"school", school.text()}, {"type", "教学点"}}, kNow + 2);
    const RecordId teacher = create(Kind::Teacher, {{"name", "李老师"}, {"sex", "女"}, {"campus", campus.text()}, {"id_number", "43042219900101123X"}}, kNow + 1000);
    for (const Commit& c : office.commits()) phone.merge(c);
    ASSERT_TRUE(phone.commit({{{teacher, field(Kind::Teacher, "name"), "李明老师"}}, {}, {}}, "张伟 @ 手机", kNow + 60000, kToday).ok());
    ASSERT_TRUE(phone.commit({{}, {teacher}, {}}, "张伟 @ 手机", kNow + 120000, kToday).ok());

    const std::vector<AuditDevice> devices = audit_devices(phone);
    ASSERT_EQ(devices.size(), 2u);
    EXPECT_EQ(devices[0].device, 0x00000bu);  // the most recently active first
    EXPECT_EQ(devices[0].commits, 2u);
    EXPECT_EQ(devices[0].last_author, "张伟 @ 手机");
    EXPECT_EQ(devices[1].commits, 4u);

    const Sheet phone_only = audit_sheet(phone, audit_commits(phone, 0x00000bu), kWords, false);
    ASSERT_EQ(phone_only.size(), 3u);  // header, the deletion, the rename
    EXPECT_EQ(phone_only[1][5], "删除");
    EXPECT_EQ(phone_only[2], (std::vector<std::string>{"2026-11-23 10:14:20", "00000b", "张伟 @ 手机", "教师", "李明老师", "姓名", "李老师", "李明老师"}));

    const Sheet all = audit_sheet(phone, audit_commits(phone, std::nullopt), kWords, false);
    EXPECT_EQ(all.back()[4], "大塘镇");  // the oldest last
    EXPECT_TRUE(all[all.size() - 2][5] == "新建" || all.back()[5] == "新建");
    bool masked = false;
    for (const auto& row : all) masked |= row[5] == "身份证号" && row[7] == "430422********123X";
    EXPECT_TRUE(masked);
    bool whole = false;
    for (const auto& row : audit_sheet(phone, audit_commits(phone, std::nullopt), kWords, true)) whole |= row[7] == "43042219900101123X";
    EXPECT_TRUE(whole);
}

// Before anyone is named in 设置 the author is left empty, and the trail says so.
TEST(Audit, ACommitWithNoOperatorNamedSaysSo) {
    Ledger l(0x00000a);
    for (const char* author : {"", " @ 办公室电脑", "?", "? @ 办公室电脑"}) {  // "?": what builds before session 5 stored
        const RecordId id = l.new_id(Kind::Township);
        ASSERT_TRUE(l.commit({{{id, field(Kind::Township, "name"), std::string("镇") + author}}, {}, {}}, author, kNow, kToday).ok());
    }
    const Sheet sheet = audit_sheet(l, audit_commits(l, std::nullopt), kWords, false);
    std::vector<std::string> authors;
    for (size_t r = 1; r < sheet.size(); r += 2) authors.push_back(sheet[r][2]);  // each commit: 新建 and the name
    std::sort(authors.begin(), authors.end());
    EXPECT_EQ(authors, (std::vector<std::string>{"（未填写操作人）", "（未填写操作人）", "（未填写操作人） @ 办公室电脑", "（未填写操作人） @ 办公室电脑"}));
}

}  // namespace
}  // namespace gy
