// The OAuth hooks of McpHttpEndpoint: refusals carry the WWW-Authenticate challenges, and a
// message needing a scope the token lacks gets 403 insufficient_scope before it is dispatched.

#include <gtest/gtest.h>

#include "api/mcp_http.h"
#include "mcp/mcp_test_util.h"

namespace signet::api {
namespace {

using mcp::Json;

constexpr char kInit[] =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

class OAuthMcpHttpTest : public ::testing::Test {
 protected:
  OAuthMcpHttpTest()
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
            McpHttpOptions{.allowed_hosts = {"127.0.0.1"},
                           .allowed_origins = {},
                           .challenge = [](const Error& e, std::string_view scope) {
                             if (!scope.empty()) {
                               return std::vector<std::string>{"Bearer scope=" +
                                                               std::string(scope)};
                             }
                             return std::vector<std::string>{"Bearer e=" + e.message(), "DPoP x"};
                           }}) {
    principal_ = env_.Local();
    principal_.local = false;
    principal_.grant_id = "g_1";
    principal_.scope = "signet:query";
  }

  static Request Post(std::string body, std::string session = {}) {
    Request r;
    r.method = "POST";
    r.headers.Add("Host", "127.0.0.1:3000");
    r.headers.Add("Content-Type", "application/json");
    r.headers.Add("Accept", "application/json");
    if (!session.empty()) r.headers.Add("Mcp-Session-Id", std::move(session));
    r.body = std::move(body);
    return r;
  }

  static std::string Call(std::string_view tool, std::string_view args) {
    return R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":")" +
           std::string(tool) + R"(","arguments":)" + std::string(args) + "}}";
  }

  mcp::testing::TenantEnv env_;
  std::unique_ptr<mcp::SignetFeatures> features_;
  mcp::Dispatcher dispatcher_;
  mcp::SessionStore sessions_;
  mcp::Principal principal_;
  std::optional<Error> auth_error_;
  McpHttpEndpoint endpoint_;
};

TEST_F(OAuthMcpHttpTest, RefusalsCarryTheChallenges) {
  auth_error_ = Error(ErrorCode::kUnauthenticated, "invalid access token");
  Response r = endpoint_.Post(Post(kInit));
  EXPECT_EQ(r.status, 401);
  const auto challenges = r.headers.GetAll("WWW-Authenticate");
  ASSERT_EQ(challenges.size(), 2u);
  EXPECT_EQ(challenges[0], "Bearer e=invalid access token");
  EXPECT_EQ(challenges[1], "DPoP x");
  auth_error_ = Unavailable("down");
  Response down = endpoint_.Post(Post(kInit));
  EXPECT_EQ(down.status, 503);
  EXPECT_FALSE(down.headers.Has("WWW-Authenticate"));
}

TEST_F(OAuthMcpHttpTest, AToolOutsideTheScopeGets403InsufficientScope) {
  Response init = endpoint_.Post(Post(kInit));
  ASSERT_EQ(init.status, 200) << init.body;
  const std::string session(*init.headers.Get("Mcp-Session-Id"));
  Response refused = endpoint_.Post(Post(
      Call("signet_get_proof",
           R"({"format":"sd-jwt","audience":"https://a.example","nonce":"n-1234567890abcdef"})"),
      session));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.headers.GetAll("WWW-Authenticate"),
            std::vector<std::string_view>{"Bearer scope=signet:proofs"});
  Response allowed =
      endpoint_.Post(Post(Call("signet_query", R"({"label":"email","ask":"exists"})"), session));
  EXPECT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_FALSE(allowed.headers.Has("WWW-Authenticate"));
}

}  // namespace
}  // namespace signet::api
