// xlsx.cpp — write with libxlsxwriter, read with minizip (unzip from memory) + pugixml.
//
// Not part of gongyu_core (see xlsx.h): built as gongyu_xlsx, natively
// against Debian's -dev packages, in the browser as the lazily loaded module.
#include "xlsx.h"

#include "dates.h"

#include <pugixml.hpp>
#include <unzip.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unistd.h>

namespace gy {

namespace {

Error format_error(std::string detail) { return Error{ErrorCode::InvalidFormat, std::move(detail)}; }

// The whole text as a finite number (std::from_chars for double is missing from Emscripten 3.1.6's libc++).
bool parse_double(std::string_view s, double& out) {
    if (s.empty() || s.size() > 64 || std::isspace(static_cast<unsigned char>(s[0]))) return false;
    char buf[65];
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    char* end = nullptr;
    out = std::strtod(buf, &end);  // the "C" locale: Gongyu never calls setlocale
    return end == buf + s.size() && std::isfinite(out);
}

// [SECTION] Writing

// Display width in Excel's character units: East Asian wide characters count two.
double display_width(std::string_view s) {
    double width = 0;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        width += len >= 3 ? 2 : 1;  // U+0800 and up: CJK, fullwidth punctuation, supplementary ideographs
        i += len;
    }
    return width;
}

// Excel refuses sheet names over 31 characters or with []:*?/\ in them.
std::string sheet_name(std::string_view title) {
    std::string out;
    size_t chars = 0;
    for (size_t i = 0; i < title.size() && chars < 31;) {
        const unsigned char c = static_cast<unsigned char>(title[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (std::strchr("[]:*?/\\", c) && len == 1) out += '_';
        else out.append(title.substr(i, len));
        i += len;
        ++chars;
    }
    if (out.empty() || out.front() == '\'' || out.back() == '\'') out = out.empty() ? "Sheet1" : "_" + out + "_";
    return out;
}

bool parse_number(const std::string& s, double& out) {
    if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789.-") != std::string::npos) return false;
    if (s.size() > 1 && s[0] == '0' && s[1] != '.') return false;  // "0731": a code, keep its leading zero
    return parse_double(s, out);
}

// A temporary file for libxlsxwriter (it writes a zip to a path): /tmp natively,
// Emscripten's in-memory file system in the browser module.
struct TempPath {
    std::string path;
    TempPath() {
        const char* dir = std::getenv("TMPDIR");
        std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/gongyu-xlsx-XXXXXX";
        int fd = mkstemp(pattern.data());
        if (fd >= 0) {
            ::close(fd);
            path = pattern;
        }
    }
    ~TempPath() {
        if (!path.empty()) std::remove(path.c_str());
    }
};

}  // namespace

Result<std::string> write_xlsx(const Sheet& sheet, const std::vector<CellType>& column_types, std::string_view sheet_title) {
    TempPath file;
    if (file.path.empty()) return Error{ErrorCode::StorageFailure, "no temporary file for the workbook"};
    lxw_workbook_options options{};
    lxw_workbook* workbook = workbook_new_opt(file.path.c_str(), &options);
    if (!workbook) return Error{ErrorCode::StorageFailure, "libxlsxwriter could not start a workbook"};
    const std::string name = sheet_name(sheet_title);
    lxw_worksheet* ws = workbook_add_worksheet(workbook, name.c_str());

    lxw_format* header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_bg_color(header, 0xE8EEF4);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* text = workbook_add_format(workbook);
    format_set_num_format(text, "@");  // a typed-in ID number stays text too
    lxw_format* date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");

    size_t columns = 0;
    for (const auto& row : sheet) columns = std::max(columns, row.size());
    columns = std::min<size_t>(columns, LXW_COL_MAX);
    auto type_of = [&](size_t c) { return c < column_types.size() ? column_types[c] : CellType::Text; };
    std::vector<double> widths(columns, 0);

    const size_t rows = std::min<size_t>(sheet.size(), LXW_ROW_MAX);
    lxw_error err = LXW_NO_ERROR;
    for (size_t r = 0; r < rows && err == LXW_NO_ERROR; ++r) {
        const auto& cells = sheet[r];
        for (size_t c = 0; c < std::min(cells.size(), columns) && err == LXW_NO_ERROR; ++c) {
            const std::string& v = cells[c];
            widths[c] = std::max(widths[c], display_width(v));
            const auto row = static_cast<lxw_row_t>(r);
            const auto col = static_cast<lxw_col_t>(c);
            if (r == 0) {
                err = worksheet_write_string(ws, row, col, v.c_str(), header);
                continue;
            }
            if (v.empty()) continue;
            const CellType type = type_of(c);
            double number = 0;
            if (type == CellType::Date && v.size() == 10 && v[4] == '-' && v[7] == '-') {
                if (Result<Date> d = parse_date(v)) {
                    lxw_datetime dt{d.value().year, d.value().month, d.value().day, 0, 0, 0};
                    err = worksheet_write_datetime(ws, row, col, &dt, date);
                    continue;
                }
            }
            if (type == CellType::Number && parse_number(v, number)) {
                err = worksheet_write_number(ws, row, col, number, nullptr);
                continue;
            }
            err = worksheet_write_string(ws, row, col, v.c_str(), type == CellType::Text ? text : nullptr);
        }
    }
    for (size_t c = 0; c < columns; ++c) {
        // Dates show as 10 characters; a little padding, and a cap so one long note does not hide the rest.
        const double w = std::clamp((type_of(c) == CellType::Date ? std::max(widths[c], 10.0) : widths[c]) + 2, 6.0, 60.0);
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w,
                             type_of(c) == CellType::Text ? text : nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    const lxw_error closed = workbook_close(workbook);  // writes the file and frees the workbook
    if (err != LXW_NO_ERROR) return Error{ErrorCode::InvalidValue, std::string("cell not written: ") + lxw_strerror(err)};
    if (closed != LXW_NO_ERROR) return Error{ErrorCode::StorageFailure, std::string("workbook not written: ") + lxw_strerror(closed)};

    FILE* in = std::fopen(file.path.c_str(), "rb");
    if (!in) return Error{ErrorCode::StorageFailure, "workbook file vanished"};
    std::string bytes;
    char buffer[1 << 16];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, in)) > 0;) bytes.append(buffer, n);
    std::fclose(in);
    return bytes;
}

