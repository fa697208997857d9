// audit.cpp — the audit trail: see audit.h.
#include "audit.h"

#include "dates.h"
#include "export.h"
#include "text.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace gy {

std::vector<AuditDevice> audit_devices(const Ledger& ledger) {
    std::map<uint32_t, AuditDevice> by_device;
    for (const Commit& c : ledger.commits()) {
        AuditDevice& d = by_device[c.device];
        d.device = c.device;
        ++d.commits;
        if (c.at_ms >= d.last_at_ms) d.last_at_ms = c.at_ms, d.last_author = c.author;
    }
    std::vector<AuditDevice> out;
    for (auto& [device, d] : by_device) out.push_back(std::move(d));
    std::sort(out.begin(), out.end(), [](const AuditDevice& a, const AuditDevice& b) { return a.last_at_ms > b.last_at_ms; });
    return out;
}

std::vector<const Commit*> audit_commits(const Ledger& ledger, std::optional<uint32_t> device) {
    std::vector<const Commit*> out;
    for (const Commit& c : ledger.commits())
        if (!device || c.device == *device) out.push_back(&c);
    std::sort(out.begin(), out.end(), [](const Commit* a, const Commit* b) { return b->stamp() < a->stamp(); });
    return out;
}

// China's time (UTC+8, no daylight saving), as the clerk's wall clock shows it.
static std::string china_time(int64_t ms) {
    const int64_t seconds = ((ms / 1000 + 8 * 3600) % 86400 + 86400) % 86400;
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                  static_cast<int>(seconds % 60));
    return format_date_iso(china_date(static_cast<double>(ms))) + buf;
}

static std::string field_name(const Change& ch, const AuditWords& words) {
    if (ch.field == kCreatedField) return words.created;
    if (ch.field == kDeletedField) return ch.value.empty() ? words.restored : words.deleted;
    return field_def(ch.record.kind(), ch.field).label;
}

static std::string readable(const Ledger& ledger, const Change& ch, const std::string& value, bool full_id) {
    if (ch.field < 0) return "";
    return readable_value(ledger, field_def(ch.record.kind(), ch.field), value, full_id);
}

// Commits made before an operator was named: "" or " @ 办公室电脑" (and "?" from builds before session 5).
std::string audit_author(const std::string& author, const AuditWords& words) {
    if (author.empty() || author == "?") return words.nobody;
    if (author.starts_with(" @ ") || author.starts_with("? @ ")) return words.nobody + author.substr(author.find(" @ "));
    return author;
}

Sheet audit_sheet(const Ledger& ledger, const std::vector<const Commit*>& commits, const AuditWords& words, bool full_id) {
    Sheet sheet{words.header};
    for (const Commit* c : commits) {
        const std::string when = china_time(c->at_ms), device = device_hex(c->device);
        for (const Change& ch : c->changes) {
            const std::string title = ledger.title(ch.record);
            sheet.push_back({when, device, audit_author(c->author, words), kind_def(ch.record.kind()).label, title.empty() ? ch.record.text() : title,
                             field_name(ch, words), readable(ledger, ch, ch.old_value, full_id), readable(ledger, ch, ch.value, full_id)});
        }
    }
    return sheet;
}

}  // namespace gy
