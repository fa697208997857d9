#include "core/dates.h"

#include <gtest/gtest.h>

namespace gy {
namespace {

TEST(Dates, ShownTheChineseWayAndTheIsoWay) {
    EXPECT_EQ(format_date_chinese({2026, 11, 23}), "2026年11月23日");
    EXPECT_EQ(format_date_chinese({2026, 1, 5}), "2026年1月5日");
    EXPECT_EQ(format_date_iso({2026, 1, 5}), "2026-01-05");
}

TEST(Dates, ReadFromEveryCommonSpelling) {
    const Date expected{2026, 11, 23};
    for (const char* text : {"2026-11-23", "2026/11/23", "2026.11.23", "20261123", "2026年11月23日", "2026年11月23号",
                             " 2026-11-23 ", "2026年11月23"}) {
        Result<Date> d = parse_date(text);
        ASSERT_TRUE(d.ok()) << text << ": " << d.error().detail;
        EXPECT_EQ(d.value(), expected) << text;
    }
    EXPECT_EQ(parse_date("2026-1-5").value(), (Date{2026, 1, 5}));
}

TEST(Dates, RejectWhatIsNotADate) {
    for (const char* text : {"", "2026", "2026-13-01", "2026-02-29", "2026-04-31", "1899-12-31", "2101-01-01",
                             "2026-11-23x", "二〇二六年", "23/11/2026", "2026年11月"})
        EXPECT_FALSE(parse_date(text).ok()) << text;
    EXPECT_TRUE(parse_date("2024-02-29").ok());  // leap year
    EXPECT_FALSE(parse_date("1900-02-29").ok()); // not a leap year
    EXPECT_TRUE(parse_date("2000-02-29").ok());
    EXPECT_EQ(parse_date("2026-02-30").error().detail, "day 30 not in month 2");
}

}  // namespace
}  // namespace gy
