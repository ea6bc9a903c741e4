#pragma once

// McpStack: the MCP features of one process, built from the configuration and shared by both
// transports (Streamable HTTP at /mcp, server/mcp_routes.h; stdio, server/mcp_stdio.h): tenant
// vaults, the policy source, the Signet tools, resources and prompts, and the dispatcher.
//
// Tools that suspend for the owner (Tier 3, anomalies) go through the owner-approval service
// (server/approval_routes.h) when one is given; without one (stdio, or approvals not configured)
// they fail closed with a clear error.
//
// Immutable after Create; thread-safe. Everything passed in must outlive the stack.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "base/clock.h"
#include "base/result.h"
#include "mcp/dispatcher.h"
#include "mcp/notify_gateway.h"
#include "mcp/policy_source.h"
#include "mcp/signet_tools.h"
#include "mcp/tenant_vaults.h"
#include "server/config.h"
#include "storage/storage.h"
#include "vault/tenants.h"

namespace signet::server {

class McpStack {
 public:
  // Create builds the stack. `approvals` may be null (no approval channel). Fails if
  // mcp.policy_file does not load.
  static Result<std::unique_ptr<McpStack>> Create(const Config& config, storage::Storage& storage,
                                                  vault::TenantRegistry& tenants,
                                                  const Clock& clock,
                                                  notify::ApprovalService* approvals = nullptr,
                                                  std::function<void(policy::Effect)>
                                                      on_decision = {},
                                                  mcp::ToolCallObserver on_tool_call = {});

  const mcp::Dispatcher& dispatcher() const { return *dispatcher_; }

  // LocalPrincipal is the caller of a local session (stdio, or HTTP with mcp.auth: none): the
  // server's only tenant, as "agent:local", with every scope. kFailedPrecondition if there is no
  // vault yet (run `signet init`) or several tenants. The sole tenant is looked up at most once
  // per kLocalTenantRecheck (listing the tenants cost ~6 % of the CPU of an MCP tool call); a
  // tenant added or removed meanwhile is seen within that time. Failures are not remembered.
  Result<mcp::Principal> LocalPrincipal() const;
  static constexpr Duration kLocalTenantRecheck = std::chrono::seconds(1);

 private:
  McpStack(vault::TenantRegistry& tenants, const Clock& clock) : tenants_(tenants), clock_(clock) {}

  vault::TenantRegistry& tenants_;
  const Clock& clock_;
  mutable std::mutex local_mu_;
  mutable std::optional<TenantId> local_tenant_;  // guarded by local_mu_
  mutable Time local_checked_{};                  // guarded by local_mu_
  std::unique_ptr<mcp::TenantVaults> vaults_;
  std::unique_ptr<mcp::PolicySource> policy_;
  std::unique_ptr<mcp::NotifyApprovalGateway> approvals_;  // null without an approval service
  std::unique_ptr<mcp::SignetFeatures> features_;
  std::unique_ptr<mcp::Dispatcher> dispatcher_;
};

// PublicUrl is PublicBaseUrl (server/config.h): the base of credential issuer URLs.
std::string PublicUrl(const Config& config);

}  // namespace signet::server
