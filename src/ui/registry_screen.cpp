// registry_screen.cpp — 登记: tree, table, form.
//
// Index:
//   [SECTION] Values as people read them
//   [SECTION] Tree
//   [SECTION] Toolbar and table
//   [SECTION] Form
//   [SECTION] History
#include "registry_screen.h"

#include "strings.h"
#include "ui_internal.h"

#include "core/text.h"
#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>

namespace gy::ui {

// [SECTION] Values as people read them

static std::string format(const char* pattern, const std::string& a, const std::string& b = "") {
    char buf[512];
    std::snprintf(buf, sizeof buf, pattern, a.c_str(), b.c_str());
    return buf;
}

static std::string display_value(const Ledger& ledger, const FieldDef& f, const std::string& v, bool full_id) {
    switch (f.type) {
    case FieldType::Choice: {
        const char* label = choice_label(f, v);
        return label ? label : v;
    }
    case FieldType::Choices: {
        std::string out;
        for (size_t at = 0; at < v.size();) {
            size_t end = std::min(v.find(' ', at), v.size());
            std::string code = v.substr(at, end - at);
            const char* label = choice_label(f, code);
            std::optional<RecordId> own = RecordId::parse(code);
            out += (out.empty() ? "" : "、") + (label ? std::string(label) : own ? ledger.title(*own) : code);
            at = end + 1;
        }
        return out;
    }
    case FieldType::Ref: {
        std::optional<RecordId> id = RecordId::parse(v);
        return id ? ledger.title(*id) : v;
    }
    case FieldType::IdNumber: return full_id ? v : mask_id_number(v);
    default: return v;
    }
}

static std::string problem_text(const FieldProblem& p) {
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
    case Problem::DuplicateIdNumber: return format(str::ProblemDuplicateId, p.detail);
    case Problem::StillReferenced: return format(str::ProblemStillReferenced, p.detail);
    case Problem::NoSuchField: return str::ProblemNoSuchField;
    case Problem::PairLimit: return format(str::ProblemPairLimit, p.detail);
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

bool RegistryScreen::may_see_full_id() const {
    const Role role = platform_.launch().config.role;
    return role == Role::TownshipClerk || role == Role::SchoolAdmin;
}

// [SECTION] Tree

const std::vector<uint32_t>& RegistryScreen::children(Kind kind, RecordId parent) {
    const Ledger& ledger = local_.ledger();
    if (children_revision_ != ledger.revision()) {
        children_revision_ = ledger.revision();
        for (auto& map : children_) map.clear();
        for (Kind k : {Kind::Township, Kind::School, Kind::Campus, Kind::Class}) {
            std::span<const Record> rows = ledger.records(k);
            const int pf = parent_field(k);
            for (uint32_t i = 0; i < rows.size(); ++i) {
                if (rows[i].deleted) continue;
                const uint64_t p = pf < 0 ? 0 : RecordId::parse(rows[i].value(pf)).value_or(RecordId{}).bits;
                children_[static_cast<int>(k)][p].push_back(i);
            }
            for (auto& [p, list] : children_[static_cast<int>(k)])
                std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) { return compare_names(rows[a].value(0), rows[b].value(0)) < 0; });
        }
    }
    static const std::vector<uint32_t> kNone;
    auto it = children_[static_cast<int>(kind)].find(parent.bits);
    return it == children_[static_cast<int>(kind)].end() ? kNone : it->second;
}

static Kind child_kind(Kind kind) {
    switch (kind) {
    case Kind::Township: return Kind::School;
    case Kind::School: return Kind::Campus;
    case Kind::Campus: return Kind::Class;
    default: return Kind::Count;
    }
}

