#pragma once

// Cross-domain mismatch: does an actor of some role have any business asking for data of some
// category? The matrix (docs/policy.md, "Mismatch matrix"):
//   - TrustedAgent (the owner's own agent): never a mismatch.
//   - public data: never a mismatch.
//   - commerce data: a mismatch only for Public actors (insufficient role).
//   - financial / medical / identity data ("sectoral"): a mismatch for every role except the
//     category's home role (and TrustedAgent). Below the home role it is an insufficient role,
//     above it a cross-domain request (a Medical actor asking for financial data).
// Severity: high for medical and identity data, for Tier 3, or a role two or more steps below
// the home role; medium otherwise.

#include <optional>
#include <string>

#include "policy/decision.h"
#include "policy/model.h"

namespace signet::policy {

// Mismatch describes one role/category mismatch.
struct Mismatch {
  AnomalyKind kind = AnomalyKind::kCrossDomain;  // kInsufficientRole or kCrossDomain
  Severity severity = Severity::kMedium;
};

// CheckMismatch returns the mismatch of `role` asking for `category` data at `tier`, if any.
std::optional<Mismatch> CheckMismatch(Role role, DataCategory category, Tier tier);

// MismatchMessage describes a mismatch in one sentence.
std::string MismatchMessage(const Mismatch& m, Role role, DataCategory category);

}  // namespace signet::policy
