#pragma once

// Dispatcher: the MCP method layer shared by every transport (MCP 2025-11-25 "Lifecycle",
// "Tools", "Resources", "Prompts", "Logging", "Ping"). A transport parses one JSON-RPC message,
// loads the session state, and calls Handle; the dispatcher negotiates the version on
// `initialize`, refuses everything but `ping` before it, and routes the rest to the registries.
//
// Errors follow JSON-RPC 2.0: -32601 for unknown methods, -32602 for malformed params and
// unknown tools / resources / prompts, -32600 for requests outside the lifecycle. Tool failures
// (including arguments that fail the tool's input schema) are CallToolResults with isError.
//
// Immutable after construction; Handle is thread-safe (the registries are read-only and every
// call works on the caller's SessionState).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/json_rpc.h"
#include "mcp/protocol.h"
#include "mcp/registry.h"

namespace signet::mcp {

// ServerInfo is what the server says about itself in the InitializeResult.
struct ServerInfo {
  std::string name = "signet";
  std::string title = "Signet";
  std::string version;
  std::string instructions;  // model-facing usage notes
};

// HandleOutcome is the result of one message: the response text (requests only) and whether
// the session state changed and must be stored.
struct HandleOutcome {
  std::optional<std::string> response;
  bool session_changed = false;
};

// ToolCallObserver hears about every tools/call request once it is answered: the tool's
// registered name ("" when the request named no registered tool), the outcome and the seconds
// the call took. Outcomes: "ok", "suspended" (a result with status "pending"), "quota" (an
// isError result with code "resource_exhausted"), "tool_error" (any other isError result) and
// "rpc_error" (a JSON-RPC error: no name, unknown tool, bad arguments shape, missing scope).
// Called on the thread that handled the request; it must be thread-safe and must not throw.
using ToolCallObserver =
    std::function<void(std::string_view tool, std::string_view outcome, double seconds)>;

class Dispatcher {
 public:
  // The registries must outlive the dispatcher. `observer` may be empty.
  Dispatcher(ServerInfo info, const ToolRegistry& tools, const ResourceRegistry& resources,
             const PromptRegistry& prompts, ToolCallObserver observer = {});

  // Handle processes one message of a session. `session` starts empty (no protocol version) for
  // a new session; `initialize` fills it.
  HandleOutcome Handle(const Message& message, const Principal& principal,
                       SessionState& session) const;

  // RequiredScope returns the OAuth scope a request needs (tools/call and resources/read name
  // one; everything else needs none, returned as empty).
  std::string RequiredScope(const Message& message) const;

  const ToolRegistry& tools() const { return tools_; }

  // Reply is a method's result or its JSON-RPC error (internal to the dispatcher).
  struct Reply;

 private:
  Reply Dispatch(const Message& m, const Principal& principal, SessionState& session) const;
  Reply Initialize(const Json& params, SessionState& session) const;
  Reply CallTool(const Json& params, const CallContext& ctx) const;
  Reply RunTool(const Json& params, const CallContext& ctx, std::string_view* tool,
                std::string_view* outcome) const;
  Reply ReadResource(const Json& params, const CallContext& ctx) const;
  Reply GetPrompt(const Json& params) const;

  ServerInfo info_;
  const ToolRegistry& tools_;
  const ResourceRegistry& resources_;
  const PromptRegistry& prompts_;
  ToolCallObserver observer_;
};

}  // namespace signet::mcp