// [SECTION] Reading

namespace {

// minizip reads the zip through these, straight from the bytes in memory.
struct MemoryZip {
    std::string_view bytes;
    uint64_t at = 0;
};

voidpf zip_open(voidpf opaque, const void*, int) { return opaque; }
uLong zip_read(voidpf, voidpf stream, void* buf, uLong size) {
    auto* z = static_cast<MemoryZip*>(stream);
    const uint64_t n = std::min<uint64_t>(size, z->bytes.size() - std::min<uint64_t>(z->at, z->bytes.size()));
    if (n) std::memcpy(buf, z->bytes.data() + z->at, n);
    z->at += n;
    return static_cast<uLong>(n);
}
uLong zip_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T zip_tell(voidpf, voidpf stream) { return static_cast<MemoryZip*>(stream)->at; }
long zip_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* z = static_cast<MemoryZip*>(stream);
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? z->at : z->bytes.size();
    if (offset > z->bytes.size() || base + offset > z->bytes.size()) return -1;
    z->at = base + offset;
    return 0;
}
int zip_close(voidpf, voidpf) { return 0; }
int zip_error(voidpf, voidpf) { return 0; }

class ZipReader {
public:
    explicit ZipReader(std::string_view bytes) : zip_{bytes, 0} {
        zlib_filefunc64_def io{};
        io.zopen64_file = zip_open;
        io.zread_file = zip_read;
        io.zwrite_file = zip_write;
        io.ztell64_file = zip_tell;
        io.zseek64_file = zip_seek;
        io.zclose_file = zip_close;
        io.zerror_file = zip_error;
        io.opaque = &zip_;
        file_ = unzOpen2_64("memory.xlsx", &io);
    }
    ~ZipReader() {
        if (file_) unzClose(file_);
    }
    bool ok() const { return file_ != nullptr; }

    bool has(const char* name) { return file_ && unzLocateFile(file_, name, 0) == UNZ_OK; }

