// The Streamable HTTP rules of McpHttpEndpoint over a real dispatcher and an in-memory tenant.

#include "api/mcp_http.h"

#include <gtest/gtest.h>

#include "mcp/mcp_test_util.h"

namespace signet::api {
namespace {

using mcp::Json;

constexpr char kInit[] =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";
constexpr char kList[] = R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})";

class McpHttpTest : public ::testing::Test {
 protected:
  McpHttpTest()
      : features_(env_.Features()),
        dispatcher_(mcp::ServerInfo{.version = "test"}, features_->tools(), features_->resources(),
                    features_->prompts()),
        sessions_(env_.storage_->state(), env_.clock_, std::chrono::hours(1)),
        endpoint_(
            dispatcher_, sessions_,
            [this](const Request&) -> Result<mcp::Principal> {
              if (auth_error_) return *auth_error_;
              return principal_;
            },
            McpHttpOptions{.allowed_hosts = {"localhost", "127.0.0.1"},
                           .allowed_origins = {"https://app.example"}}) {
    principal_ = env_.Local();
  }

  static Request Post(std::string body, std::string session = {}) {
    Request r;
    r.method = "POST";
    r.headers.Add("Host", "127.0.0.1:3000");
    r.headers.Add("Content-Type", "application/json");
    r.headers.Add("Accept", "application/json, text/event-stream");
    if (!session.empty()) r.headers.Add("Mcp-Session-Id", std::move(session));
    r.body = std::move(body);
    return r;
  }

  std::string Initialize() {
    Response r = endpoint_.Post(Post(kInit));
    EXPECT_EQ(r.status, 200) << r.body;
    auto id = r.headers.Get("Mcp-Session-Id");
    EXPECT_TRUE(id.has_value());
    return id ? std::string(*id) : std::string();
  }

  static int RpcCode(const Response& r) {
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("code", 0) : 0;
  }

  mcp::testing::TenantEnv env_;
  std::unique_ptr<mcp::SignetFeatures> features_;
  mcp::Dispatcher dispatcher_;
  mcp::SessionStore sessions_;
  mcp::Principal principal_;
  std::optional<Error> auth_error_;
  McpHttpEndpoint endpoint_;
};

TEST_F(McpHttpTest, InitializeIssuesASessionThatLaterRequestsNeed) {
  const std::string id = Initialize();
  EXPECT_TRUE(id.starts_with("mcps_"));
  Response ok = endpoint_.Post(Post(kList, id));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(Json::parse(ok.body)["result"]["tools"].size(), 7u);
  EXPECT_EQ(endpoint_.Post(Post(kList)).status, 400);
  EXPECT_EQ(endpoint_.Post(Post(kList, "mcps_" + std::string(43, 'A'))).status, 404);
  EXPECT_EQ(endpoint_.Post(Post(kList, "garbage")).status, 404);
}

TEST_F(McpHttpTest, InitializeWithASessionIdIsRefused) {
  const std::string id = Initialize();
  EXPECT_EQ(endpoint_.Post(Post(kInit, id)).status, 400);
}

TEST_F(McpHttpTest, RefusesForeignHostAndOrigin) {
  const std::string id = Initialize();
  Request host = Post(kList, id);
  host.headers.Set("Host", "evil.example");
  EXPECT_EQ(endpoint_.Post(host).status, 403);
  Request rebinding = Post(kList, id);
  rebinding.headers.Set("Host", "localhost.evil.example:3000");
  EXPECT_EQ(endpoint_.Post(rebinding).status, 403);
  Request origin = Post(kList, id);
  origin.headers.Set("Origin", "https://evil.example");
  EXPECT_EQ(endpoint_.Post(origin).status, 403);
  origin.headers.Set("Origin", "https://app.example");
  EXPECT_EQ(endpoint_.Post(origin).status, 200);
  origin.headers.Set("Origin", "http://127.0.0.1:3000");  // same origin as the Host
  EXPECT_EQ(endpoint_.Post(origin).status, 200);
  origin.headers.Set("Origin", "http://127.0.0.1:4000");  // another local site
  EXPECT_EQ(endpoint_.Post(origin).status, 403);
  Request no_host = Post(kList, id);
  no_host.headers = Headers();
  no_host.headers.Add("Content-Type", "application/json");
  EXPECT_EQ(endpoint_.Post(no_host).status, 403);
}

TEST_F(McpHttpTest, ChecksTheProtocolVersionHeader) {
  const std::string id = Initialize();
  Request r = Post(kList, id);
  r.headers.Set("MCP-Protocol-Version", "2024-11-05");
  EXPECT_EQ(endpoint_.Post(r).status, 400);
  r.headers.Set("MCP-Protocol-Version", "2025-06-18");
  EXPECT_EQ(endpoint_.Post(r).status, 200);
}

