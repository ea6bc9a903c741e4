#include "server/mcp_routes.h"

#include <memory>

#include "api/mcp_http.h"
#include "base/log.h"
#include "server/mcp_stack.h"

namespace signet::server {
namespace {

// McpHttp is everything the /mcp handlers share.
struct McpHttp {
  std::unique_ptr<McpStack> stack;
  std::unique_ptr<mcp::SessionStore> sessions;
  std::unique_ptr<api::McpHttpEndpoint> endpoint;
};

api::McpAuthenticator Authenticator(const Config& config, const McpStack& stack) {
  if (config.mcp.auth == "none") {
    return [&stack](const api::Request&) { return stack.LocalPrincipal(); };
  }
  return [](const api::Request&) -> Result<mcp::Principal> {
    return Unimplemented(
        "OAuth 2.1 authorization for MCP is not implemented yet; for local use set mcp.auth: "
        "none with a loopback server.listen");
  };
}

}  // namespace

Status AddMcpRoutes(Router& router, Services& services, notify::ApprovalService* approvals) {
  const Config& config = services.config;
  auto stack =
      McpStack::Create(config, services.storage, services.tenants, services.clock, approvals);
  if (!stack) return std::move(stack).error();
  auto shared = std::make_shared<McpHttp>();
  shared->stack = std::move(*stack);
  shared->sessions = std::make_unique<mcp::SessionStore>(services.storage.state(), services.clock,
                                                         config.mcp.session_ttl);
  shared->endpoint = std::make_unique<api::McpHttpEndpoint>(
      shared->stack->dispatcher(), *shared->sessions, Authenticator(config, *shared->stack),
      api::McpHttpOptions{config.mcp.allowed_hosts, config.mcp.allowed_origins});
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
