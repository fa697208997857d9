// The county's figures (core/county_figures.h): counts only, sealed for the
// county's key after a sync round, opened by that key and no other.
#include "core/county_figures.h"
#include "core/local_state.h"
#include "core/seal.h"
#include "core/storage.h"
#include "core/sync_service.h"
#include "../ui/memory_http.h"

#include <gtest/gtest.h>

#include <map>

namespace gy {
namespace {

const double kNow = 1795400000000;  // 2026-11-23

TEST(CountyFigures, GoUpSealedForTheCountyAfterARoundWithCountsOnly) {
    MemoryStorage storage;
    LocalState local(storage);
    local.load(kNow, 0x00000a);
    local.fill_with_sample_county(0.01, kNow);
    local.save_keys(new_keyring("430422105"), [](bool) {});
    test::MemoryHttp server;
    DirectVault vault;
    SyncService sync(server.handler(), "http://s/430422105/", local, vault);
    const SecretKey county = new_county_secret();
    sync.set_county_key(county_public(county));

    sync.poll(kNow);
    ASSERT_TRUE(sync.last_report().problems.empty());
    ASSERT_EQ(sync.figures_sent(), 1u);
    const std::string path = county_figures_path(local.ledger().device());
    const std::string& sealed = server.files.at("http://s/430422105/" + path);
    Result<Opened> opened = open_as_county(county, path, sealed);
    ASSERT_TRUE(opened) << opened.error().detail;
    Result<TownshipFigures> figures = figures_from_json(opened.value().plain);
    ASSERT_TRUE(figures);
    const TownshipFigures expected = township_figures(local.ledger(), "430422105", china_date(kNow));
    EXPECT_GT(figures.value().special, 0);
    EXPECT_EQ(figures.value().special, expected.special);
    EXPECT_EQ(figures.value().surveyed, expected.surveyed);
    EXPECT_EQ(figures.value().by_category, expected.by_category);
    for (const Record& s : local.ledger().records(Kind::Student))  // no child's name leaves in them
        EXPECT_EQ(opened.value().plain.find(s.value(field_index(Kind::Student, "name"))), std::string::npos);
    EXPECT_FALSE(open_file(local.keys(), path, sealed));  // not even the township's own key opens them

    sync.sync_now(kNow + 1000);
    sync.poll(kNow + 1000);  // nothing changed: not sent again
    EXPECT_EQ(sync.figures_sent(), 1u);
}

// A small township whose records carry dates across the last year.
struct DatedTownship {
    Ledger ledger{0x00000a};
    const Date today{2026, 11, 23};
    RecordId student, helper;

