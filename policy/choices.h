#pragma once

// The owner's answers to an ANOMALY (AnomalyReport::options) turned into policy changes:
//   deny_once    nothing to store; the pending request is denied
//   deny_always  a deny rule for this actor, attribute and operation
//   allow_once   an Approval for exactly this actor, attribute and operation (ApprovalForChoice),
//                which the approvals layer signs, stores, and consumes once
//   allow_always a grant scoped as narrowly as the request allows: this actor, attribute,
//                operation and tier, and the destination domain if there was one;
//                acknowledge_mismatch is set only if the anomaly was a role/category mismatch
// Rule ids are deterministic ("owner-allow-<12 hex>", "owner-deny-<12 hex>", from SHA-256 of the
// scope), so answering the same anomaly twice does not add a second rule.

#include <string>

#include "base/result.h"
#include "policy/decision.h"
#include "policy/rules.h"

namespace signet::policy {

// RuleForChoice returns the rule for deny_always or allow_always. InvalidArgument for the
// "once" choices (they create no rule); FailedPrecondition if the report does not offer it.
Result<Rule> RuleForChoice(const AnomalyReport& report, OwnerChoice choice);

// ApprovalForChoice returns the allow-once approval for the report's request, valid until
// `expires_at` and, if `bind_session`, only in the request's session.
Approval ApprovalForChoice(const AnomalyReport& report, std::string approval_id, int64_t expires_at,
                           bool bind_session);

// ScopedGrant / ScopedDeny build the narrow rules used above and by the pattern tracker's
// suggestions. `destination` may be empty (any destination).
Rule ScopedGrant(const std::string& actor_id, const Predicate& predicate,
                 const std::string& destination, bool acknowledge_mismatch);
Rule ScopedDeny(const std::string& actor_id, const std::string& attribute, Operation operation);

// AddRule returns `doc` with `rule` appended, validated. AlreadyExists if a rule with that id is
// present, TooLarge past kMaxRules, InvalidArgument if the result does not validate.
Result<PolicyDocument> AddRule(PolicyDocument doc, Rule rule);

}  // namespace signet::policy
