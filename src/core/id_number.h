// id_number.h — resident ID numbers (居民身份证号码, GB 11643-1999).
//
// 18 characters: a 6-digit region code, the birth date YYYYMMDD, a 3-digit
// sequence (odd for men, even for women) and a check character (0–9 or X)
// computed with ISO 7064 MOD 11-2. Validation says exactly which part is
// wrong; masking hides the middle (430422********1234) for roles that may not
// see the whole number.
// Depends on: result.h, dates.h.
#pragma once

#include "dates.h"
#include "result.h"

#include <string>
#include <string_view>

namespace gy {

enum class IdProblem { None, Empty, Length, Characters, Region, BirthDate, FutureBirth, CheckDigit };

struct IdCheck {
    IdProblem problem = IdProblem::None;
    std::string normalized;  // upper-case X, no spaces
    Date birth;
    bool male = false;
    char expected_check = 0;  // for IdProblem::CheckDigit: what it should have been
};

// today: births after it are refused.
IdCheck check_id_number(std::string_view text, const Date& today);
char id_check_character(std::string_view first17);  // '0'–'9' or 'X'
std::string mask_id_number(std::string_view id);   // 430422********1234

}  // namespace gy
