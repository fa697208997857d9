// json_fields.h — reading fields of JSON we did not necessarily write (internal to the core).
//
// nlohmann's value() throws on a field of the wrong type, and the core is
// built without exceptions: a damaged file would abort the app. These return
// the fallback instead; found by the ledger fuzzer ({"format":1}).
// Depends on: nlohmann/json.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace gy {

inline std::string string_or(const nlohmann::json& j, const char* key, std::string fallback = "") {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline int64_t int_or(const nlohmann::json& j, const char* key, int64_t fallback = 0) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

}  // namespace gy
