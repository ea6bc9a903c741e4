#pragma once

// How MCP requests map onto vault labels and the policy model (docs/mcp.md, "Claims"):
//
//   * A vault label is a policy attribute after lower-casing and mapping characters outside
//     [a-z0-9_.-] to '_' ("Birth-Date" -> "birth-date"). Its data category is the label's first
//     dot-separated part when that names a category ("medical.blood_type"), otherwise a fixed
//     table (birthdate/passport/... -> identity, balance/income/iban/... -> financial,
//     medical_*/health_*/diagnosis/... -> medical, address/phone -> commerce, the rest -> public).
//   * A requested claim is either a label (its value is disclosed: operation "disclose"), or a
//     conclusion computed from one (operation "prove"):
//       age_over_N        from the first of birthdate / birth_date / date_of_birth (YYYY-MM-DD)
//       balance_above_X   from balance (a decimal), X a decimal with '_' for '.'
//   * A query asks one question about one label (Query below).
//
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "credentials/time_format.h"
#include "mcp/json_rpc.h"
#include "policy/model.h"
#include "vault/index.h"

namespace signet::mcp {

// AttributeFor returns the policy attribute name of a vault label.
std::string AttributeFor(std::string_view label);
// CategoryFor returns the data category of a vault label.
policy::DataCategory CategoryFor(std::string_view label);

// ClaimKind is how a claim's value is obtained.
enum class ClaimKind { kValue, kAgeOver, kBalanceAbove };

// ClaimPlan says where a requested claim comes from.
struct ClaimPlan {
  std::string claim;  // the name in the credential
  std::string label;  // the vault label read
  int tier = 2;
  ClaimKind kind = ClaimKind::kValue;
  int age = 0;            // kAgeOver
  std::string threshold;  // kBalanceAbove (decimal text)
  policy::Operation operation() const {
    return kind == ClaimKind::kValue ? policy::Operation::kDisclose : policy::Operation::kProve;
  }
};

// PlanClaim resolves `claim` against the vault index. NotFound if the vault has no source for it,
// InvalidArgument for a malformed claim name.
Result<ClaimPlan> PlanClaim(std::string_view claim, const vault::VaultIndex& index);

// ComputeClaim evaluates a plan on the source value. Derived claims are booleans; kValue returns
// the value as a string. InvalidArgument if the stored value does not have the needed form.
Result<Json> ComputeClaim(const ClaimPlan& plan, std::string_view value,
                          const credentials::CivilDate& today);

// QueryKind is one question signet_query can answer.
enum class QueryKind { kValue, kExists, kAgeAtLeast, kAtLeast, kAtMost, kEquals, kBefore, kAfter };
// ParseQueryKind maps "value", "exists", "age_at_least", "at_least", "at_most", "equals",
// "before", "after".
std::optional<QueryKind> ParseQueryKind(std::string_view name);

// AnswerQuery computes the conclusion (a boolean) for every kind but kValue.
Result<bool> AnswerQuery(QueryKind kind, std::string_view value, std::string_view operand,
                         const credentials::CivilDate& today);

// TodayUtc returns the UTC calendar date of Unix time `now`.
credentials::CivilDate TodayUtc(int64_t now);

}  // namespace signet::mcp
