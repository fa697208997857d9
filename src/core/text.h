// text.h — small UTF-8 helpers the core needs to check user input.
// Depends on: nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gy {

bool is_valid_utf8(std::string_view s);
bool has_control_chars(std::string_view s);  // C0 controls (tab and newline included) and DEL
size_t count_code_points(std::string_view utf8);
// Without leading and trailing spaces, tabs, line breaks and ideographic spaces (U+3000).
std::string_view trim_spaces(std::string_view s);
// Is word one of the space-separated words of list? ("left_behind low_income", "low_income")
bool has_word(std::string_view list, std::string_view word);
// The space-separated words of list, without empty ones (views into list).
std::vector<std::string_view> split_words(std::string_view list);

// Values inside tab-separated lines (stored snapshots, sync files): tabs, line
// breaks and backslashes escaped as \t \n \r \\.
void append_tsv_escaped(std::string& out, std::string_view value);
bool tsv_unescape(std::string_view escaped, std::string& out);  // false: a stray backslash
// Splits one line at tabs into cells (views into line).
void split_tabs(std::string_view line, std::vector<std::string_view>& cells);
// Bytes as lowercase hex and back (keys in JSON); false unless hex is exactly 2 × out.size() hex digits.
std::string hex_encode(std::span<const uint8_t> bytes);
// A device ID as files and screens name it: six hex digits, "3fa2c1".
std::string device_hex(uint32_t device);
bool hex_decode(std::string_view hex, std::span<uint8_t> out);
// Standard base64 with padding (RFC 4648): pictures inside printed documents (data: URLs).
std::string base64_encode(std::string_view bytes);

}  // namespace gy
