#include "core/local_state.h"
#include "core/scopes.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const double kNow = 1795400000000;

// Two joint schools, a class in each, two helpers; records made through LocalState, as the app makes them.
struct TwoSchools {
    MemoryStorage storage;
    LocalState local{storage};
    RecordId township, school1, school2, class1, class2, helper1, helper2;

    TwoSchools() {
        local.load(kNow, 0x3fa2c1);
        township = create(Kind::Township, {{"name", "大塘镇"}});
        std::tie(school1, class1) = school("一校联体");
        std::tie(school2, class2) = school("二校联体");
        helper1 = create(Kind::Helper, {{"name", "李明"}, {"role", "teacher"}, {"township", township.text()}});
        helper2 = create(Kind::Helper, {{"name", "赵红"}, {"role", "cadre"}, {"township", township.text()}});
    }

    std::pair<RecordId, RecordId> school(const std::string& name) {
        const RecordId s = create(Kind::School, {{"name", name}, {"township", township.text()}});
        const RecordId campus = create(Kind::Campus, {{"name", name + "中心校"}, {"school", s.text()}, {"type", "center"}});
        return {s, create(Kind::Class, {{"name", "三年级1班"}, {"campus", campus.text()}, {"grade", "3"}})};
    }

    void add(Edit& e, RecordId id, std::vector<std::pair<const char*, std::string>> values) {
        for (auto& [key, v] : values) e.fields.push_back({id, field_index(id.kind(), key), v});
    }

    RecordId create(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        const RecordId id = local.new_id(kind);
        Edit e;
        add(e, id, std::move(values));
        const Outcome o = local.commit(e, kNow);
        EXPECT_TRUE(o.ok()) << (o.problems.empty() ? "" : o.problems[0].detail);
        return id;
    }

    RecordId student(const std::string& name, RecordId klass) {
        return create(Kind::Student, {{"name", name}, {"sex", "f"}, {"class", klass.text()}});
    }

    Readers readers(RecordId id) const { return ReaderIndex(local.ledger()).of_record(id); }
};

TEST(Scopes, NamesRoundTrip) {
    const RecordId school = RecordId::make(Kind::School, 0x3fa2c1, 7), helper = RecordId::make(Kind::Helper, 0x3fa2c1, 9);
    for (const Scope s : {Scope::township(), Scope::directory(), Scope::school(school), Scope::helper(helper)})
        EXPECT_EQ(parse_scope(scope_text(s)), s) << scope_text(s);
    EXPECT_FALSE(parse_scope("student.3fa2c1.7").has_value()) << "a student is no scope";
    EXPECT_FALSE(parse_scope("everyone").has_value());
}

TEST(Scopes, EachRecordIsReadByItsJointSchoolAndTheHelpersOfItsChild) {
    TwoSchools t;
    const RecordId a = t.student("王小花", t.class1), b = t.student("陈大林", t.class2);
    EXPECT_EQ(t.readers(t.school1), Readers{Scope::directory()});
    EXPECT_EQ(t.readers(t.helper2), Readers{Scope::directory()});
    EXPECT_EQ(t.readers(a), Readers{Scope::school(t.school1)});
    EXPECT_EQ(t.readers(b), Readers{Scope::school(t.school2)});

    const RecordId pair = t.create(Kind::Pair, {{"helper", t.helper1.text()}, {"student", a.text()}, {"start", "2026-09-01"}});
    const RecordId visit = t.create(Kind::Visit, {{"student", a.text()}, {"visitor", t.helper1.text()}, {"date", "2026-10-08"}});
    const RecordId guardian = t.create(Kind::Guardian, {{"student", b.text()}, {"name", "陈国强"}, {"relation", "father"}});
    const Readers school1_and_helper1 = {Scope::school(t.school1), Scope::helper(t.helper1)};
    EXPECT_EQ(t.readers(a), school1_and_helper1) << "the paired helper reads the child";
    EXPECT_EQ(t.readers(pair), school1_and_helper1);
    EXPECT_EQ(t.readers(visit), school1_and_helper1);
    EXPECT_EQ(t.readers(guardian), Readers{Scope::school(t.school2)}) << "no helper of b, so only b's joint school";

    // The child's cadre reads the child too; a visit by another helper is read by both.
    Edit e;
    t.add(e, b, {{"cadre", t.helper2.text()}});
    ASSERT_TRUE(t.local.commit(e, kNow).ok());
    EXPECT_EQ(t.readers(guardian), (Readers{Scope::school(t.school2), Scope::helper(t.helper2)}));
}

TEST(Scopes, AnEditOverTwoJointSchoolsBecomesACommitForEach) {
    TwoSchools t;
    const uint64_t before = t.local.ledger().last_seq();
    Edit e;
    const RecordId a = t.local.new_id(Kind::Student), b = t.local.new_id(Kind::Student), c = t.local.new_id(Kind::Student);
    t.add(e, a, {{"name", "王小花"}, {"sex", "f"}, {"class", t.class1.text()}});
    t.add(e, b, {{"name", "陈大林"}, {"sex", "m"}, {"class", t.class2.text()}});
    t.add(e, c, {{"name", "刘一"}, {"sex", "m"}, {"class", t.class1.text()}});
    const Outcome o = t.local.commit(e, kNow);
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o.first_seq, before + 1);
    EXPECT_EQ(o.seq, before + 2) << "one commit per joint school";
    const ReaderIndex readers(t.local.ledger());
    const Commit* first = t.local.ledger().find_commit(o.first_seq);
    const Commit* second = t.local.ledger().find_commit(o.seq);
    EXPECT_EQ(readers.of_commit(*first), Readers{Scope::school(t.school1)});
    EXPECT_EQ(readers.of_commit(*second), Readers{Scope::school(t.school2)});
    EXPECT_EQ(first->changes.front().record, a);
    EXPECT_EQ(second->changes.front().record, b);
    EXPECT_EQ(first->changes.back().record, c) << "a and c together";

    ASSERT_TRUE(t.local.undo_last(kNow)) << "undo takes back the whole edit";
    EXPECT_FALSE(t.local.ledger().exists(a));
    EXPECT_FALSE(t.local.ledger().exists(b));
    EXPECT_FALSE(t.local.ledger().exists(c));
}

// A commit whose records no longer agree (a pair ended after it) goes only to who may read all of them.
TEST(Scopes, ACommitWhoseRecordsDisagreeGoesOnlyToWhoReadsThemAll) {
    TwoSchools t;
    const RecordId a = t.student("王小花", t.class1), b = t.student("陈大林", t.class2);
    Commit mixed;
    mixed.changes = {{a, 0, "王小花", ""}, {b, 0, "陈大林", ""}};
    EXPECT_EQ(ReaderIndex(t.local.ledger()).of_commit(mixed), Readers{Scope::township()});
}

}  // namespace
}  // namespace gy
