#include "mcp/stdio.h"

#include <gtest/gtest.h>

#include <sstream>

namespace signet::mcp {
namespace {

std::vector<Json> RunLines(const std::string& input) {
  ToolRegistry tools;
  ResourceRegistry resources;
  PromptRegistry prompts;
  Dispatcher d(ServerInfo{.version = "1"}, tools, resources, prompts);
  std::istringstream in(input);
  std::ostringstream out;
  EXPECT_TRUE(RunStdio(d, Principal{TenantId("t"), "agent:local", "", "", "", true}, in, out).ok());
  std::vector<Json> lines;
  std::istringstream read(out.str());
  for (std::string line; std::getline(read, line);) lines.push_back(Json::parse(line));
  return lines;
}

TEST(StdioTest, AnswersEachRequestOnOneLineAndNotificationsNotAtAll) {
  auto out = RunLines(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c"}}})"
      "\n"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
      "\r\n\n"
      R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["result"]["protocolVersion"], "2025-06-18");
  EXPECT_EQ(out[1]["id"], 2);
  EXPECT_TRUE(out[1]["result"]["tools"].empty());
}

TEST(StdioTest, ReportsParseErrorsWithANullId) {
  auto out = RunLines("not json\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["error"]["code"], rpc::kParseError);
  EXPECT_TRUE(out[0]["id"].is_null());
}

TEST(StdioTest, SkipsOversizeLinesAndContinues) {
  std::string input(kMaxMessageBytes + 10, 'x');
  input += "\n{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\n";
  auto out = RunLines(input);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["error"]["code"], rpc::kParseError);
  EXPECT_EQ(out[1]["id"], 9);
}

}  // namespace
}  // namespace signet::mcp
