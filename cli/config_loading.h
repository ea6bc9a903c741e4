#pragma once

// LoadConfig builds the effective configuration for a command: YAML (--config or SIGNET_CONFIG),
// then SIGNET_* environment variables, then the command's flags (--listen, --data-dir,
// --holder-dir), then validation.

#include "base/result.h"
#include "cli/args.h"
#include "server/config.h"

namespace signet::cli {

// kConfigFlags are the flags every configured command accepts.
inline constexpr const char* kConfigFlags[] = {"config", "data-dir", "holder-dir"};

// LoadConfig applies every source in order of precedence.
Result<server::Config> LoadConfig(const Args& args);

}  // namespace signet::cli