TEST_F(McpHttpTest, NotificationsAndResponsesAreAccepted) {
  const std::string id = Initialize();
  Response n =
      endpoint_.Post(Post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", id));
  EXPECT_EQ(n.status, 202);
  EXPECT_TRUE(n.body.empty());
  EXPECT_EQ(endpoint_.Post(Post(R"({"jsonrpc":"2.0","id":"s1","result":{}})", id)).status, 202);
  auto stored = sessions_.Get(id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_TRUE((*stored)->initialized);
}

TEST_F(McpHttpTest, MalformedMessagesGetJsonRpcErrors) {
  const std::string id = Initialize();
  Response parse = endpoint_.Post(Post("{\"jsonrpc\":", id));
  EXPECT_EQ(parse.status, 400);
  EXPECT_EQ(RpcCode(parse), -32700);
  EXPECT_EQ(RpcCode(endpoint_.Post(Post(R"({"jsonrpc":"2.0","id":3})", id))), -32600);
  EXPECT_EQ(RpcCode(endpoint_.Post(Post(R"({"jsonrpc":"2.0","id":3,"method":"x/y"})", id))),
            -32601);
  EXPECT_EQ(RpcCode(endpoint_.Post(Post(
                R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}})", id))),
            -32602);
}

TEST_F(McpHttpTest, EnforcesContentTypeAcceptAndSize) {
  const std::string id = Initialize();
  Request type = Post(kList, id);
  type.headers.Set("Content-Type", "text/plain");
  EXPECT_EQ(endpoint_.Post(type).status, 415);
  Request accept = Post(kList, id);
  accept.headers.Set("Accept", "text/html");
  EXPECT_EQ(endpoint_.Post(accept).status, 406);
  Request big = Post(std::string(mcp::kMaxMessageBytes + 1, ' '), id);
  EXPECT_EQ(endpoint_.Post(big).status, 413);
}

TEST_F(McpHttpTest, AnswersWithSseWhenOnlySseIsAccepted) {
  const std::string id = Initialize();
  Request r = Post(kList, id);
  r.headers.Set("Accept", "text/event-stream");
  Response sse = endpoint_.Post(r);
  EXPECT_EQ(sse.status, 200);
  EXPECT_EQ(sse.headers.Get("Content-Type"), "text/event-stream");
  ASSERT_TRUE(sse.body.starts_with("event: message\ndata: {"));
  ASSERT_TRUE(sse.body.ends_with("}\n\n"));
  const size_t data = sse.body.find("data: ") + 6;
  EXPECT_EQ(Json::parse(sse.body.substr(data))["result"]["tools"].size(), 7u);
}

TEST_F(McpHttpTest, DeleteEndsTheSession) {
  const std::string id = Initialize();
  Request del = Post("", id);
  del.method = "DELETE";
  EXPECT_EQ(endpoint_.Delete(del).status, 204);
  EXPECT_EQ(endpoint_.Post(Post(kList, id)).status, 404);
  EXPECT_EQ(endpoint_.Delete(del).status, 404);
  Request none = Post("");
  EXPECT_EQ(endpoint_.Delete(none).status, 400);
}

TEST_F(McpHttpTest, ASessionServesOnlyTheCallerThatOpenedIt) {
  const std::string id = Initialize();
  principal_.agent_id = "agent:other";
  EXPECT_EQ(endpoint_.Post(Post(kList, id)).status, 404);
  Request del = Post("", id);
  EXPECT_EQ(endpoint_.Delete(del).status, 404);
  principal_.agent_id = "agent:local";
  EXPECT_EQ(endpoint_.Post(Post(kList, id)).status, 200);
}

TEST_F(McpHttpTest, AnotherReplicaOverTheSameStorageServesTheSession) {
  const std::string id = Initialize();
  mcp::SessionStore other_sessions(env_.storage_->state(), env_.clock_, std::chrono::hours(1));
  McpHttpEndpoint replica(
      dispatcher_, other_sessions, [this](const Request&) { return principal_; }, McpHttpOptions{});
  Response r = replica.Post(Post(kList, id));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body)["result"]["tools"].size(), 7u);
  Request del = Post("", id);
  EXPECT_EQ(replica.Delete(del).status, 204);
  EXPECT_EQ(endpoint_.Post(Post(kList, id)).status, 404);
}

TEST_F(McpHttpTest, ExpiredSessionsAreUnknown) {
  const std::string id = Initialize();
  env_.clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(endpoint_.Post(Post(kList, id)).status, 404);
}

TEST_F(McpHttpTest, AuthenticatorRefusalsPassThroughWithoutServing) {
  auth_error_ = Unauthenticated("invalid token");
  EXPECT_EQ(endpoint_.Post(Post(kInit)).status, 401);
  auth_error_ = Unimplemented("OAuth is not built");
  Response r = endpoint_.Post(Post(kInit));
  EXPECT_EQ(r.status, 501);
  EXPECT_FALSE(r.headers.Has("Mcp-Session-Id"));
  EXPECT_EQ(RpcCode(r), -32600);
}

}  // namespace
}  // namespace signet::api
