#pragma once

// Precomputed claims: what a credential states instead of a raw Tier-2 value (ARCHITECTURE.md §2
// invariant 4, "conclusions only on egress"). Pure functions over a rules struct; the rules are
// documented in docs/credentials.md and are the only place the thresholds live.
//
//   age_over_N      true iff the holder's age in whole years on the reference date is >= N.
//                   A 29 February birthday is reached on 1 March in common years (or on
//                   28 February with LeapDayRule::kFebruary28).
//   balance_above_N true iff balance >= N (exact decimal comparison, same currency).
//
// The seam for Pedersen-commitment claims: a claim whose value is a commitment to a number
// ({"pedersen": {"scheme": "ristretto255", "commitment": base64url}}), to be proven against with a
// range proof (proofs/bulletproofs). Only the claim shape is built here; verifying predicates over
// such claims is not (the verifier answers "unimplemented").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "credentials/json.h"
#include "credentials/time_format.h"

namespace signet::credentials {

// LeapDayRule decides when a 29 February birthday is reached in a common year.
enum class LeapDayRule { kMarch1, kFebruary28 };

// DerivationRules configure the derived claims.
struct DerivationRules {
  std::vector<int> age_thresholds = {18, 21, 65};              // age_over_N, 0 < N < 150
  std::vector<std::string> balance_thresholds = {"100", "1000", "10000"};  // balance_above_N
  LeapDayRule leap_day = LeapDayRule::kMarch1;
};

// AgeInYears returns the age in whole years of someone born on `birth` on date `on`.
// InvalidArgument if `on` is before `birth` or a date is invalid.
Result<int> AgeInYears(const CivilDate& birth, const CivilDate& on, LeapDayRule leap_day);

// DeriveAgeClaims returns {"age_over_N": bool, ...} for every rules threshold.
Result<Json> DeriveAgeClaims(const CivilDate& birth, const CivilDate& on, const DerivationRules& rules);

// DeriveBalanceClaims returns {"balance_above_N": bool, ...}; `balance` is a decimal string.
Result<Json> DeriveBalanceClaims(std::string_view balance, const DerivationRules& rules);

// CommitmentClaim renders the value of a Pedersen-commitment claim (32-byte ristretto255 point
// encoding, computed by proofs/bulletproofs). InvalidArgument for another length.
Result<Json> CommitmentClaim(ByteView commitment);

// IsCommitmentClaim reports whether a claim value has the commitment shape.
bool IsCommitmentClaim(const Json& value);

}  // namespace signet::credentials
