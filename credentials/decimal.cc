#include "credentials/decimal.h"

#include <algorithm>

namespace signet::credentials {
namespace {

constexpr size_t kMaxDigits = 18;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// CompareMagnitude compares |a| and |b| given their normalised digit strings.
std::strong_ordering CompareMagnitude(const std::string& ai, const std::string& af,
                                      const std::string& bi, const std::string& bf) {
  if (ai.size() != bi.size()) return ai.size() <=> bi.size();
  if (const int c = ai.compare(bi); c != 0) return c <=> 0;
  const size_t n = std::max(af.size(), bf.size());
  const std::string pa = af + std::string(n - af.size(), '0');
  const std::string pb = bf + std::string(n - bf.size(), '0');
  return pa.compare(pb) <=> 0;
}

}  // namespace

Decimal::Decimal(bool negative, std::string integer, std::string fraction)
    : negative_(negative), integer_(std::move(integer)), fraction_(std::move(fraction)) {
  if (integer_.empty() && fraction_.empty()) negative_ = false;  // -0 == 0
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  const Error bad = InvalidArgument("invalid decimal amount");
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (!AllDigits(integer) || (dot != std::string_view::npos && !AllDigits(fraction))) return bad;
  if (integer.size() > kMaxDigits || fraction.size() > kMaxDigits) return bad;
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  return Decimal(negative, std::string(integer), std::string(fraction));
}

std::string Decimal::ToString() const {
  std::string out = negative_ ? "-" : "";
  out += integer_.empty() ? "0" : integer_;
  if (!fraction_.empty()) out += "." + fraction_;
  return out;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.negative_ != b.negative_) return a.negative_ ? std::strong_ordering::less
                                                     : std::strong_ordering::greater;
  const std::strong_ordering m = CompareMagnitude(a.integer_, a.fraction_, b.integer_, b.fraction_);
  if (!a.negative_) return m;
  return 0 <=> m;  // both negative: the larger magnitude is the smaller number
}

}  // namespace signet::credentials
