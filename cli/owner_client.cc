#include "cli/owner_client.h"

#include "notify/owner_auth.h"

namespace signet::cli {

Result<std::unique_ptr<server::WebhookClient>> OwnerHttpClient(const std::string& ca_file) {
  server::WebhookClientOptions options;
  options.targets = {.allow_loopback = true, .allow_private = true};  // the owner's own server
  options.allow_http = true;
  options.ca_file = ca_file;
  return server::WebhookClient::Create(options);
}

Result<notify::HttpCall> SignedOwnerCall(const std::string& origin, const vault::DeviceKeys& device,
                                         const TenantId& tenant, const std::string& method,
                                         const std::string& target, const std::string& body,
                                         int64_t now) {
  notify::HttpCall call;
  call.method = method;
  call.url = origin + target;
  auto signature = notify::SignOwnerRequest(device, tenant, method, call.url, body, now);
  if (!signature) return std::move(signature).error();
  call.headers = std::move(*signature);
  if (!body.empty()) call.headers.emplace_back("Content-Type", "application/json");
  call.body = body;
  return call;
}

}  // namespace signet::cli
