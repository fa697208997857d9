// The household survey (入户摸底) and requests (需求单): what is saved, what is linked, and that older files still load.
#include "core/followup.h"
#include "core/ledger_store.h"
#include "core/requests.h"
#include "core/survey.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};
const int64_t kNow = 1795400000000;
const char* const kClerk = "王丽 @ 大塘镇办公室电脑";

int field(Kind kind, const char* key) {
    int f = field_index(kind, key);
    EXPECT_GE(f, 0) << key;
    return f;
}

struct Township {
    Ledger ledger{0x3fa2c1};
    RecordId township, village, school, campus, klass, helper, clerk_helper, child, grandma;

    Outcome commit(const Edit& e, int64_t at = kNow) { return ledger.commit(e, kClerk, at, kToday); }
    RecordId create(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        RecordId id = ledger.new_id(kind);
        Edit e;
        for (auto& [key, v] : values) e.fields.push_back({id, field(kind, key), v});
        Outcome o = commit(e);
        EXPECT_TRUE(o.ok()) << (o.problems.empty() ? "" : o.problems[0].detail);
        return id;
    }
    Township() {
        township = create(Kind::Township, {{"name", "大塘镇"}});
        village = create(Kind::Village, {{"name", "石桥村"}, {"township", township.text()}});
        school = create(Kind::School, {{"name", "大塘镇校联体"}, {"township", township.text()}});
        campus = create(Kind::Campus, {{"name", "石桥教学点"}, {"school", school.text()}, {"type", "教学点"}});
        klass = create(Kind::Class, {{"name", "三年级1班"}, {"campus", campus.text()}, {"grade", "3"}});
        helper = create(Kind::Helper, {{"name", "李明"}, {"role", "党员"}, {"township", township.text()}});
        clerk_helper = create(Kind::Helper, {{"name", "王丽"}, {"role", "村(社区)干部"}, {"township", township.text()}});
        child = create(Kind::Student, {{"name", "刘小雨"}, {"sex", "女"}, {"class", klass.text()}, {"village", village.text()},
                                       {"categories", "留守"}});
        create(Kind::Guardian, {{"student", child.text()}, {"name", "刘建国"}, {"relation", "父亲"}, {"works_away", "是"}});
        grandma = create(Kind::Guardian, {{"student", child.text()}, {"name", "张桂兰"}, {"relation", "祖父母"}, {"phone", "13907340001"}});
    }
    const std::string& value(RecordId id, const char* key) { return ledger.find(id)->value(field(id.kind(), key)); }
};

std::string preset_value(const FieldPreset& preset, const char* key) {
    for (const auto& [k, v] : preset)
        if (std::string_view(k) == key) return v;
    return "<none>";
}

TEST(Survey, StartsWithTodayAndTheCurrentUser) {
    Township t;
    FieldPreset p = survey_start(t.ledger, "王丽", kToday);
    EXPECT_EQ(preset_value(p, "date"), "2026-11-23");
    EXPECT_EQ(preset_value(p, "recorder"), "王丽");
    EXPECT_EQ(preset_value(p, "surveyor"), t.clerk_helper.text()) << "the operator is also a helper";
    EXPECT_EQ(preset_value(survey_start(t.ledger, "赵六", kToday), "surveyor"), "<none>") << "no helper of that name: left to choose";
}

TEST(Survey, FillsCategoriesAndTheGuardianAtHomeFromTheRegistry) {
    Township t;
    FieldPreset p = survey_from_child(t.ledger, t.child);
    EXPECT_EQ(preset_value(p, "categories"), "left_behind");
    EXPECT_EQ(preset_value(p, "guardian_name"), "张桂兰") << "the father works away; the grandmother looks after the child";
    EXPECT_EQ(preset_value(p, "guardian_relation"), "grandparent");
    EXPECT_EQ(preset_value(p, "guardian_phone"), "13907340001");
}

