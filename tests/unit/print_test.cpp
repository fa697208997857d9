// Printable documents: the 家校共育台账 of a place and the 一生一档 of a child.
#include "core/id_number.h"
#include "core/print.h"
#include "ui/print_words.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

const Date kToday{2026, 11, 23};  // autumn semester 2026-09-01 … 2027-01-31

struct School {
    Ledger ledger{0x51};
    RecordId township, school, campus, klass, other_class, helper, other_helper;

    RecordId create(Kind kind, std::vector<std::pair<const char*, std::string>> values) {
        RecordId id = ledger.new_id(kind);
        Edit e;
        for (auto& [key, v] : values) e.fields.push_back({id, field_index(kind, key), v});
        Outcome o = ledger.commit(e, "t", 0, kToday);
        EXPECT_TRUE(o.ok()) << (o.problems.empty() ? "" : o.problems[0].detail);
        return id;
    }
    explicit School(const char* school_name = "花桥镇校联体") {
        township = create(Kind::Township, {{"name", "花桥镇"}});
        school = create(Kind::School, {{"name", school_name}, {"township", township.text()}});
        campus = create(Kind::Campus, {{"name", "花桥中心学校"}, {"school", school.text()}});
        klass = create(Kind::Class, {{"name", "4年级1班"}, {"campus", campus.text()}, {"grade", "4"}});
        other_class = create(Kind::Class, {{"name", "3年级2班"}, {"campus", campus.text()}, {"grade", "3"}});
        helper = create(Kind::Helper, {{"name", "党员甲"}, {"role", "党员"}, {"phone", "13907340001"}, {"township", township.text()}});
        other_helper = create(Kind::Helper, {{"name", "教师乙"}, {"role", "教师"}, {"township", township.text()}});
    }
    RecordId child(const std::string& name, RecordId in = {}, const char* categories = "留守", const std::string& id_number = "") {
        return create(Kind::Student, {{"name", name}, {"sex", "女"}, {"class", (in.valid() ? in : klass).text()}, {"categories", categories},
                                      {"birth_date", "2016-05-07"}, {"risk", "较高"}, {"id_number", id_number}});
    }
    void guardian(RecordId student, const char* name, const char* phone) {
        create(Kind::Guardian, {{"student", student.text()}, {"name", name}, {"relation", "祖父母"}, {"phone", phone}});
    }
    RecordId pair(RecordId student, RecordId with, const char* start, const char* end = "") {
        return create(Kind::Pair, {{"helper", with.text()}, {"student", student.text()}, {"start", start}, {"interval", "14"}, {"end", end}});
    }
    void visit(RecordId student, const char* date, const char* findings) {
        create(Kind::Visit, {{"student", student.text()}, {"visitor", helper.text()}, {"date", date}, {"method", "入户"}, {"findings", findings}});
    }
    std::string ledger_doc(RecordId scope, const std::string& category = "") {
        Result<std::string> doc = ledger_document(ledger, {scope, category, kToday}, ui::print_words());
        EXPECT_TRUE(doc) << doc.error().detail;
        return doc ? doc.value() : "";
    }
    std::string child_doc(RecordId student) {
        Result<std::string> doc = child_document(ledger, student, kToday, ui::print_words());
        EXPECT_TRUE(doc) << doc.error().detail;
        return doc ? doc.value() : "";
    }
};

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

std::string between(const std::string& text, const std::string& from, const std::string& to) {
    const size_t a = text.find(from);
    if (a == std::string::npos) return "";
    const size_t b = text.find(to, a + from.size());
    return text.substr(a + from.size(), b == std::string::npos ? std::string::npos : b - a - from.size());
}

std::string valid_id(const std::string& first17) { return first17 + id_check_character(first17); }

