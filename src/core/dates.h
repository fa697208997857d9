// dates.h — calendar dates as Chinese offices write them.
//
// Shown as 2026年11月23日 (or 2026-11-23 in tables and files); read from
// either, and from 2026/11/23, 2026.11.23, 20261123 and 2026年11月23号, as
// they arrive from Excel sheets and typing. Dates are plain civil dates: no
// time zone, no time of day.
// Depends on: result.h.
#pragma once

#include "result.h"

#include <string>
#include <string_view>

namespace gy {

struct Date {
    int year = 0, month = 0, day = 0;
    auto operator<=>(const Date&) const = default;
};

inline constexpr int kMinYear = 1900, kMaxYear = 2100;

bool is_valid_date(const Date& d);
Result<Date> parse_date(std::string_view text);  // errors name what is wrong, e.g. "day 31 not in month 2"
std::string format_date_chinese(const Date& d);  // 2026年11月23日
std::string format_date_iso(const Date& d);      // 2026-11-23

// Days since 1970-01-01, and back: for "due in 14 days" and date ranges.
int days_from_date(const Date& d);
Date date_from_days(int days);
// The calendar date in China (UTC+8 all year) at a Unix time in milliseconds.
Date china_date(double unix_ms);

}  // namespace gy
