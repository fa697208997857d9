#include "local_state.h"

#include <cmath>

namespace gy {

void LocalState::load(double now_ms) {
    problems_.clear();
    Result<StoredRecords> records = storage_.load_all();
    if (!records) {
        problems_.push_back({"", records.error()});
        return;
    }
    auto it = records.value().find(kSettingsKey);
    if (it == records.value().end()) return;
    Result<Settings> parsed = settings_from_json(it->second);
    if (parsed) {
        settings_ = parsed.value();
    } else {
        problems_.push_back({kSettingsKey, parsed.error()});
        quarantine(kSettingsKey, it->second, now_ms);
    }
}

void LocalState::quarantine(const std::string& key, const std::string& raw, double now_ms) {
    std::string aside = "quarantine/" + key + "/" + std::to_string(static_cast<long long>(std::floor(now_ms)));
    storage_.put(aside, raw, [](bool) {});
}

Result<Settings> LocalState::save_settings(const Settings& settings) {
    Result<Settings> valid = validate_settings(settings);
    if (!valid) return valid;
    settings_ = valid.value();
    save_state_ = SaveState::Saving;
    unsigned generation = ++save_generation_;
    storage_.put(kSettingsKey, settings_to_json(settings_), [this, generation](bool ok) {
        if (generation == save_generation_) save_state_ = ok ? SaveState::Saved : SaveState::Failed;
    });
    return valid;
}

}  // namespace gy
