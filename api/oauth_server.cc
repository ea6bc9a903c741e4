// OAuthServer: construction, the metadata documents (RFC 9728, RFC 8414), dynamic client
// registration (RFC 7591) and revocation (RFC 7009).

#include "api/oauth_server.h"

#include "api/oauth_client_metadata.h"
#include "base/encoding.h"
#include "base/log.h"
#include "crypto/random.h"
#include "mcp/signet_tools.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr size_t kMaxRedirectUris = 10;
constexpr size_t kMaxClientName = 200;
constexpr size_t kMaxRegistrationBytes = size_t{16} << 10;

Json ScopeList() {
  return Json::array(
      {mcp::kScopeProofs, mcp::kScopeQuery, mcp::kScopeCapabilities, mcp::kScopeNotes});
}

Response PublicJson(Json j) {
  Response r = Response::Json(200, j.dump());
  r.headers.Set("Cache-Control", "public, max-age=300");
  r.headers.Set("Access-Control-Allow-Origin", "*");
  return r;
}

// RegistrationError is an RFC 7591 §3.2.2 error.
Response RegistrationError(std::string_view error, std::string_view description) {
  return OAuthError(400, error, description);
}

}  // namespace

Result<std::vector<std::string>> ParseRedirectUris(const Json& meta) {
  auto it = meta.find("redirect_uris");
  if (it == meta.end() || !it->is_array() || it->empty()) {
    return InvalidArgument("redirect_uris is required");
  }
  if (it->size() > kMaxRedirectUris) return InvalidArgument("too many redirect_uris");
  std::vector<std::string> uris;
  for (const Json& u : *it) {
    if (!u.is_string()) return InvalidArgument("redirect_uris must be strings");
    if (Status s = ValidateRedirectUri(u.get<std::string>()); !s.ok()) {
      return std::move(s).error();
    }
    uris.push_back(u.get<std::string>());
  }
  return uris;
}

Status CheckClientMetadata(const Json& meta) {
  if (auto m = meta.find("token_endpoint_auth_method");
      m != meta.end() && (!m->is_string() || *m != "none")) {
    return InvalidArgument("only public clients (token_endpoint_auth_method none) are supported");
  }
  if (auto g = meta.find("grant_types"); g != meta.end()) {
    if (!g->is_array()) return InvalidArgument("grant_types must be an array");
    for (const Json& t : *g) {
      if (t != "authorization_code" && t != "refresh_token") {
        return InvalidArgument("unsupported grant type");
      }
    }
  }
  if (auto rt = meta.find("response_types"); rt != meta.end()) {
    if (!rt->is_array()) return InvalidArgument("response_types must be an array");
    for (const Json& t : *rt) {
      if (t != "code") return InvalidArgument("unsupported response type");
    }
  }
  if (auto n = meta.find("client_name");
      n != meta.end() && (!n->is_string() || n->get<std::string>().size() > kMaxClientName ||
                          !IsValidUtf8(n->get<std::string>()))) {
    return InvalidArgument("client_name must be a string of at most 200 bytes");
  }
  return OkStatus();
}

OAuthServer::OAuthServer(storage::StateStore& state, const Clock& clock, OAuthOptions options)
    : store_(state, clock), options_(std::move(options)) {}

Response OAuthServer::ProtectedResourceMetadata(const Request&) const {
  return PublicJson(
      {{"resource", ResourceUri()},
       {"authorization_servers", Json::array({options_.issuer})},
       {"bearer_methods_supported", Json::array({"header"})},
       {"scopes_supported", ScopeList()},
       {"dpop_signing_alg_values_supported", Json::array({"EdDSA", "Ed25519", "ES256"})},
       {"dpop_bound_access_tokens_required", false},
       {"resource_name", "Signet MCP"}});
}

