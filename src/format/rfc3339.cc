// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <string>

#include "relic/rights.h"

namespace relic {
namespace {

// Howard Hinnant's days_from_civil: proleptic Gregorian calendar, no tables.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

Result<int64_t> ParseRfc3339(std::string_view text) {
  auto bad = [&] {
    return Status(Code::kInvalidArgument,
                  "time '" + std::string(text.substr(0, 64)) +
                      "' is not an RFC 3339 date-time; write it like 2027-01-31T23:59:59Z or "
                      "2027-01-31T23:59:59+01:00");
  };
  size_t pos = 0;
  auto digits = [&](size_t n, int& out) {
    if (pos + n > text.size()) return false;
    out = 0;
    for (size_t i = 0; i < n; ++i) {
      char c = text[pos + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
  };
  auto expect = [&](std::string_view options) {
    if (pos >= text.size() || options.find(text[pos]) == std::string_view::npos) return false;
    ++pos;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!digits(4, year) || !expect("-") || !digits(2, month) || !expect("-") || !digits(2, day) ||
      !expect("Tt ") || !digits(2, hour) || !expect(":") || !digits(2, minute) || !expect(":") ||
      !digits(2, second)) {
    return bad();
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return bad();
  }
  int offset_seconds = 0;
  if (expect("Zz")) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!digits(2, oh) || !expect(":") || !digits(2, om) || oh > 23 || om > 59) return bad();
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  // Leap seconds (second 60) are not representable in Unix time; refuse them.
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > DaysInMonth(year, static_cast<unsigned>(month)) || hour > 23 ||
      minute > 59 || second > 59) {
    return bad();
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 + second - offset_seconds;
}

std::string FormatRfc3339(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  int64_t rem = unix_seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

}  // namespace relic
