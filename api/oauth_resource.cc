// OAuthServer: the resource-server side of /mcp (RFC 6750 §2.1 and §3, RFC 9449 §7, RFC 9728
// §5.1): an access token becomes the Principal of its agent session.

#include "api/oauth_client_metadata.h"
#include "api/oauth_dpop.h"
#include "api/oauth_httpsig.h"
#include "api/oauth_server.h"
#include "base/log.h"

namespace signet::api {
namespace {

constexpr std::string_view kNoToken = "an access token is required";
constexpr std::string_view kBadToken = "invalid access token";
constexpr size_t kMaxTokenBytes = 512;

Error Refuse(std::string_view message, std::string detail = {}) {
  return Error(ErrorCode::kUnauthenticated, std::string(message), std::move(detail));
}

// Credentials are the parsed Authorization header.
struct Credentials {
  bool dpop = false;  // scheme DPoP instead of Bearer
  std::string token;
};

Result<Credentials> ParseAuthorization(const Request& req) {
  const size_t n = req.headers.Count("Authorization");
  if (n == 0) return Refuse(kNoToken);
  if (n > 1) return Refuse(kBadToken, "several Authorization headers");
  std::string_view v = *req.headers.Get("Authorization");
  const size_t sp = v.find(' ');
  if (sp == std::string_view::npos) return Refuse(kBadToken, "malformed Authorization");
  Credentials c;
  const std::string_view scheme = v.substr(0, sp);
  if (IEquals(scheme, "DPoP")) {
    c.dpop = true;
  } else if (!IEquals(scheme, "Bearer")) {
    return Refuse(kNoToken, "another scheme");
  }
  std::string_view token = v.substr(sp + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty() || token.size() > kMaxTokenBytes) return Refuse(kBadToken, "bad token size");
  c.token = std::string(token);
  return c;
}

// StoreFailure passes storage errors through (503 upstream) and hides everything else.
Error StoreFailure(const Error& e) {
  if (e.code() == ErrorCode::kUnavailable) return e;
  return Error(ErrorCode::kInternal, "internal error", e.ToString());
}

}  // namespace

// ProvePossession checks that the caller holds the key a token is bound to: a DPoP proof
// (RFC 9449 §7) or, without a DPoP header, an RFC 9421 signature (api/oauth_httpsig.h).
Status OAuthServer::ProvePossession(const Request& req, std::string_view token, const AgentGrant& g,
                                    int64_t now) const {
  if (!req.headers.Has("DPoP") && req.headers.Has("Signature-Input")) {
    const std::string target = options_.issuer + req.target;
    return VerifyHttpSignature(req, {.target_uri = target, .jkt = g.jkt, .jwk = &g.jwk, .now = now},
                               store_.state());
  }
  auto header = DpopHeader(req);
  if (!header || !*header) return Refuse("invalid DPoP proof", "missing or repeated DPoP");
  auto key = VerifyDpopProof(
      **header,
      {.method = req.method, .uri = options_.issuer + req.path, .access_token = token, .now = now},
      store_.state());
  if (!key) return std::move(key).error();
  if (key->jkt != g.jkt) return Refuse("invalid DPoP proof", "jkt mismatch");
  return OkStatus();
}

Result<mcp::Principal> OAuthServer::Authenticate(const Request& req) const {
  auto creds = ParseAuthorization(req);
  if (!creds) return std::move(creds).error();
  auto access = store_.GetJson(storage::ns::kOauthTokens, "a:" + HashToken(creds->token));
  if (!access) return StoreFailure(access.error());
  const int64_t now = store_.clock().UnixSeconds();
  if (!*access || (**access).value("exp", int64_t{0}) <= now) {
    return Refuse(kBadToken, "unknown or expired");
  }
  auto grant = store_.GetGrant((**access).value("g", ""));
  if (!grant) return StoreFailure(grant.error());
  if (!*grant) return Refuse(kBadToken, "grant revoked or expired");
  const AgentGrant& g = **grant;
  if (g.jkt.empty() && creds->dpop) return Refuse(kBadToken, "bearer token sent as DPoP");
  if (!g.jkt.empty()) {
    if (!creds->dpop) return Refuse("invalid access token: DPoP proof required", "bound token");
    if (Status s = ProvePossession(req, creds->token, g, now); !s.ok()) {
      if (s.error().code() != ErrorCode::kUnauthenticated) return StoreFailure(s.error());
      return std::move(s).error();
    }
  }
  mcp::Principal p;
  p.tenant = TenantId(g.tenant);
  p.agent_id = GrantAgentId(g);
  p.grant_id = g.id;
  p.client_id = g.client_id;
  p.domain = ClientIdDomain(g.client_id);
  p.scope = (**access).value("scope", "");
  return p;
}

std::vector<std::string> OAuthServer::Challenge(const Error& error, std::string_view scope) const {
  const std::string metadata = "resource_metadata=\"" + ResourceMetadataUri() + "\"";
  if (!scope.empty()) {
    return {"Bearer " + metadata + ", error=\"insufficient_scope\", scope=\"" + std::string(scope) +
            "\""};
  }
  if (error.code() != ErrorCode::kUnauthenticated) return {};
  std::string bearer = "Bearer " + metadata;
  std::string dpop = "DPoP " + metadata + ", algs=\"EdDSA Ed25519 ES256\"";
  if (error.message() == "invalid DPoP proof") {
    dpop += ", error=\"invalid_dpop_proof\"";
  } else if (error.message() != kNoToken) {
    bearer += ", error=\"invalid_token\"";
    dpop += ", error=\"invalid_token\"";
  }
  // Both schemes are offered (RFC 9449 §7.1), each naming the metadata (RFC 9728 §5.1).
  return {bearer, dpop};
}

}  // namespace signet::api
