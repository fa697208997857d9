// schema.cpp — the ledger's kinds and fields, and record IDs.
//
// Index:
//   [SECTION] Choices
//   [SECTION] Fields per kind
//   [SECTION] Lookups
//   [SECTION] Record IDs
#include "schema.h"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace gy {

// [SECTION] Choices

static constexpr ChoiceDef kSex[] = {{"m", "男"}, {"f", "女"}};
static constexpr ChoiceDef kCampusType[] = {{"center", "中心校"}, {"campus", "校区"}, {"point", "教学点"}};
static constexpr ChoiceDef kSubjects[] = {
    {"chinese", "语文"}, {"math", "数学"},     {"english", "英语"}, {"ethics", "道德与法治"}, {"science", "科学"},
    {"music", "音乐"},   {"art", "美术"},      {"pe", "体育"},      {"it", "信息科技"},      {"psych", "心理健康"},
    {"labor", "劳动"},   {"calligraphy", "书法"}};
static constexpr ChoiceDef kBackbone[] = {
    {"none", "无"}, {"school", "校级骨干"}, {"county", "县级骨干"}, {"city", "市级骨干"}, {"province", "省级骨干"}};
static constexpr ChoiceDef kCategories[] = {
    {"left_behind", "留守"}, {"hardship", "困境"}, {"disabled", "残疾"},     {"single_parent", "单亲"},
    {"orphan", "孤儿"},      {"low_income", "低保"}, {"mental", "心理关注"}, {"migrant", "随迁"}};
static constexpr ChoiceDef kRisk[] = {{"low", "一般"}, {"medium", "较高"}, {"high", "高"}};
static constexpr ChoiceDef kRelation[] = {
    {"father", "父亲"}, {"mother", "母亲"}, {"grandparent", "祖父母"}, {"relative", "其他亲属"}, {"other", "其他"}};
static constexpr ChoiceDef kYesNo[] = {{"no", "否"}, {"yes", "是"}};
static constexpr ChoiceDef kHelperRole[] = {
    {"teacher", "教师"}, {"party", "党员"}, {"cadre", "村(社区)干部"}, {"volunteer", "志愿者"}, {"women_fed", "妇联执委"}};
static constexpr ChoiceDef kVisitMethod[] = {{"home", "入户"}, {"phone", "电话"}, {"video", "视频"}};
// What a household survey (入户摸底) asks, as township forms for 留守/困境 children ask it.
static constexpr ChoiceDef kIncome[] = {{"wages", "务工收入"}, {"farming", "务农"},   {"business", "个体经营"},
                                        {"aid", "低保及救助"}, {"pension", "养老金"}, {"other", "其他"}};
static constexpr ChoiceDef kHousing[] = {
    {"safe", "安全住房"}, {"old", "老旧待修"}, {"dangerous", "危房"}, {"rented", "租住"}, {"borrowed", "借住亲友"}};
static constexpr ChoiceDef kParentsAway[] = {{"none", "均在家"}, {"one", "一方外出"}, {"both", "双方外出"}};
static constexpr ChoiceDef kAssistance[] = {{"dibao", "低保"},          {"tekun", "特困供养"},     {"monitor", "防返贫监测户"},
                                            {"disability", "残疾人补贴"}, {"orphan_aid", "孤儿生活费"}, {"unsupported", "事实无人抚养"}};
static constexpr ChoiceDef kHealth[] = {{"good", "健康"}, {"chronic", "慢性病"}, {"serious", "重病"}, {"disabled", "残疾"}};
static constexpr ChoiceDef kLiteracy[] = {
    {"none", "不识字"}, {"primary", "小学"}, {"junior", "初中"}, {"senior", "高中/中专"}, {"college", "大专及以上"}};
static constexpr ChoiceDef kNeeds[] = {{"study", "学习"}, {"living", "生活"},  {"psych", "心理"}, {"safety", "安全"},
                                       {"medical", "医疗"}, {"funding", "资助"}, {"other", "其他"}};
