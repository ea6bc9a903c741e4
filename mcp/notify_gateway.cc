#include "mcp/notify_gateway.h"

#include <chrono>
#include <utility>

namespace signet::mcp {
namespace {

ApprovalState StateOf(notify::ApprovalState s) {
  switch (s) {
    case notify::ApprovalState::kApproved:
      return ApprovalState::kApproved;
    case notify::ApprovalState::kDenied:
      return ApprovalState::kDenied;
    case notify::ApprovalState::kExpired:
      return ApprovalState::kExpired;
    case notify::ApprovalState::kPending:
      break;
  }
  return ApprovalState::kPending;
}

}  // namespace

Result<Submission> NotifyApprovalGateway::Submit(const ApprovalRequest& request) {
  notify::ApprovalRequest r;
  r.tenant = request.tenant;
  r.report = request.report;
  for (const ApprovalScopeItem& item : request.scope) {
    r.scope.push_back({item.label, item.index, item.tier, item.compartment});
  }
  r.ttl = std::chrono::seconds(request.ttl_seconds);
  auto submitted = service_.Submit(r);
  if (!submitted) return std::move(submitted).error();
  return Submission{submitted->id, submitted->deadline};
}

Result<ApprovalStatus> NotifyApprovalGateway::Status(const TenantId& tenant, std::string_view id) {
  auto status = service_.Get(tenant, id);
  if (!status) return std::move(status).error();
  return ApprovalStatus{StateOf(status->state), status->deadline, status->note};
}

Result<ApprovalGrant> NotifyApprovalGateway::TakeGrant(const TenantId& tenant,
                                                       std::string_view id) {
  auto grant = service_.TakeGrant(tenant, id);
  if (!grant) return std::move(grant).error();
  ApprovalGrant out;
  out.approval = grant->approval;
  out.keys = std::shared_ptr<const vault::Tier3Access>(std::move(grant->keys));
  return out;
}

}  // namespace signet::mcp
