#pragma once

// The `signet policy` commands over the vault: the rule document and the MAC'd pattern counters
// are the vault's system records "_signet.policy" and "_signet.policy.patterns" (sealed like
// Tier-2 records, outside List, deleted by `signet vault erase`), written with an audit entry.

#include <string>
#include <vector>

namespace signet::cli {

// RunPolicyVaultCommand runs `signet policy ARGS...` against the configured vault. The config
// flags (--config, --data-dir, --holder-dir) may appear anywhere; the vault is opened only when
// a subcommand needs it (`policy test --policy FILE` runs without one).
int RunPolicyVaultCommand(const std::vector<std::string>& args);

}  // namespace signet::cli
