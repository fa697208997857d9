// column_memory.h — the column mappings a clerk accepted, offered again when the same headers come.
//
// A township receives the same spreadsheet layout term after term (the
// education bureau's student list, a school's guardian list). When an import
// is accepted, its mapping is kept per (kind, header set); the next file of
// that kind with the same headers — compared trimmed, in any column order —
// gets the same mapping back. Fields are kept by their stable keys, so a
// mapping survives schema additions; a field that no longer exists comes back
// as "ignored". At most kMaxEntries are kept, the least recently used dropped.
// Stored by LocalState as versioned JSON ({"format":"gongyu.column_memory","version":1,...}).
// Depends on: import.h (ColumnMap), schema.h, result.h, nlohmann/json (in the .cpp only).
#pragma once

#include "import.h"
#include "result.h"

#include <optional>
#include <string>
#include <vector>

namespace gy {

class ColumnMemory {
public:
    static constexpr int kVersion = 1;
    static constexpr size_t kMaxEntries = 64;

    void remember(const ColumnMap& map, const std::vector<std::string>& header);
    // The mapping last accepted for these headers and this kind, or nothing.
    std::optional<ColumnMap> recall(Kind kind, const std::vector<std::string>& header) const;
    size_t size() const { return entries_.size(); }

    std::string to_json() const;
    static Result<ColumnMemory> from_json(const std::string& text);

private:
    struct Entry {
        std::string kind;                                             // kind key
        std::vector<std::pair<std::string, std::string>> fields;      // trimmed header → field key ("" ignored)
    };
    static std::string signature(const std::string& kind, const std::vector<std::string>& header);
    std::vector<Entry> entries_;  // most recently used last
};

}  // namespace gy
