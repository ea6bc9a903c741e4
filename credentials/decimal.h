#pragma once

// Exact decimal amounts for money-like values (balances, capability limits). Parsed from text
// ("-12.50", "1000"), never through floating point, so limits compare exactly.

#include <compare>
#include <string>
#include <string_view>

#include "base/result.h"

namespace signet::credentials {

// Decimal is a signed decimal number with at most 18 integer and 18 fraction digits.
class Decimal {
 public:
  // Parse accepts an optional '-', digits, and an optional '.' followed by digits. No exponent, no
  // '+', no leading '.' or trailing '.'. InvalidArgument otherwise.
  static Result<Decimal> Parse(std::string_view text);

  // ToString renders the canonical form (no leading zeros, no trailing fraction zeros).
  std::string ToString() const;

  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

 private:
  Decimal(bool negative, std::string integer, std::string fraction);

  bool negative_ = false;
  std::string integer_;   // no leading zeros ("" for zero)
  std::string fraction_;  // no trailing zeros
};

}  // namespace signet::credentials
