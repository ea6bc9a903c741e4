#pragma once

// Time arithmetic for policy: RFC 3339 timestamps, "HH:MM" clock times, "+HH:MM" UTC offsets and
// weekly TimeWindows. Proleptic Gregorian calendar, Unix seconds, no leap seconds, no time zone
// database (fixed offsets only; see TimeWindow). Pure functions.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "policy/rules.h"

namespace signet::policy {

// ParseRfc3339 parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" (RFC 3339 §5.6; 't'
// and 'z' accepted, fraction truncated) for years 1970..9999 into Unix seconds.
Result<int64_t> ParseRfc3339(std::string_view text);
// FormatRfc3339 renders Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (clamped to 1970..9999).
std::string FormatRfc3339(int64_t unix_seconds);

// ParseUtcOffset parses "Z", "+HH:MM" or "-HH:MM" (at most 14:00) into minutes.
Result<int> ParseUtcOffset(std::string_view text);
// FormatUtcOffset renders minutes as "+HH:MM" / "-HH:MM".
std::string FormatUtcOffset(int minutes);
// ParseClockTime parses "HH:MM" (00:00..23:59, and "24:00" when `allow_end_of_day`).
Result<int> ParseClockTime(std::string_view text, bool allow_end_of_day);
// FormatClockTime renders a minute of the day as "HH:MM".
std::string FormatClockTime(int minute);

// LocalWeekdayAndMinute splits Unix time `t` shifted by `offset_minutes` into the weekday
// (0 = Monday .. 6 = Sunday) and the minute of that local day.
void LocalWeekdayAndMinute(int64_t t, int offset_minutes, int* weekday, int* minute);

// InTimeWindow reports whether `t` is inside `w`; if so and `ends_at` is non-null, stores when
// this occurrence of the window ends (Unix seconds).
bool InTimeWindow(const TimeWindow& w, int64_t t, int64_t* ends_at);

}  // namespace signet::policy
