// Fuzz target: untrusted bytes on the MCP stdio transport. Every line goes through JSON-RPC
// parsing, the lifecycle and the method dispatcher (one tool with a schema that uses required,
// enum, bounds and nested objects, so tools/call reaches the schema validator). Nothing may
// crash; every output line must be one JSON-RPC response.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "base/check.h"
#include "mcp/dispatcher.h"
#include "mcp/stdio.h"

namespace {

using signet::mcp::Json;

const signet::mcp::Dispatcher& TheDispatcher() {
  static signet::mcp::ToolRegistry* tools = [] {
    auto* r = new signet::mcp::ToolRegistry();
    signet::mcp::ToolSpec spec;
    spec.name = "echo";
    spec.description = "Echoes its arguments.";
    spec.input_schema = Json::parse(R"({"type":"object","additionalProperties":false,
      "required":["mode"],"properties":{
        "mode":{"type":"string","enum":["a","b"]},
        "n":{"type":"integer","minimum":0,"maximum":10},
        "tags":{"type":"array","items":{"type":"string","maxLength":8},"maxItems":4},
        "inner":{"type":"object","properties":{"x":{"type":"boolean"}}}}})");
    spec.handler = [](const signet::mcp::CallContext&, const Json& args) {
      return signet::mcp::ToolResult::Ok(args);
    };
    r->Add(std::move(spec));
    return r;
  }();
  static signet::mcp::ResourceRegistry resources;
  static signet::mcp::PromptRegistry prompts;
  static signet::mcp::Dispatcher d({.version = "fuzz"}, *tools, resources, prompts);
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  signet::mcp::Principal local;
  local.agent_id = "agent:local";
  local.local = true;
  CHECK(signet::mcp::RunStdio(TheDispatcher(), local, in, out).ok());
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    Json j = Json::parse(line, nullptr, false);
    CHECK(j.is_object() && j.value("jsonrpc", "") == "2.0");
    CHECK(j.contains("result") != j.contains("error"));
  }
  return 0;
}
