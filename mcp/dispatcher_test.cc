#include "mcp/dispatcher.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace signet::mcp {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() {
    tools_.Add({"echo", "Echo", "Echoes its text.",
                Json::parse(R"({"type":"object","properties":{"text":{"type":"string",
                   "maxLength":5}},"required":["text"],"additionalProperties":false})"),
                Json::object(), "scope:echo", [](const CallContext&, const Json& a) {
                  if (a.at("text") == "fail") return ToolResult::Fail("it failed");
                  return ToolResult::Ok({{"text", a.at("text")}});
                }});
    resources_.Add(
        {"test://r", "r", "R", "A resource.", "text/plain", "scope:echo", [](const CallContext&) {
           return Result<ResourceContent>({"text/plain", "hi"});
         }});
    prompts_.Add({"p", "P", "A prompt.", {{"who", "Who", true}}, [](const Json& a) {
                    return Json::array({TextMessage("user", a.at("who"))});
                  }});
  }

  Json Send(const std::string& method, Json params = Json::object()) {
    Message m{MessageKind::kRequest, ++id_, method, std::move(params)};
    auto out = dispatcher_.Handle(m, principal_, session_);
    EXPECT_TRUE(out.response);
    return Json::parse(*out.response);
  }
  Json Init(const std::string& version) {
    return Send("initialize", {{"protocolVersion", version},
                               {"capabilities", Json::object()},
                               {"clientInfo", {{"name", "c"}, {"version", "1"}}}});
  }
  int ErrorCode(const Json& r) { return r.contains("error") ? r["error"]["code"].get<int>() : 0; }

  ToolRegistry tools_;
  ResourceRegistry resources_;
  PromptRegistry prompts_;
  Dispatcher dispatcher_{ServerInfo{.version = "1.0"}, tools_, resources_, prompts_};
  Principal principal_{TenantId("t_1"), "agent:x", "g", "c", "scope:echo", false};
  SessionState session_;
  int id_ = 0;
};

TEST_F(DispatcherTest, NegotiatesTheClientsVersionWhenSupported) {
  for (const char* v : {"2025-11-25", "2025-06-18", "2025-03-26"}) {
    session_ = {};
    Json r = Init(v);
    EXPECT_EQ(r["result"]["protocolVersion"], v);
    EXPECT_EQ(session_.protocol_version, v);
  }
}

TEST_F(DispatcherTest, AnswersUnsupportedVersionsWithTheLatest) {
  Json r = Init("2024-11-05");
  EXPECT_EQ(r["result"]["protocolVersion"], "2025-11-25");
  EXPECT_EQ(r["result"]["serverInfo"]["name"], "signet");
  EXPECT_TRUE(r["result"]["capabilities"].contains("tools"));
  EXPECT_TRUE(r["result"]["capabilities"].contains("resources"));
  EXPECT_TRUE(r["result"]["capabilities"].contains("prompts"));
}

TEST_F(DispatcherTest, RefusesRequestsBeforeInitializeExceptPing) {
  EXPECT_EQ(ErrorCode(Send("tools/list")), rpc::kInvalidRequest);
  EXPECT_TRUE(Send("ping")["result"].empty());
  Init("2025-11-25");
  EXPECT_EQ(ErrorCode(Send("initialize", Json::object())), rpc::kInvalidRequest);
}

TEST_F(DispatcherTest, RejectsInitializeWithoutClientInfo) {
  EXPECT_EQ(ErrorCode(Send("initialize", {{"protocolVersion", "2025-11-25"}})),
            rpc::kInvalidParams);
}

TEST_F(DispatcherTest, MarksTheSessionInitializedOnTheNotification) {
  Init("2025-11-25");
  Message n{MessageKind::kNotification, nullptr, "notifications/initialized", Json::object()};
  auto out = dispatcher_.Handle(n, principal_, session_);
  EXPECT_FALSE(out.response);
  EXPECT_TRUE(out.session_changed);
  EXPECT_TRUE(session_.initialized);
}

TEST_F(DispatcherTest, UnknownMethodIsMethodNotFound) {
  Init("2025-11-25");
  EXPECT_EQ(ErrorCode(Send("tools/destroy")), rpc::kMethodNotFound);
}

TEST_F(DispatcherTest, ListsToolsResourcesAndPrompts) {
  Init("2025-11-25");
  Json tools = Send("tools/list")["result"]["tools"];
  ASSERT_EQ(tools.size(), 1u);
  EXPECT_EQ(tools[0]["name"], "echo");
  EXPECT_EQ(tools[0]["inputSchema"]["required"][0], "text");
  EXPECT_EQ(Send("resources/list")["result"]["resources"][0]["uri"], "test://r");
  EXPECT_TRUE(Send("resources/templates/list")["result"]["resourceTemplates"].empty());
  EXPECT_EQ(Send("prompts/list")["result"]["prompts"][0]["arguments"][0]["required"], true);
  EXPECT_EQ(ErrorCode(Send("tools/list", {{"cursor", "x"}})), rpc::kInvalidParams);
}