static constexpr ChoiceDef kRequestStatus[] = {{"open", "待处理"}, {"doing", "处理中"}, {"done", "已解决"}};

std::span<const ChoiceDef> builtin_categories() { return kCategories; }
std::span<const ChoiceDef> need_kinds() { return kNeeds; }

// [SECTION] Fields per kind

using F = FieldType;
static constexpr FieldDef kTownship[] = {
    {"name", "乡镇名称", F::Text, true},
    {"code", "行政区划代码", F::Text, false, Kind::Count, {}, 0, 12},
};
static constexpr FieldDef kVillage[] = {
    {"name", "村(社区)名称", F::Text, true},
    {"township", "所属乡镇", F::Ref, true, Kind::Township},
};
static constexpr FieldDef kSchool[] = {
    {"name", "校联体名称", F::Text, true},
    {"township", "所属乡镇", F::Ref, true, Kind::Township},
};
static constexpr FieldDef kCampus[] = {
    {"name", "校区名称", F::Text, true},
    {"school", "所属校联体", F::Ref, true, Kind::School},
    {"type", "类型", F::Choice, true, Kind::Count, kCampusType, 0, 0, "campus"},
    {"village", "所在村(社区)", F::Ref, false, Kind::Village},
};
static constexpr FieldDef kClass[] = {
    {"name", "班级名称", F::Text, true},
    {"campus", "所属校区", F::Ref, true, Kind::Campus},
    {"grade", "年级", F::Number, true, Kind::Count, {}, 1, 9, "1"},
};
static constexpr FieldDef kTeacher[] = {
    {"name", "姓名", F::Name, true},
    {"sex", "性别", F::Choice, true, Kind::Count, kSex},
    {"id_number", "身份证号", F::IdNumber},
    {"phone", "联系电话", F::Phone},
    {"campus", "任教校区", F::Ref, true, Kind::Campus},
    {"subjects", "任教学科", F::Choices, false, Kind::Count, kSubjects},
    {"backbone", "骨干等级", F::Choice, true, Kind::Count, kBackbone, 0, 0, "none"},
    {"trainings", "培训经历", F::LongText},
};
static constexpr FieldDef kStudent[] = {
    {"name", "姓名", F::Name, true},
    {"sex", "性别", F::Choice, true, Kind::Count, kSex},
    {"id_number", "身份证号", F::IdNumber},
    {"birth_date", "出生日期", F::Date},
    {"class", "班级", F::Ref, true, Kind::Class},
    {"village", "户籍村(社区)", F::Ref, false, Kind::Village},
    {"address", "家庭住址", F::Text},
    {"categories", "特殊群体类别", F::Choices, false, Kind::Category, kCategories},
    {"risk", "关注等级", F::Choice, false, Kind::Count, kRisk},
    {"cadre", "责任村干部", F::Ref, false, Kind::Helper},
    {"women_fed", "妇联执委", F::Ref, false, Kind::Helper},
    {"household", "家庭情况", F::LongText},
    {"needs", "主要需求", F::LongText},
};
static constexpr FieldDef kGuardian[] = {
    {"student", "学生", F::Ref, true, Kind::Student},
    {"name", "监护人姓名", F::Name, true},
    {"relation", "关系", F::Choice, true, Kind::Count, kRelation},
    {"phone", "联系电话", F::Phone},
    {"works_away", "外出务工", F::Choice, false, Kind::Count, kYesNo, 0, 0, "no"},
};
static constexpr FieldDef kHelper[] = {
    {"name", "姓名", F::Name, true},
    {"role", "身份", F::Choice, true, Kind::Count, kHelperRole},
    {"phone", "联系电话", F::Phone},
    {"township", "所属乡镇", F::Ref, true, Kind::Township},
    {"teacher", "对应教师", F::Ref, false, Kind::Teacher},
    {"max_pairs", "结对上限(人)", F::Number, true, Kind::Count, {}, 1, 20, "5"},
};
static constexpr FieldDef kCategory[] = {
    {"name", "类别名称", F::Text, true, Kind::Count, {}, 0, 16},
};
static constexpr FieldDef kPair[] = {
    {"helper", "帮扶人", F::Ref, true, Kind::Helper},
    {"student", "学生", F::Ref, true, Kind::Student},
    {"start", "结对日期", F::Date, true},
    {"interval", "回访间隔(天)", F::Number, true, Kind::Count, {}, 1, 180, "14"},
    {"end", "解除日期", F::Date},
};
static constexpr FieldDef kVisit[] = {
    {"student", "学生", F::Ref, true, Kind::Student},
    {"visitor", "家访人", F::Ref, true, Kind::Helper},
    {"date", "家访日期", F::Date, true},
    {"method", "方式", F::Choice, true, Kind::Count, kVisitMethod, 0, 0, "home"},
    {"findings", "家访发现", F::LongText},
    {"needs", "提出需求", F::LongText},
};
// The first five fields are the survey as first shipped; the rest came with
// the household survey form. Stored files name fields, so older files load.
static constexpr FieldDef kSurvey[] = {
    {"student", "学生", F::Ref, true, Kind::Student},
    {"date", "摸底日期", F::Date, true},
    {"surveyor", "摸底人", F::Ref, false, Kind::Helper},
    {"situation", "家庭情况说明", F::LongText},
    {"needs", "主要需求", F::LongText},
    {"recorder", "填表人", F::Text, false, Kind::Count, {}, 0, 30},
    {"household_size", "家庭人口(人)", F::Number, false, Kind::Count, {}, 1, 30},
    {"members", "家庭成员", F::Text, false, Kind::Count, {}, 0, 200},
    {"income", "主要收入来源", F::Choices, false, Kind::Count, kIncome},
    {"housing", "住房情况", F::Choice, false, Kind::Count, kHousing},
    {"parents_away", "父母外出务工", F::Choice, false, Kind::Count, kParentsAway},
    {"away_place", "务工地点", F::Text, false, Kind::Count, {}, 0, 60},
    {"assistance", "享受救助", F::Choices, false, Kind::Count, kAssistance},
    {"guardian_name", "监护人姓名", F::Name},
    {"guardian_relation", "与学生关系", F::Choice, false, Kind::Count, kRelation},
    {"guardian_age", "监护人年龄", F::Number, false, Kind::Count, {}, 14, 110},
    {"guardian_phone", "监护人电话", F::Phone},
    {"guardian_health", "监护人健康状况", F::Choice, false, Kind::Count, kHealth},
    {"guardian_literacy", "监护人文化程度", F::Choice, false, Kind::Count, kLiteracy},
    {"categories", "特殊群体类别", F::Choices, false, Kind::Category, kCategories},
    {"need_kinds", "需求类别", F::Choices, false, Kind::Count, kNeeds},
    {"notes", "备注", F::LongText},
    {"photos", "照片", F::Photos, false, Kind::Count, {}, 0, 1000},
};
// A need someone raised (at a visit, a survey, or by phone), followed until solved.
static constexpr FieldDef kRequest[] = {
    {"what", "需求内容", F::Text, true, Kind::Count, {}, 0, 200},
    {"student", "学生", F::Ref, true, Kind::Student},
    {"need_kind", "需求类别", F::Choice, false, Kind::Count, kNeeds},
    {"raised_by", "提出人", F::Ref, false, Kind::Helper},
    {"visit", "来源家访", F::Ref, false, Kind::Visit},
    {"raised", "提出日期", F::Date, true},
    {"status", "状态", F::Choice, true, Kind::Count, kRequestStatus, 0, 0, "open"},
    {"assignee", "承办人", F::Ref, false, Kind::Helper},
    {"resolved", "解决日期", F::Date},
    {"result", "处理结果", F::LongText},
};

