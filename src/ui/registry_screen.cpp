// registry_screen.cpp — 登记: tree, table, form.
//
// Index:
//   [SECTION] Tree
//   [SECTION] Toolbar and table
//   [SECTION] Screen
#include "registry_screen.h"

#include "print_words.h"
#include "strings.h"
#include "ui_internal.h"

#include "imgui_stdlib.h"

#include <algorithm>
#include <cstdio>

namespace gy::ui {

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
            std::vector<std::string> keys(rows.size());  // each name's pinyin key once, not once per comparison
            for (uint32_t i = 0; i < rows.size(); ++i) keys[i] = name_sort_key(rows[i].value(0));
            for (auto& [p, list] : children_[static_cast<int>(k)])
                std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
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
        ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick | ImGuiTreeNodeFlags_SpanAvailWidth;
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
        if (ImGui::SmallButton(format_text(str::RegistryAdd, kind_def(next).label).c_str())) form_.open_new(next, selected_);
        test_bridge::item("tree.add");
    }
}

// [SECTION] Toolbar and table

void RegistryScreen::draw_toolbar() {
    // One line when it fits: the search field gives up width first (down to 10 characters); then
    // buttons that do not fit go to the next line rather than off the window's edge (narrow windows, large text).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float font = ImGui::GetFontSize(), avail = ImGui::GetContentRegionAvail().x;
    const float right = ImGui::GetCursorScreenPos().x + avail;
    auto button_width = [&](const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + 2 * style.FramePadding.x; };
    auto next_button = [&](const char* label) {
        if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_width(label) <= right) ImGui::SameLine();
    };
    const std::string add = format_text(str::RegistryAdd, kind_def(kind()).label);
    float others = kind() == Kind::Student ? 7 * font + style.ItemSpacing.x : 0;  // the category filter
    for (const char* label : {add.c_str(), str::RegistryImport, str::RegistryExportXlsx, str::RegistryExportCsv, str::PrintLedgerButton, str::RegistryUndo})
        others += button_width(label) + style.ItemSpacing.x;
    ImGui::SetNextItemWidth(std::clamp(avail - others, std::min(avail, 10 * font), 22 * font));
    ImGui::InputTextWithHint("##search", str::RegistrySearchHint, &search_);
    test_bridge::item("registry.search");
    if (kind() == Kind::Student) draw_category_filter();
    // Adding, importing, exporting and printing wait for every record (a county's guardians and
    // visits load behind the table for a moment after it opens).
    ImGui::BeginDisabled(local_.loading());
    next_button(add.c_str());
    if (ImGui::Button(add.c_str())) form_.open_new(kind(), selected_);
    test_bridge::item("registry.add");
    next_button(str::RegistryImport);
    ImGui::BeginDisabled(xlsx_busy_);
    if (ImGui::Button(str::RegistryImport))
        platform_.open_file(".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            [this](std::string name, std::string bytes) { start_import(name, std::move(bytes)); });
    test_bridge::item("registry.import");
    next_button(str::RegistryExportXlsx);
    if (ImGui::Button(str::RegistryExportXlsx)) export_xlsx();
    test_bridge::item("registry.export_xlsx");
    ImGui::EndDisabled();
    next_button(str::RegistryExportCsv);
    if (ImGui::Button(str::RegistryExportCsv)) export_csv();
    test_bridge::item("registry.export");
    next_button(str::PrintLedgerButton);
    if (ImGui::Button(str::PrintLedgerButton)) print_ledger();
    test_bridge::item("registry.print");
    ImGui::EndDisabled();
    next_button(str::RegistryUndo);
    ImGui::BeginDisabled(!local_.can_undo());
    if (ImGui::Button(str::RegistryUndo)) message_ = local_.undo_last(platform_.now_ms()) ? str::RegistryUndone : str::RegistryNothingToUndo;
    ImGui::EndDisabled();
    test_bridge::item("registry.undo");
}

void RegistryScreen::draw_category_filter() {
    TableQuery& query = queries_[table_];
    const FieldDef& categories = field_def(Kind::Student, field_index(Kind::Student, "categories"));
    const char* current = query.category.empty() ? str::RegistryAnyCategory : choice_label(categories, query.category);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(7 * ImGui::GetFontSize());
    if (ImGui::BeginCombo("##category", current ? current : query.category.c_str())) {
        if (ImGui::Selectable(str::RegistryAnyCategory, query.category.empty())) query.category.clear();
        for (const ChoiceDef& c : categories.choices) {
            if (ImGui::Selectable(c.label, query.category == c.code)) query.category = c.code;
            test_bridge::item((std::string("registry.category.") + c.code).c_str());
        }
        ImGui::EndCombo();
    }
    test_bridge::item("registry.category");
}

