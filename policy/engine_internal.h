#pragma once

// Internal to signet_policy: the per-evaluation state shared by the compiled and the naive
// evaluators, rule application, and decision assembly. Both evaluators feed the same ApplyRule
// and FinishDecision, and FinishDecision sorts the hits by rule position, so the decision does
// not depend on the order in which rules were visited.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "policy/classify.h"
#include "policy/decision.h"
#include "policy/model.h"
#include "policy/rules.h"

namespace signet::policy::internal {

// HitType is what one rule contributed.
enum class HitType : uint8_t { kPermit, kDeny, kAnomaly, kExpiryCap, kAcknowledge };

// Hit records one contribution of rule `rule` (its index in the document).
struct Hit {
  uint32_t rule;
  HitType type;
  ReasonCode code;
  int64_t value;  // detail: a count, a cap, or the end of a time window
  bool operator==(const Hit&) const = default;
};

// EvalState is the evaluation of one request.
struct EvalState {
  const Request& request;
  Classification classification;
  std::string_view destination;  // the context domain, normalised (may be empty)
  std::vector<Hit>& hits;        // cleared per evaluation; reused per thread
};

// ApplyRule appends the hits of `rule` (at `index`) for the request in `state`.
void ApplyRule(const Rule& rule, uint32_t index, EvalState* state);

// FinishDecision combines the hits into the decision (deny-overrides, mismatch, Tier 3,
// approval, expiry, anomaly report).
Decision FinishDecision(const PolicyDocument& doc, EvalState* state);

// FailClosed builds a DENY with a single built-in reason, expiring at once (not cacheable).
Decision FailClosed(const Request& request, const Classification& classification, ReasonCode code,
                    std::string message);

}  // namespace signet::policy::internal
