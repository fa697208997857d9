// csv.cpp — decoding (UTF-8 or GB18030), parsing and writing CSV.
#include "csv.h"

#include "text.h"

#include <iconv.h>

#include <algorithm>

namespace gy {

static Error bad(std::string detail) { return Error{ErrorCode::InvalidFormat, std::move(detail)}; }

Result<std::string> gb18030_with_iconv(std::string_view bytes) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return bad("this system cannot decode GB18030");
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    char* dst = out.data();
    size_t out_left = out.size();
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<size_t>(-1)) continue;
        const size_t offset = bytes.size() - in_left;
        iconv_close(cd);
        return bad("byte " + std::to_string(offset) + " is neither UTF-8 nor GB18030");
    }
    iconv_close(cd);
    out.resize(out.size() - out_left);
    // musl and glibc differ on some unmapped sequences: accept only real UTF-8.
    if (!is_valid_utf8(out)) return bad("GB18030 text decodes to invalid UTF-8");
    return out;
}

Result<DecodedText> decode_text(std::string_view bytes, const Gb18030Decoder& gb18030) {
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (bytes.starts_with(kBom)) {
        bytes.remove_prefix(kBom.size());
        if (!is_valid_utf8(bytes)) return bad("starts with a UTF-8 BOM but is not UTF-8");
        return DecodedText{std::string(bytes), TextEncoding::Utf8Bom};
    }
    if (is_valid_utf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::Utf8};
    Result<std::string> gb = gb18030(bytes);
    if (!gb) return gb.error();
    if (!is_valid_utf8(gb.value())) return bad("GB18030 text decodes to invalid UTF-8");
    return DecodedText{std::move(gb.value()), TextEncoding::Gb18030};
}

// The separator is whichever of , \t ; occurs most in the first line (outside quotes).
static char guess_separator(std::string_view text) {
    size_t counts[3] = {};
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        counts[0] += c == ',', counts[1] += c == '\t', counts[2] += c == ';';
    }
    const size_t best = std::max_element(counts, counts + 3) - counts;
    return counts[best] == 0 ? ',' : ",\t;"[best];
}

Result<Sheet> parse_csv(std::string_view text) {
    const char sep = guess_separator(text);
    Sheet sheet;
    std::vector<std::string> row;
    std::string cell;
    size_t cells = 0;
    size_t i = 0;
    bool row_has_content = false;
    auto end_cell = [&] {
        row.push_back(std::move(cell));
        cell.clear();
        ++cells;
    };
    auto end_row = [&] {
        end_cell();
        if (row_has_content || row.size() > 1) sheet.push_back(std::move(row));
        row.clear();
        row_has_content = false;
    };
    while (i < text.size()) {
        if (cells > kMaxCsvCells) return bad("more than " + std::to_string(kMaxCsvCells) + " cells");
        const char c = text[i];
        if (c == '"' && cell.empty()) {
            // A quoted field: up to the closing quote; "" is one quote.
            const size_t start_line = sheet.size() + 1;
            ++i;
            for (;;) {
                if (i >= text.size()) return bad("quote opened on line " + std::to_string(start_line) + " is never closed");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') { cell += '"'; i += 2; continue; }
                    ++i;
                    break;
                }
                cell += text[i++];
            }
            row_has_content = true;
            // Text after the closing quote (a"b"c) is kept as written, as Excel does.
            continue;
        }
        if (c == sep) { end_cell(); row_has_content = true; ++i; continue; }
        if (c == '\r' || c == '\n') {
            end_row();
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        cell += c;
        row_has_content = true;
        ++i;
    }
    if (row_has_content || !cell.empty() || !row.empty()) end_row();
    return sheet;
}

Result<Sheet> read_csv(std::string_view file_bytes, const Gb18030Decoder& gb18030) {
    Result<DecodedText> text = decode_text(file_bytes, gb18030);
    if (!text) return text.error();
    return parse_csv(text.value().utf8);
}

std::string write_csv(const Sheet& sheet) {
    std::string out = "\xEF\xBB\xBF";
    for (const auto& row : sheet) {
        for (size_t c = 0; c < row.size(); ++c) {
            if (c) out += ',';
            const std::string& v = row[c];
            // A leading = + - @ would make Excel run it as a formula: quote and prefix it.
            const bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@');
            // Quote anything a reader could take for structure, tabs and semicolons included:
            // readers guess the separator (found by the fuzzer).
            if (v.find_first_of(",;\t\"\r\n") == std::string::npos && !formula) { out += v; continue; }
            out += '"';
            if (formula) out += '\'';
            for (char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            out += '"';
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace gy
