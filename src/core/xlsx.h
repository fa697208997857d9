// xlsx.h — Excel workbooks (.xlsx) in and out, as the Sheet rows of text the CSV path uses.
//
// write_xlsx() makes a real workbook: one sheet, the header row bold and
// frozen, column widths from the content (a CJK character counts as two),
// canonical dates ("2026-11-23") as Excel dates shown yyyy-mm-dd, numbers as
// numbers, and everything else — ID numbers and phones above all — as text,
// so Excel never shows 4.30422E+17. read_xlsx() reads the first worksheet of
// any workbook (shared and inline strings, numbers, dates by their cell
// format, booleans, sparse cells filled with ""), bounded against zip bombs,
// with a precise error for a file that is not an .xlsx (an old binary .xls, a
// password-protected workbook, another zip, a damaged file).
//
// The two functions live in their own library (gongyu_xlsx: xlsx.cpp), NOT in
// gongyu_core: they link libxlsxwriter, zlib/minizip and pugixml, which the
// browser loads as a second module only when a user first needs them. The
// inline helpers below are plain and may be used anywhere.
// Depends on: csv.h (Sheet), result.h; xlsx.cpp: libxlsxwriter, zlib + minizip (unzip), pugixml.
#pragma once

#include "csv.h"
#include "result.h"

#include <string>
#include <string_view>
#include <vector>

namespace gy {

// How a column's cells are written into a workbook.
enum class CellType : uint8_t {
    Text,    // always a string cell, column formatted as text ("@")
    Date,    // "2026-11-23" becomes an Excel date; anything else stays text
    Number,  // a decimal number becomes a number cell; anything else stays text
};

// Bounds for reading (hostile files): what a county's largest sheet needs, several times over.
inline constexpr size_t kMaxXlsxUncompressedBytes = 256u << 20;  // all parts read, after inflating
inline constexpr size_t kMaxXlsxCells = kMaxCsvCells;            // rows × widest row, after filling gaps

// column_types[i] for column i; columns beyond the vector are Text. The first row is the header.
Result<std::string> write_xlsx(const Sheet& sheet, const std::vector<CellType>& column_types, std::string_view sheet_title);

// The first worksheet as rows of text; every row as wide as the widest.
Result<Sheet> read_xlsx(std::string_view file_bytes);

// What a file chosen for import is, from its first bytes (not its name).
enum class SheetFileKind { Text, Xlsx, OldXls, Encrypted };
inline SheetFileKind sniff_sheet_file(std::string_view bytes) {
    if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return SheetFileKind::Xlsx;
    // An OLE compound file is an Excel 97–2003 .xls or, holding an "EncryptedPackage"
    // stream (its name in UTF-16), a password-protected .xlsx.
    if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
        static constexpr char kEncrypted[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
        const bool encrypted = bytes.find(std::string_view(kEncrypted, sizeof kEncrypted - 1)) != std::string_view::npos;
        return encrypted ? SheetFileKind::Encrypted : SheetFileKind::OldXls;
    }
    return SheetFileKind::Text;
}

}  // namespace gy
