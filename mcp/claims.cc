#include "mcp/claims.h"

#include <array>
#include <charconv>

#include "credentials/decimal.h"
#include "credentials/derived_claims.h"

namespace signet::mcp {
namespace {

using policy::DataCategory;

struct CategoryRule {
  std::string_view name;  // exact, or a prefix when it ends with '_'
  DataCategory category;
};

constexpr std::array<CategoryRule, 24> kCategories = {{
    {"birthdate", DataCategory::kIdentity},       {"birth_date", DataCategory::kIdentity},
    {"date_of_birth", DataCategory::kIdentity},   {"age", DataCategory::kIdentity},
    {"nationality", DataCategory::kIdentity},     {"passport", DataCategory::kIdentity},
    {"passport_number", DataCategory::kIdentity}, {"ssn", DataCategory::kIdentity},
    {"national_id", DataCategory::kIdentity},     {"drivers_license", DataCategory::kIdentity},
    {"tax_id", DataCategory::kIdentity},          {"balance", DataCategory::kFinancial},
    {"income", DataCategory::kFinancial},         {"salary", DataCategory::kFinancial},
    {"credit_score", DataCategory::kFinancial},   {"iban", DataCategory::kFinancial},
    {"card_number", DataCategory::kFinancial},    {"account_number", DataCategory::kFinancial},
    {"medical_", DataCategory::kMedical},         {"health_", DataCategory::kMedical},
    {"diagnosis", DataCategory::kMedical},        {"prescription", DataCategory::kMedical},
    {"address", DataCategory::kCommerce},         {"phone", DataCategory::kCommerce},
}};

constexpr std::array<std::string_view, 3> kBirthLabels = {"birthdate", "birth_date",
                                                          "date_of_birth"};

std::string Normalised(std::string_view label) {
  std::string s = AttributeFor(label);
  for (char& c : s) c = (c == '-' || c == '.') ? '_' : c;
  return s;
}

Result<int> ParseSmallInt(std::string_view s, int lo, int hi) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
    return InvalidArgument("expected a whole number from " + std::to_string(lo) + " to " +
                           std::to_string(hi));
  }
  return v;
}

Result<ClaimPlan> FromLabel(std::string claim, const std::string& label,
                            const vault::VaultIndex& index) {
  const auto it = index.labels.find(label);
  if (it == index.labels.end() || it->second.items.empty()) {
    return NotFound("the vault holds no " + label);
  }
  ClaimPlan plan;
  plan.claim = std::move(claim);
  plan.label = label;
  plan.tier = it->second.tier;
  return plan;
}

}  // namespace

std::string AttributeFor(std::string_view label) {
  std::string out;
  out.reserve(label.size());
  for (char c : label) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool ok =
        (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '-' || l == '.';
    out.push_back(ok ? l : '_');
  }
  return out;
}

DataCategory CategoryFor(std::string_view label) {
  const std::string attribute = AttributeFor(label);
  if (auto named = policy::CategoryFromAttribute(attribute)) return *named;
  const std::string n = Normalised(label);
  for (const CategoryRule& r : kCategories) {
    const bool prefix = r.name.ends_with('_');
    if (prefix ? n.starts_with(r.name) : n == r.name) return r.category;
  }
  return DataCategory::kPublic;
}

