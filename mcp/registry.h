#pragma once

// The tool, resource and prompt registries (MCP 2025-11-25 "Server Features"). Each entry carries
// what clients list (names, titles, model-facing descriptions, JSON Schemas) and the function
// that serves it. Registries are filled once at start-up and then only read: concurrent lookups
// are safe; Add is not thread-safe.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "mcp/json_rpc.h"
#include "mcp/protocol.h"

namespace signet::mcp {

// CallContext is what a tool, resource or prompt learns about its caller.
struct CallContext {
  const Principal& principal;
  std::string_view protocol_version;
};

// ToolResult is the outcome of a tool call. A failure the model can act on is a result with
// is_error = true (MCP "Tool Execution Errors"), never a JSON-RPC error.
struct ToolResult {
  Json structured;   // structuredContent (a JSON object), or null
  std::string text;  // the text content; empty = the structured content serialised
  bool is_error = false;

  // Ok is a successful result with structured content and an optional human summary.
  static ToolResult Ok(Json structured, std::string text = {});
  // Fail is an error result whose text tells the model what went wrong.
  static ToolResult Fail(std::string message, Json structured = nullptr);
  // ToJson renders the CallToolResult for `protocol_version` (structuredContent from 2025-06-18).
  Json ToJson(std::string_view protocol_version) const;
};

// ToolHandler runs a tool with arguments already validated against its input schema.
using ToolHandler = std::function<ToolResult(const CallContext&, const Json& arguments)>;

// ToolSpec describes one tool.
struct ToolSpec {
  std::string name;  // [A-Za-z0-9_.-]{1,128}
  std::string title;
  std::string description;            // tells a model when and how to use it
  Json input_schema;                  // JSON Schema, type object
  Json annotations = Json::object();  // readOnlyHint, destructiveHint, idempotentHint, ...
  std::string scope;                  // OAuth scope needed to call it
  ToolHandler handler;
};

class ToolRegistry {
 public:
  // Add registers a tool. A bad name, a duplicate, a schema with unsupported keywords or a
  // missing handler is a programmer error (CHECK).
  void Add(ToolSpec spec);
  // Find returns the tool, or nullptr.
  const ToolSpec* Find(std::string_view name) const;
  // ListJson renders the tools/list result.
  Json ListJson() const;
  const std::vector<ToolSpec>& tools() const { return tools_; }

 private:
  std::vector<ToolSpec> tools_;
};

// ResourceContent is what resources/read returns for one URI (text only).
struct ResourceContent {
  std::string mime_type;
  std::string text;
};

// ResourceSpec describes one read-only resource.
struct ResourceSpec {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::string scope;
  std::function<Result<ResourceContent>(const CallContext&)> read;
};

class ResourceRegistry {
 public:
  // Add registers a resource (duplicate URIs or a missing reader: CHECK).
  void Add(ResourceSpec spec);
  const ResourceSpec* Find(std::string_view uri) const;
  Json ListJson() const;

 private:
  std::vector<ResourceSpec> resources_;
};

// PromptArgument is one argument of a prompt.
struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
};

// PromptSpec describes one prompt; `render` receives the arguments (strings, required ones
// present) and returns the messages array of GetPromptResult.
struct PromptSpec {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  std::function<Json(const Json& arguments)> render;
};

class PromptRegistry {
 public:
  // Add registers a prompt (duplicate names or a missing renderer: CHECK).
  void Add(PromptSpec spec);
  const PromptSpec* Find(std::string_view name) const;
  Json ListJson() const;

 private:
  std::vector<PromptSpec> prompts_;
};

// TextMessage builds one prompt message {"role": role, "content": {"type":"text","text":...}}.
Json TextMessage(std::string_view role, std::string text);

}  // namespace signet::mcp
