#include "server/oauth_routes.h"

namespace signet::server {

api::OAuthOptions OAuthOptionsFor(const Config& config) {
  api::OAuthOptions o;
  o.issuer = PublicBaseUrl(config);
  o.access_token_ttl = config.mcp.oauth.access_token_ttl;
  o.refresh_token_ttl = config.mcp.oauth.refresh_token_ttl;
  return o;
}

void AddOAuthRoutes(Router& router, std::shared_ptr<const api::OAuthServer> oauth) {
  using Method = api::Response (api::OAuthServer::*)(const api::Request&) const;
  auto add = [&](const char* method, const char* path, Method m, size_t max_body) {
    router.Add(method, path, [oauth, m](const api::Request& req) { return ((*oauth).*m)(req); },
               {.max_body_bytes = max_body});
  };
  constexpr size_t kSmall = size_t{16} << 10;
  add("GET", "/.well-known/oauth-protected-resource", &api::OAuthServer::ProtectedResourceMetadata,
      0);
  add("GET", "/.well-known/oauth-protected-resource/mcp",
      &api::OAuthServer::ProtectedResourceMetadata, 0);
  add("GET", "/.well-known/oauth-authorization-server",
      &api::OAuthServer::AuthorizationServerMetadata, 0);
  add("POST", "/register", &api::OAuthServer::Register, kSmall);
  add("GET", "/authorize", &api::OAuthServer::AuthorizeGet, 0);
  add("POST", "/authorize", &api::OAuthServer::AuthorizePost, kSmall);
  add("POST", "/token", &api::OAuthServer::Token, kSmall);
  add("POST", "/revoke", &api::OAuthServer::Revoke, kSmall);
}

}  // namespace signet::server