    // One part, inflated, counted against the budget for the whole file. A
    // missing part is NotFound; its declared size is not trusted, the bytes are counted.
    Result<std::string> read(const std::string& name) {
        if (!has(name.c_str())) return Error{ErrorCode::NotFound, name + " missing"};
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(file_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
            return format_error(name + ": damaged zip entry");
        if (info.flag & 1) return Error{ErrorCode::Encrypted, name + " is encrypted"};
        if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
            return format_error(name + ": unsupported compression method " + std::to_string(info.compression_method));
        if (unzOpenCurrentFile(file_) != UNZ_OK) return format_error(name + ": cannot open zip entry");
        std::string out;
        char buffer[1 << 16];
        int n = 0;
        while ((n = unzReadCurrentFile(file_, buffer, sizeof buffer)) > 0) {
            budget_used_ += static_cast<size_t>(n);
            if (budget_used_ > kMaxXlsxUncompressedBytes) {
                unzCloseCurrentFile(file_);
                return Error{ErrorCode::TooLarge, "more than " + std::to_string(kMaxXlsxUncompressedBytes >> 20) + " MB uncompressed"};
            }
            out.append(buffer, static_cast<size_t>(n));
        }
        const int closed = unzCloseCurrentFile(file_);  // checks the CRC
        if (n < 0 || closed == UNZ_CRCERROR) return format_error(name + ": damaged (inflate or CRC error " + std::to_string(n) + ")");
        return out;
    }

private:
    MemoryZip zip_;
    unzFile file_ = nullptr;
    size_t budget_used_ = 0;
};

Result<pugi::xml_document*> parse_xml(pugi::xml_document& doc, const std::string& text, const std::string& name) {
    const pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!r) return format_error(name + ": XML error at offset " + std::to_string(r.offset) + ": " + r.description());
    return &doc;
}

// Local names: files from other writers may use prefixes (x:row) for the main namespace.
const char* local(const pugi::xml_node& n) {
    const char* name = n.name();
    const char* colon = std::strrchr(name, ':');
    return colon ? colon + 1 : name;
}
bool is(const pugi::xml_node& n, const char* name) { return std::strcmp(local(n), name) == 0; }
pugi::xml_node child(const pugi::xml_node& n, const char* name) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
        if (is(c, name)) return c;
    return {};
}
pugi::xml_attribute attribute(const pugi::xml_node& n, const char* name) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        const char* colon = std::strrchr(a.name(), ':');
        if (std::strcmp(colon ? colon + 1 : a.name(), name) == 0) return a;
    }
    return {};
}

// The text of a shared or inline string: <t>, or the runs <r><t> of rich text; phonetic guides (<rPh>) left out.
std::string string_item(const pugi::xml_node& si) {
    std::string out;
    for (pugi::xml_node c = si.first_child(); c; c = c.next_sibling()) {
        if (is(c, "t")) out += c.text().get();
        else if (is(c, "r"))
            if (pugi::xml_node t = child(c, "t")) out += t.text().get();
    }
    return out;
}

// Whether a number format shows a date: Excel's built-in date formats
// (including the Chinese ones, 27–36 and 50–58), or a custom code with
// y/m/d/h/s outside quoted text, escapes and [colour] sections.
bool is_date_format(int id, std::string_view code) {
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
    if (id < 164) return false;
    bool quoted = false;
    int bracket = 0;
    for (size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (quoted) { quoted = c != '"'; continue; }
        if (c == '"') quoted = true;
        else if (c == '\\' || c == '_' || c == '*') ++i;
        else if (c == '[') ++bracket;
        else if (c == ']') bracket = std::max(0, bracket - 1);
        else if (c == ';') return false;  // only the first section decides
        else if (!bracket && std::strchr("yYmMdDhHsS", c)) return true;
    }
    return false;
}

