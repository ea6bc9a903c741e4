#include "policy/rules.h"

#include <array>

namespace signet::policy {
namespace {

constexpr std::array<std::string_view, kRuleKindCount> kKindNames = {
    "tier_threshold", "grant",        "deny",       "domain_restriction",
    "time_window",    "amount_limit", "rate_limit", "anomaly_trigger"};

}  // namespace

std::string_view RuleKindName(RuleKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::optional<RuleKind> ParseRuleKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<RuleKind>(i);
  }
  return std::nullopt;
}

bool ValidRuleId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRuleIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool AttributeMatches(std::string_view pattern, std::string_view attribute) {
  if (pattern.ends_with(".*")) {
    pattern.remove_suffix(1);  // keep the dot: "medical." matches "medical.x", not "medicalx"
    return attribute.size() > pattern.size() && attribute.starts_with(pattern);
  }
  return pattern == attribute;
}

}  // namespace signet::policy
