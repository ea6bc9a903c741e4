#pragma once

// `signet agent pair|approve|list|revoke`: the owner's side of MCP agent sessions (docs/mcp.md, "Remote
// connector"). These commands work on the local data dir's storage, like the vault commands.
//
//   signet agent pair [--name N] [--ttl 10m] [--json]
//       prints a single-use pairing code for this vault's tenant; the owner types it on the
//       consent page of /authorize. Only its hash is stored; it expires after --ttl (1m..24h).
//   signet agent approve APPROVAL-CODE [--name N] [--server URL] [--json]
//       approves the pending authorization whose consent page shows APPROVAL-CODE, as agent
//       "agent:N" (default mcp); the owner then presses Approve on that page with the pairing
//       code left empty. With --server the approval is an owner request signed by this device's
//       key (RFC 9421) to a hosted server. Prints the client, where it returns to and the scope.
//   signet agent list [--json]
//       lists the agent sessions (OAuth grants) of this vault: id, agent, client, scope,
//       DPoP binding, created, last refresh, expiry.
//   signet agent revoke ID
//       ends the session at once: its refresh-token family and every access token.

#include <string>
#include <vector>

namespace signet::cli {

// RunAgentCommand runs `signet agent ARGS...` and returns the exit code.
int RunAgentCommand(const std::vector<std::string>& args);

}  // namespace signet::cli
