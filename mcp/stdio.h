#pragma once

// The MCP stdio transport (MCP 2025-11-25 "Transports", stdio): newline-delimited JSON-RPC
// messages on standard input; responses on standard output, one per line, nothing else ever
// written there (logs go to stderr through base/log). The loop runs until end of input.
//
// Lines longer than kMaxMessageBytes are skipped and answered with a parse error (id null); empty
// lines are ignored; a trailing '\r' is dropped. The session is held in memory for the life of
// the process (one client per process). Not thread-safe: one loop per stream pair.

#include <istream>
#include <ostream>

#include "base/result.h"
#include "mcp/dispatcher.h"

namespace signet::mcp {

// RunStdio serves `dispatcher` for `principal` over `in` / `out` until `in` ends. Returns an
// error only if writing to `out` fails.
Status RunStdio(const Dispatcher& dispatcher, const Principal& principal, std::istream& in,
                std::ostream& out);

}  // namespace signet::mcp
