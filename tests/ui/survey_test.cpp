// The household survey form and requests natively: a survey filled in by
// keyboard, and needs raised at visits turned into requests. What was saved is
// read back from the device's files, as the next start would read it.
#include "harness.h"

#include "core/local_state.h"

#include <gtest/gtest.h>

namespace gy::test {
namespace {

// The browser turns on keyboard navigation (Space toggles a checkbox); the tests do too.
std::unique_ptr<UiHarness> open_sample(const std::string& folder) {
    // Tall enough to hold the whole survey form without scrolling: clicks go to real coordinates.
    auto ui = std::make_unique<UiHarness>(folder, std::map<std::string, std::string>{{"sample-county", "1"}}, ImVec2(1280, 1600));
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    return ui;
}

// The ledger as stored in the folder (the app that wrote it must be gone).
struct Reloaded {
    explicit Reloaded(const std::string& folder) : storage(folder), local(storage) { local.load(0); }
    const Record* latest(Kind kind) {
        const Record* last = nullptr;
        for (const Record& r : local.ledger().records(kind))
            if (!r.deleted && r.id.device() == local.ledger().device()) last = &r;
        return last;
    }
    FileStorage storage;
    LocalState local;
};

std::string value(const Record& r, const char* key) { return r.value(field_index(r.id.kind(), key)); }

void set_operator(UiHarness& ui, const char* name) {
    ui.click("nav.settings");
    ui.click("settings.operator_name");
    ui.type(name);
    ui.press(ImGuiKey_Enter);
    ASSERT_EQ(ui.value("settings.operator_name"), name);
}

TEST(SurveyForm, IsFilledInByKeyboardInTheOrderOfAPaperSurvey) {
    TempFolder dir;
    auto ui = open_sample(dir.path);
    set_operator(*ui, "王丽");
    ui->click("nav.survey");
    ui->click("survey.add");
    EXPECT_EQ(ui->value("form.recorder"), "王丽") << "the current user fills the form";
    EXPECT_FALSE(ui->value("form.date").empty()) << "today";
    ui->click("form.student");  // the picker opens with the caret in its filter
    ui->frame();
    ui->type("刘");
    ui->press(ImGuiKey_Enter);  // the first match
    ASSERT_FALSE(ui->value("form.student").empty());
    ui->frame();
    EXPECT_FALSE(ui->value("form.guardian_name").empty()) << "filled in from the registry";
    const std::string child = ui->value("form.student");

    ui->click("form.household_size");
    ui->type("4");
    ui->press(ImGuiKey_Tab);
    ui->type("祖母(68岁)、妹妹(5岁)");
    ui->press(ImGuiKey_Tab);    // the first income checkbox
    ui->press(ImGuiKey_Space);  // 务工收入
    ui->click("form.away_place");
    ui->type("广东东莞");
    ui->click("form.guardian_age");
    ui->type("68");
    ui->click("form.need_kinds.first");
    ui->click("form.guardian_age");
    ui->press(ImGuiKey_Enter);  // saves
    EXPECT_FALSE(ui->has_item("form.save")) << ui->value("problem.guardian_age");
    ui.reset();

    Reloaded stored(dir.path);
    const Record* survey = stored.latest(Kind::Survey);
    ASSERT_NE(survey, nullptr);
    EXPECT_EQ(value(*survey, "student"), child);
    EXPECT_EQ(value(*survey, "household_size"), "4");
    EXPECT_EQ(value(*survey, "members"), "祖母(68岁)、妹妹(5岁)");
    EXPECT_EQ(value(*survey, "income"), "wages");
    EXPECT_EQ(value(*survey, "away_place"), "广东东莞");
    EXPECT_EQ(value(*survey, "guardian_age"), "68");
    EXPECT_EQ(value(*survey, "need_kinds"), "study");
    EXPECT_EQ(value(*survey, "recorder"), "王丽");
    // Every field is its own recorded change, by the current user.
    auto history = stored.local.ledger().history(survey->id);
    ASSERT_FALSE(history.empty());
    EXPECT_NE(history.back().first->author.find("王丽"), std::string::npos);
}

TEST(SurveyForm, ABadValueIsMarkedAndNothingIsSaved) {
    TempFolder dir;
    auto ui = open_sample(dir.path);
    ui->click("nav.survey");
    const std::string surveyed = ui->value("survey.surveyed");
    ui->click("survey.add");
    ui->click("form.student");
    ui->frame();
    ui->press(ImGuiKey_Enter);
    ui->click("form.guardian_age");
    ui->type("7");
    ui->press(ImGuiKey_Enter);
    EXPECT_EQ(ui->value("problem.guardian_age"), "应为范围内的整数");
    ui->press(ImGuiKey_Escape);
    EXPECT_EQ(ui->value("survey.surveyed"), surveyed);
}

TEST(Requests, ANeedRaisedAtAVisitBecomesARequest) {
    TempFolder dir;
    auto ui = open_sample(dir.path);
    ui->click("nav.visits");
    const std::string school = [&] {
        const nlohmann::json items = ui->snapshot()["items"];  // kept: a range over a temporary would dangle
        for (const auto& [id, r] : items.items())
            if (id.starts_with("visits.school.")) return id;
        return std::string();
    }();
    ASSERT_FALSE(school.empty());
    ui->click(school);
    ui->click("visits.first_unvisited");
    const std::string child = ui->value("form.student");
    ui->click("form.visitor");
    ui->frame();
    ui->press(ImGuiKey_Enter);
    ui->click("form.needs");
    ui->type("学习辅导\n冬季棉衣");
    ui->frame();
    EXPECT_EQ(ui->value("form.need.1"), "冬季棉衣");
    ui->click("form.need.1");  // saves the visit, then the request
    EXPECT_EQ(ui->value("form.need.1"), "已转为需求单（待处理）");
    EXPECT_EQ(ui->value("form.need.0"), "学习辅导") << "the other need is still only a need";
    ui->click("form.cancel");

    ui->click("nav.requests");
    EXPECT_EQ(ui->value("requests.open"), "1");
    EXPECT_EQ(ui->value("requests.first"), "冬季棉衣");
    const int pending = std::stoi(ui->value("requests.pending"));
    ASSERT_GT(pending, 1) << "学习辅导 and the sample county's visits' needs";
    EXPECT_EQ(ui->value("requests.pending.first"), "学习辅导") << "today's visit is the latest";
    ui->click("requests.pending.first");
    EXPECT_EQ(ui->value("requests.open"), "2");
    EXPECT_EQ(std::stoi(ui->value("requests.pending")), pending - 1);

    // A request is followed up in the record form: assigned, then solved.
    ui->click("requests.first_row");
    ui->click("form.status");
    ui->click("form.status.done");
    ui->click("form.save");
    EXPECT_EQ(ui->value("requests.open"), "1");
    ui.reset();

    Reloaded stored(dir.path);
    const Record* visit = stored.latest(Kind::Visit);
    ASSERT_NE(visit, nullptr);
    std::vector<std::string> linked;  // both needs of the visit, one from its form, one from 诉求
    for (const Record& r : stored.local.ledger().records(Kind::Request))
        if (value(r, "visit") == visit->id.text()) {
            linked.push_back(value(r, "what") + "/" + value(r, "status"));
            EXPECT_EQ(value(r, "student"), child);
            EXPECT_EQ(value(r, "raised_by"), value(*visit, "visitor"));
        }
    EXPECT_EQ(linked, (std::vector<std::string>{"冬季棉衣/done", "学习辅导/open"}));
}

}  // namespace
}  // namespace gy::test
