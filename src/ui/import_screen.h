// import_screen.h — 导入: a CSV of students (or teachers, helpers) into the registry, checked before anything is written.
//
// The user picks a file; its columns are matched to fields (and can be
// corrected), every row is checked as the form would check it, problems are
// listed by row and column with the reason in Chinese, rows whose ID number is
// already registered are offered as updates; only then, on the user's word,
// the valid rows are written as one commit (one undo). An accepted mapping is
// remembered (core/column_memory.h) and offered for the next file with the
// same headers. Uses core/import.h.
// Depends on: Dear ImGui, core (local_state, import, csv), platform.h.
#pragma once

#include "core/import.h"
#include "core/local_state.h"
#include "platform/platform.h"

#include <string>

namespace gy::ui {

class ImportScreen {
public:
    ImportScreen(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}

    // Reads a CSV file; false (with message()) when it cannot be read at all.
    bool start(const std::string& file_name, const std::string& bytes, RecordId scope, Kind kind);
    // A sheet already read (an .xlsx, by the platform); false (with message()) when it is empty.
    bool start_sheet(const std::string& file_name, Sheet sheet, RecordId scope, Kind kind, bool from_gb18030 = false);
    bool is_open() const { return open_; }
    void draw();
    const std::string& message() const { return message_; }  // the outcome, shown by the registry

private:
    void replan();
    void draw_mapping();
    void draw_problems();

    LocalState& local_;
    Platform& platform_;
    bool open_ = false;
    std::string file_name_;
    bool from_gb18030_ = false;
    bool remembered_ = false;  // the mapping came from the last accepted import with these headers
    Sheet sheet_;
    ColumnMap map_;
    ImportPlan plan_;
    RecordId scope_;
    bool merge_ = true;
    std::string message_;
};

}  // namespace gy::ui
