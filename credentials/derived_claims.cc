#include "credentials/derived_claims.h"

#include "base/encoding.h"
#include "credentials/decimal.h"

namespace signet::credentials {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// BirthdayIn returns the date on which the birthday falls in `year`.
CivilDate BirthdayIn(const CivilDate& birth, int year, LeapDayRule rule) {
  if (birth.month == 2 && birth.day == 29 && !IsLeap(year)) {
    return rule == LeapDayRule::kMarch1 ? CivilDate{year, 3, 1} : CivilDate{year, 2, 28};
  }
  return CivilDate{year, birth.month, birth.day};
}

}  // namespace

Result<int> AgeInYears(const CivilDate& birth, const CivilDate& on, LeapDayRule leap_day) {
  if (!IsValidDate(birth) || !IsValidDate(on)) return InvalidArgument("invalid date");
  if (on < birth) return InvalidArgument("reference date is before the birth date");
  int age = on.year - birth.year;
  if (on < BirthdayIn(birth, on.year, leap_day)) --age;
  return age;
}

Result<Json> DeriveAgeClaims(const CivilDate& birth, const CivilDate& on, const DerivationRules& rules) {
  Result<int> age = AgeInYears(birth, on, rules.leap_day);
  if (!age) return std::move(age).error();
  Json out = Json::object();
  for (int n : rules.age_thresholds) {
    if (n <= 0 || n >= 150) return InvalidArgument("age threshold out of range");
    out["age_over_" + std::to_string(n)] = *age >= n;
  }
  return out;
}

Result<Json> DeriveBalanceClaims(std::string_view balance, const DerivationRules& rules) {
  Result<Decimal> value = Decimal::Parse(balance);
  if (!value) return std::move(value).error();
  Json out = Json::object();
  for (const std::string& t : rules.balance_thresholds) {
    Result<Decimal> threshold = Decimal::Parse(t);
    if (!threshold) return std::move(threshold).error();
    // The claim name uses the canonical threshold text with '.' spelled "_" ("balance_above_0_5").
    std::string name = threshold->ToString();
    for (char& c : name) c = c == '.' ? '_' : (c == '-' ? 'm' : c);
    out["balance_above_" + name] = *value >= *threshold;
  }
  return out;
}

Result<Json> CommitmentClaim(ByteView commitment) {
  if (commitment.size() != 32) return InvalidArgument("a commitment is a 32-byte ristretto255 point");
  return Json{{"pedersen", {{"scheme", "ristretto255"}, {"commitment", Base64UrlEncode(commitment)}}}};
}

bool IsCommitmentClaim(const Json& value) {
  const Json* p = Member(value, "pedersen");
  return p != nullptr && StringMember(*p, "commitment") != nullptr;
}

}  // namespace signet::credentials
