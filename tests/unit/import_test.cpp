#include "core/import.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};

std::string valid_id(const std::string& first17) { return first17 + id_check_character(first17); }

struct School {
    Ledger ledger{0x55};
    RecordId township, school, campus, klass;
    RecordId create(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        RecordId id = ledger.new_id(kind);
        Edit e;
        for (auto& [key, v] : values) e.fields.push_back({id, field_index(kind, key), v});
        EXPECT_TRUE(ledger.commit(e, "t", 0, kToday).ok());
        return id;
    }
    std::function<RecordId(Kind)> ids() {
        return [this](Kind k) { return ledger.new_id(k); };
    }
    School() {
        township = create(Kind::Township, {{"name", "泉溪镇"}});
        school = create(Kind::School, {{"name", "泉溪镇校联体"}, {"township", township.text()}});
        campus = create(Kind::Campus, {{"name", "泉溪中心学校"}, {"school", school.text()}});
        klass = create(Kind::Class, {{"name", "3年级1班"}, {"campus", campus.text()}, {"grade", "3"}});
    }
};

TEST(Import, GuessesColumnsFromChineseHeaders) {
    ColumnMap m = guess_columns(Kind::Student, {"序号", "学生姓名", "性别", "身份证号码", "所在班级", "留守类别", "家长电话"});
    auto field = [](const char* key) { return field_index(Kind::Student, key); };
    EXPECT_EQ(m.field_of_column, (std::vector<int>{-1, field("name"), field("sex"), field("id_number"), field("class"), field("categories"), -1}));
}

TEST(Import, GoodRowsAreWrittenBadRowsListedWithRowColumnAndReason) {
    School s;
    const std::string id1 = valid_id("43042220160312123"), id2 = valid_id("43042220151101124");
    Sheet sheet = {
        {"姓名", "性别", "身份证号", "班级", "特殊群体类别"},
        {"张三", "男", id1, "3年级1班", "留守"},
        {"李四", "女", "430422201511011240", "3年级1班", ""},  // wrong check digit
        {"王五", "男", id2, "9年级9班", "留守、低保"},          // no such class
        {"", "", "", "", ""},                                  // blank line: skipped
        {"赵六", "男", id1, "3年级1班", ""},                    // same ID as row 2
    };
    ImportPlan plan = plan_import(s.ledger, sheet, guess_columns(Kind::Student, sheet[0]), s.school, kToday, s.ids());
    EXPECT_EQ(plan.rows.size(), 4u);
    EXPECT_EQ(plan.valid_rows(), 1u);
    ASSERT_EQ(plan.problems.size(), 3u);
    EXPECT_EQ(plan.problems[0].row, 3u);
    EXPECT_EQ(plan.problems[0].column, 2);
    EXPECT_EQ(plan.problems[0].problem.problem, Problem::BadIdNumber);
    EXPECT_EQ(plan.problems[1].row, 4u);
    EXPECT_EQ(plan.problems[1].column, 3);
    EXPECT_EQ(plan.problems[1].problem.problem, Problem::UnknownRecord);
    EXPECT_EQ(plan.problems[2].row, 6u);
    EXPECT_EQ(plan.problems[2].problem.problem, Problem::DuplicateIdNumber);
    EXPECT_EQ(s.ledger.live_count(Kind::Student), 0u) << "planning writes nothing";

    ASSERT_TRUE(s.ledger.commit(import_edit(plan, true), "t", 0, kToday).ok());
    EXPECT_EQ(s.ledger.live_count(Kind::Student), 1u);
    RecordId zhang = s.ledger.find_by_id_number(Kind::Student, id1);
    EXPECT_EQ(s.ledger.title(zhang), "张三");
    EXPECT_EQ(s.ledger.find(zhang)->value(field_index(Kind::Student, "birth_date")), "2016-03-12");
}

TEST(Import, AKnownIdNumberIsOfferedAsAMerge) {
    School s;
    const std::string id = valid_id("43042220160312123");
    Sheet first = {{"姓名", "性别", "身份证号", "班级"}, {"张三", "男", id, "3年级1班"}};
    ASSERT_TRUE(s.ledger.commit(import_edit(plan_import(s.ledger, first, guess_columns(Kind::Student, first[0]), {}, kToday, s.ids()), true), "t", 0, kToday).ok());
    Sheet second = {{"身份证号", "家庭住址", "特殊群体类别"}, {id, "石桥村3组", "留守"}};
    ImportPlan plan = plan_import(s.ledger, second, guess_columns(Kind::Student, second[0]), {}, kToday, s.ids());
    ASSERT_EQ(plan.merges(), 1u);
    EXPECT_TRUE(import_edit(plan, false).fields.empty()) << "declining merges writes nothing";
    ASSERT_TRUE(s.ledger.commit(import_edit(plan, true), "t", 0, kToday).ok());
    EXPECT_EQ(s.ledger.live_count(Kind::Student), 1u);
    const Record* r = s.ledger.find(s.ledger.find_by_id_number(Kind::Student, id));
    EXPECT_EQ(r->value(field_index(Kind::Student, "name")), "张三");
    EXPECT_EQ(r->value(field_index(Kind::Student, "address")), "石桥村3组");
    EXPECT_EQ(r->value(field_index(Kind::Student, "categories")), "left_behind");
}

}  // namespace
}  // namespace gy