TEST(Survey, IsSavedAsFieldChangesWithHistoryAndUpdatesTheChildInTheSameCommit) {
    Township t;
    const RecordId survey = t.ledger.new_id(Kind::Survey);
    Edit e;
    auto set = [&](const char* key, std::string v) { e.fields.push_back({survey, field(Kind::Survey, key), std::move(v)}); };
    set("student", t.child.text()), set("date", "2026-11-20"), set("recorder", "王丽"), set("household_size", "4");
    set("members", "祖母张桂兰(68岁)、妹妹(5岁)"), set("income", "务工收入 务农"), set("housing", "老旧待修");
    set("parents_away", "双方外出"), set("away_place", "广东东莞"), set("assistance", "低保");
    set("guardian_name", "张桂兰"), set("guardian_relation", "祖父母"), set("guardian_age", "68"), set("guardian_health", "慢性病");
    set("guardian_literacy", "不识字"), set("categories", "left_behind low_income"), set("need_kinds", "学习 心理");
    add_child_categories(t.ledger, t.child, "left_behind low_income", e);
    Outcome first = t.commit(e);
    ASSERT_TRUE(first.ok()) << first.problems[0].detail;
    EXPECT_EQ(t.value(survey, "income"), "wages farming");  // labels typed, codes kept
    EXPECT_EQ(t.value(survey, "parents_away"), "both");
    EXPECT_EQ(t.value(t.child, "categories"), "left_behind low_income");
    const Commit* c = t.ledger.find_commit(first.seq);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(std::any_of(c->changes.begin(), c->changes.end(), [&](const Change& ch) { return ch.record == t.child; }))
        << "the child's categories change in the survey's own commit";

    // A correction later: one field, recorded with who, when, old and new.
    Edit fix;
    fix.fields.push_back({survey, field(Kind::Survey, "guardian_age"), "69"});
    add_child_categories(t.ledger, t.child, "low_income left_behind", fix);  // same set, other order: no change
    Outcome second = t.commit(fix, kNow + 60000);
    ASSERT_TRUE(second.ok());
    ASSERT_EQ(t.ledger.find_commit(second.seq)->changes.size(), 1u);
    auto history = t.ledger.history(survey);
    const auto& [last_commit, last_change] = history.back();
    EXPECT_EQ(last_change->field, field(Kind::Survey, "guardian_age"));
    EXPECT_EQ(last_change->old_value, "68");
    EXPECT_EQ(last_change->value, "69");
    EXPECT_EQ(last_commit->author, kClerk);
    EXPECT_EQ(last_commit->at_ms, kNow + 60000);

    // What sync carries: the commit as a file names each field, and reads back whole.
    Result<Commit> again = commit_from_json(commit_to_json(*t.ledger.find_commit(first.seq)));
    ASSERT_TRUE(again) << again.error().detail;
    EXPECT_EQ(again.value().changes.size(), c->changes.size());
    EXPECT_NE(commit_to_json(*c).find("\"guardian_literacy\""), std::string::npos);

    const auto baseline = survey_baseline(t.ledger, {});
    ASSERT_EQ(baseline.size(), 1u);
    EXPECT_EQ(baseline[0].surveyed, 1);
}

TEST(Survey, ABadValueIsRefusedAndNothingIsSaved) {
    Township t;
    const RecordId survey = t.ledger.new_id(Kind::Survey);
    Edit e;
    e.fields.push_back({survey, field(Kind::Survey, "student"), t.child.text()});
    e.fields.push_back({survey, field(Kind::Survey, "date"), "2026-11-20"});
    e.fields.push_back({survey, field(Kind::Survey, "guardian_age"), "7"});
    add_child_categories(t.ledger, t.child, "orphan", e);
    Outcome o = t.commit(e);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.problems[0].field, field(Kind::Survey, "guardian_age"));
    EXPECT_EQ(t.value(t.child, "categories"), "left_behind") << "the child is unchanged too";
}

