// county.cpp — the synthetic county: tree, people, special groups, pairs, visits.
#include "county.h"

#include "synthetic.h"

#include <cstdio>
#include <unordered_map>

namespace gy {

CountyShape CountyShape::scaled(double f) {
    CountyShape s;
    auto scale = [f](int v, int least) { return std::max(least, static_cast<int>(v * f)); };
    s.townships = scale(s.townships, 1);
    s.villages = scale(s.villages, s.townships);
    s.campuses = scale(s.campuses, s.townships);
    s.classes = scale(s.classes, s.campuses);
    s.teachers = scale(s.teachers, 1);
    s.students = scale(s.students, 1);
    s.visits = scale(s.visits, 0);
    s.helpers = scale(s.helpers, s.townships);
    return s;
}

namespace {

static const char* const kTownships[] = {"云集", "花桥", "泉溪", "宝盖", "硫市", "栗江", "近尾洲", "茶市", "松江", "冠市", "江口",
                                         "三塘", "车江", "谭子山", "岐山", "向阳", "廖田", "茅市", "铁丝塘", "洪山", "鸡笼", "相市", "川口"};
static const char* const kVillageWords[] = {"石桥", "枫树", "茶山", "龙塘", "白沙", "新塘", "杉木", "竹山", "黄泥", "长岭",
                                            "桂花", "清水", "双江", "板桥", "荷叶", "樟树", "大坪", "金星", "高峰", "和平"};
static const char* const kNeeds[] = {"学习辅导", "心理疏导", "生活物资", "亲情陪伴", "就医帮助", "助学金申请", "课外读物"};
static const char* const kFindings[] = {"孩子学习状态良好，与祖父母相处融洽", "家中住房简陋，需关注冬季取暖",
                                        "孩子情绪低落，思念在外务工的父母", "监护人年迈，辅导作业有困难", "家庭经济困难，已申请低保"};

struct Generator {
    Ledger& ledger;
    SyntheticPeople people;
    Date today;
    std::unordered_map<int, uint32_t> born_on;  // people per birth date: their sequence numbers differ

    uint32_t counter = 0;

    RecordId add(Kind kind, std::vector<std::string> values) {
        RecordId id = RecordId::make(kind, kSampleCountyDevice, ++counter);
        ledger.load_row(id, std::move(values), false);
        return id;
    }
    uint32_t pick(uint32_t n) { return n ? people.next() % n : 0; }
    std::string date_days_ago(int max_days) { return format_date_iso(date_from_days(days_from_date(today) - static_cast<int>(pick(max_days)))); }

