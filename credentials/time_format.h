#pragma once

// Date and time text formats used by credentials: RFC 3339 timestamps (PASETO registered claims,
// PASETO spec "Registered Claims") and full dates ("YYYY-MM-DD", RFC 3339 full-date) for derived
// claims such as age_over_18. Proleptic Gregorian calendar, UTC, no leap seconds (as POSIX time).

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace signet::credentials {

// CivilDate is a calendar date.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// DaysFromCivil returns the number of days from 1970-01-01 to `d` (negative before).
int64_t DaysFromCivil(const CivilDate& d);
// CivilFromDays is the inverse of DaysFromCivil.
CivilDate CivilFromDays(int64_t days);
// IsValidDate reports whether `d` names a real day (years 1..9999).
bool IsValidDate(const CivilDate& d);

// ParseFullDate parses "YYYY-MM-DD" exactly. InvalidArgument otherwise.
Result<CivilDate> ParseFullDate(std::string_view s);
// FormatFullDate renders "YYYY-MM-DD".
std::string FormatFullDate(const CivilDate& d);

// ParseRfc3339 parses an RFC 3339 date-time ("2022-01-01T00:00:00+00:00", "...Z", optional
// fractional seconds, 'T'/'t' and 'Z'/'z' in either case) into Unix seconds (fractions truncated
// toward the past). Leap second 60 is refused. InvalidArgument otherwise.
Result<int64_t> ParseRfc3339(std::string_view s);
// FormatRfc3339 renders Unix seconds as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatRfc3339(int64_t unix_seconds);

}  // namespace signet::credentials
