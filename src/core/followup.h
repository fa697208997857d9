// followup.h — what the ledger says needs doing: pairs due or overdue, visit coverage, the survey baseline.
//
// A pair (helper ↔ child) is due every `interval` days after its last
// contact — the latest visit of that child by that helper, or the pairing
// date; "due this week" and "overdue" lists come from that. Visit coverage
// counts, per joint school and semester, the special-group children (any
// category) visited at least once, and lists those not yet visited.
// Semesters as Chinese schools keep them: autumn Sep 1 – Jan 31, spring Feb 1 – Aug 31.
// Depends on: ledger.h, query.h (tree scope), dates.h.
#pragma once

#include "ledger.h"

#include <string_view>
#include <vector>

namespace gy {

struct Semester {
    Date first, last;
    bool autumn = false;
};
Semester semester_of(const Date& day);

enum class Due { Later, ThisWeek, Overdue };

struct PairDue {
    RecordId pair, helper, student;
    Date last_contact, next_due;
    Due due = Due::Later;
};

// Every active pair (no end date, or one in the future) under scope, most overdue first.
std::vector<PairDue> pairs_due(const Ledger& ledger, RecordId scope, const Date& today);

// A pair not deleted and not ended (no end date, or one after today).
bool pair_active(const Record& pair, const Date& today);
bool pair_active(const Record& pair, std::string_view today_iso);  // the same with today as 2026-11-23

// How many active pairs a helper carries now.
int active_pairs(const Ledger& ledger, RecordId helper, const Date& today);

struct Coverage {
    RecordId school;
    int special = 0;  // special-group children under the school
    int visited = 0;  // of whom visited at least once this semester
    std::vector<RecordId> not_visited;
};

// Per joint school (under scope), for the semester containing today.
std::vector<Coverage> visit_coverage(const Ledger& ledger, RecordId scope, const Date& today);

// The township baseline (摸底登记): per village, the special-group children
// registered, how many have a household survey on record, and how many fall
// in each built-in category (a child may count in several).
struct BaselineRow {
    RecordId village;  // none: children with no village recorded
    int special = 0;
    int surveyed = 0;
    std::vector<int> by_category;  // builtin_categories() order
};
std::vector<BaselineRow> survey_baseline(const Ledger& ledger, RecordId scope);

}  // namespace gy
