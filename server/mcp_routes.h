#pragma once

// AddMcpRoutes installs the MCP Streamable HTTP endpoint (api/mcp_http.h): POST and DELETE
// /mcp; GET gets 405 from the router (no server-initiated stream).
//
// Authentication follows mcp.auth:
//   none   every caller is the local agent of the server's only vault. Validate refuses it unless
//          server.listen is loopback; a warning is logged on start.
//   oauth  OAuth 2.1 for MCP is not built yet: /mcp answers 501 with a JSON-RPC error saying so
//          (never an unauthenticated success).

#include "base/result.h"
#include "notify/approvals.h"
#include "server/router.h"
#include "server/services.h"

namespace signet::server {

// AddMcpRoutes registers /mcp on `router`. The handlers keep what they need alive; `approvals`
// (may be null: suspending tools then fail closed) must outlive the HTTP server.
Status AddMcpRoutes(Router& router, Services& services, notify::ApprovalService* approvals);

}  // namespace signet::server
