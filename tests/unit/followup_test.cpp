#include "core/county.h"
#include "core/followup.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};  // a Monday in the autumn semester

struct Township {
    Ledger ledger{0x77};
    RecordId township, school, campus, klass, helper;

    RecordId create(Kind kind, std::vector<std::pair<const char*, std::string>> values, std::vector<FieldProblem>* problems = nullptr) {
        RecordId id = ledger.new_id(kind);
        Edit e;
        for (auto& [key, v] : values) e.fields.push_back({id, field_index(kind, key), v});
        Outcome o = ledger.commit(e, "t", 0, kToday);
        if (problems) *problems = o.problems;
        else EXPECT_TRUE(o.ok()) << (o.problems.empty() ? "" : o.problems[0].detail);
        return o.ok() ? id : RecordId{};
    }
    Township() {
        township = create(Kind::Township, {{"name", "花桥镇"}});
        school = create(Kind::School, {{"name", "花桥镇校联体"}, {"township", township.text()}});
        campus = create(Kind::Campus, {{"name", "花桥中心学校"}, {"school", school.text()}});
        klass = create(Kind::Class, {{"name", "4年级1班"}, {"campus", campus.text()}, {"grade", "4"}});
        helper = create(Kind::Helper, {{"name", "党员甲"}, {"role", "党员"}, {"township", township.text()}, {"max_pairs", "2"}});
    }
    RecordId child(const char* name, const char* categories = "留守") {
        return create(Kind::Student, {{"name", name}, {"sex", "女"}, {"class", klass.text()}, {"categories", categories}});
    }
    RecordId pair(RecordId student, const char* start, std::vector<FieldProblem>* problems = nullptr) {
        return create(Kind::Pair, {{"helper", helper.text()}, {"student", student.text()}, {"start", start}, {"interval", "14"}}, problems);
    }
    void visit(RecordId student, const char* date) {
        create(Kind::Visit, {{"student", student.text()}, {"visitor", helper.text()}, {"date", date}, {"method", "入户"}});
    }
};

TEST(Semester, AutumnRunsIntoJanuarySpringFromFebruary) {
    EXPECT_EQ(semester_of({2026, 11, 23}).first, (Date{2026, 9, 1}));
    EXPECT_EQ(semester_of({2027, 1, 15}).first, (Date{2026, 9, 1}));
    EXPECT_EQ(semester_of({2027, 3, 1}).first, (Date{2027, 2, 1}));
    EXPECT_FALSE(semester_of({2027, 3, 1}).autumn);
}

TEST(Pairs, DueThisWeekAndOverdueFollowTheLastContact) {
    Township t;
    RecordId a = t.child("甲"), b = t.child("乙");
    t.pair(a, "2026-10-01");  // never visited: due 10-15, overdue
    t.pair(b, "2026-10-01");
    t.visit(b, "2026-11-12");  // visited: next due 11-26, this week
    std::vector<PairDue> due = pairs_due(t.ledger, {}, kToday);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].student, a);
    EXPECT_EQ(due[0].due, Due::Overdue);
    EXPECT_EQ(due[0].next_due, (Date{2026, 10, 15}));
    EXPECT_EQ(due[1].due, Due::ThisWeek);
    EXPECT_EQ(due[1].last_contact, (Date{2026, 11, 12}));
}

TEST(Pairs, AHelperCarriesNoMoreThanTheLimit) {
    Township t;
    t.pair(t.child("甲"), "2026-10-01");
    t.pair(t.child("乙"), "2026-10-01");
    std::vector<FieldProblem> problems;
    RecordId third = t.pair(t.child("丙"), "2026-10-01", &problems);
    EXPECT_FALSE(third.valid());
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].problem, Problem::PairLimit);
    EXPECT_EQ(problems[0].detail, "2");
    EXPECT_EQ(active_pairs(t.ledger, t.helper, kToday), 2);
}

TEST(Coverage, CountsSpecialGroupChildrenVisitedThisSemester) {
    Township t;
    RecordId a = t.child("甲"), b = t.child("乙"), c = t.child("丙");
    t.child("丁", "");  // not in a special group: not counted
    t.visit(a, "2026-09-10");
    t.visit(b, "2026-06-10");  // last semester: does not count
    std::vector<Coverage> cov = visit_coverage(t.ledger, {}, kToday);
    ASSERT_EQ(cov.size(), 1u);
    EXPECT_EQ(cov[0].school, t.school);
    EXPECT_EQ(cov[0].special, 3);
    EXPECT_EQ(cov[0].visited, 1);
    EXPECT_EQ(cov[0].not_visited, (std::vector<RecordId>{b, c}));
    t.visit(c, "2026-11-20");
    EXPECT_EQ(visit_coverage(t.ledger, t.township, kToday)[0].visited, 2);
}

TEST(Baseline, CountsSpecialGroupChildrenSurveyedAndByCategoryPerVillage) {
    Township t;
    RecordId village = t.create(Kind::Village, {{"name", "石桥村"}, {"township", t.township.text()}});
    auto child = [&](const char* name, const char* categories) {
        return t.create(Kind::Student, {{"name", name}, {"sex", "男"}, {"class", t.klass.text()}, {"village", village.text()}, {"categories", categories}});
    };
    RecordId a = child("甲", "留守 低保");
    child("乙", "留守");
    child("丙", "");
    t.create(Kind::Survey, {{"student", a.text()}, {"date", "2026-10-08"}});
    std::vector<BaselineRow> rows = survey_baseline(t.ledger, t.township);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].village, village);
    EXPECT_EQ(rows[0].special, 2);
    EXPECT_EQ(rows[0].surveyed, 1);
    EXPECT_EQ(rows[0].by_category[0], 2);  // 留守
    EXPECT_EQ(rows[0].by_category[5], 1);  // 低保
}

}  // namespace
}  // namespace gy
