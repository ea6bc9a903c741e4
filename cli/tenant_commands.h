#pragma once

// Tenant lifecycle from the command line (api/tenant_lifecycle.h; docs/operations.md "Tenants"):
//
//   signet init --server URL [--invite-file F] ...  create the vault root on this machine and
//                                                   register its delegated keyring with a hosted
//                                                   server (vault_commands.cc calls InitRemote)
//   signet tenant suspend|resume|export|delete --server URL [--out FILE] [--yes]
//                                                   the owner's requests, signed by this device
//                                                   (RFC 9421, notify/owner_auth.h)
//   signet tenant invite [--ttl 24h] | list [--json] the operator's, on the server's own storage

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "cli/args.h"
#include "server/webhook_client.h"
#include "vault/holder.h"
#include "vault/keys.h"

namespace signet::cli {

// RegisterRemote posts the sign-up of `root`'s delegated keyring and `device` to `server`
// (an origin such as https://vault.example) and returns the server's answer.
Result<nlohmann::json> RegisterRemote(const std::string& server, const vault::RootKey& root,
                                      const vault::DeviceKeys& device,
                                      const std::optional<std::string>& invite,
                                      const std::optional<std::string>& ca_file);

// OwnerRequest signs `method /tenants/<this device's tenant><suffix>` (with `body`, JSON or
// empty) with this device's key (cli/owner_client.h), sends it to --server (default:
// server.public_url) and returns the JSON answer; a problem answer becomes an error with its
// detail.
Result<nlohmann::json> OwnerRequest(const Args& args, const std::string& method,
                                    const std::string& suffix, const std::string& body);

// RunTenantCommand runs `signet tenant ARGS...` and returns the exit code.
int RunTenantCommand(const std::vector<std::string>& args);

}  // namespace signet::cli
