#pragma once

// ServeMcpStdio runs `signet serve --transport stdio`: the MCP stdio transport (mcp/stdio.h) for
// the local vault, as a local MCP server for Claude Desktop and similar clients. JSON-RPC goes
// over stdin/stdout, one message per line; every log line goes to stderr. The caller is the
// vault's local agent (the process runs as the vault owner's user), so no authentication is
// involved. Returns when stdin ends.

#include "base/result.h"
#include "server/config.h"

namespace signet::server {

// ServeMcpStdio serves MCP over this process's stdin/stdout until end of input. Fails before
// reading anything if the storage, the KEK or the vault cannot be opened.
Status ServeMcpStdio(const Config& config);

}  // namespace signet::server
