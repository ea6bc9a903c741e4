#pragma once

// McpHttpEndpoint: the MCP Streamable HTTP transport (MCP 2025-11-25 "Transports", Streamable
// HTTP; 2025-06-18 and 2025-03-26 clients are served too) as a plain Request -> Response handler
// for POST and DELETE on one endpoint (/mcp). GET is not offered (the server never sends
// unsolicited messages), so the router answers it with 405.
//
// POST carries exactly one JSON-RPC message:
//   - a request is answered with 200 and either application/json or, when the client accepts
//     only text/event-stream, an SSE stream holding the one response event;
//   - a notification or a response is answered with 202 and no body;
//   - `initialize` creates a session (SessionStore) and returns its id in Mcp-Session-Id; every
//     later message must carry it: missing -> 400, unknown or expired -> 404 (the client then
//     re-initializes). A session belongs to the tenant and agent that created it; another
//     caller presenting its id gets 404.
//   - MCP-Protocol-Version, if sent, must be a supported version (else 400); absent means
//     2025-03-26, as the specification says.
// DELETE with Mcp-Session-Id ends the session (204; unknown -> 404).
//
// Every request is first checked against the Host and Origin allowlists (DNS-rebinding
// protection, "Security Warning" of the transport section): a Host not listed, or an Origin
// present that is neither listed nor the server's own origin -> 403. Then the authenticator names
// the caller (401/403 from it are passed through, with the challenge of McpHttpOptions); with a
// challenge configured, a message needing an OAuth scope the caller lacks gets 403. Bodies over
// kMaxMessageBytes -> 413; a content type other than application/json -> 415; an Accept that allows
// neither JSON nor SSE -> 406. HTTP-level errors carry a JSON-RPC error body with a null id.
//
// Thread-safe: immutable after construction; the dispatcher and the session store are.

#include <functional>
#include <string>
#include <vector>

#include "api/http.h"
#include "base/result.h"
#include "mcp/dispatcher.h"
#include "mcp/session_store.h"

namespace signet::api {

// McpAuthenticator names the caller of a request, or answers instead (e.g. 401 with
// WWW-Authenticate). It must be thread-safe.
using McpAuthenticator = std::function<Result<mcp::Principal>(const Request&)>;

// McpHttpOptions configure the endpoint.
struct McpHttpOptions {
  // Host header values accepted, compared case-insensitively without the port
  // ("localhost", "127.0.0.1", "::1", "vault.example").
  std::vector<std::string> allowed_hosts = {"localhost", "127.0.0.1", "::1"};
  // Origin header values accepted ("https://app.example") besides the server's own origin
  // (http(s):// + the allowlisted Host); a request without Origin is accepted.
  std::vector<std::string> allowed_origins;
  // WWW-Authenticate fields for a refused request: the authenticator's error (401), or, with a
  // non-empty scope, a message needing a scope the principal lacks (403 insufficient_scope).
  // Unset: no challenge, and a missing scope is left to the dispatcher (a JSON-RPC error).
  std::function<std::vector<std::string>(const Error& error, std::string_view scope)> challenge;
};

class McpHttpEndpoint {
 public:
  // `dispatcher` and `sessions` must outlive the endpoint.
  McpHttpEndpoint(const mcp::Dispatcher& dispatcher, mcp::SessionStore& sessions,
                  McpAuthenticator authenticate, McpHttpOptions options);

  // Post handles POST /mcp.
  Response Post(const Request& req) const;
  // Delete handles DELETE /mcp.
  Response Delete(const Request& req) const;

 private:
  std::optional<Response> CheckOrigin(const Request& req) const;
  Response AuthError(const Error& e) const;
  Response Initialize(const Request& req, const mcp::Message& m,
                      const mcp::Principal& principal) const;
  Result<mcp::SessionState> LoadSession(const Request& req, const mcp::Principal& principal,
                                        std::string& id) const;

  const mcp::Dispatcher& dispatcher_;
  mcp::SessionStore& sessions_;
  McpAuthenticator authenticate_;
  McpHttpOptions options_;
};

// McpHttpError builds an HTTP error whose body is a JSON-RPC error with a null id.
Response McpHttpError(int status, int rpc_code, std::string message);

}  // namespace signet::api