// The tables the registry keeps, and their columns.
struct RegistryTable {
    Kind kind;
    const char* test_id;
    std::vector<const char*> columns;
};
static const RegistryTable kTables[] = {
    {Kind::Student, "registry.tab.student", {"name", "sex", "birth_date", "class", "id_number", "categories", "risk"}},
    {Kind::Teacher, "registry.tab.teacher", {"name", "sex", "campus", "subjects", "backbone", "phone"}},
    {Kind::Helper, "registry.tab.helper", {"name", "role", "township", "phone", "max_pairs"}},
    {Kind::Guardian, "registry.tab.guardian", {"name", "relation", "student", "phone", "works_away"}},
};
static_assert(std::size(kTables) == RegistryScreen::kTableCount);

Kind RegistryScreen::kind() const { return kTables[table_].kind; }

void RegistryScreen::draw_table() {
    const Ledger& ledger = local_.ledger();
    TableQuery& query = queries_[table_];
    TableView& view = views_[table_];
    const std::vector<const char*>& columns = kTables[table_].columns;
    const Kind kind = this->kind();
    query.text = search_;
    query.scope = selected_;
    if (view_shown_[table_] && !view.search_prepared()) {  // the frame after the table showed: its first view need not wait
        const double started = platform_.monotonic_ms();
        view.prepare_search(ledger);
        search_prepare_ms_ = platform_.monotonic_ms() - started;
    }
    test_bridge::value("registry.search_prepare_ms", std::to_string(search_prepare_ms_));
    const double started = platform_.monotonic_ms();
    view.update(ledger, query);
    view_shown_[table_] = true;
    if (!(query == shown_query_) || ledger.revision() != shown_revision_) {
        // What a keystroke, a click in the tree or an edit cost: for benchmarks.
        query_ms_ = platform_.monotonic_ms() - started;
        if (first_build_ms_ < 0) first_build_ms_ = query_ms_;
        shown_query_ = query;
        shown_revision_ = ledger.revision();
    }
    test_bridge::value("registry.query_ms", std::to_string(query_ms_));
    test_bridge::value("registry.first_build_ms", std::to_string(first_build_ms_));
    char count[64];
    std::snprintf(count, sizeof count, str::RegistryCount, static_cast<int>(view.rows().size()));
    ImGui::TextUnformatted(count);
    test_bridge::value("registry.rows", std::to_string(view.rows().size()));
    test_bridge::value("registry.rows_for", query.text);  // what the rows were found for, so a test knows its keys were taken
    if (!message_.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(message_.c_str());
    }
    test_bridge::value("registry.message", message_);
    if (ledger.live_count(Kind::Student) == 0) {
        wrapped_text(str::RegistryEmpty);
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(kind_def(kind).key, static_cast<int>(columns.size()), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* key : columns) {
        const int f = field_index(kind, key);
        ImGui::TableSetupColumn(field_def(kind, f).label, f == 0 ? ImGuiTableColumnFlags_DefaultSort : 0, 0, static_cast<ImGuiID>(f));
    }
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsDirty && sort->SpecsCount > 0) {
        query.sort_field = static_cast<int>(sort->Specs[0].ColumnUserID);
        query.descending = sort->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        sort->SpecsDirty = false;
    }
    const bool full_id = false;  // tables always mask; the form shows the whole number to roles that may see it
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view.rows().size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Record& r = ledger.records(kind)[view.rows()[i]];
            ImGui::TableNextRow();
            ImGui::PushID(i);
            for (size_t c = 0; c < columns.size(); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                const int f = field_index(kind, columns[c]);
                const std::string shown = readable_value(ledger, field_def(kind, f), r.value(f), full_id);
                if (c == 0) {
                    if (ImGui::Selectable(shown.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) form_.open_edit(r.id, selected_);
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
    // How far down the table is scrolled (0 to 1), for the glyph atlas benchmark.
    test_bridge::value("registry.scroll", std::to_string(ImGui::GetScrollY() / std::max(1.0f, ImGui::GetScrollMaxY())));
    ImGui::EndTable();
}

// What the table shows (its search, filter, order), as a file Excel and WPS open.
void RegistryScreen::export_csv() {
    const Ledger& ledger = local_.ledger();
    const Sheet sheet = table_sheet(ledger, kind(), views_[table_].rows(), may_see_full_id(platform_.launch().config.role));
    const std::string name = format_text(str::RegistryExportName, kind_def(kind()).label, format_date_iso(china_date(platform_.now_ms())));
    platform_.save_file(name, "text/csv;charset=utf-8", write_csv(sheet));
    message_ = format_text(str::RegistryExported, std::to_string(sheet.size() - 1), name);
}

// The 家校共育台账 of the place selected in the tree, narrowed to the student table's category filter.
void RegistryScreen::print_ledger() {
    const Kind place = selected_.kind();
    if (!selected_.valid() || (place != Kind::School && place != Kind::Campus && place != Kind::Class)) {
        message_ = str::PrintChoosePlace;
        return;
    }
    const Ledger& ledger = local_.ledger();
    const Date today = china_date(platform_.now_ms());
    const std::string category = kind() == Kind::Student ? queries_[table_].category : "";
    Result<std::string> doc = ledger_document(ledger, {selected_, category, today}, print_words());
    if (!doc) {  // the place was deleted since it was selected
        message_ = str::PrintChoosePlace;
        return;
    }
    const std::string name = format_text(str::PrintLedgerName, place_full_name(ledger, selected_), format_date_iso(today));
    platform_.show_print_view(name, doc.value());
    message_ = format_text(str::PrintOpened, name);
}

// An .xlsx problem as the clerk should read it.
static std::string xlsx_error_text(const Error& e) {
    switch (e.code) {
    case ErrorCode::OldXls: return str::XlsxOldXls;
    case ErrorCode::Encrypted: return str::XlsxEncrypted;
    case ErrorCode::TooLarge: return str::XlsxTooLarge;
    case ErrorCode::Unavailable: return str::XlsxUnavailable;
    default: return str::XlsxDamaged;
    }
}

// The same rows and columns as export_csv, as a workbook: made by the platform
// (in the browser a module loaded on first use), so the file comes later.
void RegistryScreen::export_xlsx() {
    Sheet sheet = table_sheet(local_.ledger(), kind(), views_[table_].rows(), may_see_full_id(platform_.launch().config.role));
    const std::string title = format_text(str::ExportSheetTitle, kind_def(kind()).label);
    const std::string name = format_text(str::RegistryExportXlsxName, kind_def(kind()).label, format_date_iso(china_date(platform_.now_ms())));
    const size_t people = sheet.size() - 1;
    xlsx_busy_ = true;
    message_ = str::RegistryMakingXlsx;
    platform_.convert_to_xlsx(std::move(sheet), table_column_types(kind()), title, [this, name, people](Result<std::string> bytes) {
        xlsx_busy_ = false;
        if (!bytes) {
            message_ = format_text(str::RegistryXlsxFailed, xlsx_error_text(bytes.error()));
            return;
        }
        platform_.save_file(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.value());
        message_ = format_text(str::RegistryExported, std::to_string(people), name);
    });
}

// A chosen file, by its content: .xlsx through the platform, old .xls and
// password-protected workbooks refused with what to do, anything else as CSV.
void RegistryScreen::start_import(const std::string& name, std::string bytes) {
    const RecordId scope = selected_;
    const Kind k = kind();
    switch (sniff_sheet_file(bytes)) {
    case SheetFileKind::OldXls: message_ = str::XlsxOldXls; return;
    case SheetFileKind::Encrypted: message_ = str::XlsxEncrypted; return;
    case SheetFileKind::Text:
        if (!import_.start(name, bytes, scope, k)) message_ = import_.message();
        return;
    case SheetFileKind::Xlsx: break;
    }
    xlsx_busy_ = true;
    message_ = str::RegistryReadingXlsx;
    platform_.convert_from_xlsx(std::move(bytes), [this, name, scope, k](Result<Sheet> sheet) {
        xlsx_busy_ = false;
        message_.clear();
        if (!sheet) message_ = format_text(str::ImportUnreadable, name, xlsx_error_text(sheet.error()));
        else if (!import_.start_sheet(name, std::move(sheet.value()), scope, k)) message_ = import_.message();
    });
}

// [SECTION] Screen

void RegistryScreen::draw() {
    test_bridge::value("registry.students", std::to_string(local_.ledger().live_count(Kind::Student)));
    static constexpr const char* kSaveStates[] = {"idle", "saving", "saved", "failed"};
    test_bridge::value("registry.save_state", kSaveStates[static_cast<int>(local_.save_state())]);
    if (form_.is_open()) {
        form_.draw();
        return;
    }
    if (import_.is_open()) {
        import_.draw();
        if (!import_.is_open()) message_ = import_.message();
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
    if (ImGui::BeginTabBar("##tables")) {
        for (int t = 0; t < kTableCount; ++t) {
            const bool open = ImGui::BeginTabItem(kind_def(kTables[t].kind).label);
            test_bridge::item(kTables[t].test_id);
            if (open) table_ = t, ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (local_.kind_loaded(kind())) {
        draw_toolbar();
        draw_table();
    } else {
        load_progress(str::LoadingRest, local_.load_progress());
    }
    ImGui::EndGroup();
}

}  // namespace gy::ui
