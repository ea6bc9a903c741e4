#pragma once

// The approval webhook payload (issue 9 item 4), a Standard Webhooks event:
//
//   {"type": "approval.requested", "timestamp": "<RFC 3339>", "data": {
//     "request_id", "tenant", "kind": "anomaly" | "tier3", "created_at", "deadline" (RFC 3339),
//     "deadline_unix",
//     "who":  {"actor", "domain", "role", "classification_method", "confidence",
//              "self_declared_capped", "conflict"},
//     "what": {"attribute", "category", "operation", "tier", "purpose", "destination", "session",
//              ["amount": {"currency", "minor"}],
//              "scope": [{"item": "label#index", "label", "index", "tier", "compartment"}]},
//     "why":  {"kinds": [...], "severity", "rules": [...], "summary"},
//     "options": {"decisions": ["approve", "deny"(, "modify")],
//                 "modify": {"items": [...], "rule": "non_empty_strict_subset"} | null,
//                 "owner_choices": [...], "device_signature_required", "key_release_required"},
//     "callback": {"url", "secret": "whsec_...", "signature": "standard-webhooks-v1"},
//     "ephemeral_key": {"alg": "X25519", "public": "<base64url>"},
//     "report_time": <Unix seconds of the policy decision>}}
//
// It carries no vault value: labels, tiers and compartments name records, never their contents.
// The callback secret is a per-request capability to answer this one request until its
// deadline; Tier-3 approvals additionally need a registered device's signature.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "crypto/x25519.h"
#include "notify/approvals.h"

namespace signet::notify {

inline constexpr std::string_view kRequestedEvent = "approval.requested";
inline constexpr size_t kMaxPayloadBytes = size_t{256} << 10;

// ApprovalPayload is a parsed payload (what an approver acts on).
struct ApprovalPayload {
  std::string request_id;
  TenantId tenant;
  ApprovalKind kind = ApprovalKind::kAnomaly;
  policy::AnomalyReport report;
  std::vector<ScopeItem> scope;
  int64_t created_at = 0;
  int64_t deadline = 0;
  std::string callback_url;
  std::string callback_secret;  // "whsec_..."; secret
  Bytes ephemeral_public;       // 32-byte X25519 public key of the request
  bool device_signature_required = false;
};

// ParsePayload parses a payload strictly (the full event, or just its "data" object).
Result<ApprovalPayload> ParsePayload(std::string_view json);

// ModifyAllowed reports whether a scope of `n` items can be narrowed (needs n >= 2).
inline bool ModifyAllowed(size_t n) { return n >= 2; }

}  // namespace signet::notify
