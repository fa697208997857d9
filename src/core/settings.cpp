#include "settings.h"

#include "json_fields.h"

#include "text.h"

#include <nlohmann/json.hpp>

namespace gy {

static constexpr const char* kFormat = "gongyu.settings";

std::string settings_to_json(const Settings& s) {
    nlohmann::json j = {
        {"format", kFormat},
        {"version", Settings::kVersion},
        {"device_name", s.device_name},
        {"operator_name", s.operator_name},
        {"text_scale", s.text_scale},
    };
    return j.dump();
}

static bool read_string(const nlohmann::json& j, const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;  // optional: keep the default
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

Result<Settings> settings_from_json(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{ErrorCode::InvalidJson, "settings are not valid JSON"};
    if (!j.is_object() || string_or(j, "format") != kFormat || !j.contains("version") ||
        !j["version"].is_number_integer())
        return Error{ErrorCode::InvalidFormat, "settings lack format/version"};
    if (j["version"].get<int>() > Settings::kVersion)
        return Error{ErrorCode::UnsupportedVersion, "settings version " + j["version"].dump()};
    Settings s;
    if (!read_string(j, "device_name", s.device_name) || !read_string(j, "operator_name", s.operator_name))
        return Error{ErrorCode::InvalidFormat, "settings name fields must be strings"};
    if (j.contains("text_scale")) {
        if (!j["text_scale"].is_number_integer())
            return Error{ErrorCode::InvalidFormat, "text_scale must be an integer"};
        s.text_scale = j["text_scale"].get<int>();
    }
    return validate_settings(s);
}

static Result<Settings> invalid(const char* field, const std::string& why) {
    return Error{ErrorCode::InvalidValue, std::string(field) + ": " + why};
}

static Result<Settings> check_name(const char* field, const std::string& name, const Settings& s) {
    if (name.size() > Settings::kMaxNameBytes) return invalid(field, "too long");
    if (!is_valid_utf8(name)) return invalid(field, "not UTF-8");
    if (has_control_chars(name)) return invalid(field, "control characters");
    return s;
}

Result<Settings> validate_settings(const Settings& s) {
    if (auto r = check_name("device_name", s.device_name, s); !r) return r;
    if (auto r = check_name("operator_name", s.operator_name, s); !r) return r;
    if (s.text_scale < Settings::kMinTextScale || s.text_scale > Settings::kMaxTextScale)
        return invalid("text_scale", "out of range " + std::to_string(s.text_scale));
    return s;
}

}  // namespace gy
