// print_words.h — the words of printed documents (core/print.h), from strings.h.
// Header-only so the core's unit tests print with the app's real words.
// Depends on: core/print.h, strings.h.
#pragma once

#include "core/print.h"
#include "strings.h"

namespace gy::ui {

inline PrintWords print_words() {
    return {.ledger_title = str::PrintLedgerTitle,
            .child_title = str::PrintChildTitle,
            .printed_on = str::PrintPrintedOn,
            .page_of = str::PrintPageOf,
            .print_button = str::PrintButton,
            .semester = str::VisitsSemester,
            .autumn = str::VisitsAutumn,
            .spring = str::VisitsSpring,
            .count = str::PrintCount,
            .narrowed_to = str::PrintNarrowedTo,
            .col_number = str::PrintColumnNumber,
            .col_guardians = str::PrintColumnGuardians,
            .col_helpers = str::PrintColumnHelpers,
            .col_visits = str::PrintColumnVisits,
            .col_last_visit = str::PrintColumnLastVisit,
            .basic = str::PrintBasic,
            .guardians = str::PrintGuardians,
            .pairs = str::PrintPairs,
            .surveys = str::PrintSurveys,
            .visits = str::PrintVisits,
            .guardian = str::PrintGuardian,
            .none = str::PrintNone,
            .photos = str::PrintPhotos,
            .photos_missing = str::PrintPhotosMissing};
}

}  // namespace gy::ui
