#pragma once

// The seam to the owner's approval flow (ARCHITECTURE.md §5.4). When the policy answers ANOMALY,
// or a request touches Tier 3 (never permitted without approval), the tool suspends: it submits
// one ApprovalRequest per predicate that needs the owner and returns a request id the agent
// polls with signet_check_status. The shape follows notify::ApprovalService (notify/approvals.h);
// the server does not plug an adapter in yet (server/mcp_stack.h), tests use fakes.
// A server without an approval channel passes no gateway, and suspended tools then fail with a
// clear error instead of waiting forever.
//
// Thread safety: implementations are safe for concurrent calls. Failure modes: kUnavailable
// (store or channel down: the tool fails closed), kNotFound (unknown id), kAlreadyExists (a grant
// was already taken), kFailedPrecondition (no grant: pending, denied or expired).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "policy/decision.h"
#include "vault/vault.h"

namespace signet::mcp {

// ApprovalScopeItem is one vault record a suspended request would read.
struct ApprovalScopeItem {
  std::string label;
  uint64_t index = 0;
  int tier = 2;
  std::string compartment;  // Tier 3 only
};

// ApprovalRequest asks the owner about one predicate.
struct ApprovalRequest {
  TenantId tenant;
  policy::AnomalyReport report;          // who asks, what, why it is unusual, the options
  std::vector<ApprovalScopeItem> scope;  // the records involved
  int64_t ttl_seconds = 900;             // no answer by then = deny
};

// Submission identifies a filed request.
struct Submission {
  std::string id;
  int64_t deadline = 0;  // Unix seconds
};

// ApprovalState is where an approval stands.
enum class ApprovalState { kPending, kApproved, kDenied, kExpired };
// ApprovalStateName returns "pending", "approved", "denied" or "expired".
std::string_view ApprovalStateName(ApprovalState state);

// ApprovalStatus is the answer to a status query.
struct ApprovalStatus {
  ApprovalState state = ApprovalState::kPending;
  int64_t deadline = 0;
  std::string note;  // the approver's note, if any
};

// ApprovalGrant is what an approval yields, exactly once: the owner's allow-once to evaluate the
// policy with and, for Tier 3, access to the released record keys (for this request only).
struct ApprovalGrant {
  policy::Approval approval;
  std::shared_ptr<const vault::Tier3Access> keys;
};

class ApprovalGateway {
 public:
  virtual ~ApprovalGateway() = default;
  // Submit files the request and notifies the approver.
  virtual Result<Submission> Submit(const ApprovalRequest& request) = 0;
  // Status reports the owner's answer so far.
  virtual Result<ApprovalStatus> Status(const TenantId& tenant, std::string_view id) = 0;
  // TakeGrant hands out an approved request's grant exactly once.
  virtual Result<ApprovalGrant> TakeGrant(const TenantId& tenant, std::string_view id) = 0;
};

}  // namespace signet::mcp