Result<ClaimPlan> PlanClaim(std::string_view claim, const vault::VaultIndex& index) {
  if (claim.empty() || claim.size() > 128)
    return InvalidArgument("a claim name is 1 to 128 characters");
  if (claim.starts_with("age_over_")) {
    auto age = ParseSmallInt(claim.substr(9), 1, 149);
    if (!age) return age.error().WithContext(std::string(claim));
    for (std::string_view label : kBirthLabels) {
      auto plan = FromLabel(std::string(claim), std::string(label), index);
      if (!plan) continue;
      plan->kind = ClaimKind::kAgeOver;
      plan->age = *age;
      return plan;
    }
    return NotFound(std::string(claim) + " needs a birthdate in the vault");
  }
  if (claim.starts_with("balance_above_")) {
    std::string threshold(claim.substr(14));
    for (char& c : threshold) c = c == '_' ? '.' : c;
    if (!credentials::Decimal::Parse(threshold)) {
      return InvalidArgument(std::string(claim) + ": the threshold must be a decimal number");
    }
    auto plan = FromLabel(std::string(claim), "balance", index);
    if (!plan) return plan;
    plan->kind = ClaimKind::kBalanceAbove;
    plan->threshold = threshold;
    return plan;
  }
  return FromLabel(std::string(claim), std::string(claim), index);
}

Result<Json> ComputeClaim(const ClaimPlan& plan, std::string_view value,
                          const credentials::CivilDate& today) {
  switch (plan.kind) {
    case ClaimKind::kValue:
      return Json(std::string(value));
    case ClaimKind::kAgeOver: {
      auto yes = AnswerQuery(QueryKind::kAgeAtLeast, value, std::to_string(plan.age), today);
      if (!yes) return std::move(yes).error();
      return Json(*yes);
    }
    case ClaimKind::kBalanceAbove: {
      auto yes = AnswerQuery(QueryKind::kAtLeast, value, plan.threshold, today);
      if (!yes) return std::move(yes).error();
      return Json(*yes);
    }
  }
  return Internal("unknown claim kind");
}

std::optional<QueryKind> ParseQueryKind(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, QueryKind>, 8> kNames = {{
      {"value", QueryKind::kValue},
      {"exists", QueryKind::kExists},
      {"age_at_least", QueryKind::kAgeAtLeast},
      {"at_least", QueryKind::kAtLeast},
      {"at_most", QueryKind::kAtMost},
      {"equals", QueryKind::kEquals},
      {"before", QueryKind::kBefore},
      {"after", QueryKind::kAfter},
  }};
  for (const auto& [n, k] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

Result<bool> AnswerQuery(QueryKind kind, std::string_view value, std::string_view operand,
                         const credentials::CivilDate& today) {
  switch (kind) {
    case QueryKind::kValue:
      return InvalidArgument("a value is not a conclusion");
    case QueryKind::kExists:
      return true;
    case QueryKind::kEquals:
      return value == operand;
    case QueryKind::kAgeAtLeast: {
      auto years = ParseSmallInt(operand, 0, 150);
      if (!years) return years.error().WithContext("age");
      auto birth = credentials::ParseFullDate(value);
      if (!birth) return InvalidArgument("the stored value is not a date (YYYY-MM-DD)");
      auto age = credentials::AgeInYears(*birth, today, credentials::LeapDayRule::kMarch1);
      if (!age) return std::move(age).error();
      return *age >= *years;
    }
    case QueryKind::kAtLeast:
    case QueryKind::kAtMost: {
      auto v = credentials::Decimal::Parse(value);
      if (!v) return InvalidArgument("the stored value is not a decimal number");
      auto bound = credentials::Decimal::Parse(operand);
      if (!bound) return InvalidArgument("the threshold must be a decimal number");
      return kind == QueryKind::kAtLeast ? *v >= *bound : *v <= *bound;
    }
    case QueryKind::kBefore:
    case QueryKind::kAfter: {
      auto v = credentials::ParseFullDate(value);
      if (!v) return InvalidArgument("the stored value is not a date (YYYY-MM-DD)");
      auto bound = credentials::ParseFullDate(operand);
      if (!bound) return InvalidArgument("the operand must be a date (YYYY-MM-DD)");
      return kind == QueryKind::kBefore ? *v < *bound : *v > *bound;
    }
  }
  return Internal("unknown query kind");
}

credentials::CivilDate TodayUtc(int64_t now) {
  const int64_t days = now >= 0 ? now / 86400 : (now - 86399) / 86400;
  return credentials::CivilFromDays(days);
}

}  // namespace signet::mcp
