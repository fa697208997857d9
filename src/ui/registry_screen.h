// registry_screen.h — 登记: the org tree, the student table, and the record form.
//
// Left, the tree (township → joint school → campus → class) narrows the
// tables of students, teachers, helpers and guardians;
// the table is virtualized (ImGuiListClipper over a core TableView), sorted
// by pinyin or any column, searched by pinyin initials, full pinyin, characters
// or ID digits, filtered by category. The form edits any kind of record from
// its schema (record_form.h); the last edit can be undone. 打印台账 prints the
// selected place's ledger (core/print.h) through the platform's print view.
// Depends on: Dear ImGui, core (local_state, query), platform.h.
#pragma once

#include "core/local_state.h"
#include "core/query.h"
#include "import_screen.h"
#include "record_form.h"
#include "platform/platform.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace gy::ui {

class RegistryScreen {
public:
    static constexpr int kTableCount = 4;  // students, teachers, helpers, guardians
    RegistryScreen(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}
    void draw();

private:
    void draw_tree();
    void draw_tree_children(Kind kind, RecordId parent);
    void draw_toolbar();
    void draw_category_filter();
    Kind kind() const;  // of the table shown
    void draw_table();
    void export_csv();
    void print_ledger();
    void export_xlsx();
    void start_import(const std::string& name, std::string bytes);
    const std::vector<uint32_t>& children(Kind kind, RecordId parent);

    LocalState& local_;
    Platform& platform_;
    TableView views_[kTableCount] = {TableView(Kind::Student), TableView(Kind::Teacher), TableView(Kind::Helper), TableView(Kind::Guardian)};
    bool view_shown_[kTableCount] = {};  // drawn in an earlier frame: its search index may be built now
    double search_prepare_ms_ = 0;       // the latest search index built, for benchmarks
    TableQuery queries_[kTableCount], shown_query_;
    int table_ = 0;  // which of the tables is shown
    uint64_t shown_revision_ = ~0ull;
    double query_ms_ = 0;  // the last table update that did work
    double first_build_ms_ = -1;
    std::string search_;
    RecordId selected_;  // tree selection: the table's scope
    RecordForm form_{local_, platform_};
    ImportScreen import_{local_, platform_};
    std::string message_;
    bool xlsx_busy_ = false;  // the platform is making or reading a workbook; message_ says which
    uint64_t children_revision_ = ~0ull;
    std::unordered_map<uint64_t, std::vector<uint32_t>> children_[kKindCount];  // parent bits → rows
};

}  // namespace gy::ui
