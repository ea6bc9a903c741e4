#pragma once

// The outcome of a policy evaluation: PERMIT, DENY or ANOMALY, with structured reasons (a code,
// the rule that produced it, human text), the ids of the rules that decided, an expiry, and for
// ANOMALY a report for the approver: who asks, what, why it is unusual, and the owner's options.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/classify.h"
#include "policy/model.h"

namespace signet::policy {

// Effect is the decision. Combining is deny-overrides: DENY > ANOMALY > PERMIT.
enum class Effect : uint8_t { kPermit, kDeny, kAnomaly };
// EffectName returns "permit", "deny" or "anomaly".
std::string_view EffectName(Effect effect);

// ReasonCode is the machine-readable part of a Reason.
enum class ReasonCode : uint8_t {
  kRulePermit,                // a grant or tier threshold permits
  kRuleDeny,                  // a deny rule matched
  kBelowThreshold,            // a tier threshold with below=deny, role too low
  kDomainNotAllowed,          // destination domain outside a restriction's allowed list
  kDomainDenied,              // destination domain inside a restriction's denied list
  kOutsideTimeWindow,         // a time window rule is violated
  kAmountOverLimit,           // an amount limit is exceeded
  kCurrencyNotAllowed,        // an amount limit has no cap for the currency
  kRateLimitExceeded,         // a rate limit is exceeded
  kAnomalyTriggered,          // an anomaly trigger's conditions hold
  kInsufficientRole,          // mismatch: the role is below the data category's home role
  kCrossDomain,               // mismatch: a sectoral role asks for another sector's data
  kMismatchAcknowledged,      // a grant acknowledges the mismatch (owner's "allow always")
  kNoMatchingRule,            // nothing decided: escalate
  kTier3RequiresApproval,     // Tier 3 is never permitted without an approval
  kApprovalApplied,           // the owner's approval turned an ANOMALY into PERMIT
  kApprovalRejected,          // an approval was given but is not bound to this request
  kTier2DisclosureForbidden,  // invariant 4: raw Tier-2 values never leave
  kSelfDeclarationCapped,     // self-declaration cannot give Financial or above
  kDeadlineExceeded,          // evaluation ran out of time: fail closed
  kInvalidRequest,            // the request is malformed: fail closed
};
// ReasonCodeName returns the stable snake_case name ("rule_permit", ...).
std::string_view ReasonCodeName(ReasonCode code);

// ReasonDetail is what a reason's sentence is rendered from (Reason::Message): the evaluation
// records numbers and names, and text is built only when someone reads it.
struct ReasonDetail {
  std::string_view rule_kind;           // the rule's kind name (static storage), if any
  Role role = Role::kPublic;            // the actor's role
  Role required_role = Role::kPublic;   // kBelowThreshold
  int tier = 0;                         // kBelowThreshold
  DataCategory category = DataCategory::kPublic;   // mismatch reasons
  int mismatch = 0;                     // mismatch reasons: the AnomalyKind, as an int
  int64_t value = 0;                    // an amount in minor units, or a request count
  int64_t limit = 0;                    // an amount cap, or a rate limit's maximum
  int64_t window = 0;                   // a rate limit's window, seconds
  std::string text;                     // a destination domain, a currency, an approval id
  std::string_view note;                // static text: why an approval does not apply
  bool operator==(const ReasonDetail&) const = default;
};

// Reason explains one step of the decision.
struct Reason {
  ReasonCode code = ReasonCode::kNoMatchingRule;
  std::string rule_id;   // empty for built-in reasons
  ReasonDetail detail;   // what Message renders
  std::string message;   // free text instead of `detail` (fail-closed reasons); usually empty
  // Message returns the reason as one human sentence.
  std::string Message() const;
  bool operator==(const Reason&) const = default;
};

// AnomalyKind says why a request is unusual.
enum class AnomalyKind : uint8_t {
  kNoMatchingRule,    // no rule covers it
  kInsufficientRole,  // role below the data's home role (e.g. commerce asks for medical data)
  kCrossDomain,       // a sectoral role asks for another sector's data
  kTriggered,         // an owner-written anomaly trigger fired
  kConstraint,        // a constraint rule with on_violation=anomaly was violated
  kTier3Approval,     // Tier 3 needs the owner's approval every time
};
// AnomalyKindName returns the stable snake_case name.
std::string_view AnomalyKindName(AnomalyKind kind);

// Severity orders how much attention an anomaly deserves.
enum class Severity : uint8_t { kLow, kMedium, kHigh };
// SeverityName returns "low", "medium" or "high".
std::string_view SeverityName(Severity severity);

// OwnerChoice is an answer the owner can give to an anomaly (policy/choices.h turns it into a
// rule or an approval).
enum class OwnerChoice : uint8_t { kDenyOnce, kDenyAlways, kAllowOnce, kAllowAlways };
// OwnerChoiceName returns "deny_once", "deny_always", "allow_once" or "allow_always".
std::string_view OwnerChoiceName(OwnerChoice choice);
// ParseOwnerChoice maps an OwnerChoiceName back; nullopt if unknown.
std::optional<OwnerChoice> ParseOwnerChoice(std::string_view name);

// AnomalyReport is the approver's view of an ANOMALY (the webhook payload's reasoning part).
struct AnomalyReport {
  // Who asks.
  std::string actor_id;
  std::string actor_domain;
  Classification classification;
  // What is asked, and where it would go.
  Predicate predicate;
  std::string purpose;
  std::string destination_domain;
  std::string session;
  std::optional<Amount> amount;
  // Why it is unusual.
  std::vector<AnomalyKind> kinds;
  Severity severity = Severity::kLow;
  std::vector<std::string> rule_ids;  // rules involved (triggers, permits that were overridden)
  // What the owner may do. allow_always is offered only where a scoped grant resolves it (not
  // for Tier 3, which always needs approval, nor for owner-written triggers and constraints).
  std::vector<OwnerChoice> options;
  int64_t time = 0;  // the request's time
  // Summary describes the anomaly in one human sentence (built from the fields above).
  std::string Summary() const;
  bool operator==(const AnomalyReport&) const = default;
};

// Decision is the engine's answer.
struct Decision {
  Effect effect = Effect::kDeny;
  std::vector<Reason> reasons;
  std::vector<std::string> matched_rules;  // ids of rules that produced an effect, in order
  int64_t expires_at = 0;                  // Unix seconds; re-evaluate after this
  Classification classification;
  bool approval_required = false;        // ANOMALY that an approval can resolve
  std::optional<AnomalyReport> anomaly;  // set iff effect == kAnomaly
  bool operator==(const Decision&) const = default;
};

// DecisionToJson renders a decision (and its anomaly report) as compact JSON for the MCP tools,
// the approval webhook and `signet policy test --json`. Field names: docs/policy.md.
std::string DecisionToJson(const Decision& decision);
// AnomalyReportToJson renders just the report.
std::string AnomalyReportToJson(const AnomalyReport& report);
// DecisionToText renders a decision for people (several lines, no trailing newline).
std::string DecisionToText(const Decision& decision);

}  // namespace signet::policy
