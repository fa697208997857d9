// survey.h — the household survey (入户摸底) as a clerk fills it in at a household.
//
// A new survey starts from what is already known: today's date, the current
// user as 填表人 and, when a helper of that name exists, as 摸底人. Once the
// child is chosen, the child's categories and main guardian are filled in from
// the registry, so the clerk corrects rather than retypes. Saving a survey
// also brings the child's own categories up to date in the same commit, so
// the registry, the baseline (followup.h) and the child's history agree with
// what was found at the household.
// Depends on: ledger.h.
#pragma once

#include "ledger.h"

#include <string>
#include <utility>
#include <vector>

namespace gy {

using FieldPreset = std::vector<std::pair<const char*, std::string>>;  // field key → value as typed

// A new survey: date, 填表人, and 摸底人 when the operator is also a helper.
FieldPreset survey_start(const Ledger& ledger, const std::string& operator_name, const Date& today);

// What the registry knows about the child: categories and the main guardian
// (the first guardian at home, else the first one).
FieldPreset survey_from_child(const Ledger& ledger, RecordId student);

// The child's categories as the survey found them, added to the survey's edit.
// Nothing when the survey records no category (not asked is not "none").
void add_child_categories(const Ledger& ledger, RecordId student, const std::string& categories, Edit& edit);

}  // namespace gy
