// requests.h — needs raised at home visits, turned into requests (需求单) and followed until solved.
//
// A visit records the needs it raised as free text, one per line (or
// separated by ；). Any of them can become a request later: a Request record
// that names the need, the child, who raised it (the visitor) and the visit it
// came from, starting as 待处理 and moving to 处理中 and 已解决 as someone is
// assigned and reports back. A need already turned into a request is not
// offered again, and the open requests are listed oldest first.
// Depends on: ledger.h.
#pragma once

#include "ledger.h"

#include <string>
#include <string_view>
#include <vector>

namespace gy {

// The needs in a visit's text: one per line or per ；, trimmed, empty ones dropped.
std::vector<std::string> split_needs(std::string_view text);

// The request a need of this visit became, if any (deleted ones do not count).
RecordId request_for_need(const Ledger& ledger, RecordId visit, std::string_view need);

// The edit that makes the need a new request (ID from Ledger::new_id) raised today.
Edit need_to_request(const Ledger& ledger, RecordId visit, std::string_view need, RecordId request, const Date& today);

struct PendingNeed {
    RecordId visit;
    std::string need;
};
// Needs raised at visits that are not requests yet, latest visit first.
std::vector<PendingNeed> pending_needs(const Ledger& ledger);

struct RequestCounts {
    int open = 0, doing = 0, done = 0;
};
RequestCounts count_requests(const Ledger& ledger);
// Live requests, unsolved ones only unless all: 待处理 before 处理中, older first.
std::vector<RecordId> list_requests(const Ledger& ledger, bool all);

}  // namespace gy
