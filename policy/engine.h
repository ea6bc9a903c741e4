#pragma once

// PolicyEngine: Actor + Predicate + Context -> PERMIT / DENY / ANOMALY (docs/policy.md).
//
//   auto engine = PolicyEngine::Create(*ParsePolicyDocument(json));
//   Decision d = engine->Evaluate(request, {.clock = &clock, .deadline = clock.Monotonic() + 1ms});
//
// Evaluation, in order:
//   1. Fail closed: a malformed request or a passed deadline is DENY.
//   2. Invariant 4: `disclose` of a Tier-2 attribute is DENY whatever the rules say.
//   3. Classify the actor (policy/classify.h).
//   4. Apply every rule whose match covers the request. Grants and satisfied tier thresholds
//      PERMIT; deny rules, failed thresholds with below=deny and violated constraints DENY (or
//      ANOMALY when the constraint says on_violation=anomaly); anomaly triggers ANOMALY.
//   5. A role/category mismatch (policy/mismatch.h) is an ANOMALY unless a matching grant says
//      acknowledge_mismatch (the owner's "allow always").
//   6. Combine deny-overrides: any DENY -> DENY. Otherwise an ANOMALY, no PERMIT at all (no
//      matching rule: escalate, never resolve silently) or Tier 3 (never PERMIT without
//      approval) -> ANOMALY, unless the context carries an Approval bound to this actor,
//      attribute and operation and not expired, which makes it PERMIT. Otherwise PERMIT.
// The decision expires at time + min(default ttl, ttl of matched rules, end of a satisfied time
// window, approval expiry).
//
// The engine compiles the document into an index by (role, tier, operation) and then by attribute,
// prefix label and category, so an evaluation looks only at rules that can match. EvaluateNaive
// scans every rule; both give identical decisions (tested on random inputs) and the benchmark
// compares them. Immutable after Create: Evaluate is const and thread-safe. Pure: no I/O; the only
// clock read is the deadline check through EvalOptions::clock.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "policy/classify.h"
#include "policy/decision.h"
#include "policy/model.h"
#include "policy/rules.h"

namespace signet::policy {

// EvalOptions bounds an evaluation in time. Without a clock there is no deadline.
struct EvalOptions {
  const Clock* clock = nullptr;
  std::chrono::steady_clock::time_point deadline{};
};

// kDeadlineCheckInterval: the deadline is checked before the first rule, after every this many
// rules, and before the decision is returned.
inline constexpr int kDeadlineCheckInterval = 16;

// ValidateRequest checks a request's shape and limits (ids, attribute syntax, a category that
// agrees with the attribute's first label, domains, history sizes, amounts). Evaluate runs it
// and answers DENY (invalid_request) on failure.
Status ValidateRequest(const Request& request);

// HistoryUse is what a document's rules read of a request's history: `total_prior` (a
// first_request trigger) and how far back request times matter (`window`, the longest rate
// window in seconds; 0 = none). A caller that keeps history need keep only this.
struct HistoryUse {
  bool total_prior = false;
  int64_t window = 0;
  bool any() const { return total_prior || window > 0; }
};
HistoryUse HistoryUseOf(const PolicyDocument& doc);

class PolicyEngine {
 public:
  // Create validates `doc` (ValidateDocument) and compiles it.
  static Result<PolicyEngine> Create(PolicyDocument doc);

  PolicyEngine(PolicyEngine&&) noexcept;
  PolicyEngine& operator=(PolicyEngine&&) noexcept;
  ~PolicyEngine();

  // Evaluate decides `request` using the compiled index.
  Decision Evaluate(const Request& request, const EvalOptions& options = {}) const;
  // EvaluateNaive decides by scanning every rule in order: the reference the compiled path is
  // tested and benchmarked against.
  Decision EvaluateNaive(const Request& request, const EvalOptions& options = {}) const;

  // Classify classifies an actor (its domain is normalised first; an invalid domain is ignored).
  Classification Classify(const Actor& actor) const;

  // CandidateCount is how many rules the compiled index would examine for `request` (for tests
  // that prove evaluation does not scan every rule).
  size_t CandidateCount(const Request& request) const;

  // document is the policy this engine was compiled from.
  const PolicyDocument& document() const;
  // history_use is HistoryUseOf(document()), computed once.
  const HistoryUse& history_use() const;

 private:
  struct Compiled;
  explicit PolicyEngine(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> c_;
};

}  // namespace signet::policy
