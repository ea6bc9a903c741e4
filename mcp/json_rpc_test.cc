#include "mcp/json_rpc.h"

#include <gtest/gtest.h>

namespace signet::mcp {
namespace {

TEST(JsonRpcTest, ParsesRequestWithIntegerAndStringIds) {
  auto a = ParseMessage(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{}})");
  ASSERT_TRUE(a.message);
  EXPECT_EQ(a.message->kind, MessageKind::kRequest);
  EXPECT_EQ(a.message->id, 7);
  auto b = ParseMessage(R"({"jsonrpc":"2.0","id":"x-1","method":"ping"})");
  ASSERT_TRUE(b.message);
  EXPECT_EQ(b.message->id, "x-1");
  EXPECT_TRUE(b.message->params.is_object());
}

TEST(JsonRpcTest, ParsesNotificationAndResponse) {
  auto n = ParseMessage(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  ASSERT_TRUE(n.message);
  EXPECT_EQ(n.message->kind, MessageKind::kNotification);
  auto r = ParseMessage(R"({"jsonrpc":"2.0","id":3,"result":{}})");
  ASSERT_TRUE(r.message);
  EXPECT_EQ(r.message->kind, MessageKind::kResponse);
}

TEST(JsonRpcTest, RejectsMalformedJsonAsParseError) {
  for (const char* bad : {"{", "", "{\"jsonrpc\":\"2.0\",}", "\xff", R"({"a":1,"a":2})"}) {
    auto p = ParseMessage(bad);
    ASSERT_TRUE(p.error) << bad;
    EXPECT_EQ(p.error->code, rpc::kParseError) << bad;
  }
}

TEST(JsonRpcTest, RejectsInvalidRequests) {
  struct Case {
    const char* text;
    int code;
  } cases[] = {
      {R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", rpc::kInvalidRequest},  // batch
      {R"({"id":1,"method":"ping"})", rpc::kInvalidRequest},                    // no jsonrpc
      {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", rpc::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":null,"method":"ping"})", rpc::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", rpc::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1,"method":""})", rpc::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1,"method":7})", rpc::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1,"method":"x","params":[1]})", rpc::kInvalidParams},
      {R"({"jsonrpc":"2.0","id":1,"result":{},"error":{}})", rpc::kInvalidRequest},
      {R"("just a string")", rpc::kInvalidRequest},
  };
  for (const Case& c : cases) {
    auto p = ParseMessage(c.text);
    ASSERT_TRUE(p.error) << c.text;
    EXPECT_EQ(p.error->code, c.code) << c.text;
  }
}

TEST(JsonRpcTest, KeepsTheIdOfAMalformedRequestForTheErrorResponse) {
  auto p = ParseMessage(R"({"jsonrpc":"2.0","id":42,"method":"x","params":"no"})");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.id, 42);
}

TEST(JsonRpcTest, RejectsOversizeMessages) {
  std::string big = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":")" +
                    std::string(kMaxMessageBytes, 'a') + "\"}}";
  auto p = ParseMessage(big);
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->code, rpc::kParseError);
}

TEST(JsonRpcTest, RendersResponsesAndErrors) {
  EXPECT_EQ(ResultResponse(1, Json::object()), R"({"id":1,"jsonrpc":"2.0","result":{}})");
  EXPECT_EQ(ErrorResponse(nullptr, {rpc::kMethodNotFound, "nope", nullptr}),
            R"({"error":{"code":-32601,"message":"nope"},"id":null,"jsonrpc":"2.0"})");
}

}  // namespace
}  // namespace signet::mcp
