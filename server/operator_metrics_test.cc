#include "server/operator_metrics.h"

#include <gtest/gtest.h>

#include <string>

namespace signet::server {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(McpToolMetricsTest, CountsToolCallsByToolAndOutcome) {
  Metrics metrics("test", "test");
  const mcp::ToolCallObserver count = McpToolCallCounter(metrics);
  count("signet_query", "ok", 0.002);
  count("signet_query", "ok", 0.004);
  count("signet_store", "tool_error", 0.001);
  count("signet_store", "quota", 0.001);
  count("signet_get_proof", "suspended", 0.01);
  count("", "rpc_error", 0.0001);
  count("", "rpc_error", 0.0001);

  const std::string text = metrics.Render();
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="ok",tool="signet_query"} 2)"))
      << text;
  EXPECT_TRUE(
      Has(text, R"(signet_mcp_tool_calls_total{outcome="tool_error",tool="signet_store"} 1)"));
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="quota",tool="signet_store"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(signet_mcp_tool_calls_total{outcome="suspended",tool="signet_get_proof"} 1)"));
  // A request that named no registered tool is counted as "other".
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_calls_total{outcome="rpc_error",tool="other"} 2)"));
  EXPECT_TRUE(Has(text, R"(signet_mcp_tool_call_duration_seconds_count{tool="signet_query"} 2)"));
}

}  // namespace
}  // namespace signet::server
