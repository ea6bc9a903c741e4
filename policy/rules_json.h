#pragma once

// The JSON form of a PolicyDocument (docs/policy.md):
//
//   {"version": 1,
//    "settings": {"default_ttl_seconds": 300, "use_default_domain_roles": true},
//    "actors": [{"id": "agent:me", "role": "trusted_agent"}],
//    "domain_roles": [{"domain": "mybank.example", "role": "financial", "subdomains": true}],
//    "rules": [{"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "commerce"}, ...]}
//
// Parsing is strict: unknown fields, duplicate keys, wrong types, out-of-range values and
// over-limit sizes are errors whose message starts with the JSON Pointer of the offending value
// ("/rules/2/window/start: time of day must be HH:MM"). Size errors are kTooLarge, everything
// else kInvalidArgument. The stored form is SerializePolicyDocument's output, which parses back
// to an equal document.

#include <string>
#include <string_view>

#include "base/result.h"
#include "policy/rules.h"

namespace signet::policy {

// ParsePolicyDocument parses and validates a document (at most kMaxDocumentBytes).
Result<PolicyDocument> ParsePolicyDocument(std::string_view json_text);

// SerializePolicyDocument renders `doc` as JSON (`indent` < 0: compact). Field order is fixed, so
// equal documents serialise to equal bytes.
std::string SerializePolicyDocument(const PolicyDocument& doc, int indent = -1);

// ValidateDocument checks a programmatically built document against the same rules as the
// parser (it round-trips it through JSON; InvalidArgument if it is not representable).
Status ValidateDocument(const PolicyDocument& doc);

// ParseRuleJson parses one rule object (as it appears in "rules"); `path` prefixes errors.
Result<Rule> ParseRuleJson(std::string_view json_text, std::string_view path = "");
// SerializeRule renders one rule as JSON.
std::string SerializeRule(const Rule& rule, int indent = -1);

}  // namespace signet::policy
