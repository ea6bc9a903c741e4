// RFC 3339, offsets, clock times and weekly windows.

#include "policy/time_window.h"

#include <gtest/gtest.h>

namespace signet::policy {
namespace {

TEST(TimeWindowTest, ParsesAndFormatsRfc3339) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z").value(), 0);
  EXPECT_EQ(ParseRfc3339("2026-03-02T10:00:00Z").value(), 1772445600);
  EXPECT_EQ(ParseRfc3339("2026-03-02T11:30:00.123+01:30").value(), 1772445600);
  EXPECT_EQ(ParseRfc3339("2024-02-29t23:59:59z").value(), 1709251199);
  EXPECT_EQ(FormatRfc3339(1772445600), "2026-03-02T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(1709251199), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(-5), "1970-01-01T00:00:00Z");
  for (const char* bad :
       {"", "2026-03-02", "2026-03-02T10:00:00", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-03-02T24:00:00Z", "2026-03-02T10:00:60Z", "1969-12-31T23:59:59Z",
        "2026-03-02T10:00:00.Z", "2026-03-02T10:00:00+1:00", "2026-03-02 10:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{4102444800}, int64_t{253402300799}}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)).value(), t);
  }
}

TEST(TimeWindowTest, OffsetsAndClockTimes) {
  EXPECT_EQ(ParseUtcOffset("Z").value(), 0);
  EXPECT_EQ(ParseUtcOffset("+05:45").value(), 345);
  EXPECT_EQ(ParseUtcOffset("-14:00").value(), -840);
  EXPECT_FALSE(ParseUtcOffset("+14:01"));
  EXPECT_FALSE(ParseUtcOffset("UTC"));
  EXPECT_EQ(FormatUtcOffset(-330), "-05:30");
  EXPECT_EQ(ParseClockTime("23:59", false).value(), 1439);
  EXPECT_EQ(ParseClockTime("24:00", true).value(), 1440);
  EXPECT_FALSE(ParseClockTime("24:00", false));
  EXPECT_FALSE(ParseClockTime("7:00", false));
  EXPECT_EQ(FormatClockTime(1440), "24:00");
}

TEST(TimeWindowTest, WeekdaysAndWindowEnds) {
  const int64_t monday = ParseRfc3339("2026-03-02T00:00:00Z").value();
  int weekday = -1, minute = -1;
  LocalWeekdayAndMinute(monday, 0, &weekday, &minute);
  EXPECT_EQ(weekday, 0);
  EXPECT_EQ(minute, 0);
  LocalWeekdayAndMinute(monday, -60, &weekday, &minute);  // still Sunday 23:00 at -01:00
  EXPECT_EQ(weekday, 6);
  EXPECT_EQ(minute, 23 * 60);
  LocalWeekdayAndMinute(0, 0, &weekday, &minute);  // 1970-01-01 was a Thursday
  EXPECT_EQ(weekday, 3);

  const TimeWindow office{0b11111, 9 * 60, 17 * 60, 60};  // Mon-Fri 09-17 at +01:00
  int64_t end = 0;
  EXPECT_TRUE(InTimeWindow(office, monday + 8 * 3600, &end));  // 09:00 local
  EXPECT_EQ(end, monday + 16 * 3600);                          // 17:00 local
  EXPECT_FALSE(InTimeWindow(office, monday + 7 * 3600 + 3599, nullptr));
  EXPECT_FALSE(InTimeWindow(office, monday + 16 * 3600, nullptr));

  const TimeWindow night{0b0000001, 22 * 60, 6 * 60, 0};  // Monday night into Tuesday
  EXPECT_TRUE(InTimeWindow(night, monday + 23 * 3600, &end));
  EXPECT_EQ(end, monday + 30 * 3600);
  EXPECT_TRUE(InTimeWindow(night, monday + 29 * 3600, &end));
  EXPECT_EQ(end, monday + 30 * 3600);
  EXPECT_FALSE(InTimeWindow(night, monday + 5 * 3600, nullptr));  // belongs to Sunday night
}

}  // namespace
}  // namespace signet::policy
