#include "vault/classification.h"

#include <algorithm>
#include <array>

namespace signet::vault {
namespace {

// Rule maps a label (or a label prefix ending in '_') to a tier and compartment.
struct Rule {
  std::string_view name;
  int tier;
  std::string_view compartment;
};

// The default table. Longer, more specific names first does not matter: matching is exact for
// names and prefix for entries ending in '_'. Documented in docs/vault.md.
constexpr std::array<Rule, 37> kRules = {{
    {"name", 1, ""},           {"given_name", 1, ""},     {"family_name", 1, ""},
    {"nickname", 1, ""},       {"email", 1, ""},          {"language", 1, ""},
    {"timezone", 1, ""},       {"preferences", 1, ""},    {"pref_", 1, ""},
    {"note", 1, ""},           {"notes", 1, ""},          {"agent_note", 1, ""},
    {"birthdate", 2, ""},      {"birth_date", 2, ""},     {"date_of_birth", 2, ""},
    {"age", 2, ""},            {"address", 2, ""},        {"phone", 2, ""},
    {"balance", 2, ""},        {"income", 2, ""},         {"salary", 2, ""},
    {"credit_score", 2, ""},   {"location", 2, ""},       {"nationality", 2, ""},
    {"passport", 3, "identity"}, {"passport_number", 3, "identity"},
    {"ssn", 3, "identity"},    {"national_id", 3, "identity"}, {"drivers_license", 3, "identity"},
    {"tax_id", 3, "identity"}, {"iban", 3, "financial"},  {"card_number", 3, "financial"},
    {"account_number", 3, "financial"}, {"medical_", 3, "medical"}, {"diagnosis", 3, "medical"},
    {"prescription", 3, "medical"}, {"health_", 3, "medical"},
}};

std::string Normalise(std::string_view label) {
  std::string s(label);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    if (c == '-' || c == '.' || c == ' ') return '_';
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

const Rule* FindRule(std::string_view label) {
  const std::string n = Normalise(label);
  for (const Rule& r : kRules) {
    const bool prefix = r.name.ends_with('_');
    if (prefix ? n.starts_with(r.name) : n == r.name) return &r;
  }
  return nullptr;
}

}  // namespace

Classification DefaultClassification(std::string_view label) {
  const Rule* r = FindRule(label);
  if (r == nullptr) return {2, ""};
  return {r->tier, std::string(r->compartment)};
}

std::string CompartmentFor(std::string_view label) {
  const Rule* r = FindRule(label);
  return (r != nullptr && r->tier == 3) ? std::string(r->compartment) : "private";
}

Status ValidateLabel(std::string_view label) {
  if (label.empty() || label.size() > 128) {
    return InvalidArgument("label must be 1 to 128 characters");
  }
  if (label.front() == '_') return InvalidArgument("labels starting with '_' are reserved");
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) {
      return InvalidArgument("label may only contain letters, digits, '_', '.' and '-'");
    }
  }
  return OkStatus();
}

Result<int> ParseTier(std::string_view s) {
  if (s == "1") return 1;
  if (s == "2") return 2;
  if (s == "3") return 3;
  return InvalidArgument("tier must be 1, 2 or 3, got '" + std::string(s) + "'");
}

}  // namespace signet::vault