static constexpr KindDef kKinds[] = {
    {Kind::Township, "township", "乡镇", kTownship},   {Kind::Village, "village", "村(社区)", kVillage},
    {Kind::School, "school", "校联体", kSchool},        {Kind::Campus, "campus", "校区", kCampus},
    {Kind::Class, "class", "班级", kClass},             {Kind::Teacher, "teacher", "教师", kTeacher},
    {Kind::Student, "student", "学生", kStudent},       {Kind::Guardian, "guardian", "监护人", kGuardian, 1},
    {Kind::Helper, "helper", "帮扶人", kHelper},        {Kind::Category, "category", "群体类别", kCategory},
    {Kind::Pair, "pair", "结对", kPair, 1},             {Kind::Visit, "visit", "家访", kVisit},
    {Kind::Survey, "survey", "入户摸底", kSurvey},     {Kind::Request, "request", "需求单", kRequest},
};
static_assert(std::size(kKinds) == kKindCount);

// [SECTION] Lookups

const KindDef& kind_def(Kind kind) { return kKinds[static_cast<int>(kind)]; }
std::span<const KindDef> all_kinds() { return kKinds; }

std::optional<Kind> kind_from_key(std::string_view key) {
    for (const KindDef& k : kKinds)
        if (key == k.key) return k.kind;
    return std::nullopt;
}

