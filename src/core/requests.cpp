// requests.cpp — from a visit's needs to requests, and the list of requests.
#include "requests.h"

#include "text.h"

#include <algorithm>
#include <set>

namespace gy {

static const std::string& value_of(const Record& r, const char* key) { return r.value(field_index(r.id.kind(), key)); }

std::vector<std::string> split_needs(std::string_view text) {
    std::vector<std::string> out;
    static constexpr std::string_view kSeparators[] = {"\n", "；", ";"};
    while (!text.empty()) {
        size_t cut = text.size(), len = 0;
        for (std::string_view sep : kSeparators)
            if (size_t at = text.find(sep); at < cut) cut = at, len = sep.size();
        if (std::string_view need = trim_spaces(text.substr(0, cut)); !need.empty()) out.emplace_back(need);
        text.remove_prefix(std::min(text.size(), cut + len));
    }
    return out;
}

RecordId request_for_need(const Ledger& ledger, RecordId visit, std::string_view need) {
    for (RecordId id : ledger.referrers(visit)) {
        const Record* r = id.kind() == Kind::Request ? ledger.find(id) : nullptr;
        if (r && !r->deleted && value_of(*r, "what") == need) return id;
    }
    return {};
}

Edit need_to_request(const Ledger& ledger, RecordId visit, std::string_view need, RecordId request, const Date& today) {
    Edit edit;
    const Record* v = ledger.find(visit);
    if (!v) return edit;
    auto set = [&](const char* key, std::string value) { edit.fields.push_back({request, field_index(Kind::Request, key), std::move(value)}); };
    set("what", std::string(need));
    set("student", value_of(*v, "student"));
    set("raised_by", value_of(*v, "visitor"));
    set("visit", visit.text());
    set("raised", format_date_iso(today));
    set("status", "open");
    return edit;
}

std::vector<PendingNeed> pending_needs(const Ledger& ledger) {
    std::vector<const Record*> visits;
    for (const Record& v : ledger.records(Kind::Visit))
        if (!v.deleted && !value_of(v, "needs").empty()) visits.push_back(&v);
    std::stable_sort(visits.begin(), visits.end(), [](const Record* a, const Record* b) { return value_of(*a, "date") > value_of(*b, "date"); });
    // One pass over the requests, not one per need: a county has thousands of visits.
    std::set<std::pair<std::string, std::string>> made;  // (visit ID, need)
    for (const Record& r : ledger.records(Kind::Request))
        if (!r.deleted) made.emplace(value_of(r, "visit"), value_of(r, "what"));
    std::vector<PendingNeed> out;
    for (const Record* v : visits)
        for (std::string& need : split_needs(value_of(*v, "needs")))
            if (!made.contains({v->id.text(), need})) out.push_back({v->id, std::move(need)});
    return out;
}

RequestCounts count_requests(const Ledger& ledger) {
    RequestCounts c;
    for (const Record& r : ledger.records(Kind::Request)) {
        if (r.deleted) continue;
        const std::string& s = value_of(r, "status");
        (s == "done" ? c.done : s == "doing" ? c.doing : c.open)++;
    }
    return c;
}

std::vector<RecordId> list_requests(const Ledger& ledger, bool all) {
    auto rank = [](const Record& r) { const std::string& s = value_of(r, "status"); return s == "done" ? 2 : s == "doing" ? 1 : 0; };
    std::vector<const Record*> rows;
    for (const Record& r : ledger.records(Kind::Request))
        if (!r.deleted && (all || rank(r) < 2)) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [&](const Record* a, const Record* b) {
        if (rank(*a) != rank(*b)) return rank(*a) < rank(*b);
        return value_of(*a, "raised") < value_of(*b, "raised");
    });
    std::vector<RecordId> out;
    for (const Record* r : rows) out.push_back(r->id);
    return out;
}

}  // namespace gy
