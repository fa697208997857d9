// export.h — ledger tables as files people exchange (CSV; xlsx next), with values as people read them.
//
// A value is written the way the screen shows it: choices by their Chinese
// label, references by the name of what they point to, ID numbers masked
// unless the role may see them whole. The header row holds the fields'
// Chinese names, so the same file imports back through the column mapping.
// Depends on: ledger.h, csv.h, xlsx.h (CellType only: the writer itself is gongyu_xlsx).
#pragma once

#include "csv.h"
#include "ledger.h"
#include "xlsx.h"

#include <span>
#include <string>

namespace gy {

std::string readable_value(const Ledger& ledger, const FieldDef& field, const std::string& value, bool full_id);

// The rows of one kind (indexes into ledger.records(kind)), a header row first.
Sheet table_sheet(const Ledger& ledger, Kind kind, std::span<const uint32_t> rows, bool full_id);
// How table_sheet's columns go into a workbook: dates as dates, whole numbers as
// numbers, everything else (ID numbers and phones above all) as text.
std::vector<CellType> table_column_types(Kind kind);

}  // namespace gy
