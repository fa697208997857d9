// followup.cpp — due and overdue pairs, visit coverage per school and semester.
#include "followup.h"

#include "query.h"
#include "text.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace gy {

Semester semester_of(const Date& d) {
    if (d.month >= 9) return {{d.year, 9, 1}, {d.year + 1, 1, 31}, true};
    if (d.month == 1) return {{d.year - 1, 9, 1}, {d.year, 1, 31}, true};
    return {{d.year, 2, 1}, {d.year, 8, 31}, false};
}

static Date date_or(const std::string& iso, const Date& fallback) {
    Result<Date> d = parse_date(iso);
    return d ? d.value() : fallback;
}

static RecordId ref(const Record& r, Kind kind, const char* key) {
    return RecordId::parse(r.value(field_index(kind, key))).value_or(RecordId{});
}

bool pair_active(const Record& pair, const Date& today) { return pair_active(pair, format_date_iso(today)); }

bool pair_active(const Record& pair, std::string_view today_iso) {
    const std::string& end = pair.value(field_index(Kind::Pair, "end"));
    return !pair.deleted && (end.empty() || end > today_iso);
}

int active_pairs(const Ledger& ledger, RecordId helper, const Date& today) {
    int n = 0;
    for (const Record& p : ledger.records(Kind::Pair)) n += pair_active(p, today) && ref(p, Kind::Pair, "helper") == helper;
    return n;
}

std::vector<PairDue> pairs_due(const Ledger& ledger, RecordId scope, const Date& today) {
    // The latest visit of each child by each helper (ISO dates compare as text).
    std::unordered_map<uint64_t, std::unordered_map<uint64_t, std::string>> last_visit;
    const int visit_date = field_index(Kind::Visit, "date");
    for (const Record& v : ledger.records(Kind::Visit)) {
        if (v.deleted) continue;
        std::string& latest = last_visit[ref(v, Kind::Visit, "student").bits][ref(v, Kind::Visit, "visitor").bits];
        latest = std::max(latest, v.value(visit_date));
    }
    std::vector<PairDue> out;
    const int today_days = days_from_date(today);
    for (const Record& p : ledger.records(Kind::Pair)) {
        if (!pair_active(p, today)) continue;
        PairDue d{p.id, ref(p, Kind::Pair, "helper"), ref(p, Kind::Pair, "student"), {}, {}, Due::Later};
        if (scope.valid() && !TableView::is_under(ledger, d.student, scope) && d.helper != scope) continue;
        std::string last = p.value(field_index(Kind::Pair, "start"));
        if (auto s = last_visit.find(d.student.bits); s != last_visit.end())
            if (auto h = s->second.find(d.helper.bits); h != s->second.end()) last = std::max(last, h->second);
        d.last_contact = date_or(last, today);
        const int interval = std::max(1, std::atoi(p.value(field_index(Kind::Pair, "interval")).c_str()));
        const int next = days_from_date(d.last_contact) + interval;
        d.next_due = date_from_days(next);
        d.due = next < today_days ? Due::Overdue : next <= today_days + 7 ? Due::ThisWeek : Due::Later;
        out.push_back(d);
    }
    std::sort(out.begin(), out.end(), [](const PairDue& a, const PairDue& b) { return a.next_due < b.next_due; });
    return out;
}

std::vector<Coverage> visit_coverage(const Ledger& ledger, RecordId scope, const Date& today) {
    const Semester term = semester_of(today);
    const std::string first = format_date_iso(term.first), last = format_date_iso(term.last);
    std::unordered_set<uint64_t> visited;
    const int visit_date = field_index(Kind::Visit, "date");
    for (const Record& v : ledger.records(Kind::Visit))
        if (!v.deleted && v.value(visit_date) >= first && v.value(visit_date) <= last) visited.insert(ref(v, Kind::Visit, "student").bits);

    std::unordered_map<uint64_t, size_t> slot;  // school bits → index in out
    std::unordered_map<uint64_t, RecordId> school_of_class;
    std::vector<Coverage> out;
    const int categories = field_index(Kind::Student, "categories");
    for (const Record& s : ledger.records(Kind::Student)) {
        if (s.deleted || s.value(categories).empty()) continue;
        const RecordId klass = ref(s, Kind::Student, "class");
        auto [it, fresh] = school_of_class.try_emplace(klass.bits);
        if (fresh) it->second = TableView::ancestor_of_kind(ledger, klass, Kind::School);
        const RecordId school = it->second;
        if (!school.valid() || (scope.valid() && !TableView::is_under(ledger, school, scope) && !TableView::is_under(ledger, s.id, scope)))
            continue;
        auto [at, added] = slot.try_emplace(school.bits, out.size());
        if (added) out.push_back({school, 0, 0, {}});
        Coverage& c = out[at->second];
        ++c.special;
        if (visited.contains(s.id.bits)) ++c.visited;
        else c.not_visited.push_back(s.id);
    }
    std::sort(out.begin(), out.end(), [&](const Coverage& a, const Coverage& b) {
        return compare_names(ledger.title(a.school), ledger.title(b.school)) < 0;
    });
    return out;
}

std::vector<BaselineRow> survey_baseline(const Ledger& ledger, RecordId scope) {
    std::unordered_set<uint64_t> surveyed;
    for (const Record& s : ledger.records(Kind::Survey))
        if (!s.deleted) surveyed.insert(ref(s, Kind::Survey, "student").bits);
    const auto builtin = builtin_categories();
    const int categories = field_index(Kind::Student, "categories");
    std::unordered_map<uint64_t, size_t> slot;
    std::vector<BaselineRow> out;
    for (const Record& s : ledger.records(Kind::Student)) {
        const std::string& cats = s.value(categories);
        if (s.deleted || cats.empty() || (scope.valid() && !TableView::is_under(ledger, s.id, scope))) continue;
        const RecordId village = ref(s, Kind::Student, "village");
        auto [at, added] = slot.try_emplace(village.bits, out.size());
        if (added) out.push_back({village, 0, 0, std::vector<int>(builtin.size())});
        BaselineRow& row = out[at->second];
        ++row.special;
        row.surveyed += surveyed.contains(s.id.bits);
        for (size_t c = 0; c < builtin.size(); ++c) row.by_category[c] += has_word(cats, builtin[c].code);
    }
    std::sort(out.begin(), out.end(), [&](const BaselineRow& a, const BaselineRow& b) {
        return compare_names(ledger.title(a.village), ledger.title(b.village)) < 0;
    });
    return out;
}

}  // namespace gy
