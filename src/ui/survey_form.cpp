// survey_form.cpp — the record form's household-survey layout and a visit's needs as requests.
//
// Index:
//   [SECTION] Household survey (入户摸底)
//   [SECTION] A visit's needs → requests (需求单)
#include "record_form.h"

#include "strings.h"
#include "ui_internal.h"

#include "core/requests.h"
#include "core/survey.h"

#include <algorithm>
#include <vector>

namespace gy::ui {

// [SECTION] Household survey (入户摸底)

namespace {
struct Section {
    const char* title;
    std::vector<const char*> keys;
};

// The order of a paper survey: who, the family, the guardian, categories, needs, notes.
const std::vector<Section>& survey_sections() {
    static const std::vector<Section> sections = {
        {str::SurveySectionChild, {"student", "date", "surveyor", "recorder"}},
        {str::SurveySectionFamily, {"household_size", "members", "income", "housing", "parents_away", "away_place", "assistance", "situation"}},
        {str::SurveySectionGuardian, {"guardian_name", "guardian_relation", "guardian_age", "guardian_phone", "guardian_health", "guardian_literacy"}},
        {str::SurveySectionCategories, {"categories"}},
        {str::SurveySectionNeeds, {"need_kinds", "needs"}},
        {str::SurveySectionNotes, {"notes"}},
        {str::SurveySectionPhotos, {"photos"}},
    };
    return sections;
}
}  // namespace

// Where the chosen child is (class · village), so the clerk sees it is the right child.
static void draw_child_place(const Ledger& ledger, const std::string& student, bool prefilled) {
    const auto id = RecordId::parse(student);
    const Record* child = id ? ledger.find(*id) : nullptr;
    if (!child) return;
    auto title_of = [&](const char* key) {
        auto ref = RecordId::parse(child->value(field_index(Kind::Student, key)));
        return ref ? ledger.title(*ref) : std::string();
    };
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    wrapped_text(format_text(str::SurveyChildPlace, title_of("class"), title_of("village")).c_str());
    if (prefilled) wrapped_text(str::SurveyFilledFromChild);
    ImGui::PopStyleColor();
}

void RecordForm::draw_sections() {
    fill_survey_from_child();
    const float font = ImGui::GetFontSize();
    label_width_ = ImGui::GetContentRegionAvail().x >= 30 * font ? 8.5f * font : 0;  // phones: labels above fields
    std::vector<bool> drawn(form_.values.size());
    auto draw = [&](const char* key) {
        const int f = field_index(form_.id.kind(), key);
        if (f < 0 || !form_.open) return;
        draw_field(f);
        drawn[f] = true;
        if (std::string_view(key) == "student") draw_child_place(local_.ledger(), form_.values[f], form_.is_new && form_.filled_from.valid());
    };
    for (const Section& s : survey_sections()) {
        ImGui::SeparatorText(s.title);
        for (const char* key : s.keys) draw(key);
        if (std::string_view(s.title) == str::SurveySectionCategories) {
            ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
            wrapped_text(str::SurveyCategoriesUpdateChild);
            ImGui::PopStyleColor();
        }
    }
    // A field added to the schema later still shows, under 其他.
    if (std::find(drawn.begin(), drawn.end(), false) == drawn.end()) return;
    ImGui::SeparatorText(str::SurveySectionOther);
    for (size_t f = 0; f < drawn.size() && form_.open; ++f)
        if (!drawn[f]) draw_field(static_cast<int>(f));
}

// Once a new survey's child is chosen, what the registry knows fills the fields still empty.
void RecordForm::fill_survey_from_child() {
    const auto child = RecordId::parse(form_.values[field_index(Kind::Survey, "student")]);
    if (!form_.is_new || !child || *child == form_.filled_from) return;
    form_.filled_from = *child;
    for (const auto& [key, value] : survey_from_child(local_.ledger(), *child))
        if (std::string& v = form_.values[field_index(Kind::Survey, key)]; v.empty()) v = value;
}

// [SECTION] A visit's needs → requests (需求单)

void RecordForm::draw_visit_needs() {
    const std::vector<std::string> needs = split_needs(form_.values[field_index(Kind::Visit, "needs")]);
    if (needs.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    ImGui::TextUnformatted(str::NeedsRaised);
    ImGui::PopStyleColor();
    const Ledger& ledger = local_.ledger();
    const FieldDef& status = field_def(Kind::Request, field_index(Kind::Request, "status"));
    for (size_t i = 0; i < needs.size() && form_.open; ++i) {
        const std::string id = "form.need." + std::to_string(i);
        ImGui::PushID(static_cast<int>(i));
        ImGui::Bullet();
        ImGui::TextWrapped("%s", needs[i].c_str());
        ImGui::SameLine();
        const RecordId request = form_.is_new ? RecordId{} : request_for_need(ledger, form_.id, needs[i]);
        if (const Record* r = request.valid() ? ledger.find(request) : nullptr) {
            const char* label = choice_label(status, r->value(field_index(Kind::Request, "status")));
            const std::string shown = format_text(str::NeedIsRequest, label ? label : "");
            ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
            ImGui::TextUnformatted(shown.c_str());
            ImGui::PopStyleColor();
            test_bridge::value(id.c_str(), shown);
        } else {
            if (ImGui::SmallButton(str::NeedToRequest)) convert_need(needs[i]);
            test_bridge::item(id.c_str());
            test_bridge::value(id.c_str(), needs[i]);
        }
        ImGui::PopID();
    }
}

// The visit is saved first (a request points at a saved visit), then the request is its own commit.
void RecordForm::convert_need(const std::string& need) {
    if (!commit_form()) return;
    const Date today = china_date(platform_.now_ms());
    Edit edit = need_to_request(local_.ledger(), form_.id, need, local_.new_id(Kind::Request), today);
    Outcome out = local_.commit(edit, platform_.now_ms());
    if (!out.ok()) message_ = format_text(str::NeedNotConverted, problem_text(out.problems.front()));
}

}  // namespace gy::ui
