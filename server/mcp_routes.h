#pragma once

// AddMcpRoutes installs the MCP Streamable HTTP endpoint (api/mcp_http.h): POST and DELETE
// /mcp; GET gets 405 from the router (no server-initiated stream).
//
// Authentication follows mcp.auth:
//   none   every caller is the local agent of the server's only vault. Validate refuses it unless
//          server.listen is loopback; a warning is logged on start.
//   oauth  OAuth 2.1 access tokens from Signet's own authorization server (server/oauth_routes.h,
//          installed here): 401 with WWW-Authenticate naming the protected-resource metadata,
//          403 insufficient_scope for a tool or resource outside the token's scope.

#include "base/result.h"
#include "notify/approvals.h"
#include "server/router.h"
#include "server/services.h"

namespace signet::server {

// AddMcpRoutes registers /mcp on `router`. The handlers keep what they need alive; `approvals`
// (may be null: suspending tools then fail closed) must outlive the HTTP server.
Status AddMcpRoutes(Router& router, Services& services, notify::ApprovalService* approvals);

}  // namespace signet::server