Response OAuthServer::AuthorizationServerMetadata(const Request&) const {
  const std::string& iss = options_.issuer;
  return PublicJson(
      {{"issuer", iss},
       {"authorization_endpoint", iss + "/authorize"},
       {"token_endpoint", iss + "/token"},
       {"registration_endpoint", iss + "/register"},
       {"revocation_endpoint", iss + "/revoke"},
       {"scopes_supported", ScopeList()},
       {"response_types_supported", Json::array({"code"})},
       {"response_modes_supported", Json::array({"query"})},
       {"grant_types_supported", Json::array({"authorization_code", "refresh_token"})},
       {"token_endpoint_auth_methods_supported", Json::array({"none"})},
       {"revocation_endpoint_auth_methods_supported", Json::array({"none"})},
       {"code_challenge_methods_supported", Json::array({"S256"})},
       {"dpop_signing_alg_values_supported", Json::array({"EdDSA", "Ed25519", "ES256"})},
       {"authorization_response_iss_parameter_supported", true},
       {"client_id_metadata_document_supported", options_.client_metadata_sender != nullptr}});
}

Response OAuthServer::Register(const Request& req) const {
  if (req.body.size() > kMaxRegistrationBytes) {
    return RegistrationError("invalid_client_metadata", "registration too large");
  }
  auto meta = credentials::ParseJson(req.body, {.max_bytes = kMaxRegistrationBytes});
  if (!meta || !meta->is_object()) {
    return RegistrationError("invalid_client_metadata", "the body must be a JSON object");
  }
  auto uris = ParseRedirectUris(*meta);
  if (!uris) return RegistrationError("invalid_redirect_uri", uris.error().message());
  if (Status s = CheckClientMetadata(*meta); !s.ok()) {
    return RegistrationError("invalid_client_metadata", s.error().message());
  }
  OAuthClient client{"c_" + HexEncode(crypto::RandomBytes(16)),
                     meta->value("client_name", std::string()), std::move(*uris),
                     store_.clock().UnixSeconds()};
  if (Status s = store_.PutClient(client); !s.ok()) {
    log::Error("oauth client registration failed", {{"error", s.error().ToString()}});
    return OAuthError(503, "temporarily_unavailable", "storage is unavailable");
  }
  Json out = {{"client_id", client.client_id},
              {"client_id_issued_at", client.created},
              {"redirect_uris", client.redirect_uris},
              {"token_endpoint_auth_method", "none"},
              {"grant_types", Json::array({"authorization_code", "refresh_token"})},
              {"response_types", Json::array({"code"})}};
  if (!client.client_name.empty()) out["client_name"] = client.client_name;
  Response r = Response::Json(201, out.dump());
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

Response OAuthServer::Revoke(const Request& req) const {
  auto form = ParseForm(req.body);
  if (!form) return OAuthError(400, "invalid_request", form.error().message());
  const std::string_view token = FormValue(*form, "token");
  if (token.empty() || token.size() > 512) return OAuthError(400, "invalid_request", "token");
  const std::string hash = HashToken(token);
  const std::string_view client_id = FormValue(*form, "client_id");
  auto owner = [&](std::string_view grant_id) -> bool {
    auto g = store_.GetGrant(grant_id);
    return g && *g && (client_id.empty() || (*g)->client_id == client_id);
  };
  // An access token ends alone; a refresh token ends its grant (RFC 7009 §2.1).
  auto access = store_.GetJson(storage::ns::kOauthTokens, "a:" + hash);
  if (access && *access && owner((**access).value("g", std::string()))) {
    (void)store_.state().Delete(storage::ns::kOauthTokens, "a:" + hash);
  }
  auto refresh = store_.GetJson(storage::ns::kOauthTokens, "r:" + hash);
  if (refresh && *refresh) {
    const std::string grant = (**refresh).value("g", std::string());
    if (owner(grant)) (void)store_.RevokeGrant(grant);
  }
  Response r = Response::Json(200, "{}");
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

Response OAuthError(int status, std::string_view error, std::string_view description) {
  Json j = {{"error", error}};
  if (!description.empty()) j["error_description"] = description;
  Response r = Response::Json(status, j.dump());
  r.headers.Set("Cache-Control", "no-store");
  r.headers.Set("Pragma", "no-cache");
  return r;
}

}  // namespace signet::api
