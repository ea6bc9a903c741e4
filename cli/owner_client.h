#pragma once

// The owner's HTTP client: every owner request the CLI makes (`signet tenant ...`, `signet agent
// pair --server`, `signet approvals ...`) goes through here, signed with this holder device's key
// in the RFC 9421 owner profile (notify/owner_auth.h).
//
//   auto client = OwnerHttpClient(ca_file);
//   auto call = SignedOwnerCall(origin, secrets.device, tenant, "POST", "/tenants/t_.../suspend",
//                               "", now);
//   auto reply = notify::SendAndWait(**client, *call);

#include <memory>
#include <string>

#include "base/ids.h"
#include "base/result.h"
#include "notify/http_sender.h"
#include "server/webhook_client.h"
#include "vault/holder.h"

namespace signet::cli {

// OwnerHttpClient is the HTTP client the owner's commands use to reach their own server
// (loopback and private addresses allowed, plain http allowed; `ca_file` "" = system store).
Result<std::unique_ptr<server::WebhookClient>> OwnerHttpClient(const std::string& ca_file);

// SignedOwnerCall builds `method origin+target` with `body` (JSON, or empty), signed by `device`
// for `tenant` at Unix time `now`. The signed @target-uri is exactly the URL sent, so `origin`
// must be the server's public base URL (server.public_url) for the server to accept it.
Result<notify::HttpCall> SignedOwnerCall(const std::string& origin, const vault::DeviceKeys& device,
                                         const TenantId& tenant, const std::string& method,
                                         const std::string& target, const std::string& body,
                                         int64_t now);

}  // namespace signet::cli
