// csv.h — CSV files as Chinese offices exchange them: read any, write what Excel opens.
//
// Reading takes the file's bytes as they came: UTF-8 with or without a BOM,
// or GB18030/GBK (what WPS and older Excel write when "CSV" is chosen),
// decoded with iconv (glibc natively, musl in the browser); comma, tab or
// semicolon separated; quoted fields with doubled quotes and line breaks; CRLF,
// LF or CR line ends. Bad input gives a precise error, never a crash (the
// reader has a libFuzzer target, tests/fuzz/). Writing gives UTF-8 with a BOM
// and CRLF, which Excel and WPS open with the Chinese intact.
// Depends on: result.h, iconv (libc).
#pragma once

#include "result.h"

#include <string>
#include <string_view>
#include <vector>

namespace gy {

using Sheet = std::vector<std::vector<std::string>>;  // rows of cells, as text

enum class TextEncoding { Utf8, Utf8Bom, Gb18030 };

struct DecodedText {
    std::string utf8;
    TextEncoding encoding = TextEncoding::Utf8;
};

// UTF-8 (BOM removed) when the bytes are valid UTF-8, else GB18030; an error
// names the offset of the first byte that is neither.
Result<DecodedText> decode_text(std::string_view bytes);

inline constexpr size_t kMaxCsvCells = 20'000'000;  // a county's worth, and a bound for hostile files

Result<Sheet> parse_csv(std::string_view utf8);
Result<Sheet> read_csv(std::string_view file_bytes);  // decode_text, then parse_csv

std::string write_csv(const Sheet& sheet);  // UTF-8 with BOM, CRLF, quoted where needed

}  // namespace gy
