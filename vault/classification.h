#pragma once

// Tier classification of labels. Tiers (ARCHITECTURE.md §2):
//   1 — may be returned to the agent as a value (name, email, preferences);
//   2 — conclusions only on egress (birth date -> "over 21", balance -> "above 1000");
//   3 — structurally isolated (compartment keys); released per request by an approver.
// DefaultTier classifies a label by its name; the owner overrides it per record (--tier), and
// the override is remembered in the vault index. Unknown labels default to Tier 2: conclusions
// only until the owner says otherwise (fail closed, invariant 6).

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace signet::vault {

// Classification is a label's default tier and, for Tier 3, its compartment.
struct Classification {
  int tier = 2;
  std::string compartment;  // Tier 3 only: "identity", "medical", "financial" or "private"
};

// DefaultClassification classifies `label` (case-insensitive; '-', '.' and ' ' count as '_').
Classification DefaultClassification(std::string_view label);

// ValidateLabel checks a user label: 1-128 characters of [A-Za-z0-9_.-], not starting with '_'
// (the '_' prefix is reserved for the vault's own records).
Status ValidateLabel(std::string_view label);

// ParseTier reads "1", "2" or "3".
Result<int> ParseTier(std::string_view s);

// CompartmentFor returns the compartment of a Tier-3 label (its default one, or "private").
std::string CompartmentFor(std::string_view label);

}  // namespace signet::vault
