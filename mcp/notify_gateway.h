#pragma once

// NotifyApprovalGateway adapts the owner-approval service (notify::ApprovalService, notify/
// approvals.h; ARCHITECTURE.md §5.4) to the tools' ApprovalGateway seam: Submit files the
// request (webhook to the approver through the outbox), Status reports the owner's answer, and
// TakeGrant hands out the one-time grant (with the released Tier-3 keys) exactly once.
//
// Thread-safe (the service is). Errors of the service pass through unchanged, so the tools fail
// closed on any of them. `service` must outlive the gateway.

#include "mcp/approvals.h"
#include "notify/approvals.h"

namespace signet::mcp {

class NotifyApprovalGateway final : public ApprovalGateway {
 public:
  explicit NotifyApprovalGateway(notify::ApprovalService& service) : service_(service) {}

  Result<Submission> Submit(const ApprovalRequest& request) override;
  Result<ApprovalStatus> Status(const TenantId& tenant, std::string_view id) override;
  Result<ApprovalGrant> TakeGrant(const TenantId& tenant, std::string_view id) override;

 private:
  notify::ApprovalService& service_;
};

}  // namespace signet::mcp
