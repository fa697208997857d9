// followup_screens.h — 摸底, 结对 and 家访: the baseline, what needs doing, and recording it.
//
// Pairing lists every active helper ↔ child pair with its last contact and
// next follow-up, overdue and due-this-week first, narrowed to one helper by
// typing their name (a helper's own list); a click records the contact as a
// visit. Visits shows this semester's coverage per joint school (special-group
// children visited at least once) and the children not yet visited; a click
// records a visit. Survey shows the township baseline per village (special-group
// children, surveyed, by category) and the household surveys, latest first.
// All read core/followup.h, recomputed only when the ledger changed, and edit
// through the shared record form.
// Depends on: Dear ImGui, core (local_state, followup), record_form.h, platform.h.
#pragma once

#include "core/followup.h"
#include "core/local_state.h"
#include "platform/platform.h"
#include "record_form.h"

#include <string>
#include <vector>

namespace gy::ui {

class PairingScreen {
public:
    PairingScreen(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}
    void draw();

private:
    LocalState& local_;
    Platform& platform_;
    RecordForm form_{local_, platform_};
    std::vector<PairDue> due_;
    uint64_t revision_ = ~0ull;
    int show_ = 0;  // 0 overdue, 1 due this week, 2 all
    std::string helper_filter_;
};

class SurveyScreen {
public:
    SurveyScreen(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}
    void draw();

private:
    void draw_baseline(float height);
    void draw_surveys();  // every survey, latest first: a click opens it with its history

    LocalState& local_;
    Platform& platform_;
    RecordForm form_{local_, platform_};
    std::vector<BaselineRow> rows_;
    std::vector<RecordId> surveys_;
    uint64_t revision_ = ~0ull;
};

class VisitsScreen {
public:
    VisitsScreen(LocalState& local, Platform& platform) : local_(local), platform_(platform) {}
    void draw();

private:
    LocalState& local_;
    Platform& platform_;
    RecordForm form_{local_, platform_};
    std::vector<Coverage> coverage_;
    uint64_t revision_ = ~0ull;
    RecordId school_;  // whose unvisited children are listed
};

}  // namespace gy::ui