int parent_field(Kind kind) {
    static constexpr const char* kParentKeys[] = {"township", "class", "campus", "school", "student"};
    for (const char* key : kParentKeys)
        if (int f = field_index(kind, key); f >= 0 && kind_def(kind).fields[f].type == FieldType::Ref) return f;
    return -1;
}

int field_index(Kind kind, std::string_view key) {
    const auto fields = kind_def(kind).fields;
    for (size_t i = 0; i < fields.size(); ++i)
        if (key == fields[i].key) return static_cast<int>(i);
    return -1;
}

int id_number_field(Kind kind) {
    const auto fields = kind_def(kind).fields;
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].type == FieldType::IdNumber) return static_cast<int>(i);
    return -1;
}

const FieldDef& field_def(Kind kind, int field) { return kind_def(kind).fields[field]; }

const ChoiceDef* find_choice(const FieldDef& field, std::string_view code_or_label) {
    for (const ChoiceDef& c : field.choices)
        if (code_or_label == c.code || code_or_label == c.label) return &c;
    return nullptr;
}

const char* choice_label(const FieldDef& field, std::string_view code) {
    const ChoiceDef* c = find_choice(field, code);
    return c ? c->label : nullptr;
}

// [SECTION] Record IDs

RecordId RecordId::make(Kind kind, uint32_t device, uint32_t counter) {
    return {static_cast<uint64_t>(kind) << 56 | static_cast<uint64_t>(device & 0xFFFFFF) << 32 | counter};
}

std::string RecordId::text() const {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s.%06x.%x", kind_def(kind()).key, device(), counter());
    return buf;
}

static std::optional<uint64_t> parse_hex(std::string_view s, size_t max_digits) {
    if (s.empty() || s.size() > max_digits) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return std::nullopt;
        v = v * 16 + static_cast<uint64_t>(d);
    }
    return v;
}

std::optional<RecordId> RecordId::parse(std::string_view text) {
    size_t a = text.find('.');
    size_t b = a == std::string_view::npos ? a : text.find('.', a + 1);
    if (b == std::string_view::npos) return std::nullopt;
    std::optional<Kind> kind = kind_from_key(text.substr(0, a));
    std::optional<uint64_t> device = parse_hex(text.substr(a + 1, b - a - 1), 6);
    std::optional<uint64_t> counter = parse_hex(text.substr(b + 1), 8);
    if (!kind || !device || !counter || (*device == 0 && *counter == 0)) return std::nullopt;
    return make(*kind, static_cast<uint32_t>(*device), static_cast<uint32_t>(*counter));
}

}  // namespace gy