// A number as people write it: integers without ".0", otherwise up to 15 significant digits.
std::string number_text(std::string_view raw) {
    double v = 0;
    if (!parse_double(raw, v)) return std::string(raw);
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// An Excel serial date as "2026-11-23" (with " 08:30" or " 08:30:15" when it has a time).
std::string serial_date_text(std::string_view raw, bool date1904) {
    double v = 0;
    if (!parse_double(raw, v) || !(v >= 0 && v < 2958466)) return std::string(raw);
    long days = static_cast<long>(std::floor(v));
    long seconds = std::lround((v - static_cast<double>(days)) * 86400.0);
    if (seconds >= 86400) ++days, seconds -= 86400;
    // Serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was (serial 60).
    const int epoch = date1904 ? days_from_date({1904, 1, 1}) : days_from_date({1899, 12, days < 60 ? 31 : 30});
    std::string out = format_date_iso(date_from_days(epoch + static_cast<int>(days)));
    if (seconds) {
        char buf[32];
        if (seconds % 60) std::snprintf(buf, sizeof buf, " %02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
        else std::snprintf(buf, sizeof buf, " %02ld:%02ld", seconds / 3600, seconds / 60 % 60);
        out += buf;
    }
    return out;
}

// "AB12" → column 27 (0-based); -1 when the reference has no letters or is out of Excel's range.
long column_of(const char* ref) {
    long col = 0;
    int letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ++ref, ++letters) col = col * 26 + (*ref - 'A' + 1);
    if (letters == 0 || letters > 3 || col > LXW_COL_MAX) return -1;
    return col - 1;
}

// A part name from a relationship target: relative to xl/, or absolute from the package root.
std::string part_path(std::string_view target) {
    if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
    std::string path = "xl/" + std::string(target);
    for (size_t at; (at = path.find("/../")) != std::string::npos;) {  // "xl/../x" → "x"
        const size_t start = path.rfind('/', at - 1);
        path.erase(start == std::string::npos ? 0 : start + 1, at + 4 - (start == std::string::npos ? 0 : start + 1));
    }
    return path;
}

}  // namespace

