// text.h — small UTF-8 helpers the core needs to check user input.
// Depends on: nothing.
#pragma once

#include <string_view>

namespace gy {

bool is_valid_utf8(std::string_view s);
bool has_control_chars(std::string_view s);  // C0 controls (tab and newline included) and DEL

}  // namespace gy