void RegistryScreen::draw_tree_children(Kind kind, RecordId parent) {
    const Ledger& ledger = local_.ledger();
    for (uint32_t row : children(kind, parent)) {
        const Record& r = ledger.records(kind)[row];
        const bool leaf = child_kind(kind) == Kind::Count;
        ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
        if (leaf) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
        if (selected_ == r.id) flags |= ImGuiTreeNodeFlags_Selected;
        ImGui::PushID(static_cast<int>(r.id.counter()));
        const bool open = ImGui::TreeNodeEx("##node", flags, "%s", r.value(0).c_str());
        if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) selected_ = r.id;
        test_bridge::item(("tree." + r.value(0)).c_str());
        if (open && !leaf) {
            draw_tree_children(child_kind(kind), r.id);
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
}

void RegistryScreen::draw_tree() {
    if (ImGui::Selectable(str::RegistryAllTownships, !selected_.valid())) selected_ = {};
    test_bridge::item("tree.all");
    draw_tree_children(Kind::Township, {});
    ImGui::Spacing();
    // What can be added under the selection: the next level down, or a township at the top.
    const Kind next = selected_.valid() ? child_kind(selected_.kind()) : Kind::Township;
    if (next != Kind::Count) {
        if (ImGui::SmallButton(format(str::RegistryAdd, kind_def(next).label).c_str())) open_new(next);
        test_bridge::item("tree.add");
    }
}

// [SECTION] Toolbar and table

void RegistryScreen::draw_toolbar() {
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 22 * ImGui::GetFontSize()));
    ImGui::InputTextWithHint("##search", str::RegistrySearchHint, &search_);
    test_bridge::item("registry.search");
    ImGui::SameLine();
    const FieldDef& categories = field_def(Kind::Student, field_index(Kind::Student, "categories"));
    const char* current = query_.category.empty() ? str::RegistryAnyCategory : choice_label(categories, query_.category);
    ImGui::SetNextItemWidth(7 * ImGui::GetFontSize());
    if (ImGui::BeginCombo("##category", current ? current : query_.category.c_str())) {
        if (ImGui::Selectable(str::RegistryAnyCategory, query_.category.empty())) query_.category.clear();
        for (const ChoiceDef& c : categories.choices) {
            if (ImGui::Selectable(c.label, query_.category == c.code)) query_.category = c.code;
            test_bridge::item((std::string("registry.category.") + c.code).c_str());
        }
        ImGui::EndCombo();
    }
    test_bridge::item("registry.category");
    ImGui::SameLine();
    if (ImGui::Button(format(str::RegistryAdd, kind_def(Kind::Student).label).c_str())) open_new(Kind::Student);
    test_bridge::item("registry.add");
    ImGui::SameLine();
    ImGui::BeginDisabled(!local_.can_undo());
    if (ImGui::Button(str::RegistryUndo)) message_ = local_.undo_last(platform_.now_ms()) ? str::RegistryUndone : str::RegistryNothingToUndo;
    ImGui::EndDisabled();
    test_bridge::item("registry.undo");
}

