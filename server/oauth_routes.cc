#include "server/oauth_routes.h"

#include "base/log.h"
#include "server/webhook_client.h"

namespace signet::server {

Result<api::OAuthOptions> OAuthOptionsFor(const Config& config) {
  api::OAuthOptions o;
  o.issuer = PublicBaseUrl(config);
  o.access_token_ttl = config.mcp.oauth.access_token_ttl;
  o.refresh_token_ttl = config.mcp.oauth.refresh_token_ttl;
  if (!config.mcp.oauth.client_metadata_documents) return o;
  WebhookClientOptions fetch;
  fetch.targets = {.allow_loopback = config.mcp.oauth.client_metadata_allow_loopback,
                   .allow_private = false};
  fetch.allow_http = false;
  fetch.ca_file = config.mcp.oauth.client_metadata_ca_file;
  fetch.max_response_bytes = size_t{64} << 10;
  auto client = WebhookClient::Create(std::move(fetch));
  if (!client) return client.error().WithContext("mcp.oauth.client_metadata_documents");
  o.client_metadata_sender = std::shared_ptr<notify::HttpSender>(std::move(*client));
  if (config.mcp.oauth.client_metadata_allow_loopback) {
    log::Warn("mcp.oauth.client_metadata_allow_loopback is on: test setting, never in production");
  }
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
