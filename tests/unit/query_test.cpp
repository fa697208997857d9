#include "core/county.h"
#include "core/query.h"
#include "core/text.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};

struct SmallCounty : ::testing::Test {
    Ledger ledger{0x42};
    TableView students{Kind::Student};
    void SetUp() override { generate_county(ledger, CountyShape::scaled(0.02), 7, kToday); }

    std::vector<std::string> names(const TableQuery& q) {
        students.update(ledger, q);
        std::vector<std::string> out;
        for (uint32_t row : students.rows()) out.push_back(ledger.records(Kind::Student)[row].value(0));
        return out;
    }
};

TEST_F(SmallCounty, GeneratedRecordsPassTheLedgersOwnChecks) {
    for (const KindDef& k : all_kinds()) {
        for (const Record& r : ledger.records(k.kind)) {
            for (size_t f = 0; f < r.values.size(); ++f) {
                Normalized n = ledger.normalize(k.kind, static_cast<int>(f), r.values[f], kToday);
                ASSERT_TRUE(n.ok) << r.id.text() << " " << k.fields[f].key << " " << r.values[f];
                ASSERT_EQ(n.value, r.values[f]) << k.fields[f].key;
                if (k.fields[f].type == FieldType::IdNumber && !r.values[f].empty()) {
                    ASSERT_EQ(ledger.find_by_id_number(k.kind, r.values[f]), r.id) << "duplicate ID number " << r.values[f];
                }
            }
            Edit same;
            same.fields = {{r.id, 0, r.values[0]}};
            ASSERT_TRUE(ledger.check(same, kToday).empty()) << r.id.text();
        }
    }
}

TEST_F(SmallCounty, StudentsAreInPinyinOrder) {
    std::vector<std::string> all = names({});
    ASSERT_EQ(all.size(), ledger.live_count(Kind::Student));
    for (size_t i = 1; i < all.size(); ++i) EXPECT_LE(compare_names(all[i - 1], all[i]), 0) << all[i - 1] << " " << all[i];
    TableQuery desc;
    desc.descending = true;
    std::vector<std::string> reversed = names(desc);
    EXPECT_EQ(reversed.front(), all.back());
}

TEST_F(SmallCounty, SearchFindsByInitialsAndByIdDigits) {
    TableQuery q;
    q.text = "zs";
    for (const std::string& n : names(q)) EXPECT_TRUE(name_matches(n, "zs")) << n;
    const Record& someone = ledger.records(Kind::Student)[3];
    q.text = someone.value(field_index(Kind::Student, "id_number")).substr(6, 12);
    std::vector<std::string> found = names(q);
    EXPECT_NE(std::find(found.begin(), found.end(), someone.value(0)), found.end());
}

TEST_F(SmallCounty, ScopeAndCategoryNarrowTheRows) {
    const RecordId township = ledger.records(Kind::Township)[0].id;
    TableQuery q;
    q.scope = township;
    q.category = "left_behind";
    students.update(ledger, q);
    ASSERT_FALSE(students.rows().empty());
    size_t expected = 0;
    for (const Record& r : ledger.records(Kind::Student))
        expected += TableView::is_under(ledger, r.id, township) && has_word(r.value(field_index(Kind::Student, "categories")), "left_behind");
    EXPECT_EQ(students.rows().size(), expected);
}

TEST_F(SmallCounty, AnEditShowsAtOnceInOrderAndSearch) {
    TableQuery q;
    students.update(ledger, q);
    const RecordId someone = ledger.records(Kind::Student)[10].id;
    Edit e;
    e.fields = {{someone, 0, "阿𠮷"}};
    ASSERT_TRUE(ledger.commit(e, "x", 0, kToday).ok());
    q.text = "aji";
    EXPECT_EQ(names(q), std::vector<std::string>{"阿𠮷"});
    std::vector<std::string> all = names({});
    EXPECT_EQ(all.front(), "阿𠮷");  // "a" sorts first
    Edit gone;
    gone.deletions = {someone};
    for (RecordId r : ledger.referrers(someone)) gone.deletions.push_back(r);
    ASSERT_TRUE(ledger.commit(gone, "x", 0, kToday).ok());
    EXPECT_TRUE(names(q).empty());
}

// A view that rebuilt whole between two edits of one record (after Ledger::mark_all_changed, as when
// Extension B's pinyin arrives) still sees the second: the change log names the row again.
TEST_F(SmallCounty, ASecondEditOfOneRecordShowsAfterTheViewRebuiltBetween) {
    const RecordId someone = ledger.records(Kind::Student)[10].id;
    const auto rename = [&](const char* name) {
        Edit e;
        e.fields = {{someone, 0, name}};
        ASSERT_TRUE(ledger.commit(e, "x", 0, kToday).ok());
    };
    const auto search = [&](const char* text) {
        TableQuery q;
        q.text = text;
        return names(q);
    };
    rename("吉𠮷");
    EXPECT_EQ(search("吉𠮷"), std::vector<std::string>{"吉𠮷"});
    ledger.mark_all_changed();
    EXPECT_EQ(search("吉𠮷"), std::vector<std::string>{"吉𠮷"});
    rename("阿吉𠮷");
    EXPECT_EQ(search("阿吉𠮷"), std::vector<std::string>{"阿吉𠮷"});
    EXPECT_EQ(names({}).front(), "阿吉𠮷") << "moved to its new place in the order";
}

}  // namespace
}  // namespace gy
