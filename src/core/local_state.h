// local_state.h — what this device keeps, read once at start and written on every edit.
//
// Wraps a Storage. On load, a record that cannot be read (damaged, written by
// a newer version) is not thrown away: it is copied aside under
// "quarantine/<key>/<time>" and reported, and the app starts with defaults.
// Saves report their state (saving → saved / failed) so the UI shows "已保存"
// only once the storage said the write is durable.
// Depends on: storage.h, settings.h.
#pragma once

#include "settings.h"
#include "storage.h"

#include <string>
#include <vector>

namespace gy {

enum class SaveState { Idle, Saving, Saved, Failed };

struct LoadProblem {
    std::string key;  // empty: the store itself could not be read
    Error error;
};

class LocalState {
public:
    static constexpr const char* kSettingsKey = "settings";

    explicit LocalState(Storage& storage) : storage_(storage) {}

    void load(double now_ms);
    const std::vector<LoadProblem>& problems() const { return problems_; }

    const Settings& settings() const { return settings_; }
    // Validates, then writes; the new settings are current at once, the save
    // state follows the storage. An invalid value changes nothing.
    Result<Settings> save_settings(const Settings& settings);
    SaveState save_state() const { return save_state_; }

private:
    void quarantine(const std::string& key, const std::string& raw, double now_ms);

    Storage& storage_;
    Settings settings_;
    std::vector<LoadProblem> problems_;
    SaveState save_state_ = SaveState::Idle;
    unsigned save_generation_ = 0;  // only the latest save's completion sets the state
};

}  // namespace gy
