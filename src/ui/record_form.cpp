// record_form.cpp — one record's form from its kind's schema; values as people read them.
//
// Index:
//   [SECTION] Values as people read them
//   [SECTION] Form
//   [SECTION] History
#include "record_form.h"

#include "photo_shelf.h"
#include "print_words.h"
#include "strings.h"
#include "ui_internal.h"

#include "core/query.h"
#include "core/scopes.h"
#include "core/survey.h"
#include "core/text.h"
#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>

namespace gy::ui {

// [SECTION] Values as people read them

std::string format_text(const char* pattern, const std::string& a, const std::string& b, const std::string& c) {
    char buf[512];
    std::snprintf(buf, sizeof buf, pattern, a.c_str(), b.c_str(), c.c_str());
    return buf;
}

std::string problem_text(const FieldProblem& p) {
    switch (p.problem) {
    case Problem::Required: return str::ProblemRequired;
    case Problem::TooLong: return str::ProblemTooLong;
    case Problem::BadText: return str::ProblemBadText;
    case Problem::BadPhone: return str::ProblemBadPhone;
    case Problem::BadDate: return str::ProblemBadDate;
    case Problem::DateOutOfRange: return str::ProblemDateOutOfRange;
    case Problem::BadNumber: return str::ProblemBadNumber;
    case Problem::UnknownChoice: return str::ProblemUnknownChoice;
    case Problem::UnknownRecord: return str::ProblemUnknownRecord;
    case Problem::WrongKind: return str::ProblemWrongKind;
    case Problem::DuplicateIdNumber: return format_text(str::ProblemDuplicateId, p.detail);
    case Problem::StillReferenced: return format_text(str::ProblemStillReferenced, p.detail);
    case Problem::NoSuchField: return str::ProblemNoSuchField;
    case Problem::PairLimit: return format_text(str::ProblemPairLimit, p.detail);
    case Problem::StillLoading: return str::ProblemStillLoading;
    case Problem::BadIdNumber:
        switch (p.id_problem) {
        case IdProblem::Length: return str::IdProblemLength;
        case IdProblem::Characters: return str::IdProblemCharacters;
        case IdProblem::Region: return str::IdProblemRegion;
        case IdProblem::BirthDate: return str::IdProblemBirthDate;
        case IdProblem::FutureBirth: return str::IdProblemFutureBirth;
        default: return str::IdProblemCheckDigit;
        }
    }
    return str::ProblemBadText;
}

bool may_see_full_id(Role role) { return role == Role::TownshipClerk || role == Role::SchoolAdmin; }

// [SECTION] Form

RecordId RecordForm::default_parent(Kind kind) const {
    const int pf = parent_field(kind);
    return pf < 0 ? RecordId{} : TableView::ancestor_of_kind(local_.ledger(), scope_, field_def(kind, pf).ref_kind);
}

// What this device's keys may change: the clerk everything, a role the kinds scopes.h lets it write
// (a role's device holds no record of those kinds but the ones its role reads).
bool RecordForm::role_may_write(Kind kind) const {
    const Keyring& keys = local_.keys();
    if (!keys.ready() || keys.is_clerk()) return true;
    const std::optional<Scope> role = parse_scope(keys.role);
    return role && may_write_kind(*role, kind);
}

static uint64_t g_forms_opened = 0;

void RecordForm::open_edit(RecordId id, RecordId scope) {
    scope_ = scope;
    const Record* r = local_.ledger().find(id);
    if (!r) return;
    if (form_.open) settle_photos(false);  // another record opened over an unsaved one
    form_ = Form{true, true, id, false, r->values, std::vector<std::string>(r->values.size()), {}};
    form_.read_only = !role_may_write(id.kind());
    form_.number = ++g_forms_opened;
}

void RecordForm::open_new(Kind kind, RecordId scope, const std::vector<std::pair<const char*, std::string>>& preset) {
    scope_ = scope;
    const auto fields = kind_def(kind).fields;
    Form f{true, true, RecordId{}, true, {}, std::vector<std::string>(fields.size()), {}};
    for (const FieldDef& def : fields) f.values.emplace_back(def.fallback);
    if (RecordId parent = default_parent(kind); parent.valid()) f.values[parent_field(kind)] = parent.text();
    for (const auto& [key, value] : preset) f.values[field_index(kind, key)] = value;
    f.id = RecordId::make(kind, 0, 0);  // a real ID is taken on the first save
    f.read_only = !role_may_write(kind);
    f.number = ++g_forms_opened;
    if (form_.open) settle_photos(false);
    form_ = std::move(f);
}

bool RecordForm::commit_form() {
    const Kind kind = form_.id.kind();
    const Record* existing = form_.is_new ? nullptr : local_.ledger().find(form_.id);
    if (form_.is_new && form_.id.counter() == 0) form_.id = local_.new_id(kind);
    Edit edit;
    for (size_t f = 0; f < form_.values.size(); ++f)
        if (!existing || existing->values[f] != form_.values[f]) edit.fields.push_back({form_.id, static_cast<int>(f), form_.values[f]});
    // A survey records what was found at the household: the child's categories follow it, in the same commit.
    if (kind == Kind::Survey)
        if (auto child = RecordId::parse(form_.values[field_index(kind, "student")]))
            add_child_categories(local_.ledger(), *child, form_.values[field_index(kind, "categories")], edit);
    std::fill(form_.problems.begin(), form_.problems.end(), std::string());
    Outcome out = local_.commit(edit, platform_.now_ms());
    if (!out.ok()) {
        for (const FieldProblem& p : out.problems)
            if (p.record == form_.id && p.field >= 0 && p.field < static_cast<int>(form_.problems.size())) form_.problems[p.field] = problem_text(p);
        message_ = str::RegistryNotSaved;
        return false;
    }
    message_.clear();
    form_.is_new = false;
    return true;
}

void RecordForm::save_form() {
    if (form_.read_only) return;
    if (!commit_form()) return;
    settle_photos(true);
    form_.open = false;
}

void RecordForm::close_form() {
    settle_photos(false);
    form_.open = false;
}

// Photos taken in this form that no saved record names are let go (photos.h PhotoStore::forget).
void RecordForm::settle_photos(bool saved) {
    const int field = field_index(form_.id.kind(), "photos");
    const std::string kept = saved && field >= 0 ? form_.values[field] : std::string();
    for (const PhotoRef& ref : form_.added_photos)
        if (!has_word(kept, photo_ref_text(ref))) local_.photos().forget(ref);
    form_.added_photos.clear();
}

void RecordForm::draw_reference_picker(int field) {
    const Ledger& ledger = local_.ledger();
    const FieldDef& def = field_def(form_.id.kind(), field);
    std::string& value = form_.values[field];
    std::optional<RecordId> chosen = RecordId::parse(value);
    auto with_parent = [&](const Record& r) {
        std::string label = ledger.title(r.id);
        if (int up = parent_field(r.id.kind()); up >= 0)
            if (auto parent = RecordId::parse(r.value(up))) label += " · " + ledger.title(*parent);
        return label;
    };
    const Record* current = chosen ? ledger.find(*chosen) : nullptr;
    const std::string shown = current ? with_parent(*current) : str::RegistryNotChosen;
    test_bridge::value((std::string("form.") + def.key + ".title").c_str(), current ? ledger.title(current->id) : std::string());
    if (!ImGui::BeginCombo("##ref", shown.c_str(), ImGuiComboFlags_HeightLarge)) return;
    std::string& filter = form_.filters[field];
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    // Keyboard first: type a name or its pinyin initials, Enter takes the first match.
    const bool enter = ImGui::InputTextWithHint("##filter", str::RegistryChooseFilter, &filter, ImGuiInputTextFlags_EnterReturnsTrue);
    test_bridge::item("form.filter");
    std::vector<const Record*> matches;
    for (const Record& r : ledger.records(def.ref_kind)) {
        if (r.deleted) continue;
        if (scope_.valid() && def.ref_kind != Kind::Helper && !TableView::is_under(ledger, r.id, scope_) &&
            !TableView::is_under(ledger, scope_, r.id))
            continue;
        if (!filter.empty() && !name_matches(ledger.title(r.id), filter)) continue;
        matches.push_back(&r);
    }
    if (enter && !matches.empty()) {
        value = matches[0]->id.text();
        ImGui::CloseCurrentPopup();
    }
    if (!def.required && ImGui::Selectable(str::RegistryNotChosen, !chosen)) value.clear();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(matches.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Record& r = *matches[i];
            const std::string label = with_parent(r);
            ImGui::PushID(i);
            if (ImGui::Selectable(label.c_str(), chosen && *chosen == r.id)) value = r.id.text();
            if (i == 0) test_bridge::item("form.pick_first");
            ImGui::PopID();
        }
    }
    ImGui::EndCombo();
}

