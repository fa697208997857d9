// requests_screen.h — 诉求: the requests (需求单) still to solve, and needs raised at visits not yet requests.
//
// The top lists requests, 待处理 before 处理中, oldest first (or all of them,
// solved ones last); a click opens the request in the shared record form to
// assign someone, move its status and write what was done. Below, every need
// raised at a home visit that is not a request yet, each with 转为需求单: the
// request keeps the child, the visitor as who raised it, and the visit.
// Depends on: Dear ImGui, core (local_state, requests), record_form.h, platform.h.
#pragma once

#include "core/local_state.h"
#include "core/requests.h"
#include "platform/platform.h"
#include "record_form.h"

#include <string>
#include <vector>

namespace gy::ui {

class RequestsScreen {
public:
    RequestsScreen(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}
    void draw();

private:
    void refresh();
    void draw_requests(float height);
    void draw_pending();

    LocalState& local_;
    Platform& platform_;
    RecordForm form_{local_, platform_};
    std::vector<RecordId> rows_;
    std::vector<PendingNeed> pending_;
    RequestCounts counts_;
    uint64_t revision_ = ~0ull;
    int show_ = 0, shown_ = -1;  // 0 unsolved, 1 all; what rows_ holds
    std::string message_;
};

}  // namespace gy::ui