void RegistryScreen::draw_table() {
    const Ledger& ledger = local_.ledger();
    query_.text = search_;
    query_.scope = selected_;
    const double started = platform_.monotonic_ms();
    students_.update(ledger, query_);
    if (!(query_ == shown_query_) || ledger.revision() != shown_revision_) {
        // What a keystroke, a click in the tree or an edit cost: for benchmarks.
        query_ms_ = platform_.monotonic_ms() - started;
        shown_query_ = query_;
        shown_revision_ = ledger.revision();
    }
    test_bridge::value("registry.query_ms", std::to_string(query_ms_));
    char count[64];
    std::snprintf(count, sizeof count, str::RegistryCount, static_cast<int>(students_.rows().size()));
    ImGui::TextUnformatted(count);
    test_bridge::value("registry.rows", std::to_string(students_.rows().size()));
    if (!message_.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(message_.c_str());
    }
    if (ledger.live_count(Kind::Student) == 0) {
        wrapped_text(str::RegistryEmpty);
        return;
    }
    static constexpr const char* kColumns[] = {"name", "sex", "birth_date", "class", "id_number", "categories", "risk"};
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##students", static_cast<int>(std::size(kColumns)), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* key : kColumns) {
        const int f = field_index(Kind::Student, key);
        ImGui::TableSetupColumn(field_def(Kind::Student, f).label, f == 0 ? ImGuiTableColumnFlags_DefaultSort : 0, 0, static_cast<ImGuiID>(f));
    }
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsDirty && sort->SpecsCount > 0) {
        query_.sort_field = static_cast<int>(sort->Specs[0].ColumnUserID);
        query_.descending = sort->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        sort->SpecsDirty = false;
    }
    const bool full_id = false;  // tables always mask; the form shows the whole number to roles that may see it
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(students_.rows().size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Record& r = ledger.records(Kind::Student)[students_.rows()[i]];
            ImGui::TableNextRow();
            ImGui::PushID(i);
            for (size_t c = 0; c < std::size(kColumns); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                const int f = field_index(Kind::Student, kColumns[c]);
                const std::string shown = display_value(ledger, field_def(Kind::Student, f), r.value(f), full_id);
                if (c == 0) {
                    if (ImGui::Selectable(shown.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) open_form(r.id);
                    if (i == 0) {
                        test_bridge::item("registry.first_row");
                        test_bridge::value("registry.first", shown);
                    }
                } else {
                    ImGui::TextUnformatted(shown.c_str());
                }
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

// [SECTION] Form

RecordId RegistryScreen::default_parent(Kind kind) const {
    for (RecordId at = selected_; at.valid();) {
        const int pf = parent_field(kind);
        if (pf >= 0 && field_def(kind, pf).ref_kind == at.kind()) return at;
        const Record* r = local_.ledger().find(at);
        const int up = r ? parent_field(at.kind()) : -1;
        if (up < 0) break;
        at = RecordId::parse(r->value(up)).value_or(RecordId{});
    }
    return {};
}

void RegistryScreen::open_form(RecordId id) {
    const Record* r = local_.ledger().find(id);
    if (!r) return;
    form_ = Form{true, true, id, false, r->values, std::vector<std::string>(r->values.size()), {}};
}

void RegistryScreen::open_new(Kind kind) {
    const auto fields = kind_def(kind).fields;
    Form f{true, true, RecordId{}, true, {}, std::vector<std::string>(fields.size()), {}};
    for (const FieldDef& def : fields) f.values.emplace_back(def.fallback);
    if (RecordId parent = default_parent(kind); parent.valid()) f.values[parent_field(kind)] = parent.text();
    f.id = RecordId::make(kind, 0, 0);  // a real ID is taken on the first save
    form_ = std::move(f);
}

void RegistryScreen::save_form() {
    const Kind kind = form_.id.kind();
    const Record* existing = form_.is_new ? nullptr : local_.ledger().find(form_.id);
    if (form_.is_new && form_.id.counter() == 0) form_.id = local_.new_id(kind);
    Edit edit;
    for (size_t f = 0; f < form_.values.size(); ++f)
        if (!existing || existing->values[f] != form_.values[f]) edit.fields.push_back({form_.id, static_cast<int>(f), form_.values[f]});
    std::fill(form_.problems.begin(), form_.problems.end(), std::string());
    Outcome out = local_.commit(edit, platform_.now_ms());
    if (!out.ok()) {
        for (const FieldProblem& p : out.problems)
            if (p.field >= 0 && p.field < static_cast<int>(form_.problems.size())) form_.problems[p.field] = problem_text(p);
        message_ = str::RegistryNotSaved;
        return;
    }
    message_.clear();
    form_.open = false;
}

void RegistryScreen::draw_reference_picker(int field) {
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
    if (!ImGui::BeginCombo("##ref", shown.c_str(), ImGuiComboFlags_HeightLarge)) return;
    std::string& filter = form_.filters[field];
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##filter", str::RegistryChooseFilter, &filter);
    std::vector<const Record*> matches;
    for (const Record& r : ledger.records(def.ref_kind)) {
        if (r.deleted) continue;
        if (selected_.valid() && def.ref_kind != Kind::Helper && !TableView::is_under(ledger, r.id, selected_) &&
            !TableView::is_under(ledger, selected_, r.id))
            continue;
        if (!filter.empty() && !name_matches(ledger.title(r.id), filter)) continue;
        matches.push_back(&r);
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

void RegistryScreen::draw_field(int field) {
    const Kind kind = form_.id.kind();
    const FieldDef& def = field_def(kind, field);
    std::string& value = form_.values[field];
    const std::string test_id = std::string("form.") + def.key;
    ImGui::PushID(field);
    ImGui::TextUnformatted(def.required ? (std::string(def.label) + " *").c_str() : def.label);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 24 * ImGui::GetFontSize()));
    if (form_.focus_first && field == 0) {
        ImGui::SetKeyboardFocusHere();
        form_.focus_first = false;
    }
    switch (def.type) {
    case FieldType::Choice: {
        const char* label = choice_label(def, value);
        if (ImGui::BeginCombo("##choice", label ? label : str::RegistryNotChosen)) {
            if (!def.required && ImGui::Selectable(str::RegistryNotChosen, value.empty())) value.clear();
            for (const ChoiceDef& c : def.choices) {
                if (ImGui::Selectable(c.label, value == c.code)) value = c.code;
                test_bridge::item((test_id + "." + c.code).c_str());
            }
            ImGui::EndCombo();
        }
        break;
    }
    case FieldType::Choices: {
        for (size_t c = 0; c < def.choices.size(); ++c) {
            bool on = has_word(value, def.choices[c].code);
            if (c > 0) ImGui::SameLine();
            if (ImGui::Checkbox(def.choices[c].label, &on)) {
                std::string next;
                for (const ChoiceDef& d : def.choices)
                    if (d.code == def.choices[c].code ? on : has_word(value, d.code)) next += (next.empty() ? "" : " ") + std::string(d.code);
                value = next;
            }
            if (c == 0) test_bridge::item((test_id + ".first").c_str());
        }
        break;
    }
    case FieldType::Ref: draw_reference_picker(field); break;
    case FieldType::LongText:
        ImGui::InputTextMultiline("##text", &value, ImVec2(0, 3 * ImGui::GetTextLineHeightWithSpacing()));
        break;
    case FieldType::IdNumber:
        if (!may_see_full_id() && !form_.is_new) {
            ImGui::TextUnformatted(mask_id_number(value).c_str());
            break;
        }
        [[fallthrough]];
    default:
        if (ImGui::InputText("##text", &value, ImGuiInputTextFlags_EnterReturnsTrue)) save_form();
        break;
    }
    test_bridge::item(test_id.c_str());
    if (!form_.problems[field].empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        ImGui::TextUnformatted(form_.problems[field].c_str());
        ImGui::PopStyleColor();
        test_bridge::value(("problem." + std::string(def.key)).c_str(), form_.problems[field]);
    }
    ImGui::PopID();
}

void RegistryScreen::draw_form() {
    const Kind kind = form_.id.kind();
    const std::string title = form_.is_new ? format(str::RegistryNewTitle, kind_def(kind).label)
                                           : format(str::RegistryEditTitle, kind_def(kind).label, local_.ledger().title(form_.id));
    section_header(title.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    ImGui::TextUnformatted(str::RegistryKeysHint);
    ImGui::PopStyleColor();
    ImGui::BeginChild("##form", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f));
    for (int f = 0; f < static_cast<int>(form_.values.size()) && form_.open; ++f) draw_field(f);
    if (!form_.is_new && form_.open) draw_history();
    ImGui::EndChild();
    if (!form_.open) return;
    if (ImGui::Button(str::Save)) save_form();
    test_bridge::item("form.save");
    ImGui::SameLine();
    if (ImGui::Button(str::Cancel) || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)))
        form_.open = false;
    test_bridge::item("form.cancel");
    if (!message_.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        ImGui::TextUnformatted(message_.c_str());
        ImGui::PopStyleColor();
    }
}

// [SECTION] History

void RegistryScreen::draw_history() {
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
            return v.empty() ? std::string(str::RegistryEmptyValue) : def ? display_value(ledger, *def, v, may_see_full_id()) : v;
        };
        ImGui::Text(str::RegistryHistoryLine, format_local_time(static_cast<double>(commit->at_ms)).c_str(), commit->author.c_str(),
                    deletion ? str::RegistryDeleted : def->label, shown(change->old_value).c_str(), shown(change->value).c_str());
    }
}

void RegistryScreen::draw() {
    test_bridge::value("registry.students", std::to_string(local_.ledger().live_count(Kind::Student)));
    static constexpr const char* kSaveStates[] = {"idle", "saving", "saved", "failed"};
    test_bridge::value("registry.save_state", kSaveStates[static_cast<int>(local_.save_state())]);
    if (form_.open) {
        draw_form();
        return;
    }
    const bool narrow = ImGui::GetContentRegionAvail().x < 40 * ImGui::GetFontSize();
    if (!narrow) {
        ImGui::BeginChild("##tree", ImVec2(12 * ImGui::GetFontSize(), 0), ImGuiChildFlags_Borders | ImGuiChildFlags_ResizeX);
        draw_tree();
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginGroup();
    draw_toolbar();
    draw_table();
    ImGui::EndGroup();
}

}  // namespace gy::ui
