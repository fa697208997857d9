// audit_panel.h — 修改记录 on the 同步 screen: the audit trail per device, and its export.
//
// Which devices made changes (the most recently active first), then one row
// per changed field, newest first: time, device, who, record, field, old and
// new value (core/audit.h). Exported as .xlsx for the county or an inspector.
// Rebuilt only when the ledger or the chosen device changed. 核对修改记录
// compares every commit with its signed copy on the server (core/sync.h).
// Depends on: Dear ImGui, core (local_state, audit), platform.h.
#pragma once

#include "core/audit.h"
#include "core/local_state.h"
#include "core/sync_service.h"
#include "platform/platform.h"

#include <optional>
#include <string>
#include <vector>

namespace gy::ui {

class AuditPanel {
public:
    AuditPanel(LocalState& local, Platform& platform, SyncService& sync) : local_(local), platform_(platform), sync_(sync) {}
    void draw();

private:
    void rebuild();
    void draw_device_choice();
    void draw_table();
    void export_xlsx();
    void check_history();
    void show_check(const HistoryCheck& check);

    LocalState& local_;
    Platform& platform_;
    SyncService& sync_;
    std::vector<AuditDevice> devices_;
    std::optional<uint32_t> device_;  // nullopt: all devices
    Sheet rows_;                      // header first
    uint64_t revision_ = ~0ull;
    bool stale_ = true, busy_ = false;
    std::string message_;
    std::string check_message_;
    std::vector<std::string> check_findings_;  // shown in red: each mismatch
};

}  // namespace gy::ui
