#include "policy/time_window.h"

#include <cstdio>

namespace signet::policy {
namespace {

constexpr int64_t kDay = 86400;

// DaysFromCivil counts days from 1970-01-01 to y-m-d (proleptic Gregorian), using 400-year eras
// that start on March 1st so the leap day is the last day of an era year.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int month_from_march = m > 2 ? m - 3 : m + 9;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// CivilFromDays is the inverse of DaysFromCivil.
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  *d = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = year_of_era + era * 400 + (*m <= 2 ? 1 : 0);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Digits parses exactly `n` decimal digits at `s[pos]`; -1 if they are not all digits.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Result<int64_t> ParseRfc3339(std::string_view s) {
  const Error bad = InvalidArgument("time must be RFC 3339 (YYYY-MM-DDTHH:MM:SSZ)");
  if (s.size() < 20 || s.size() > 40 || s[4] != '-' || s[7] != '-' || s[13] != ':' ||
      s[16] != ':' || (s[10] != 'T' && s[10] != 't')) {
    return bad;
  }
  const int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
  const int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return bad;
  }
  size_t pos = 19;
  if (s[pos] == '.') {
    const size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return bad;
  }
  auto offset = ParseUtcOffset(s.substr(pos));
  if (!offset) return bad;
  return DaysFromCivil(year, month, day) * kDay + hour * 3600 + minute * 60 + second -
         int64_t{*offset} * 60;
}

std::string FormatRfc3339(int64_t t) {
  constexpr int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  t = t < 0 ? 0 : (t > kMax ? kMax : t);
  int64_t y = 0;
  int m = 0, d = 0;
  CivilFromDays(t / kDay, &y, &m, &d);
  const int64_t sec = t % kDay;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(sec / 3600),
                static_cast<long long>(sec / 60 % 60), static_cast<long long>(sec % 60));
  return buf;
}

Result<int> ParseUtcOffset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  const Error bad = InvalidArgument("UTC offset must be Z, +HH:MM or -HH:MM (at most 14:00)");
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return bad;
  const int h = Digits(s, 1, 2), m = Digits(s, 4, 2);
  if (h < 0 || m < 0 || m > 59 || h * 60 + m > 14 * 60) return bad;
  return (s[0] == '-' ? -1 : 1) * (h * 60 + m);
}

std::string FormatUtcOffset(int minutes) {
  const int a = minutes < 0 ? -minutes : minutes;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60 % 100, a % 60);
  return buf;
}

Result<int> ParseClockTime(std::string_view s, bool allow_end_of_day) {
  const int h = Digits(s, 0, 2), m = Digits(s, 3, 2);
  if (s.size() != 5 || s[2] != ':' || h < 0 || m < 0 || m > 59) {
    return InvalidArgument("time of day must be HH:MM");
  }
  if (h < 24 || (allow_end_of_day && h == 24 && m == 0)) return h * 60 + m;
  return InvalidArgument(allow_end_of_day ? "time of day must be 00:00..24:00"
                                          : "time of day must be 00:00..23:59");
}

std::string FormatClockTime(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60 % 100, minute % 60);
  return buf;
}

void LocalWeekdayAndMinute(int64_t t, int offset_minutes, int* weekday, int* minute) {
  const int64_t local = t + int64_t{offset_minutes} * 60;
  const int64_t days = FloorDiv(local, kDay);
  *weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday (3)
  *minute = static_cast<int>((local - days * kDay) / 60);
}

bool InTimeWindow(const TimeWindow& w, int64_t t, int64_t* ends_at) {
  int weekday = 0, minute = 0;
  LocalWeekdayAndMinute(t, w.utc_offset_minutes, &weekday, &minute);
  const auto day_on = [&](int d) { return ((w.days >> ((d + 7) % 7)) & 1) != 0; };
  const int64_t local = t + int64_t{w.utc_offset_minutes} * 60;
  const int64_t day_start = FloorDiv(local, kDay) * kDay - int64_t{w.utc_offset_minutes} * 60;
  int64_t end = 0;
  bool inside = false;
  if (w.start_minute < w.end_minute) {
    inside = day_on(weekday) && minute >= w.start_minute && minute < w.end_minute;
    end = day_start + int64_t{w.end_minute} * 60;
  } else if (minute >= w.start_minute) {  // wrapping window, evening part
    inside = day_on(weekday);
    end = day_start + kDay + int64_t{w.end_minute} * 60;
  } else {  // wrapping window, morning part belongs to the previous day's window
    inside = minute < w.end_minute && day_on(weekday - 1);
    end = day_start + int64_t{w.end_minute} * 60;
  }
  if (inside && ends_at != nullptr) *ends_at = end;
  return inside;
}

}  // namespace signet::policy
