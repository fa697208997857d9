// import.h — a sheet from Excel or CSV into the ledger: map columns, check every row, write only good ones.
//
// 1. guess_columns() maps each column to a field from its header (the field's
//    Chinese name, its key, or a header that contains the name, "学生姓名" →
//    姓名); the user corrects the mapping, and the township's last mapping per
//    header set can be kept and offered again (ColumnMap is plain data).
// 2. plan_import() checks every row as the ledger would (the same normalize and
//    check as the form), resolves references written as names ("3年级1班"
//    under the chosen campus or school), and finds rows whose ID number is
//    already registered: those are offered as merges (fill in and update the
//    existing record) instead of duplicates. Nothing is written.
// 3. import_edit() builds one Edit from the rows the user accepted: only valid
//    rows; the caller commits it through LocalState::commit like any edit.
// Depends on: ledger.h, csv.h (Sheet).
#pragma once

#include "csv.h"
#include "ledger.h"

#include <functional>
#include <string>
#include <vector>

namespace gy {

struct ColumnMap {
    Kind kind = Kind::Student;
    std::vector<int> field_of_column;  // -1: column ignored
};

ColumnMap guess_columns(Kind kind, const std::vector<std::string>& header);

struct RowProblem {
    size_t row = 0;      // 1-based row in the sheet as the user sees it (header is row 1)
    int column = -1;     // 0-based column, -1: the row as a whole
    FieldProblem problem;
};

struct PlannedRow {
    size_t row = 0;               // 1-based sheet row
    RecordId target;              // new ID, or the existing record it merges into
    bool merge = false;           // an existing record with this ID number
    std::vector<FieldEdit> edits;
    bool valid = true;
};

struct ImportPlan {
    ColumnMap map;
    std::vector<PlannedRow> rows;
    std::vector<RowProblem> problems;
    size_t valid_rows() const;
    size_t merges() const;
};

// scope: where names of referenced records are looked up (a campus, a school, a township).
// new_id: IDs for rows that become new records (LocalState::new_id in the app).
ImportPlan plan_import(const Ledger& ledger, const Sheet& sheet, const ColumnMap& map, RecordId scope, const Date& today,
                       const std::function<RecordId(Kind)>& new_id);

// The valid rows as one edit; with merge false, rows that match an existing record are left out.
Edit import_edit(const ImportPlan& plan, bool merge);

}  // namespace gy