TEST_F(DispatcherTest, CallsToolsAndReportsToolFailuresAsResults) {
  Init("2025-11-25");
  Json ok = Send("tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}})["result"];
  EXPECT_FALSE(ok["isError"]);
  EXPECT_EQ(ok["structuredContent"]["text"], "hi");
  Json failed = Send("tools/call", {{"name", "echo"}, {"arguments", {{"text", "fail"}}}})["result"];
  EXPECT_TRUE(failed["isError"]);
  EXPECT_EQ(failed["content"][0]["text"], "it failed");
}

TEST_F(DispatcherTest, SchemaViolationsAreToolErrorsUnknownToolsAreInvalidParams) {
  Init("2025-11-25");
  Json bad = Send("tools/call", {{"name", "echo"}, {"arguments", {{"text", "toolong"}}}});
  EXPECT_TRUE(bad["result"]["isError"]);
  EXPECT_NE(bad["result"]["content"][0]["text"].get<std::string>().find("/text"),
            std::string::npos);
  EXPECT_EQ(ErrorCode(Send("tools/call", {{"name", "nope"}})), rpc::kInvalidParams);
  EXPECT_EQ(ErrorCode(Send("tools/call", {{"arguments", Json::object()}})), rpc::kInvalidParams);
  EXPECT_EQ(ErrorCode(Send("tools/call", {{"name", "echo"}, {"arguments", 3}})),
            rpc::kInvalidParams);
}

TEST_F(DispatcherTest, TellsTheObserverEveryToolCallsToolAndOutcome) {
  tools_.Add({"waits", "Waits", "Suspends.", Json::parse(R"({"type":"object"})"), Json::object(),
              "scope:echo", [](const CallContext&, const Json&) {
                return ToolResult::Ok({{"status", "pending"}});
              }});
  tools_.Add({"full", "Full", "Over quota.", Json::parse(R"({"type":"object"})"), Json::object(),
              "scope:echo", [](const CallContext&, const Json&) {
                return ToolResult::Fail("quota", {{"code", "resource_exhausted"}});
              }});
  std::vector<std::pair<std::string, std::string>> seen;
  Dispatcher observed(ServerInfo{.version = "1.0"}, tools_, resources_, prompts_,
                      [&seen](std::string_view tool, std::string_view outcome, double seconds) {
                        EXPECT_GE(seconds, 0);
                        seen.emplace_back(tool, outcome);
                      });
  auto send = [&](Json params) {
    Message m{MessageKind::kRequest, ++id_, "tools/call", std::move(params)};
    (void)observed.Handle(m, principal_, session_);
  };
  Init("2025-11-25");
  send({{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
  send({{"name", "echo"}, {"arguments", {{"text", "fail"}}}});
  send({{"name", "echo"}, {"arguments", {{"text", "toolong"}}}});
  send({{"name", "waits"}});
  send({{"name", "full"}});
  send({{"name", "nope"}});
  principal_.scope = "other";
  send({{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
  Message ping{MessageKind::kRequest, ++id_, "ping", Json::object()};
  (void)observed.Handle(ping, principal_, session_);  // not a tool call: not observed
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(seen, (std::vector<P>{{"echo", "ok"},
                                  {"echo", "tool_error"},
                                  {"echo", "tool_error"},
                                  {"waits", "suspended"},
                                  {"full", "quota"},
                                  {"", "rpc_error"},
                                  {"echo", "rpc_error"}}));
}

TEST_F(DispatcherTest, OmitsStructuredContentFor20250326) {
  Init("2025-03-26");
  Json ok = Send("tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}})["result"];
  EXPECT_FALSE(ok.contains("structuredContent"));
  EXPECT_EQ(ok["content"][0]["text"], R"({"text":"hi"})");
}

TEST_F(DispatcherTest, EnforcesScopes) {
  principal_.scope = "other";
  Init("2025-11-25");
  EXPECT_EQ(ErrorCode(Send("tools/call", {{"name", "echo"}, {"arguments", {{"text", "a"}}}})),
            rpc::kInvalidRequest);
  Message m{MessageKind::kRequest, 1, "tools/call", {{"name", "echo"}}};
  EXPECT_EQ(dispatcher_.RequiredScope(m), "scope:echo");
}

TEST_F(DispatcherTest, ReadsResourcesAndReportsUnknownOnes) {
  Init("2025-11-25");
  Json r = Send("resources/read", {{"uri", "test://r"}})["result"];
  EXPECT_EQ(r["contents"][0]["text"], "hi");
  EXPECT_EQ(ErrorCode(Send("resources/read", {{"uri", "test://none"}})), -32002);
}

TEST_F(DispatcherTest, RendersPromptsAndChecksArguments) {
  Init("2025-11-25");
  Json r = Send("prompts/get", {{"name", "p"}, {"arguments", {{"who", "ada"}}}})["result"];
  EXPECT_EQ(r["messages"][0]["content"]["text"], "ada");
  EXPECT_EQ(ErrorCode(Send("prompts/get", {{"name", "p"}})), rpc::kInvalidParams);
  EXPECT_EQ(ErrorCode(Send("prompts/get", {{"name", "q"}})), rpc::kInvalidParams);
}

TEST_F(DispatcherTest, SetsTheLogLevel) {
  Init("2025-11-25");
  EXPECT_TRUE(Send("logging/setLevel", {{"level", "error"}})["result"].empty());
  EXPECT_EQ(session_.log_level, LogLevel::kError);
  EXPECT_EQ(ErrorCode(Send("logging/setLevel", {{"level", "loud"}})), rpc::kInvalidParams);
}

TEST_F(DispatcherTest, IgnoresResponsesFromTheClient) {
  Message m{MessageKind::kResponse, 5, "", Json::object()};
  auto out = dispatcher_.Handle(m, principal_, session_);
  EXPECT_FALSE(out.response);
}

}  // namespace
}  // namespace signet::mcp