TEST(Print, EveryValueIsEscapedInTheBodyAndInTheRunningHeader) {
    School s("<&\"校联体");
    const RecordId child = s.child("王<b>&\"'小明");
    s.guardian(child, "李<i>", "13907340002");
    const std::string doc = s.ledger_doc(s.school);
    EXPECT_NE(doc.find("王&lt;b&gt;&amp;&quot;&#39;小明"), std::string::npos);
    EXPECT_NE(doc.find("李&lt;i&gt;（祖父母）13907340002"), std::string::npos);
    EXPECT_EQ(doc.find("<b>"), std::string::npos);
    EXPECT_EQ(doc.find("<i>"), std::string::npos);
    EXPECT_NE(doc.find("<title>&lt;&amp;&quot;校联体 家校共育台账</title>"), std::string::npos);
    // Inside the style element the name is a CSS string: nothing in it can end the string or the element.
    const std::string style = between(doc, "<style>", "</style>");
    EXPECT_EQ(style.find("<&"), std::string::npos);
    EXPECT_NE(style.find(css_string("<&\"校联体  家校共育台账")), std::string::npos);
    EXPECT_EQ(css_string("a\"</style>\\"), "\"a\\22 \\3c \\2f style\\3e \\5c \"");
    EXPECT_EQ(css_string("一 2"), "\"一 2\"");
    EXPECT_EQ(html_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

TEST(Print, TheLedgerRepeatsItsHeaderAndNumbersItsPages) {
    School s;
    s.child("张三");
    const std::string doc = s.ledger_doc(s.klass);
    const std::string style = between(doc, "<style>", "</style>");
    EXPECT_NE(style.find("@page { size: A4 landscape;"), std::string::npos);
    EXPECT_NE(style.find("thead { display: table-header-group; }"), std::string::npos);
    EXPECT_NE(style.find("tr { break-inside: avoid; }"), std::string::npos);
    EXPECT_NE(style.find("@bottom-center { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\";"), std::string::npos);
    EXPECT_NE(style.find("\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\""), std::string::npos);
    ASSERT_EQ(count(doc, "<thead>"), 1u);
    const std::string head = between(doc, "<thead>", "</thead>");
    for (const char* label : {"序号", "姓名", "性别", "出生日期", "班级", "特殊群体类别", "关注等级", "监护人及电话", "结对帮扶人", "本学期家访(次)", "最近家访"})
        EXPECT_NE(head.find(std::string("<th>") + label + "</th>"), std::string::npos) << label;
    // The only script asks for the print dialog when the page is opened at #print.
    EXPECT_EQ(count(doc, "<script"), 1u);
    EXPECT_NE(doc.find("location.hash === \"#print\""), std::string::npos);
}

TEST(Print, EveryPageHeaderNamesThePlaceInFullAndTheDate) {
    School s;
    s.child("张三");
    const std::string doc = s.ledger_doc(s.klass);
    EXPECT_EQ(place_full_name(s.ledger, s.klass), "花桥镇校联体 花桥中心学校 4年级1班");
    EXPECT_NE(between(doc, "@top-left {", "}").find(css_string("花桥镇校联体 花桥中心学校 4年级1班  家校共育台账")), std::string::npos);
    EXPECT_NE(between(doc, "@top-right {", "}").find(css_string("打印日期：2026年11月23日")), std::string::npos);
    EXPECT_NE(doc.find("<p class=\"place\">花桥镇校联体 花桥中心学校 4年级1班</p>"), std::string::npos);
    EXPECT_NE(doc.find("秋季学期：2026-09-01 至 2027-01-31　共 1 人"), std::string::npos);
}

TEST(Print, AClassOfSixtyHasSixtyRowsInClassAndPinyinOrder) {
    School s;
    const char* surnames[] = {"赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈"};
    for (int i = 0; i < 60; ++i) s.child(std::string(surnames[i % 10]) + "生" + std::to_string(i));
    s.child("另班", s.other_class);
    const std::string doc = s.ledger_doc(s.klass);
    EXPECT_EQ(count(between(doc, "<tbody>", "</tbody>"), "<tr>"), 60u);
    EXPECT_NE(doc.find("<td class=\"n\">60</td>"), std::string::npos);
    EXPECT_EQ(doc.find("另班"), std::string::npos) << "a child of another class";
    EXPECT_LT(doc.find("陈生9"), doc.find("赵生0")) << "chén before zhào";
    // The campus's ledger lists both classes, grade 3 first.
    const std::string campus = s.ledger_doc(s.campus);
    EXPECT_EQ(count(between(campus, "<tbody>", "</tbody>"), "<tr>"), 61u);
    EXPECT_LT(campus.find("另班"), campus.find("陈生9"));
}

TEST(Print, GuardiansActivePairsAndThisSemestersVisitsPerChild) {
    School s;
    const RecordId child = s.child("刘䶮");
    s.guardian(child, "刘奶奶", "13907340003");
    s.guardian(child, "刘爷爷", "");
    s.pair(child, s.helper, "2026-09-10");
    s.pair(child, s.other_helper, "2026-03-01", "2026-06-30");  // ended: not a helper now
    s.visit(child, "2026-05-20", "上学期");
    s.visit(child, "2026-10-08", "本学期一");
    s.visit(child, "2026-11-20", "本学期二");
    const std::string doc = s.ledger_doc(s.klass);
    EXPECT_NE(doc.find("<td>刘奶奶（祖父母）13907340003<br>刘爷爷（祖父母）</td><td>党员甲</td><td class=\"n\">2</td><td>2026-11-20</td>"),
              std::string::npos)
        << between(doc, "<tbody>", "</tbody>");
    EXPECT_EQ(between(doc, "<tbody>", "</tbody>").find("教师乙"), std::string::npos);
}

TEST(Print, IdNumbersAreMaskedAsTheTablesMaskThem) {
    School s;
    const std::string id = valid_id("43042220160507124");
    const RecordId child = s.child("张三", {}, "留守", id);
    const std::string doc = s.child_doc(child);
    EXPECT_NE(doc.find("<td>" + mask_id_number(id) + "</td>"), std::string::npos);
    EXPECT_EQ(doc.find(id), std::string::npos);
    EXPECT_EQ(s.ledger_doc(s.klass).find(id), std::string::npos);
}

TEST(Print, AChildsFileListsTheRecordGuardiansPairsSurveysAndEveryVisit) {
    School s;
    const RecordId child = s.child("欧阳𠮷");
    s.guardian(child, "欧阳奶奶", "13907340003");
    s.pair(child, s.helper, "2026-09-10");
    s.create(Kind::Survey, {{"student", child.text()}, {"date", "2026-09-05"}, {"surveyor", s.helper.text()}, {"situation", "父母在外\n祖孙二人"}});
    s.visit(child, "2026-11-20", "第三次");
    s.visit(child, "2026-05-20", "第一次");
    s.visit(child, "2026-10-08", "第二次<也好>");
    const RecordId other = s.child("别人");
    s.visit(other, "2026-10-09", "别人的家访");
    const std::string doc = s.child_doc(child);
    EXPECT_NE(doc.find("<h1>一生一档</h1>\n<p class=\"place\">欧阳𠮷</p>"), std::string::npos);
    EXPECT_NE(between(doc, "@top-left {", "}").find(css_string("花桥镇校联体 花桥中心学校 4年级1班  欧阳𠮷  一生一档")), std::string::npos);
    EXPECT_NE(doc.find("@page { size: A4;"), std::string::npos) << "portrait";
    for (const char* heading : {"基本情况", "监护人", "结对帮扶", "入户摸底", "家访记录（共 3 次）"})
        EXPECT_NE(doc.find(std::string("<h2>") + heading + "</h2>"), std::string::npos) << heading;
    EXPECT_NE(doc.find("<th>特殊群体类别</th><td>留守</td>"), std::string::npos);
    EXPECT_NE(doc.find("<td>欧阳奶奶</td><td>祖父母</td><td>13907340003</td><td>否</td>"), std::string::npos);
    EXPECT_NE(doc.find("<td>党员甲</td><td>党员</td><td>13907340001</td><td>2026-09-10</td><td>14</td><td></td>"), std::string::npos);
    EXPECT_NE(doc.find("<td>父母在外<br>祖孙二人</td>"), std::string::npos);
    EXPECT_NE(doc.find("<th>父母外出务工</th>"), std::string::npos) << "the household survey's essentials are printed";
    const std::string visits = doc.substr(doc.find("家访记录（"));
    EXPECT_EQ(count(between(visits, "<tbody>", "</tbody>"), "<tr>"), 3u);
    const size_t first = visits.find("第一次"), second = visits.find("第二次&lt;也好&gt;"), third = visits.find("第三次");
    ASSERT_NE(second, std::string::npos);
    EXPECT_TRUE(first < second && second < third) << "oldest first";
    EXPECT_NE(visits.find("<td>2026-10-08</td><td>入户</td><td>党员甲</td>"), std::string::npos);
    EXPECT_EQ(doc.find("别人的家访"), std::string::npos);
}

TEST(Print, AChildWithNothingYetSaysSoInEachSection) {
    School s;
    const std::string doc = s.child_doc(s.child("张三", {}, ""));
    EXPECT_EQ(count(doc, "<td class=\"none\">无</td>"), 4u);
    EXPECT_NE(doc.find("家访记录（共 0 次）"), std::string::npos);
}

TEST(Print, ACategoryNarrowsTheLedgerAndTheHeadingSaysSo) {
    School s;
    s.child("留守甲", {}, "留守");
    s.child("困境乙", {}, "困境");
    s.child("普通丙", {}, "");
    const std::string doc = s.ledger_doc(s.klass, "left_behind");
    EXPECT_EQ(count(between(doc, "<tbody>", "</tbody>"), "<tr>"), 1u);
    EXPECT_NE(doc.find("留守甲"), std::string::npos);
    EXPECT_NE(doc.find("共 1 人　仅列出：留守"), std::string::npos);
    EXPECT_EQ(count(between(s.ledger_doc(s.klass), "<tbody>", "</tbody>"), "<tr>"), 3u);
}

TEST(Print, APlaceThatIsNotASchoolCampusOrClassIsRefused) {
    School s;
    const RecordId child = s.child("张三");
    Result<std::string> township = ledger_document(s.ledger, {s.township, "", kToday}, ui::print_words());
    ASSERT_FALSE(township);
    EXPECT_EQ(township.error().code, ErrorCode::InvalidValue);
    EXPECT_NE(township.error().detail.find(s.township.text()), std::string::npos);
    EXPECT_FALSE(ledger_document(s.ledger, {RecordId::make(Kind::Class, 0x51, 999), "", kToday}, ui::print_words()));
    EXPECT_FALSE(ledger_document(s.ledger, {child, "", kToday}, ui::print_words()));
    Result<std::string> not_a_child = child_document(s.ledger, s.klass, kToday, ui::print_words());
    ASSERT_FALSE(not_a_child);
    EXPECT_EQ(not_a_child.error().code, ErrorCode::NotFound);
    Edit remove;
    remove.deletions.push_back(child);
    ASSERT_TRUE(s.ledger.commit(remove, "t", 0, kToday).ok());
    EXPECT_FALSE(child_document(s.ledger, child, kToday, ui::print_words()));
}

}  // namespace
}  // namespace gy
