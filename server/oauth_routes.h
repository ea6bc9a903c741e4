#pragma once

// AddOAuthRoutes installs Signet's OAuth 2.1 authorization server for MCP clients
// (api/oauth_server.h): the RFC 9728 and RFC 8414 metadata documents, /register, /authorize,
// /token and /revoke. AddMcpRoutes calls it when mcp.auth is "oauth".

#include <memory>

#include "api/oauth_server.h"
#include "server/router.h"
#include "server/services.h"

namespace signet::server {

// OAuthOptionsFor maps the configuration (server.public_url, mcp.oauth.*) to server options,
// including the HTTP client that fetches client ID metadata documents (server/webhook_client.h:
// SSRF guard, https only, 64 KiB) unless mcp.oauth.client_metadata_documents is off. Fails only
// when that client cannot be created (e.g. an unreadable CA file).
Result<api::OAuthOptions> OAuthOptionsFor(const Config& config);

// AddOAuthRoutes registers the routes of `oauth` (kept alive by the handlers) on `router`.
void AddOAuthRoutes(Router& router, std::shared_ptr<const api::OAuthServer> oauth);

}  // namespace signet::server