Result<Sheet> read_xlsx(std::string_view bytes) {
    switch (sniff_sheet_file(bytes)) {
    case SheetFileKind::Encrypted: return Error{ErrorCode::Encrypted, "password-protected workbook"};
    case SheetFileKind::OldXls: return Error{ErrorCode::OldXls, "an Excel 97-2003 .xls file (OLE compound document), not .xlsx"};
    case SheetFileKind::Text: return format_error("not a zip file, so not an .xlsx workbook");
    case SheetFileKind::Xlsx: break;
    }
    ZipReader zip(bytes);
    if (!zip.ok()) return format_error("damaged or truncated zip file");
    if (!zip.has("xl/workbook.xml")) return format_error("a zip file, but not an .xlsx workbook (no xl/workbook.xml)");

    // The first sheet: workbook.xml names it, its relationship says which part holds it.
    Result<std::string> wb_text = zip.read("xl/workbook.xml");
    if (!wb_text) return wb_text.error();
    pugi::xml_document wb;
    if (auto r = parse_xml(wb, wb_text.value(), "xl/workbook.xml"); !r) return r.error();
    const pugi::xml_node wb_root = wb.document_element();
    const pugi::xml_node pr = child(wb_root, "workbookPr");
    const bool date1904 = pr && (std::strcmp(attribute(pr, "date1904").value(), "1") == 0 ||
                                 std::strcmp(attribute(pr, "date1904").value(), "true") == 0);
    const pugi::xml_node first_sheet = child(child(wb_root, "sheets"), "sheet");
    const std::string rel_id = attribute(first_sheet, "id").value();
    if (!first_sheet || rel_id.empty()) return format_error("xl/workbook.xml lists no sheet");
    std::string sheet_part;
    if (Result<std::string> rels_text = zip.read("xl/_rels/workbook.xml.rels")) {
        pugi::xml_document rels;
        if (auto r = parse_xml(rels, rels_text.value(), "xl/_rels/workbook.xml.rels"); !r) return r.error();
        for (pugi::xml_node rel = rels.document_element().first_child(); rel; rel = rel.next_sibling())
            if (rel_id == attribute(rel, "Id").value()) sheet_part = part_path(attribute(rel, "Target").value());
    } else if (rels_text.error().code != ErrorCode::NotFound) return rels_text.error();
    if (sheet_part.empty()) return format_error("the first sheet's part (" + rel_id + ") is not in xl/_rels/workbook.xml.rels");

    std::vector<std::string> shared;
    if (Result<std::string> text = zip.read("xl/sharedStrings.xml")) {
        pugi::xml_document doc;
        if (auto r = parse_xml(doc, text.value(), "xl/sharedStrings.xml"); !r) return r.error();
        for (pugi::xml_node si = doc.document_element().first_child(); si; si = si.next_sibling())
            if (is(si, "si")) shared.push_back(string_item(si));
    } else if (text.error().code != ErrorCode::NotFound) return text.error();

    std::vector<bool> date_style;  // per cell style index (the s attribute)
    if (Result<std::string> text = zip.read("xl/styles.xml")) {
        pugi::xml_document doc;
        if (auto r = parse_xml(doc, text.value(), "xl/styles.xml"); !r) return r.error();
        std::map<int, std::string> codes;
        for (pugi::xml_node f = child(child(doc.document_element(), "numFmts"), "numFmt"); f; f = f.next_sibling())
            codes[attribute(f, "numFmtId").as_int(-1)] = attribute(f, "formatCode").value();
        for (pugi::xml_node xf = child(child(doc.document_element(), "cellXfs"), "xf"); xf; xf = xf.next_sibling()) {
            const int id = attribute(xf, "numFmtId").as_int(0);
            const auto code = codes.find(id);
            date_style.push_back(is_date_format(id, code == codes.end() ? std::string_view() : std::string_view(code->second)));
        }
    } else if (text.error().code != ErrorCode::NotFound) return text.error();

    Result<std::string> sheet_text = zip.read(sheet_part);
    if (!sheet_text) {
        if (sheet_text.error().code == ErrorCode::NotFound) return format_error("the first sheet's part " + sheet_part + " is missing");
        return sheet_text.error();
    }
    pugi::xml_document doc;
    if (auto r = parse_xml(doc, sheet_text.value(), sheet_part); !r) return r.error();
    sheet_text.value() = std::string();  // the DOM holds its own copy; free the text before filling the sheet

    // Cells are placed by their references, so gaps (skipped rows and cells) become "".
    Sheet sheet;
    size_t width = 0, filled_cells = 0;
    long next_row = 0;
    const pugi::xml_node data = child(doc.document_element(), "sheetData");
    for (pugi::xml_node row = data.first_child(); row; row = row.next_sibling()) {
        if (!is(row, "row")) continue;
        const long r = attribute(row, "r") ? attribute(row, "r").as_llong(0) - 1 : next_row;
        if (r < next_row || r >= static_cast<long>(LXW_ROW_MAX)) return format_error("row number " + std::to_string(r + 1) + " out of order or range in " + sheet_part);
        next_row = r + 1;
        std::vector<std::string> cells;
        long next_col = 0;
        for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
            if (!is(c, "c")) continue;
            const pugi::xml_attribute ref = attribute(c, "r");
            const long col = ref ? column_of(ref.value()) : next_col;
            if (col < next_col) return format_error("cell reference " + std::string(ref.value()) + " out of order or range in " + sheet_part);
            next_col = col + 1;
            const std::string_view type = attribute(c, "t").value();
            const char* v = child(c, "v").text().get();
            std::string text;
            if (type == "s") {
                const long index = child(c, "v").text().as_llong(-1);
                if (index < 0 || static_cast<size_t>(index) >= shared.size())
                    return format_error("shared string " + std::string(v) + " does not exist (cell " + ref.value() + ")");
                text = shared[static_cast<size_t>(index)];
            } else if (type == "inlineStr") text = string_item(child(c, "is"));
            else if (type == "b") text = std::strcmp(v, "1") == 0 ? "TRUE" : std::strcmp(v, "0") == 0 ? "FALSE" : v;
            else if (type == "str" || type == "e" || type == "d") text = v;  // formula text, #N/A, ISO date
            else if (*v) {
                const long style = attribute(c, "s").as_llong(0);
                const bool as_date = style >= 0 && static_cast<size_t>(style) < date_style.size() && date_style[static_cast<size_t>(style)];
                text = as_date ? serial_date_text(v, date1904) : number_text(v);
            }
            if (text.empty()) continue;
            if (static_cast<size_t>(col) + 1 > width) width = static_cast<size_t>(col) + 1;
            if (++filled_cells > kMaxXlsxCells) return Error{ErrorCode::TooLarge, "more than " + std::to_string(kMaxXlsxCells) + " cells"};
            cells.resize(static_cast<size_t>(col) + 1);
            cells[static_cast<size_t>(col)] = std::move(text);
        }
        if (cells.empty()) continue;  // empty rows at the end are dropped; inner ones come back as gaps
        if (static_cast<size_t>(r + 1) * width > kMaxXlsxCells)
            return Error{ErrorCode::TooLarge, "more than " + std::to_string(kMaxXlsxCells) + " cells once gaps are filled"};
        sheet.resize(static_cast<size_t>(r));
        sheet.push_back(std::move(cells));
    }
    for (auto& row : sheet) row.resize(width);
    return sheet;
}

}  // namespace gy
