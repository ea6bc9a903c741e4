#pragma once

// OAuthServer: Signet as its own OAuth 2.1 authorization server (draft-ietf-oauth-v2-1-13) for
// MCP clients (MCP 2025-11-25 "Authorization"), and the matching resource-server check of /mcp.
// Every handler is a plain Request -> Response function; all state lives in the StateStore
// (api/oauth_store.h).
//
//   GET  /.well-known/oauth-protected-resource[/mcp]  RFC 9728 metadata of <issuer>/mcp
//   GET  /.well-known/oauth-authorization-server       RFC 8414 metadata (issuer exact, no '/')
//   POST /register    RFC 7591: public clients only (token_endpoint_auth_method "none"); or a
//                     client ID metadata document when client_id is an https URL
//   GET  /authorize   validates the request (PKCE S256 only, exact redirect_uri, RFC 8707
//                     resource = <issuer>/mcp, scope) and shows the consent page
//   POST /authorize   the owner types the pairing code from `signet agent pair` -> 302 to the
//                     client with code, state and iss (RFC 9207)
//   POST /token       authorization_code (PKCE) and refresh_token (rotation; reuse of a rotated
//                     refresh token revokes the whole grant), optional DPoP binding (RFC 9449)
//   POST /revoke      RFC 7009
//
// Scopes are the MCP tool scopes (mcp/signet_tools.h): signet:proofs signet:query
// signet:capabilities signet:notes; an authorization request without scope gets all of them.
// Access tokens are opaque, random, short-lived and valid only for the resource <issuer>/mcp.
//
// Thread-safe: immutable after construction; the store is thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.h"
#include "api/oauth_dpop.h"
#include "api/oauth_store.h"
#include "api/oauth_util.h"
#include "base/result.h"
#include "mcp/protocol.h"
#include "notify/http_sender.h"

namespace signet::api {

// OAuthOptions configure the authorization server.
struct OAuthOptions {
  std::string issuer;  // the public base URL, without a trailing '/'
  Duration access_token_ttl = std::chrono::minutes(10);
  Duration refresh_token_ttl = std::chrono::hours(24 * 30);  // the grant's absolute lifetime
  Duration code_ttl = std::chrono::seconds(60);
  Duration request_ttl = std::chrono::minutes(10);  // time to type the pairing code
  int max_pairing_attempts = 5;                     // wrong codes per authorization request
  // Fetches client ID metadata documents (api/oauth_client_metadata.h); null = an https URL as
  // client_id is refused ("not supported").
  std::shared_ptr<notify::HttpSender> client_metadata_sender;
};

class OAuthServer {
 public:
  // `state` and `clock` must outlive the server.
  OAuthServer(storage::StateStore& state, const Clock& clock, OAuthOptions options);

  // Metadata documents (RFC 9728 §3, RFC 8414 §3).
  Response ProtectedResourceMetadata(const Request& req) const;
  Response AuthorizationServerMetadata(const Request& req) const;
  // Register handles POST /register (RFC 7591 §3).
  Response Register(const Request& req) const;
  // AuthorizeGet / AuthorizePost handle /authorize: the consent page, approved with a pairing
  // code (`signet agent pair`) or, with the code field left empty, by an approval the owner made
  // from a device for the approval code the page shows (`signet agent approve`,
  // OAuthStore::ApproveRequest).
  Response AuthorizeGet(const Request& req) const;
  Response AuthorizePost(const Request& req) const;
  // Token handles POST /token; Revoke handles POST /revoke.
  Response Token(const Request& req) const;
  Response Revoke(const Request& req) const;

  // Authenticate names the caller of a /mcp request from its access token (Bearer; or, for a
  // DPoP-bound token, scheme DPoP with a DPoP proof or an RFC 9421 signature, api/oauth_httpsig.h).
  // Unauthenticated when missing, unknown, expired, revoked or not proven; kUnavailable on storage
  // outages.
  Result<mcp::Principal> Authenticate(const Request& req) const;
  // Challenge returns the WWW-Authenticate fields for a refused /mcp request: `error` from
  // Authenticate (401: a Bearer and a DPoP challenge, each with resource_metadata) or a missing
  // `scope` (403, error="insufficient_scope"). Empty for errors that are not 401/403.
  std::vector<std::string> Challenge(const Error& error, std::string_view scope) const;

  // ResourceUri is <issuer>/mcp; ResourceMetadataUri its RFC 9728 metadata URL.
  std::string ResourceUri() const { return options_.issuer + "/mcp"; }
  std::string ResourceMetadataUri() const {
    return options_.issuer + "/.well-known/oauth-protected-resource/mcp";
  }
  const OAuthStore& store() const { return store_; }

 private:
  Response AuthorizationCodeGrant(const Request& req, const FormParams& form) const;
  Response RefreshGrant(const Request& req, const FormParams& form) const;
  Result<DpopKey> TokenDpop(const Request& req) const;
  void RevokeReplayedCode(const std::string& code_hash) const;
  Status ProvePossession(const Request& req, std::string_view token, const AgentGrant& g,
                         int64_t now) const;
  Response IssueTokens(const AgentGrant& grant, std::string refresh, std::string_view scope) const;
  Response ConsentPage(const credentials::Json& request, std::string_view request_id,
                       std::string_view error) const;
  Response Deny(const credentials::Json& request, std::string_view error,
                std::string_view description) const;
  Response IssueCode(const std::string& request_id, const PairingCode& approved) const;
  Result<credentials::Json> CheckAuthorizeRequest(const FormParams& q, Response* shown) const;
  Result<OAuthClient> FindClient(std::string_view client_id, Response* shown) const;

  OAuthStore store_;
  OAuthOptions options_;
};

// OAuthError is an RFC 6749 §5.2 error response ({"error", "error_description"}) with
// Cache-Control: no-store.
Response OAuthError(int status, std::string_view error, std::string_view description);

}  // namespace signet::api
