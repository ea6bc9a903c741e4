#pragma once

// The `signet` command: subcommand dispatch and the commands themselves. Exit codes: 0 success,
// 1 failure (one-line message on stderr), 2 usage error (usage on stderr).

#include <string>
#include <vector>

namespace signet::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Main runs `signet` with its arguments (argv without the program name).
int Main(const std::vector<std::string>& args);

}  // namespace signet::cli
