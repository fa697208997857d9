// settings.h — this device's own settings, kept in local storage.
//
// Stored as versioned JSON ({"format":"gongyu.settings","version":1,...}) so a
// later Gongyu can migrate it and a damaged copy is recognised as such.
// Depends on: result.h, nlohmann/json (in the .cpp only).
#pragma once

#include "result.h"

#include <string>

namespace gy {

struct Settings {
    static constexpr int kVersion = 1;
    static constexpr int kMinTextScale = 100, kMaxTextScale = 200;
    static constexpr size_t kMaxNameBytes = 120;

    std::string device_name;    // "大塘镇政府办公室电脑": shown in history and sync
    std::string operator_name;  // who works on this device
    int text_scale = 100;       // percent, for older eyes

    bool operator==(const Settings&) const = default;
};

std::string settings_to_json(const Settings& settings);
Result<Settings> settings_from_json(const std::string& text);
// Checks a settings value a user entered; the error names the field.
Result<Settings> validate_settings(const Settings& settings);

}  // namespace gy
