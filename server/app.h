#pragma once

// The composition root: builds every component from the Config, wires routes and runs the
// server until it is shut down. The only place that knows all concrete types.

#include "base/result.h"
#include "server/config.h"

namespace signet::server {

// BuildInfo identifies this build (from CMake: project version and git commit).
struct BuildInfo {
  const char* version;
  const char* commit;
};

// GetBuildInfo returns this binary's build information.
BuildInfo GetBuildInfo();

// Serve runs the HTTP server described by `config` until SIGTERM/SIGINT and a graceful drain.
// Returns an error (and serves nothing) if a component cannot start.
Status Serve(const Config& config);

}  // namespace signet::server