// Checkboxes side by side, wrapping to a new line (at the same x) when the next would not fit: phones are 360 px wide.
void RecordForm::draw_choices(const FieldDef& def, std::string& value, const std::string& test_id) {
    const float start_x = ImGui::GetCursorPosX();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    for (size_t c = 0; c < def.choices.size(); ++c) {
        const char* label = def.choices[c].label;
        if (c > 0) {
            const float width = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
            if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
            else ImGui::SetCursorPosX(start_x);
        }
        bool on = has_word(value, def.choices[c].code);
        if (ImGui::Checkbox(label, &on)) {
            std::string next;
            for (const ChoiceDef& d : def.choices)
                if (d.code == def.choices[c].code ? on : has_word(value, d.code)) next += (next.empty() ? "" : " ") + std::string(d.code);
            value = next;
        }
        test_bridge::item((test_id + (c == 0 ? std::string(".first") : "." + std::string(def.choices[c].code))).c_str());
    }
}

void RecordForm::draw_field(int field) {
    const Kind kind = form_.id.kind();
    const FieldDef& def = field_def(kind, field);
    std::string& value = form_.values[field];
    const std::string test_id = std::string("form.") + def.key;
    ImGui::PushID(field);
    const std::string label = def.required ? std::string(def.label) + " *" : std::string(def.label);
    if (label_width_ > 0) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label.c_str());
        ImGui::SameLine(label_width_);
    } else {
        ImGui::TextUnformatted(label.c_str());
    }
    const float field_x = ImGui::GetCursorPosX();
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 24 * ImGui::GetFontSize()));
    // The caret starts in the first field when one types into it (focusing a combo would open it).
    const bool typed = def.type != FieldType::Choice && def.type != FieldType::Choices && def.type != FieldType::Ref;
    if (form_.focus_first && field == 0 && typed) {
        ImGui::SetKeyboardFocusHere();  // takes effect two frames later
        form_.focus_first = false;
    }
    switch (def.type) {
    case FieldType::Choice: {
        const char* chosen = choice_label(def, value);
        if (ImGui::BeginCombo("##choice", chosen ? chosen : str::RegistryNotChosen)) {
            if (!def.required && ImGui::Selectable(str::RegistryNotChosen, value.empty())) value.clear();
            for (const ChoiceDef& c : def.choices) {
                if (ImGui::Selectable(c.label, value == c.code)) value = c.code;
                test_bridge::item((test_id + "." + c.code).c_str());
            }
            ImGui::EndCombo();
        }
        break;
    }
    case FieldType::Choices: draw_choices(def, value, test_id); break;
    case FieldType::Ref: draw_reference_picker(field); break;
    case FieldType::Photos:
        if (PhotoShelf* shelf = photo_shelf()) shelf->draw_field(value, !form_.read_only, form_.number, form_.added_photos, form_.problems[field]);
        break;
    case FieldType::LongText:
        ImGui::InputTextMultiline("##text", &value, ImVec2(0, 3 * ImGui::GetTextLineHeightWithSpacing()));
        break;
    case FieldType::IdNumber:
        if (!may_see_full_id(platform_.launch().config.role) && !form_.is_new) {
            ImGui::TextUnformatted(mask_id_number(value).c_str());
            break;
        }
        [[fallthrough]];
    default:
        if (ImGui::InputText("##text", &value, ImGuiInputTextFlags_EnterReturnsTrue)) save_form();
        break;
    }
    test_bridge::item(test_id.c_str());
    test_bridge::value(test_id.c_str(), value);
    if (!form_.problems[field].empty()) {
        ImGui::SetCursorPosX(field_x);
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        ImGui::TextUnformatted(form_.problems[field].c_str());
        ImGui::PopStyleColor();
        test_bridge::value(("problem." + std::string(def.key)).c_str(), form_.problems[field]);
    }
    ImGui::PopID();
}