    std::string id_number(const Date& birth, bool male) {
        const uint32_t seq = (born_on[days_from_date(birth)]++ % 500) * 2 + (male ? 1 : 0);
        char first17[24];
        std::snprintf(first17, sizeof first17, "430422%04d%02d%02d%03u", birth.year, birth.month, birth.day, seq % 1000);
        return std::string(first17) + id_check_character(first17);
    }
    std::string phone() {
        char buf[16];
        std::snprintf(buf, sizeof buf, "1%u%09u", 3 + pick(7), pick(1000000000));
        return buf;
    }
};

}  // namespace

void generate_county(Ledger& ledger, const CountyShape& shape, uint64_t seed, const Date& today) {
    Generator g{ledger, SyntheticPeople(seed), today, {}};
    std::vector<RecordId> townships, villages, schools, campuses, classes, teachers, helpers, special;
    std::vector<int> class_grade;
    for (int t = 0; t < shape.townships; ++t) {
        std::string name = std::string(kTownships[t % std::size(kTownships)]) + (t >= static_cast<int>(std::size(kTownships)) ? std::to_string(t) : "") + "镇";
        townships.push_back(g.add(Kind::Township, {name, ""}));
        schools.push_back(g.add(Kind::School, {name + "校联体", townships.back().text()}));
    }
    for (int v = 0; v < shape.villages; ++v) {
        const int t = v % shape.townships;
        std::string name = std::string(kVillageWords[(v / shape.townships) % std::size(kVillageWords)]) + (v / shape.townships >= static_cast<int>(std::size(kVillageWords)) ? std::to_string(v) : "") + "村";
        villages.push_back(g.add(Kind::Village, {name, townships[t].text()}));
    }
    for (int c = 0; c < shape.campuses; ++c) {
        const int t = c % shape.townships;
        const bool center = c < shape.townships;
        const RecordId village = villages[(c * 7) % villages.size()];
        std::string name = center ? ledger.title(townships[t]).substr(0, ledger.title(townships[t]).size() - 3) + "中心学校"
                                  : ledger.title(village).substr(0, ledger.title(village).size() - 3) + (c % 3 ? "校区" : "教学点");
        campuses.push_back(g.add(Kind::Campus, {name, schools[t].text(), center ? "center" : c % 3 ? "campus" : "point", village.text()}));
    }
    std::unordered_map<int, int> classes_of;  // campus * 10 + grade → classes so far: 1班, 2班 …
    for (int k = 0; k < shape.classes; ++k) {
        const int grade = 1 + k % 6;
        const int campus = k % shape.campuses;
        class_grade.push_back(grade);
        const int number = ++classes_of[campus * 10 + grade];
        classes.push_back(g.add(Kind::Class, {std::to_string(grade) + "年级" + std::to_string(number) + "班", campuses[campus].text(), std::to_string(grade)}));
    }
    static const char* const kSubjects[] = {"chinese", "math", "english", "music", "art", "pe", "science", "ethics"};
    static const char* const kBackbone[] = {"none", "none", "none", "school", "county", "city", "province"};
    for (int i = 0; i < shape.teachers; ++i) {
        const Date birth{1965 + static_cast<int>(g.pick(35)), 1 + static_cast<int>(g.pick(12)), 1 + static_cast<int>(g.pick(28))};
        const bool male = g.pick(2);
        teachers.push_back(g.add(Kind::Teacher, {g.people.name(), male ? "m" : "f", g.id_number(birth, male), g.phone(),
                                                 campuses[i % campuses.size()].text(), kSubjects[g.pick(std::size(kSubjects))],
                                                 kBackbone[g.pick(std::size(kBackbone))], ""}));
    }
    static const char* const kRoles[] = {"teacher", "party", "cadre", "volunteer", "women_fed"};
    for (int i = 0; i < shape.helpers; ++i) {
        const bool is_teacher = i % 5 == 0 && !teachers.empty();
        helpers.push_back(g.add(Kind::Helper, {is_teacher ? ledger.title(teachers[i % teachers.size()]) : g.people.name(), kRoles[i % 5],
                                               g.phone(), townships[i % townships.size()].text(), is_teacher ? teachers[i % teachers.size()].text() : "", "5"}));
    }
    static const char* const kCategories[] = {"left_behind", "left_behind", "left_behind", "hardship", "single_parent", "low_income", "disabled", "mental", "orphan"};
    static const char* const kRisk[] = {"low", "low", "medium", "high"};
    for (int i = 0; i < shape.students; ++i) {
        const size_t k = g.pick(static_cast<uint32_t>(classes.size()));
        const Date birth{today.year - 6 - class_grade[k] - static_cast<int>(g.pick(2)), 1 + static_cast<int>(g.pick(12)), 1 + static_cast<int>(g.pick(28))};
        const bool male = g.pick(2);
        const bool is_special = g.pick(6) == 0;
        const RecordId village = villages[g.pick(static_cast<uint32_t>(villages.size()))];
        std::string categories = is_special ? kCategories[g.pick(std::size(kCategories))] : "";
        if (is_special && g.pick(4) == 0 && categories != "low_income") categories += " low_income";
        RecordId s = g.add(Kind::Student, {g.people.name(), male ? "m" : "f", g.id_number(birth, male), format_date_iso(birth), classes[k].text(),
                                           village.text(), ledger.title(village) + std::to_string(1 + g.pick(12)) + "组",
                                           categories, is_special ? kRisk[g.pick(std::size(kRisk))] : "",
                                           is_special ? helpers[g.pick(static_cast<uint32_t>(helpers.size()))].text() : "", "",
                                           is_special ? "父母在外务工，由祖父母照看" : "", is_special ? kNeeds[g.pick(std::size(kNeeds))] : ""});
        g.add(Kind::Guardian, {s.text(), g.people.name(), is_special ? "grandparent" : (g.pick(2) ? "father" : "mother"), g.phone(), is_special ? "yes" : "no"});
        if (is_special) special.push_back(s);
    }
    for (size_t i = 0; i < special.size(); ++i) {
        const RecordId helper = helpers[i / 4 % helpers.size()];  // four or five children per helper
        g.add(Kind::Pair, {helper.text(), special[i].text(), g.date_days_ago(300), "14", ""});
        g.add(Kind::Survey, {special[i].text(), g.date_days_ago(200), helper.text(), "父母在外务工，由祖父母照看", kNeeds[g.pick(std::size(kNeeds))]});
    }
    static const char* const kMethods[] = {"home", "home", "home", "phone", "video"};
    for (int i = 0; i < shape.visits && !special.empty(); ++i) {
        const RecordId child = special[g.pick(static_cast<uint32_t>(special.size()))];
        g.add(Kind::Visit, {child.text(), helpers[g.pick(static_cast<uint32_t>(helpers.size()))].text(), g.date_days_ago(180),
                            kMethods[g.pick(std::size(kMethods))], kFindings[g.pick(std::size(kFindings))],
                            // Some visits raise a need (no draw from g: earlier records stay as they were).
                            i % 4 == 0 ? kNeeds[i % std::size(kNeeds)] : ""});
    }
}

}  // namespace gy
