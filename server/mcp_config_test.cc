// The mcp section of the configuration: strict keys, the loopback-only no-auth mode.

#include <gtest/gtest.h>

#include "server/config.h"
#include "server/mcp_stack.h"

namespace signet::server {
namespace {

TEST(McpConfigTest, LoadsTheMcpSection) {
  Config c;
  ASSERT_TRUE(ConfigLoader::LoadYamlString("mcp:\n  auth: none\n  allowed_hosts: [localhost]\n"
                                           "  allowed_origins: ['https://app.example']\n"
                                           "  session_ttl: 2h\n"
                                           "server:\n  public_url: https://v.example/\n",
                                           "t.yaml", &c)
                  .ok());
  EXPECT_EQ(c.mcp.auth, "none");
  EXPECT_EQ(c.mcp.allowed_hosts, std::vector<std::string>{"localhost"});
  EXPECT_EQ(c.mcp.allowed_origins, std::vector<std::string>{"https://app.example"});
  EXPECT_EQ(c.mcp.session_ttl, std::chrono::hours(2));
  EXPECT_EQ(PublicUrl(c), "https://v.example");
  EXPECT_TRUE(ConfigLoader::Validate(c).ok());
}

TEST(McpConfigTest, RejectsUnknownKeysAndValues) {
  Config c;
  EXPECT_FALSE(ConfigLoader::LoadYamlString("mcp:\n  authh: none\n", "t.yaml", &c).ok());
  EXPECT_FALSE(ConfigLoader::LoadYamlString("mcp:\n  auth: maybe\n", "t.yaml", &c).ok());
  EXPECT_FALSE(ConfigLoader::ApplyEnvironment({{"SIGNET_MCP__AUTHH", "none"}}, &c).ok());
}

TEST(McpConfigTest, NoAuthIsRefusedUnlessTheListenerIsLoopback) {
  Config c;
  c.mcp.auth = "none";
  for (const char* host : {"127.0.0.1", "127.8.0.1", "::1", "localhost"}) {
    c.server.listen.host = host;
    EXPECT_TRUE(ConfigLoader::Validate(c).ok()) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.1.4", "10.0.0.1"}) {
    c.server.listen.host = host;
    Status s = ConfigLoader::Validate(c);
    ASSERT_FALSE(s.ok()) << host;
    EXPECT_NE(s.error().message().find("loopback"), std::string::npos);
  }
  c.mcp.auth = "oauth";
  EXPECT_TRUE(ConfigLoader::Validate(c).ok());
}

TEST(McpConfigTest, LoadsAndBoundsTheOAuthLifetimes) {
  Config c;
  EXPECT_EQ(c.mcp.oauth.access_token_ttl, std::chrono::minutes(10));
  EXPECT_EQ(c.mcp.oauth.refresh_token_ttl, std::chrono::hours(720));
  ASSERT_TRUE(ConfigLoader::LoadYamlString("mcp:\n  oauth:\n    access_token_ttl: 5m\n"
                                           "    refresh_token_ttl: 48h\n",
                                           "t.yaml", &c)
                  .ok());
  EXPECT_EQ(c.mcp.oauth.access_token_ttl, std::chrono::minutes(5));
  EXPECT_EQ(c.mcp.oauth.refresh_token_ttl, std::chrono::hours(48));
  EXPECT_TRUE(ConfigLoader::Validate(c).ok());
  ASSERT_TRUE(
      ConfigLoader::ApplyEnvironment({{"SIGNET_MCP__OAUTH__ACCESS_TOKEN_TTL", "2m"}}, &c).ok());
  EXPECT_EQ(c.mcp.oauth.access_token_ttl, std::chrono::minutes(2));
  EXPECT_FALSE(
      ConfigLoader::LoadYamlString("mcp:\n  oauth:\n    acess_token_ttl: 5m\n", "t.yaml", &c).ok());
  c.mcp.oauth.access_token_ttl = std::chrono::seconds(10);
  EXPECT_FALSE(ConfigLoader::Validate(c).ok());
  c.mcp.oauth.access_token_ttl = std::chrono::hours(1);
  c.mcp.oauth.refresh_token_ttl = std::chrono::minutes(30);
  EXPECT_FALSE(ConfigLoader::Validate(c).ok());
}

TEST(McpConfigTest, LoadsTheClientMetadataDocumentSettings) {
  Config c;
  EXPECT_TRUE(c.mcp.oauth.client_metadata_documents);
  EXPECT_FALSE(c.mcp.oauth.client_metadata_allow_loopback);
  ASSERT_TRUE(ConfigLoader::LoadYamlString("mcp:\n  oauth:\n    client_metadata_documents: false\n"
                                           "    client_metadata_allow_loopback: true\n"
                                           "    client_metadata_ca_file: /tmp/ca.pem\n",
                                           "t.yaml", &c)
                  .ok());
  EXPECT_FALSE(c.mcp.oauth.client_metadata_documents);
  EXPECT_TRUE(c.mcp.oauth.client_metadata_allow_loopback);
  EXPECT_EQ(c.mcp.oauth.client_metadata_ca_file, "/tmp/ca.pem");
  EXPECT_FALSE(ConfigLoader::LoadYamlString(
                   "mcp:\n  oauth:\n    client_metadata_documents: maybe\n", "t.yaml", &c)
                   .ok());
}

TEST(McpConfigTest, PublicUrlDefaultsToTheListener) {
  Config c;
  c.server.listen.port = 4100;
  EXPECT_EQ(PublicUrl(c), "http://127.0.0.1:4100");
}

}  // namespace
}  // namespace signet::server