void RecordForm::draw() {
    if (!form_.open) return;
    const Kind kind = form_.id.kind();
    const std::string title = form_.is_new ? format_text(str::RegistryNewTitle, kind_def(kind).label)
                                           : format_text(str::RegistryEditTitle, kind_def(kind).label, local_.ledger().title(form_.id));
    section_header(title.c_str());
    const bool read_only = form_.read_only;
    ImGui::PushStyleColor(ImGuiCol_Text, read_only ? kColorError : kColorMuted);
    wrapped_text(read_only ? (form_.is_new ? str::FormCannotAdd : str::FormReadOnly) : kind == Kind::Survey ? str::SurveyKeysHint : str::RegistryKeysHint);
    ImGui::PopStyleColor();
    test_bridge::value("form.read_only", read_only ? "1" : "0");
    ImGui::BeginChild("##form", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f));
    ImGui::BeginDisabled(read_only);
    draw_fields();
    ImGui::EndDisabled();
    if (!form_.is_new && form_.open) draw_history();
    ImGui::EndChild();
    if (!form_.open) return;
    // Ctrl+Enter saves from anywhere, also from a checkbox or a several-line field where Enter means something else.
    if (!read_only) {
        if (ImGui::Button(str::Save) || (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Enter, false))) save_form();
        test_bridge::item("form.save");
        ImGui::SameLine();
    }
    if (ImGui::Button(read_only ? str::FormClose : str::Cancel) ||
        (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)))  // the photo viewer's Escape too
        close_form();
    test_bridge::item("form.cancel");
    if (!form_.is_new && kind == Kind::Student) {
        ImGui::SameLine();
        if (ImGui::Button(str::PrintChildButton)) print_child();
        test_bridge::item("form.print");
    }
    if (!message_.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        ImGui::TextUnformatted(message_.c_str());
        ImGui::PopStyleColor();
    }
}

