// column_memory.cpp — remembered import mappings as JSON.
#include "column_memory.h"

#include "json_fields.h"
#include "text.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace gy {

static constexpr const char* kFormat = "gongyu.column_memory";

static std::string trimmed(std::string_view s) { return std::string(trim_spaces(s)); }

static std::vector<std::string> headers_of(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::vector<std::string> names;
    for (const auto& [h, _] : fields) names.push_back(h);
    return names;
}

// The kind and the sorted set of trimmed headers: the same file laid out again, columns moved or not.
std::string ColumnMemory::signature(const std::string& kind, const std::vector<std::string>& header) {
    std::vector<std::string> names;
    for (const std::string& h : header) names.push_back(trimmed(h));
    std::sort(names.begin(), names.end());
    std::string out = kind;
    for (const std::string& n : names) out += '\x1f' + n;
    return out;
}

void ColumnMemory::remember(const ColumnMap& map, const std::vector<std::string>& header) {
    Entry e{kind_def(map.kind).key, {}};
    const auto fields = kind_def(map.kind).fields;
    for (size_t c = 0; c < header.size(); ++c) {
        const int f = c < map.field_of_column.size() ? map.field_of_column[c] : -1;
        e.fields.emplace_back(trimmed(header[c]), f >= 0 && static_cast<size_t>(f) < fields.size() ? fields[f].key : "");
    }
    const std::string sig = signature(e.kind, headers_of(e.fields));
    std::erase_if(entries_, [&](const Entry& old) { return signature(old.kind, headers_of(old.fields)) == sig; });
    entries_.push_back(std::move(e));
    if (entries_.size() > kMaxEntries) entries_.erase(entries_.begin(), entries_.end() - kMaxEntries);
}

std::optional<ColumnMap> ColumnMemory::recall(Kind kind, const std::vector<std::string>& header) const {
    const std::string sig = signature(kind_def(kind).key, header);
    for (auto e = entries_.rbegin(); e != entries_.rend(); ++e) {
        if (signature(e->kind, headers_of(e->fields)) != sig) continue;
        ColumnMap map{kind, std::vector<int>(header.size(), -1)};
        // Same header set; a header written twice maps its occurrences in order.
        std::vector<bool> used(e->fields.size(), false);
        for (size_t c = 0; c < header.size(); ++c) {
            const std::string h = trimmed(header[c]);
            for (size_t i = 0; i < e->fields.size(); ++i) {
                if (used[i] || e->fields[i].first != h) continue;
                used[i] = true;
                map.field_of_column[c] = e->fields[i].second.empty() ? -1 : field_index(kind, e->fields[i].second);
                break;
            }
        }
        return map;
    }
    return std::nullopt;
}

std::string ColumnMemory::to_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const Entry& e : entries_) {
        nlohmann::json columns = nlohmann::json::array();
        for (const auto& [h, f] : e.fields) columns.push_back({h, f});
        list.push_back({{"kind", e.kind}, {"columns", columns}});
    }
    return nlohmann::json{{"format", kFormat}, {"version", kVersion}, {"mappings", list}}.dump();
}

Result<ColumnMemory> ColumnMemory::from_json(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{ErrorCode::InvalidJson, "column memory is not valid JSON"};
    if (!j.is_object() || string_or(j, "format") != kFormat || int_or(j, "version", -1) < 0)
        return Error{ErrorCode::InvalidFormat, "column memory lacks format/version"};
    if (int_or(j, "version") > kVersion) return Error{ErrorCode::UnsupportedVersion, "column memory version " + j["version"].dump()};
    auto list = j.find("mappings");
    if (list == j.end() || !list->is_array()) return Error{ErrorCode::InvalidFormat, "column memory: mappings must be a list"};
    ColumnMemory memory;
    for (const auto& m : *list) {
        const std::string kind = m.is_object() ? string_or(m, "kind") : "";
        auto columns = m.is_object() ? m.find("columns") : m.end();
        if (!kind_from_key(kind) || columns == m.end() || !columns->is_array())
            return Error{ErrorCode::InvalidFormat, "column memory: a mapping lacks a known kind or its columns"};
        Entry e{kind, {}};
        for (const auto& c : *columns) {
            if (!c.is_array() || c.size() != 2 || !c[0].is_string() || !c[1].is_string())
                return Error{ErrorCode::InvalidFormat, "column memory: a column must be [header, field]"};
            e.fields.emplace_back(c[0].get<std::string>(), c[1].get<std::string>());
        }
        memory.entries_.push_back(std::move(e));
    }
    if (memory.entries_.size() > kMaxEntries) memory.entries_.erase(memory.entries_.begin(), memory.entries_.end() - kMaxEntries);
    return memory;
}

}  // namespace gy
