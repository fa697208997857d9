#include "dates.h"

#include <cmath>
#include <cstdio>

namespace gy {

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool is_valid_date(const Date& d) {
    return d.year >= kMinYear && d.year <= kMaxYear && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

static Error invalid(const std::string& why) { return Error{ErrorCode::InvalidValue, why}; }

// Reads up to max_digits ASCII digits at pos; false if there are none.
static bool read_number(std::string_view s, size_t& pos, size_t max_digits, int& out) {
    size_t start = pos;
    out = 0;
    while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' && s[pos] <= '9') out = out * 10 + (s[pos++] - '0');
    return pos > start;
}

static bool skip(std::string_view s, size_t& pos, std::string_view token) {
    if (s.substr(pos, token.size()) != token) return false;
    pos += token.size();
    return true;
}

static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

Result<Date> parse_date(std::string_view text) {
    const std::string_view s = trim(text);
    if (s.empty()) return invalid("empty");
    Date d;
    size_t pos = 0;
    if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string_view::npos) {  // 20261123
        read_number(s, pos, 4, d.year);
        read_number(s, pos, 2, d.month);
        read_number(s, pos, 2, d.day);
    } else {
        if (!read_number(s, pos, 4, d.year)) return invalid("no year");
        const bool chinese = skip(s, pos, "年");
        if (!chinese && !skip(s, pos, "-") && !skip(s, pos, "/") && !skip(s, pos, ".")) return invalid("no separator");
        if (!read_number(s, pos, 2, d.month)) return invalid("no month");
        if (chinese ? !skip(s, pos, "月") : !(skip(s, pos, "-") || skip(s, pos, "/") || skip(s, pos, ".")))
            return invalid("no separator after month");
        if (!read_number(s, pos, 2, d.day)) return invalid("no day");
        if (chinese && !skip(s, pos, "日")) skip(s, pos, "号");
        if (pos != s.size()) return invalid("unexpected text after the date");
    }
    if (d.year < kMinYear || d.year > kMaxYear) return invalid("year " + std::to_string(d.year) + " out of range");
    if (d.month < 1 || d.month > 12) return invalid("month " + std::to_string(d.month) + " out of range");
    if (!is_valid_date(d))
        return invalid("day " + std::to_string(d.day) + " not in month " + std::to_string(d.month));
    return d;
}

std::string format_date_chinese(const Date& d) {
    char out[32];
    std::snprintf(out, sizeof out, "%d年%d月%d日", d.year, d.month, d.day);
    return out;
}

std::string format_date_iso(const Date& d) {
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
    return out;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int days_from_date(const Date& d) {
    const int y = d.year - (d.month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date date_from_days(int days) {
    days += 719468;
    const int era = (days >= 0 ? days : days - 146096) / 146097;
    const int doe = days - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int day = doy - (153 * mp + 2) / 5 + 1;
    const int month = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (month <= 2), month, day};
}

Date china_date(double unix_ms) {
    const double days = std::floor((unix_ms + 8 * 3600e3) / 86400e3);
    return date_from_days(static_cast<int>(days));
}

}  // namespace gy
