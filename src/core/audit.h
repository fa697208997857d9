// audit.h — who changed what and when, per device: the ledger's commits as an audit trail.
//
// Every edit is a commit (ledger.h): author, device, time, and each field's old
// and new value. The trail is those commits, newest first, for one device or
// all; as a table it exports like any other (CSV, .xlsx). Commits that came
// from the server or a bundle were signed by the device that made them
// (seal.h), so a trail altered on the way is refused, not merged.
// Words shown to people (headers, "新建") come from the UI (AuditWords).
// Depends on: ledger.h, export.h (readable values), csv.h (Sheet).
#pragma once

#include "csv.h"
#include "ledger.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gy {

struct AuditDevice {
    uint32_t device = 0;
    size_t commits = 0;
    int64_t last_at_ms = 0;
    std::string last_author;
};

// Every device that made a commit this ledger knows, the most recently active first.
std::vector<AuditDevice> audit_devices(const Ledger& ledger);

// Commits of one device (or all), newest first by stamp.
std::vector<const Commit*> audit_commits(const Ledger& ledger, std::optional<uint32_t> device);

struct AuditWords {
    std::vector<std::string> header;  // time, device, author, kind, record, field, old value, new value
    std::string created, deleted, restored;
    std::string nobody;  // the author of a commit made before anyone was named in 设置
};

// A commit's author as the trail shows it: words.nobody where no operator was named.
std::string audit_author(const std::string& author, const AuditWords& words);

// One row per change of the commits given; ID numbers masked unless full_id.
Sheet audit_sheet(const Ledger& ledger, const std::vector<const Commit*>& commits, const AuditWords& words, bool full_id);

}  // namespace gy