void RecordForm::draw_fields() {
    if (form_.id.kind() == Kind::Survey) return draw_sections();
    label_width_ = 0;
    for (int f = 0; f < static_cast<int>(form_.values.size()) && form_.open; ++f) {
        draw_field(f);
        if (form_.open && form_.id.kind() == Kind::Visit && f == field_index(Kind::Visit, "needs")) draw_visit_needs();
    }
}

// The child's 一生一档 as saved (edits not yet saved are not on it), with the photos of its surveys:
// those not on this device are fetched first (the print view then opens a moment after the click,
// in a hidden frame if the browser no longer counts it as the click's).
void RecordForm::print_child() {
    const std::vector<PhotoRef> photos = child_photos(local_.ledger(), form_.id);
    PhotoShelf* shelf = photo_shelf();
    if (photos.empty() || !shelf) return print_child_with({});
    message_ = str::PhotoPreparingPrint;
    shelf->gather(photos, [this, child = form_.id](PhotoBytes bytes) {
        if (form_.id != child) return;  // another record opened meanwhile
        message_.clear();
        print_child_with(bytes);
    });
}

void RecordForm::print_child_with(const PhotoBytes& photos) {
    const Ledger& ledger = local_.ledger();
    const Date today = china_date(platform_.now_ms());
    Result<std::string> doc = child_document(ledger, form_.id, today, print_words(), photos);
    if (!doc) return;  // deleted elsewhere meanwhile: the form's save will say so
    platform_.show_print_view(format_text(str::PrintChildName, ledger.title(form_.id), format_date_iso(today)), doc.value());
}

// [SECTION] History

void RecordForm::draw_history() {
    const Ledger& ledger = local_.ledger();
    auto history = ledger.history(form_.id);
    if (history.empty() || !ImGui::CollapsingHeader(str::RegistryHistory)) return;
    const Kind kind = form_.id.kind();
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        const auto& [commit, change] = *it;
        if (change->field == kCreatedField) {
            ImGui::Text("%s  %s  %s", format_local_time(static_cast<double>(commit->at_ms)).c_str(), commit->author.c_str(), str::RegistryCreated);
            continue;
        }
        const bool deletion = change->field == kDeletedField;
        const FieldDef* def = deletion ? nullptr : &field_def(kind, change->field);
        auto shown = [&](const std::string& v) {
            return v.empty() ? std::string(str::RegistryEmptyValue) : def ? readable_value(ledger, *def, v, may_see_full_id(platform_.launch().config.role)) : v;
        };
        ImGui::Text(str::RegistryHistoryLine, format_local_time(static_cast<double>(commit->at_ms)).c_str(), commit->author.c_str(),
                    deletion ? str::RegistryDeleted : def->label, shown(change->old_value).c_str(), shown(change->value).c_str());
    }
}

}  // namespace gy::ui
