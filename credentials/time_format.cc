#include "credentials/time_format.h"

#include <cstdio>

namespace signet::credentials {
namespace {

// Digits parses exactly `n` ASCII digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

Result<CivilDate> ParseDateAt(std::string_view s) {
  CivilDate d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &d.year) ||
      !Digits(s, 5, 2, &d.month) || !Digits(s, 8, 2, &d.day) || !IsValidDate(d)) {
    return InvalidArgument("invalid date (expected YYYY-MM-DD)");
  }
  return d;
}

}  // namespace

// Howard Hinnant's days_from_civil algorithm (public domain description of the Gregorian
// calendar arithmetic), written out here.
int64_t DaysFromCivil(const CivilDate& d) {
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(yoe + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

bool IsValidDate(const CivilDate& d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= DaysInMonth(d.year, d.month);
}

Result<CivilDate> ParseFullDate(std::string_view s) {
  if (s.size() != 10) return InvalidArgument("invalid date (expected YYYY-MM-DD)");
  return ParseDateAt(s);
}

std::string FormatFullDate(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Result<int64_t> ParseRfc3339(std::string_view s) {
  const Error bad = InvalidArgument("invalid RFC 3339 date-time");
  Result<CivilDate> date = ParseDateAt(s);
  if (!date || s.size() < 20 || (s[10] != 'T' && s[10] != 't')) return bad;
  int hh = 0, mm = 0, ss = 0;
  if (!Digits(s, 11, 2, &hh) || s[13] != ':' || !Digits(s, 14, 2, &mm) || s[16] != ':' ||
      !Digits(s, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59) {
    return bad;
  }
  size_t pos = 19;
  if (s[pos] == '.') {
    const size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return bad;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return bad;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad;
  }
  if (pos != s.size()) return bad;
  return DaysFromCivil(*date) * 86400 + hh * 3600 + mm * 60 + ss - offset;
}

std::string FormatRfc3339(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const CivilDate d = CivilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

}  // namespace signet::credentials