    RecordId make(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        const RecordId id = ledger.new_id(kind);
        Edit e;
        for (auto& [k, v] : values) e.fields.push_back({id, field_index(kind, k), v});
        const Outcome o = ledger.commit(e, "王丽", kNow, today);
        EXPECT_TRUE(o.ok()) << kind_def(kind).key << " " << (o.ok() ? std::string() : o.problems[0].detail + " field " + std::to_string(o.problems[0].field));
        return id;
    }
    DatedTownship() {
        const RecordId township = make(Kind::Township, {{"name", "大塘镇"}});
        const RecordId school = make(Kind::School, {{"name", "大塘镇校联体"}, {"township", township.text()}});
        const RecordId campus = make(Kind::Campus, {{"name", "石桥教学点"}, {"school", school.text()}, {"type", "point"}});
        const RecordId klass = make(Kind::Class, {{"name", "三年级1班"}, {"campus", campus.text()}, {"grade", "3"}});
        student = make(Kind::Student, {{"name", "王小花"}, {"sex", "f"}, {"class", klass.text()}});
        helper = make(Kind::Helper, {{"name", "李明"}, {"role", "teacher"}, {"township", township.text()}});
    }
    RecordId pair(const std::string& start, const std::string& end = "") {
        return make(Kind::Pair, {{"helper", helper.text()}, {"student", student.text()}, {"start", start}, {"end", end}});
    }
    RecordId visit(const std::string& date) {
        return make(Kind::Visit, {{"student", student.text()}, {"visitor", helper.text()}, {"date", date}});
    }
};

TEST(CountyFigures, MonthByMonthFromTheDatesTheRecordsCarry) {
    DatedTownship t;
    t.pair("2026-01-10");
    t.pair("2026-06-15", "2026-09-01");
    for (const char* date : {"2025-11-30", "2025-12-01", "2026-10-31", "2026-11-02", "2026-11-20"}) t.visit(date);
    const RecordId struck = t.visit("2026-11-21");
    ASSERT_TRUE(t.ledger.commit(Edit{{}, {struck}, {}}, "王丽", kNow, t.today).ok());  // deleted: not counted
    t.make(Kind::Survey, {{"student", t.student.text()}, {"date", "2026-09-05"}});

    const TownshipFigures f = township_figures(t.ledger, "430422105", t.today);
    ASSERT_EQ(f.months.size(), static_cast<size_t>(kHistoryMonths));
    EXPECT_EQ(f.months.front().month, "2025-12");
    EXPECT_EQ(f.months.back().month, "2026-11");
    const auto month = [&](const char* m) {
        for (const MonthFigures& x : f.months) if (x.month == m) return x;
        ADD_FAILURE() << m;
        return MonthFigures{};
    };
    EXPECT_EQ(month("2025-12").visits, 1) << "2025-11-30 is before the year shown";
    EXPECT_EQ(month("2026-10").visits, 1);
    EXPECT_EQ(month("2026-11").visits, 2);
    EXPECT_EQ(month("2026-09").surveys, 1);
    EXPECT_EQ(month("2026-08").surveys, 0);
    EXPECT_EQ(month("2025-12").active_pairs, 0) << "the first pair began in January";
    EXPECT_EQ(month("2026-01").active_pairs, 1);
    EXPECT_EQ(month("2026-06").active_pairs, 2);
    EXPECT_EQ(month("2026-08").active_pairs, 2);
    EXPECT_EQ(month("2026-09").active_pairs, 1) << "the second ended on 1 September";
    EXPECT_EQ(month("2026-11").active_pairs, f.active_pairs) << "this month's is today's";

    Result<TownshipFigures> back = figures_from_json(figures_to_json(f));
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value().months, f.months);
    // Figures sent before the months were added still open, without a past.
    Result<TownshipFigures> older = figures_from_json(R"({"format":"gongyu.county.figures","version":1,"township":"430422105","special":3})");
    ASSERT_TRUE(older);
    EXPECT_EQ(older.value().special, 3);
    EXPECT_TRUE(older.value().months.empty());
    // A month that is not one is left out, not shown as a column.
    Result<TownshipFigures> odd = figures_from_json(R"({"format":"gongyu.county.figures","months":[["2026-13",1,1,1],["<b>",1,1,1],["2026-10",2,0,1]]})");
    ASSERT_TRUE(odd);
    ASSERT_EQ(odd.value().months.size(), 1u);
    EXPECT_EQ(odd.value().months[0].month, "2026-10");
}

// The special-group children at each month's end, as the commits made by then left the registry: one
// registered in March as 留守; another registered in February (the township's first commit) without a
// category, given one in July and deleted in October; a third never in a group. The months before the
// first commit are not known; the current month's is today's count.
TEST(CountyFigures, SpecialGroupChildrenAtEachMonthsEndFromTheRegistrysHistory) {
    DatedTownship t;
    const RecordId klass = t.ledger.records(Kind::Class).front().id;
    const auto noon = [](int y, int m, int d) { return (days_from_date(Date{y, m, d}) * 86400.0 + 4 * 3600) * 1000; };  // 12:00 in China
    const auto commit_at = [&](const Edit& e, double ms) {
        const Outcome o = t.ledger.commit(e, "王丽", ms, t.today);
        ASSERT_TRUE(o.ok()) << o.problems[0].detail;
    };
    const auto child = [&](const char* name, const char* categories, double ms) {
        const RecordId id = t.ledger.new_id(Kind::Student);
        Edit e{{{id, field_index(Kind::Student, "name"), name}, {id, field_index(Kind::Student, "sex"), "m"},
                {id, field_index(Kind::Student, "class"), klass.text()}}, {}, {}};
        if (*categories) e.fields.push_back({id, field_index(Kind::Student, "categories"), categories});
        commit_at(e, ms);
        return id;
    };
    child("李留守", "left_behind", noon(2026, 3, 10));
    const RecordId later = child("赵后来", "", noon(2026, 2, 1));
    commit_at(Edit{{{later, field_index(Kind::Student, "categories"), "hardship"}}, {}, {}}, noon(2026, 7, 5));
    commit_at(Edit{{}, {later}, {}}, noon(2026, 10, 2));

    const TownshipFigures f = township_figures(t.ledger, "430422105", t.today);
    std::map<std::string, int> special;
    for (const MonthFigures& m : f.months) special[m.month] = m.special;
    EXPECT_EQ(special["2025-12"], -1) << "before the township's first commit: not known";
    EXPECT_EQ(special["2026-01"], -1);
    EXPECT_EQ(special["2026-02"], 0) << "registered, but in no group yet";
    EXPECT_EQ(special["2026-03"], 1);
    EXPECT_EQ(special["2026-06"], 1);
    EXPECT_EQ(special["2026-07"], 2);
    EXPECT_EQ(special["2026-09"], 2);
    EXPECT_EQ(special["2026-10"], 1) << "deleted on 2 October";
    EXPECT_EQ(special["2026-11"], f.special);
    EXPECT_EQ(f.special, 1);

    Result<TownshipFigures> back = figures_from_json(figures_to_json(f));
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value().months, f.months);
    // A month from a build before this count: -1, which the county's table leaves empty.
    Result<TownshipFigures> older = figures_from_json(R"({"format":"gongyu.county.figures","months":[["2026-10",2,0,1]]})");
    ASSERT_TRUE(older);
    EXPECT_EQ(older.value().months.at(0).special, -1);
}

}  // namespace
}  // namespace gy
