#include "server/mcp_stack.h"

#include "server/app.h"

namespace signet::server {

std::string PublicUrl(const Config& config) { return PublicBaseUrl(config); }

Result<std::unique_ptr<McpStack>> McpStack::Create(const Config& config, storage::Storage& storage,
                                                   vault::TenantRegistry& tenants,
                                                   const Clock& clock,
                                                   notify::ApprovalService* approvals,
                                                   std::function<void(policy::Effect)> on_decision,
                                                   mcp::ToolCallObserver on_tool_call) {
  std::unique_ptr<McpStack> stack(new McpStack(tenants, clock));
  vault::VaultOptions vault_options;
  vault_options.quota = {.records = config.limits.tenant_records,
                         .bytes = config.limits.tenant_bytes};
  stack->vaults_ = std::make_unique<mcp::TenantVaults>(storage, tenants, clock, vault_options);
  if (config.mcp.policy_file.empty()) {
    stack->policy_ = std::make_unique<mcp::VaultPolicySource>(*stack->vaults_);
  } else {
    auto engine = mcp::LoadPolicyFile(config.mcp.policy_file);
    if (!engine) return engine.error().WithContext("mcp.policy_file");
    stack->policy_ = std::make_unique<mcp::StaticPolicySource>(std::move(*engine));
  }
  if (approvals != nullptr) {
    stack->approvals_ = std::make_unique<mcp::NotifyApprovalGateway>(*approvals);
  }
  mcp::SignetToolsOptions options;
  options.issuer_base = PublicUrl(config);
  stack->features_ = std::make_unique<mcp::SignetFeatures>(mcp::ToolServices{
      *stack->vaults_, *stack->policy_, stack->approvals_.get(), storage.state(), clock, options,
      std::move(on_decision)});
  mcp::ServerInfo info{.version = GetBuildInfo().version,
                       .instructions = mcp::SignetFeatures::Instructions()};
  stack->dispatcher_ =
      std::make_unique<mcp::Dispatcher>(std::move(info), stack->features_->tools(),
                                        stack->features_->resources(), stack->features_->prompts(),
                                        std::move(on_tool_call));
  return stack;
}

Result<mcp::Principal> McpStack::LocalPrincipal() const {
  std::optional<TenantId> id;
  {
    std::lock_guard<std::mutex> lock(local_mu_);
    if (local_tenant_ && clock_.Now() - local_checked_ < kLocalTenantRecheck) id = local_tenant_;
  }
  if (!id) {
    auto tenant = tenants_.SoleTenant();
    if (!tenant) {
      if (tenant.error().code() == ErrorCode::kUnavailable) return std::move(tenant).error();
      return FailedPrecondition("no single local vault to serve (run `signet init` first): " +
                                tenant.error().message());
    }
    id = tenant->id;
    std::lock_guard<std::mutex> lock(local_mu_);
    local_tenant_ = id;
    local_checked_ = clock_.Now();
  }
  mcp::Principal p;
  p.tenant = *id;
  p.agent_id = "agent:local";
  p.scope = std::string(mcp::kAllScopes);
  p.local = true;
  return p;
}

}  // namespace signet::server
