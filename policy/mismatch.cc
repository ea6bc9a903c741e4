#include "policy/mismatch.h"

namespace signet::policy {

std::optional<Mismatch> CheckMismatch(Role role, DataCategory category, Tier tier) {
  if (role == Role::kTrustedAgent || category == DataCategory::kPublic) return std::nullopt;
  const Role home = HomeRole(category);
  if (role == home) return std::nullopt;
  if (category == DataCategory::kCommerce && role > home) return std::nullopt;
  Mismatch m;
  m.kind = role < home ? AnomalyKind::kInsufficientRole : AnomalyKind::kCrossDomain;
  const bool sensitive = category == DataCategory::kMedical || category == DataCategory::kIdentity;
  const bool far_below = static_cast<int>(home) - static_cast<int>(role) >= 2;
  m.severity = sensitive || far_below || tier == Tier::k3 ? Severity::kHigh : Severity::kMedium;
  return m;
}

std::string MismatchMessage(const Mismatch& m, Role role, DataCategory category) {
  std::string out = "a ";
  out.reserve(80);
  out += RoleName(role);
  out += " actor asks for ";
  out += CategoryName(category);
  out += " data";
  if (m.kind == AnomalyKind::kInsufficientRole) {
    out += " (role below ";
    out += RoleName(HomeRole(category));
    out += ")";
  } else {
    out += " (outside its own domain)";
  }
  return out;
}

}  // namespace signet::policy
