#include "server/operator_metrics.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace signet::server {
namespace {

using Json = nlohmann::json;

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

api::Request Call(const std::string& tool) {
  api::Request req;
  req.method = "POST";
  req.path = "/mcp";
  req.body = Json{{"jsonrpc", "2.0"},
                  {"id", 1},
                  {"method", "tools/call"},
                  {"params", {{"name", tool}, {"arguments", Json::object()}}}}
                 .dump();
  return req;
}

// A fake /mcp that answers as the real endpoint would for each tool name.
api::Response FakeMcp(const api::Request& req) {
  const Json msg = Json::parse(req.body);
  if (msg.value("method", "") != "tools/call") return api::Response::Json(200, "{}");
  const std::string tool = msg["params"]["name"];
  Json reply = {{"jsonrpc", "2.0"}, {"id", 1}};
  if (tool == "unknown") {
    reply["error"] = {{"code", -32602}, {"message", "Unknown tool"}};
  } else if (tool == "failing") {
    reply["result"] = {{"content", Json::array()}, {"isError", true}};
  } else if (tool == "waiting") {
    reply["result"] = {{"content", Json::array()}, {"structuredContent", {{"status", "pending"}}}};
  } else if (tool == "old_protocol_waiting") {
    reply["result"] = {
        {"content", {{{"type", "text"}, {"text", Json{{"status", "pending"}}.dump()}}}}};
  } else {
    reply["result"] = {{"content", Json::array()}, {"structuredContent", {{"ok", true}}}};
  }
  if (tool == "streamed") {
    return api::Response::Text(200, "event: message\ndata: " + reply.dump() + "\n\n",
                               "text/event-stream");
  }
  return api::Response::Json(200, reply.dump());
}

TEST(McpToolMetricsTest, CountsToolCallsByToolAndOutcome) {
  Metrics metrics("test", "test");
  Router router;
  router.Add("POST", "/mcp", FakeMcp);
  ApplyMcpToolMetrics(router, metrics);
  for (const char* tool : {"unknown", "signet_query", "signet_query", "failing", "waiting",
                           "old_protocol_waiting", "streamed", "unknown"}) {
    EXPECT_EQ(router.Dispatch(Call(tool)).status, 200);
  }
  // Requests that are not tool calls are not counted.
  api::Request ping = Call("x");
  ping.body = R"({"jsonrpc":"2.0","id":2,"method":"ping"})";
  router.Dispatch(ping);

  const std::string text = metrics.Render();
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="ok",tool="signet_query"} 2)"))
      << text;
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="tool_error",tool="failing"} 1)"));
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="suspended",tool="waiting"} 1)"));
  EXPECT_TRUE(Has(
      text, R"(signet_mcp_tool_calls_total{outcome="suspended",tool="old_protocol_waiting"} 1)"));
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="ok",tool="streamed"} 1)"));
  // A name that never produced a result is not a registered tool: it is counted as "other".
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="rpc_error",tool="other"} 2)"));
  EXPECT_EQ(text.find(R"(tool="unknown")"), std::string::npos);
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_call_duration_seconds_count{tool="signet_query"} 2)"));
}

TEST(McpToolMetricsTest, LeavesOtherRoutesAlone) {
  Metrics metrics("test", "test");
  Router router;
  router.Add("POST", "/verify", FakeMcp);
  ApplyMcpToolMetrics(router, metrics);
  api::Request req = Call("signet_query");
  req.path = "/verify";
  router.Dispatch(req);
  EXPECT_EQ(metrics.Render().find("signet_mcp_tool_calls_total{"), std::string::npos);
}

}  // namespace
}  // namespace signet::server
