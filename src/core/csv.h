// csv.h — CSV files as Chinese offices exchange them: read any, write what Excel opens.
//
// Reading takes the file's bytes as they came: UTF-8 with or without a BOM,
// or GB18030/GBK (what WPS and older Excel write when "CSV" is chosen),
// decoded by the platform (the browser's TextDecoder, iconv natively); comma, tab or
// semicolon separated; quoted fields with doubled quotes and line breaks; CRLF,
// LF or CR line ends. Bad input gives a precise error, never a crash (the
// reader has a libFuzzer target, tests/fuzz/). Writing gives UTF-8 with a BOM
// and CRLF, which Excel and WPS open with the Chinese intact.
// Depends on: result.h, iconv (libc; natively only: the browser build never calls it).
#pragma once

#include "result.h"

#include <functional>
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

// Turns GB18030 bytes into UTF-8, or says where they are not GB18030. The
// platform supplies it (Platform::decode_gb18030): the browser's own
// TextDecoder in the browser, so no code table is downloaded; iconv natively.
using Gb18030Decoder = std::function<Result<std::string>(std::string_view bytes)>;
Result<std::string> gb18030_with_iconv(std::string_view bytes);

// UTF-8 (BOM removed) when the bytes are valid UTF-8, else GB18030.
Result<DecodedText> decode_text(std::string_view bytes, const Gb18030Decoder& gb18030 = gb18030_with_iconv);

inline constexpr size_t kMaxCsvCells = 20'000'000;  // a county's worth, and a bound for hostile files

Result<Sheet> parse_csv(std::string_view utf8);
Result<Sheet> read_csv(std::string_view file_bytes, const Gb18030Decoder& gb18030 = gb18030_with_iconv);  // decode_text, then parse_csv

std::string write_csv(const Sheet& sheet);  // UTF-8 with BOM, CRLF, quoted where needed

}  // namespace gy
