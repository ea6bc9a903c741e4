#pragma once

// Vault commands of the `signet` CLI on the configured backend: init, recover, unlock, lock,
// store, get, list, delete, audit verify|list, keys show, vault erase.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cli/commands.h"

namespace signet::cli {

// RunVaultCommand runs `cmd` if it is a vault command (nullopt otherwise).
std::optional<int> RunVaultCommand(const std::string& cmd, const std::vector<std::string>& rest);

// RunDeviceCommand runs `signet device ...` (device_commands.cc).
int RunDeviceCommand(const std::vector<std::string>& argv);

// UsageError prints `error` and a hint on stderr and returns kExitUsage.
int UsageError(std::string_view error);
// Failure prints the error's message on stderr as one line and returns kExitFailure.
int Failure(const Error& e);

}  // namespace signet::cli
