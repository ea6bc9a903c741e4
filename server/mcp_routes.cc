#include "server/mcp_routes.h"

#include <memory>

#include "api/mcp_http.h"
#include "base/log.h"
#include "server/mcp_stack.h"
#include "server/oauth_routes.h"
#include "server/operator_metrics.h"

namespace signet::server {
namespace {

// McpHttp is everything the /mcp handlers share.
struct McpHttp {
  std::unique_ptr<McpStack> stack;
  std::unique_ptr<mcp::SessionStore> sessions;
  std::unique_ptr<api::McpHttpEndpoint> endpoint;
};

api::McpAuthenticator Authenticator(const McpStack& stack,
                                    std::shared_ptr<const api::OAuthServer> oauth,
                                    vault::TenantRegistry& tenants) {
  if (oauth == nullptr) {
    return [&stack](const api::Request&) { return stack.LocalPrincipal(); };
  }
  // A token names its tenant; a suspended tenant serves no agent, from the next request on, on
  // every replica (the status is read from the shared registry each time).
  return [oauth, &tenants](const api::Request& req) -> Result<mcp::Principal> {
    auto principal = oauth->Authenticate(req);
    if (!principal) return principal;
    auto info = tenants.Get(principal->tenant);
    if (!info) {
      if (info.error().code() == ErrorCode::kNotFound) return Unauthenticated("invalid token");
      return std::move(info).error();
    }
    if (info->status != "active") return PermissionDenied("the vault is suspended by its owner");
    return principal;
  };
}

// InstallOAuth builds the authorization server and adds its routes when mcp.auth is "oauth";
// nullptr otherwise.
Result<std::shared_ptr<const api::OAuthServer>> InstallOAuth(Router& router, Services& services) {
  if (services.config.mcp.auth != "oauth") return std::shared_ptr<const api::OAuthServer>();
  auto options = OAuthOptionsFor(services.config);
  if (!options) return std::move(options).error();
  auto oauth = std::make_shared<const api::OAuthServer>(services.storage.state(), services.clock,
                                                        std::move(*options));
  AddOAuthRoutes(router, oauth);
  return std::shared_ptr<const api::OAuthServer>(oauth);
}

}  // namespace

Status AddMcpRoutes(Router& router, Services& services, notify::ApprovalService* approvals) {
  const Config& config = services.config;
  auto stack =
      McpStack::Create(config, services.storage, services.tenants, services.clock, approvals,
                       PolicyDecisionCounter(services.metrics),
                       McpToolCallCounter(services.metrics));
  if (!stack) return std::move(stack).error();
  auto shared = std::make_shared<McpHttp>();
  shared->stack = std::move(*stack);
  shared->sessions = std::make_unique<mcp::SessionStore>(services.storage.state(), services.clock,
                                                         config.mcp.session_ttl);
  api::McpHttpOptions http_options{config.mcp.allowed_hosts, config.mcp.allowed_origins, nullptr};
  auto installed = InstallOAuth(router, services);
  if (!installed) return std::move(installed).error();
  std::shared_ptr<const api::OAuthServer> oauth = std::move(*installed);
  if (oauth != nullptr) {
    http_options.challenge = [oauth](const Error& e, std::string_view scope) {
      return oauth->Challenge(e, scope);
    };
  }
  shared->endpoint = std::make_unique<api::McpHttpEndpoint>(
      shared->stack->dispatcher(), *shared->sessions, Authenticator(*shared->stack, oauth, services.tenants),
      std::move(http_options));
  const RouteOptions options{.max_body_bytes = mcp::kMaxMessageBytes};
  router.Add(
      "POST", "/mcp", [shared](const api::Request& req) { return shared->endpoint->Post(req); },
      options);
  router.Add(
      "DELETE", "/mcp", [shared](const api::Request& req) { return shared->endpoint->Delete(req); },
      options);
  if (approvals == nullptr) {
    log::Warn("MCP tools that need the owner's approval will fail: no approval service");
  }
  if (config.mcp.auth == "none") {
    log::Warn(
        "MCP AUTHENTICATION IS OFF (mcp.auth: none): every caller of /mcp on this loopback "
        "listener acts as the vault's local agent",
        {{"listen", config.server.listen.ToString()}});
  }
  return OkStatus();
}

}  // namespace signet::server
