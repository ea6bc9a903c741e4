#include "server/config.h"

#include <gtest/gtest.h>

namespace signet::server {
namespace {

Config Load(std::string_view yaml) {
  Config c;
  Status s = ConfigLoader::LoadYamlString(yaml, "test.yaml", &c);
  EXPECT_TRUE(s.ok()) << s.error().message();
  return c;
}

std::string LoadError(std::string_view yaml) {
  Config c;
  Status s = ConfigLoader::LoadYamlString(yaml, "test.yaml", &c);
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.error().message();
}

TEST(ConfigTest, DefaultsAreTheEmbeddedLoopbackSetup) {
  Config c;
  EXPECT_EQ(c.server.listen.ToString(), "127.0.0.1:3000");
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_TRUE(ConfigLoader::Validate(c).ok());
}

TEST(ConfigTest, LoadsNestedKeysWithUnits) {
  Config c = Load(R"(
data_dir: /var/lib/signet
server:
  listen: "[::1]:8443"
  io_threads: 4
  compute_threads: 8
  trusted_proxies: [10.0.0.0/8, "::1"]
  limits:
    header_bytes: 32KiB
    body_bytes: 2MiB
  timeouts:
    header: 5s
    idle: 250ms
log:
  level: debug
  access: false
)");
  EXPECT_EQ(c.data_dir, "/var/lib/signet");
  EXPECT_EQ(c.server.listen.ToString(), "[::1]:8443");
  EXPECT_EQ(c.server.io_threads, 4u);
  EXPECT_EQ(c.server.compute_threads, 8u);
  ASSERT_EQ(c.server.trusted_proxies.size(), 2u);
  EXPECT_EQ(c.server.trusted_proxies[1].prefix, 128);
  EXPECT_EQ(c.server.limits.header_bytes, 32u * 1024);
  EXPECT_EQ(c.server.limits.body_bytes, 2u * 1024 * 1024);
  EXPECT_EQ(c.server.timeouts.header, std::chrono::seconds(5));
  EXPECT_EQ(c.server.timeouts.idle, std::chrono::milliseconds(250));
  EXPECT_EQ(c.log.level, log::Level::kDebug);
  EXPECT_FALSE(c.log.access);
}

TEST(ConfigTest, RejectsUnknownKeyWithItsPathAndLine) {
  EXPECT_EQ(LoadError("server:\n  lissten: 1.2.3.4:1\n"),
            "test.yaml:2:3: unknown key server.lissten");
  EXPECT_EQ(LoadError("nope: 1\n"), "test.yaml:1:1: unknown key nope");
  EXPECT_EQ(LoadError("server:\n  limits:\n    header: 1\n"),
            "test.yaml:3:5: unknown key server.limits.header");
}

TEST(ConfigTest, RejectsDuplicateKeys) {
  EXPECT_EQ(LoadError("data_dir: a\ndata_dir: b\n"), "test.yaml:2:1: duplicate key data_dir");
}

TEST(ConfigTest, RejectsBadValuesNamingTheKey) {
  EXPECT_NE(LoadError("server:\n  listen: nowhere\n").find("server.listen"), std::string::npos);
  EXPECT_NE(LoadError("server:\n  io_threads: -1\n").find("server.io_threads"),
            std::string::npos);
  EXPECT_NE(LoadError("server:\n  timeouts:\n    header: 10\n").find("duration"),
            std::string::npos);
  EXPECT_NE(LoadError("server:\n  trusted_proxies: [300.1.1.1/8]\n").find("invalid CIDR"),
            std::string::npos);
  EXPECT_NE(LoadError("log:\n  level: loud\n").find("log.level"), std::string::npos);
  EXPECT_NE(LoadError("server: 3\n").find("must be a mapping"), std::string::npos);
  EXPECT_NE(LoadError("server:\n  listen: [a, b]\n").find("single value"), std::string::npos);
}

TEST(ConfigTest, RejectsInvalidYaml) {
  EXPECT_NE(LoadError("server: [\n").find("invalid YAML"), std::string::npos);
  EXPECT_NE(LoadError("- a\n- b\n").find("top level must be a mapping"), std::string::npos);
}

TEST(ConfigTest, EnvironmentOverridesYaml) {
  Config c = Load("server:\n  listen: 127.0.0.1:1\n");
  Status s = ConfigLoader::ApplyEnvironment({{"SIGNET_SERVER__LISTEN", "127.0.0.1:2"},
                                             {"SIGNET_DATA_DIR", "/srv/x"},
                                             {"SIGNET_SERVER__TRUSTED_PROXIES", "10.0.0.0/8, ::1"},
                                             {"SIGNET_CONFIG", "/etc/signet.yaml"}},
                                            &c);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(c.server.listen.port, 2);
  EXPECT_EQ(c.data_dir, "/srv/x");
  EXPECT_EQ(c.server.trusted_proxies.size(), 2u);
}

TEST(ConfigTest, RejectsUnknownEnvironmentVariable) {
  Config c;
  Status s = ConfigLoader::ApplyEnvironment({{"SIGNET_SERVER__LISEN", "x"}}, &c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(), "unknown environment variable SIGNET_SERVER__LISEN");
  Status bad = ConfigLoader::ApplyEnvironment({{"SIGNET_LOG__LEVEL", "loud"}}, &c);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("SIGNET_LOG__LEVEL"), std::string::npos);
}

TEST(ConfigTest, MapsEveryKeyToAnEnvironmentName) {
  EXPECT_EQ(ConfigLoader::EnvName("server.timeouts.shutdown_grace"),
            "SIGNET_SERVER__TIMEOUTS__SHUTDOWN_GRACE");
  EXPECT_EQ(ConfigLoader::EnvName("data_dir"), "SIGNET_DATA_DIR");
  for (const auto& key : ConfigLoader::Keys()) {
    Config c;
    // Every key must be settable through its environment name (round trip of the name scheme).
    Status s = ConfigLoader::ApplyEnvironment({{ConfigLoader::EnvName(key), ""}}, &c);
    if (!s.ok()) {
      EXPECT_EQ(s.error().message().find("unknown environment variable"), std::string::npos)
          << key;
    }
  }
}

TEST(ConfigTest, ValidateChecksTlsPairAndFiles) {
  Config c;
  c.server.tls.cert_file = "/nonexistent/cert.pem";
  EXPECT_FALSE(ConfigLoader::Validate(c).ok());
  c.server.tls.key_file = "/nonexistent/key.pem";
  Status s = ConfigLoader::Validate(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("cannot read file"), std::string::npos);
}

TEST(ConfigTest, ValidateRejectsUnsafeLimits) {
  Config c;
  c.server.limits.header_bytes = 10;
  EXPECT_FALSE(ConfigLoader::Validate(c).ok());
  Config d;
  d.server.timeouts.write = std::chrono::milliseconds(0);
  EXPECT_FALSE(ConfigLoader::Validate(d).ok());
}

TEST(ConfigTest, LimitsHaveDefaultsYamlAndEnvironmentOverridesAndZeroMeansOff) {
  Config defaults;
  EXPECT_EQ(defaults.limits.ip_requests_per_minute, 1200u);
  EXPECT_EQ(defaults.limits.tenant_requests_per_minute, 3000u);
  EXPECT_EQ(defaults.limits.tenant_sessions, 100u);
  Config c = Load("limits:\n  ip_requests_per_minute: 0\n  tenant_requests_per_minute: 90\n");
  EXPECT_EQ(c.limits.ip_requests_per_minute, 0u);
  EXPECT_EQ(c.limits.tenant_requests_per_minute, 90u);
  ASSERT_TRUE(ConfigLoader::ApplyEnvironment(
                  {{"SIGNET_LIMITS__IP_REQUESTS_PER_MINUTE", "30"}}, &c)
                  .ok());
  EXPECT_EQ(c.limits.ip_requests_per_minute, 30u);
  ASSERT_TRUE(ConfigLoader::ApplyEnvironment({{"SIGNET_LIMITS__TENANT_SESSIONS", "0"}}, &c).ok());
  EXPECT_EQ(c.limits.tenant_sessions, 0u);
  EXPECT_FALSE(ConfigLoader::ApplyEnvironment({{"SIGNET_LIMITS__TENANT_SESSIONS", "901"}}, &c).ok());
  EXPECT_TRUE(ConfigLoader::Validate(c).ok());
  EXPECT_NE(Describe(c).find("limits.tenant_requests_per_minute: 90"), std::string::npos);
}

TEST(ConfigTest, TenantQuotasHaveDefaultsBoundsAndSizes) {
  Config defaults;
  EXPECT_EQ(defaults.limits.tenant_records, 10'000u);
  EXPECT_EQ(defaults.limits.tenant_bytes, size_t{256} << 20);
  Config c = Load("limits:\n  tenant_records: 0\n  tenant_bytes: 2MiB\n");
  EXPECT_EQ(c.limits.tenant_records, 0u);
  EXPECT_EQ(c.limits.tenant_bytes, size_t{2} << 20);
  ASSERT_TRUE(ConfigLoader::ApplyEnvironment({{"SIGNET_LIMITS__TENANT_BYTES", "512"}}, &c).ok());
  EXPECT_EQ(c.limits.tenant_bytes, 512u);
  EXPECT_FALSE(LoadError("limits:\n  tenant_records: 40001\n").empty());
  EXPECT_FALSE(LoadError("limits:\n  tenant_bytes: lots\n").empty());
  EXPECT_NE(Describe(c).find("limits.tenant_bytes:"), std::string::npos);
}

TEST(ConfigTest, RejectsUnknownOrMalformedLimits) {
  EXPECT_NE(LoadError("limits:\n  ip_requests_per_minit: 5\n").find("limits.ip_requests_per_minit"),
            std::string::npos);
  EXPECT_FALSE(LoadError("limits:\n  ip_requests_per_minute: -1\n").empty());
  EXPECT_FALSE(LoadError("limits:\n  tenant_requests_per_minute: lots\n").empty());
  Config c;
  EXPECT_FALSE(
      ConfigLoader::ApplyEnvironment({{"SIGNET_LIMITS__IP_REQUESTS", "5"}}, &c).ok());
}

TEST(ParseTest, ParsesDurationsAndSizes) {
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseDuration("2m"), std::chrono::minutes(2));
  EXPECT_EQ(*ParseDuration("1h"), std::chrono::hours(1));
  EXPECT_FALSE(ParseDuration("10"));
  EXPECT_FALSE(ParseDuration("s"));
  EXPECT_FALSE(ParseDuration("1.5s"));
  EXPECT_EQ(*ParseSize("512"), 512u);
  EXPECT_EQ(*ParseSize("16KiB"), 16384u);
  EXPECT_FALSE(ParseSize("16KB"));
  EXPECT_FALSE(ParseSize("-1"));
}

TEST(EndpointTest, ParsesHostPortForms) {
  EXPECT_EQ(Endpoint::Parse("localhost:80")->host, "127.0.0.1");
  EXPECT_EQ(Endpoint::Parse("[::1]:80")->ToString(), "[::1]:80");
  EXPECT_FALSE(Endpoint::Parse("127.0.0.1"));
  EXPECT_FALSE(Endpoint::Parse("127.0.0.1:70000"));
  EXPECT_FALSE(Endpoint::Parse("example.com:80"));
}

}  // namespace
}  // namespace signet::server
