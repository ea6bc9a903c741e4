// OAuthServer: the token endpoint (OAuth 2.1 §3.2, §4.1.3 and §4.3) with PKCE (RFC 7636 §4.6),
// refresh-token rotation with reuse detection (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2) and DPoP
// binding (RFC 9449 §5).

#include "api/oauth_dpop.h"
#include "api/oauth_server.h"
#include "base/encoding.h"
#include "base/log.h"
#include "crypto/random.h"

namespace signet::api {
namespace {

using credentials::Json;

int64_t Seconds(Duration d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

bool IsFormContentType(const Request& req) {
  auto ct = req.headers.Get("Content-Type");
  if (!ct) return false;
  std::string_view v = *ct;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return IEquals(v, "application/x-www-form-urlencoded");
}

Response StoreDown() {
  return OAuthError(503, "temporarily_unavailable", "storage is unavailable");
}

// Narrow returns `requested` if it is a subset of `granted` ("" = all of `granted`).
std::optional<std::string> Narrow(std::string_view requested, const std::string& granted) {
  if (requested.empty()) return granted;
  mcp::Principal p;
  p.scope = granted;
  size_t pos = 0;
  while (pos <= requested.size()) {
    size_t end = requested.find(' ', pos);
    if (end == std::string_view::npos) end = requested.size();
    std::string_view item = requested.substr(pos, end - pos);
    if (!item.empty() && !p.HasScope(item)) return std::nullopt;
    pos = end + 1;
  }
  return std::string(requested);
}

}  // namespace

Response OAuthServer::Token(const Request& req) const {
  if (!IsFormContentType(req)) {
    return OAuthError(400, "invalid_request",
                      "Content-Type must be application/x-www-form-urlencoded");
  }
  auto form = ParseForm(req.body);
  if (!form) return OAuthError(400, "invalid_request", form.error().message());
  const std::string_view grant_type = FormValue(*form, "grant_type");
  if (grant_type == "authorization_code") return AuthorizationCodeGrant(req, *form);
  if (grant_type == "refresh_token") return RefreshGrant(req, *form);
  return OAuthError(400, "unsupported_grant_type",
                    "grant_type must be authorization_code or refresh_token");
}

// TokenDpop verifies the request's DPoP proof, if any, and returns its key (an empty jkt when
// the request has none). Errors are Unauthenticated (invalid proof) or storage failures.
Result<DpopKey> OAuthServer::TokenDpop(const Request& req) const {
  auto header = DpopHeader(req);
  if (!header) return Error(ErrorCode::kUnauthenticated, "invalid DPoP proof");
  if (!*header) return DpopKey{};
  auto key = VerifyDpopProof(**header,
                             {.method = "POST",
                              .uri = options_.issuer + "/token",
                              .access_token = std::nullopt,
                              .now = store_.clock().UnixSeconds()},
                             store_.state());
  return key;
}

Response OAuthServer::AuthorizationCodeGrant(const Request& req, const FormParams& form) const {
  const std::string_view code = FormValue(form, "code");
  if (code.empty() || code.size() > 256)
    return OAuthError(400, "invalid_request", "code is required");
  auto jkt = TokenDpop(req);
  if (!jkt) {
    if (jkt.error().code() == ErrorCode::kUnauthenticated) {
      log::Info("oauth: DPoP proof refused", {{"reason", jkt.error().detail()}});
      return OAuthError(400, "invalid_dpop_proof", "invalid DPoP proof");
    }
    return StoreDown();
  }
  const std::string code_hash = HashToken(code);
  auto record = store_.TakeJson(storage::ns::kOauthCodes, code_hash);
  if (!record) return StoreDown();
  if (!*record) {
    RevokeReplayedCode(code_hash);
    return OAuthError(400, "invalid_grant", "unknown, used or expired code");
  }
  const Json& c = **record;
  if (FormValue(form, "client_id") != c.value("client_id", "")) {
    return OAuthError(400, "invalid_grant", "the code was issued to another client");
  }
  if (FormValue(form, "redirect_uri") != c.value("redirect_uri", "")) {
    return OAuthError(400, "invalid_grant", "redirect_uri does not match");
  }
  if (!VerifyPkceS256(FormValue(form, "code_verifier"), c.value("code_challenge", ""))) {
    return OAuthError(400, "invalid_grant", "PKCE verification failed");
  }
  if (auto r = FormValue(form, "resource"); !r.empty() && r != ResourceUri()) {
    return OAuthError(400, "invalid_target", "resource must be " + ResourceUri());
  }
  const std::string bound = c.value("dpop_jkt", "");
  if (!bound.empty() && jkt->jkt != bound) {
    return OAuthError(400, "invalid_dpop_proof", "the code is bound to another DPoP key");
  }
  const int64_t now = store_.clock().UnixSeconds();
  AgentGrant grant{"g_" + HexEncode(crypto::RandomBytes(16)),
                   c.value("tenant", ""),
                   c.value("agent", ""),
                   c.value("client_id", ""),
                   c.value("client_name", ""),
                   c.value("scope", ""),
                   jkt->jkt,
                   jkt->jwk,
                   "",
                   now,
                   0,
                   now + Seconds(options_.refresh_token_ttl)};
  std::string refresh = NewToken();
  grant.refresh_hash = HashToken(refresh);
  if (Status s = store_.CreateGrant(grant); !s.ok()) return StoreDown();
  // Remember which session this code made: a second use revokes it (RFC 6749 §4.1.2).
  (void)store_.PutJson(storage::ns::kOauthCodes, "used:" + code_hash, Json{{"g", grant.id}},
                       options_.request_ttl);
  log::Info("oauth: agent session created",
            {{"grant", grant.id}, {"client_id", grant.client_id}, {"dpop", !grant.jkt.empty()}});
  return IssueTokens(grant, std::move(refresh), grant.scope);
}

void OAuthServer::RevokeReplayedCode(const std::string& code_hash) const {
  auto used = store_.TakeJson(storage::ns::kOauthCodes, "used:" + code_hash);
  if (!used || !*used) return;
  const std::string grant = (**used).value("g", "");
  (void)store_.RevokeGrant(grant);
  log::Warn("oauth: authorization code replayed, agent session revoked", {{"grant", grant}});
}

Response OAuthServer::RefreshGrant(const Request& req, const FormParams& form) const {
  const std::string_view token = FormValue(form, "refresh_token");
  if (token.empty() || token.size() > 256) {
    return OAuthError(400, "invalid_request", "refresh_token is required");
  }
  auto jkt = TokenDpop(req);
  if (!jkt) {
    if (jkt.error().code() == ErrorCode::kUnauthenticated) {
      return OAuthError(400, "invalid_dpop_proof", "invalid DPoP proof");
    }
    return StoreDown();
  }
  const std::string hash = HashToken(token);
  auto entry = store_.GetJson(storage::ns::kOauthTokens, "r:" + hash);
  if (!entry) return StoreDown();
  if (!*entry) return OAuthError(400, "invalid_grant", "unknown or expired refresh token");
  const std::string grant_id = (**entry).value("g", "");
  Bytes raw;
  auto grant = store_.GetGrant(grant_id, &raw);
  if (!grant) return StoreDown();
  if (!*grant) return OAuthError(400, "invalid_grant", "the agent session was revoked or expired");
  AgentGrant g = std::move(**grant);
  if (FormValue(form, "client_id") != g.client_id) {
    return OAuthError(400, "invalid_grant", "the refresh token was issued to another client");
  }
  if (g.refresh_hash != hash) {
    // A rotated-out refresh token came back: someone holds a copy. End the whole family.
    (void)store_.RevokeGrant(g.id);
    log::Warn("oauth: refresh token reuse, agent session revoked", {{"grant", g.id}});
    return OAuthError(400, "invalid_grant", "refresh token reuse; the agent session is revoked");
  }
  if (g.jkt != jkt->jkt) {
    return OAuthError(400, g.jkt.empty() ? "invalid_grant" : "invalid_dpop_proof",
                      "the refresh token is bound to another DPoP key");
  }
  auto scope = Narrow(FormValue(form, "scope"), g.scope);
  if (!scope) return OAuthError(400, "invalid_scope", "scope exceeds the grant");
  std::string refresh = NewToken();
  g.refresh_hash = HashToken(refresh);
  g.refreshed = store_.clock().UnixSeconds();
  if (Status s = store_.SwapGrant(raw, g); !s.ok()) {
    if (s.error().code() == ErrorCode::kConflict) {
      return OAuthError(400, "invalid_grant", "the refresh token was used concurrently");
    }
    return StoreDown();
  }
  return IssueTokens(g, std::move(refresh), *scope);
}

Response OAuthServer::IssueTokens(const AgentGrant& grant, std::string refresh,
                                  std::string_view scope) const {
  const int64_t now = store_.clock().UnixSeconds();
  const Duration grant_left = std::chrono::seconds(std::max<int64_t>(1, grant.expires_at - now));
  const Duration access_ttl = std::min(options_.access_token_ttl, grant_left);
  if (Status s = store_.PutJson(storage::ns::kOauthTokens, "r:" + grant.refresh_hash,
                                Json{{"g", grant.id}}, grant_left);
      !s.ok()) {
    return StoreDown();
  }
  const std::string access = NewToken();
  const Json access_record = {
      {"g", grant.id}, {"scope", scope}, {"exp", now + Seconds(access_ttl)}};
  if (Status s = store_.PutJson(storage::ns::kOauthTokens, "a:" + HashToken(access), access_record,
                                access_ttl);
      !s.ok()) {
    return StoreDown();
  }
  const Json body = {{"access_token", access},
                     {"token_type", grant.jkt.empty() ? "Bearer" : "DPoP"},
                     {"expires_in", Seconds(access_ttl)},
                     {"refresh_token", refresh},
                     {"scope", scope}};
  Response r = Response::Json(200, body.dump());
  r.headers.Set("Cache-Control", "no-store");
  r.headers.Set("Pragma", "no-cache");
  return r;
}

}  // namespace signet::api
