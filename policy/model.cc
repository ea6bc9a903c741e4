#include "policy/model.h"

#include <array>

namespace signet::policy {
namespace {

constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "public", "commerce", "financial", "medical", "identity", "trusted_agent"};
constexpr std::array<std::string_view, kOperationCount> kOperationNames = {
    "read", "prove", "disclose", "issue", "pay"};
constexpr std::array<std::string_view, kCategoryCount> kCategoryNames = {
    "public", "commerce", "financial", "medical", "identity"};
constexpr std::array<std::string_view, kMethodCount> kMethodNames = {
    "none", "self_declared", "domain_inference", "credential", "explicit"};

// Find returns the index of `name` in `names`, or -1.
template <size_t N>
int Find(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Name returns names[i], or "invalid" for an out-of-range enum value.
template <size_t N>
std::string_view Name(const std::array<std::string_view, N>& names, size_t i) {
  return i < N ? names[i] : "invalid";
}

constexpr bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

std::string_view RoleName(Role role) { return Name(kRoleNames, static_cast<size_t>(role)); }

std::optional<Role> ParseRole(std::string_view name) {
  const int i = Find(kRoleNames, name);
  if (i < 0) return std::nullopt;
  return static_cast<Role>(i);
}

std::optional<Tier> ParseTier(int64_t value) {
  if (value < 1 || value > 3) return std::nullopt;
  return static_cast<Tier>(value);
}

std::string_view OperationName(Operation op) {
  return Name(kOperationNames, static_cast<size_t>(op));
}

std::optional<Operation> ParseOperation(std::string_view name) {
  const int i = Find(kOperationNames, name);
  if (i < 0) return std::nullopt;
  return static_cast<Operation>(i);
}

std::string_view CategoryName(DataCategory category) {
  return Name(kCategoryNames, static_cast<size_t>(category));
}

std::optional<DataCategory> ParseCategory(std::string_view name) {
  const int i = Find(kCategoryNames, name);
  if (i < 0) return std::nullopt;
  return static_cast<DataCategory>(i);
}

std::optional<DataCategory> CategoryFromAttribute(std::string_view attribute) {
  return ParseCategory(attribute.substr(0, attribute.find('.')));
}

Role HomeRole(DataCategory category) {
  switch (category) {
    case DataCategory::kPublic:
      return Role::kPublic;
    case DataCategory::kCommerce:
      return Role::kCommerce;
    case DataCategory::kFinancial:
      return Role::kFinancial;
    case DataCategory::kMedical:
      return Role::kMedical;
    case DataCategory::kIdentity:
      return Role::kIdentity;
  }
  return Role::kTrustedAgent;  // unreachable for valid enum values
}

std::string_view MethodName(ClassificationMethod method) {
  return Name(kMethodNames, static_cast<size_t>(method));
}

std::optional<ClassificationMethod> ParseMethod(std::string_view name) {
  const int i = Find(kMethodNames, name);
  if (i < 0) return std::nullopt;
  return static_cast<ClassificationMethod>(i);
}

bool ValidAttribute(std::string_view s) {
  if (s.empty() || s.size() > kMaxAttributeBytes) return false;
  static constexpr auto kLabelChar = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = IsLabelChar(static_cast<char>(c));
    return t;
  }();
  size_t label_start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && kLabelChar[static_cast<unsigned char>(s[i])]) continue;
    if ((i < s.size() && s[i] != '.') || i == label_start) return false;  // bad byte, empty label
    label_start = i + 1;
  }
  return true;
}

bool ValidCurrency(std::string_view s) {
  if (s.size() != 3) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

bool ValidPrintable(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  bool ok = true;  // no early exit: the loop vectorises
  for (char c : s) ok &= c >= 0x21 && c <= 0x7e;
  return ok;
}

bool ValidText(std::string_view s, size_t max) {
  if (s.size() > max) return false;
  bool ok = true;  // no early exit: the loop vectorises
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    ok &= u >= 0x20 && u != 0x7f;
  }
  return ok;
}

}  // namespace signet::policy