TEST(Requests, ANeedBecomesARequestLinkedToTheVisitAndTheChild) {
    Township t;
    const RecordId visit = t.create(Kind::Visit, {{"student", t.child.text()}, {"visitor", t.helper.text()}, {"date", "2026-11-18"},
                                                  {"needs", "学习辅导\n心理疏导；冬季棉衣"}});
    EXPECT_EQ(split_needs(t.value(visit, "needs")), (std::vector<std::string>{"学习辅导", "心理疏导", "冬季棉衣"}));
    ASSERT_EQ(pending_needs(t.ledger).size(), 3u);

    const RecordId request = t.ledger.new_id(Kind::Request);
    Outcome o = t.commit(need_to_request(t.ledger, visit, "心理疏导", request, kToday));
    ASSERT_TRUE(o.ok()) << o.problems[0].detail;
    EXPECT_EQ(t.value(request, "what"), "心理疏导");
    EXPECT_EQ(t.value(request, "student"), t.child.text());
    EXPECT_EQ(t.value(request, "raised_by"), t.helper.text());
    EXPECT_EQ(t.value(request, "visit"), visit.text());
    EXPECT_EQ(t.value(request, "raised"), "2026-11-23");
    EXPECT_EQ(t.value(request, "status"), "open");
    EXPECT_EQ(request_for_need(t.ledger, visit, "心理疏导"), request);
    EXPECT_EQ(parent_field(Kind::Request), field(Kind::Request, "student")) << "a request sits under its child";

    const auto pending = pending_needs(t.ledger);
    ASSERT_EQ(pending.size(), 2u) << "a need already a request is not offered again";
    EXPECT_EQ(pending[0].need, "学习辅导");

    // The visit cannot be deleted from under its request.
    Edit drop;
    drop.deletions.push_back(visit);
    Outcome refused = t.commit(drop);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problems[0].problem, Problem::StillReferenced);
}

TEST(Requests, AreListedUnsolvedFirstAndOldestFirst) {
    Township t;
    auto request = [&](const char* what, const char* raised, const char* status) {
        return t.create(Kind::Request, {{"what", what}, {"student", t.child.text()}, {"raised", raised}, {"status", status}});
    };
    const RecordId late = request("助学金申请", "2026-11-20", "待处理");
    const RecordId early = request("就医帮助", "2026-10-02", "待处理");
    const RecordId doing = request("课外读物", "2026-09-01", "处理中");
    const RecordId done = request("亲情陪伴", "2026-09-01", "已解决");
    EXPECT_EQ(list_requests(t.ledger, false), (std::vector<RecordId>{early, late, doing}));
    EXPECT_EQ(list_requests(t.ledger, true), (std::vector<RecordId>{early, late, doing, done}));
    const RequestCounts n = count_requests(t.ledger);
    EXPECT_EQ(n.open, 2);
    EXPECT_EQ(n.doing, 1);
    EXPECT_EQ(n.done, 1);
}

// Files written before the survey form and requests existed: a survey bucket
// with the five fields of then, and a commit naming only those.
TEST(Survey, OlderStoredSurveysLoadAndTakeTheNewFields) {
    Ledger l;
    Result<size_t> b = load_bucket(
        R"({"format":"gongyu.ledger.bucket","version":1,"kind":"survey","fields":["student","date","surveyor","situation","needs"],)"
        R"("rows":"survey.000001.9\t0\tstudent.000001.5\t2026-05-01\t\t父母在外务工\t学习辅导\n"})",
        l);
    ASSERT_TRUE(b) << b.error().detail;
    const RecordId old_survey = RecordId::make(Kind::Survey, 1, 9);
    const Record* r = l.find(old_survey);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->values.size(), kind_def(Kind::Survey).fields.size());
    EXPECT_EQ(r->value(field_index(Kind::Survey, "situation")), "父母在外务工");
    EXPECT_EQ(r->value(field_index(Kind::Survey, "guardian_name")), "");

    Result<Commit> c = commit_from_json(
        R"({"format":"gongyu.ledger.commit","version":1,"device":1,"seq":3,"clock":1,"at":0,"by":"旧版本",)"
        R"("changes":[["survey.000001.a","#created","",""],["survey.000001.a","student","student.000001.5",""],)"
        R"(["survey.000001.a","date","2026-06-01",""],["survey.000001.a","needs","心理疏导",""]]})");
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_TRUE(l.merge(c.value()));
    const Record* merged = l.find(RecordId::make(Kind::Survey, 1, 10));
    ASSERT_NE(merged, nullptr);
    EXPECT_EQ(merged->value(field_index(Kind::Survey, "needs")), "心理疏导");
    EXPECT_EQ(merged->value(field_index(Kind::Survey, "household_size")), "");
    EXPECT_TRUE(l.records(Kind::Request).empty());
}

}  // namespace
}  // namespace gy
