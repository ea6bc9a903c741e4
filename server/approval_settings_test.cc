#include "server/approval_settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "crypto/secret_bytes.h"

namespace signet::server {
namespace {

// FromYaml loads a main configuration document and validates it, as `signet serve` does.
Result<ApprovalsSettings> FromYaml(std::string_view yaml) {
  Config c;
  if (Status st = ConfigLoader::LoadYamlString(yaml, "test.yaml", &c); !st.ok()) {
    return std::move(st).error();
  }
  if (Status st = ConfigLoader::Validate(c); !st.ok()) return std::move(st).error();
  return ApprovalsSettingsFor(c);
}

TEST(ApprovalsSettingsTest, AppliesEveryKnownKeyOfTheMainConfig) {
  auto s = FromYaml(R"(
server: {public_url: "https://signet.example.org"}
notify:
  webhook_url: https://hooks.example.org/x
  secret_files: [/dev/null, /dev/null]
  allow_loopback_targets: true
  allow_private_targets: false
  allow_http: true
  max_attempts: 3
  initial_backoff: 250ms
  max_backoff: 2s
  request_timeout: 40s
  breaker_failures: 4
  breaker_open: 10s
  idle_poll: 50ms
approvals: {default_ttl: 2m, max_ttl: 1h, callback_tolerance: 30s}
)");
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->public_url, "https://signet.example.org");
  EXPECT_EQ(s->webhook_url, "https://hooks.example.org/x");
  EXPECT_EQ(s->secret_files, (std::vector<std::string>{"/dev/null", "/dev/null"}));
  EXPECT_TRUE(s->client.targets.allow_loopback);
  EXPECT_FALSE(s->client.targets.allow_private);
  EXPECT_TRUE(s->client.allow_http);
  EXPECT_EQ(s->dispatch.max_attempts, 3);
  EXPECT_EQ(s->dispatch.initial_backoff.count(), 250);
  EXPECT_EQ(s->dispatch.max_backoff.count(), 2'000);
  EXPECT_EQ(s->dispatch.request_timeout.count(), 40'000);
  EXPECT_GT(s->dispatch.lease, s->dispatch.request_timeout);  // a lease outlives an attempt
  EXPECT_EQ(s->dispatch.breaker.failure_threshold, 4);
  EXPECT_EQ(s->dispatch.breaker.open_for.count(), 10'000);
  EXPECT_EQ(s->dispatch.idle_poll.count(), 50);
  EXPECT_EQ(s->default_ttl.count(), 120);
  EXPECT_EQ(s->max_ttl.count(), 3'600);
  EXPECT_EQ(s->callback_tolerance.count(), 30);
}

TEST(ApprovalsSettingsTest, DefaultsDeriveThePublicUrlFromTheListener) {
  auto s = FromYaml("server: {listen: \"127.0.0.1:4567\"}\n");
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->public_url, "http://127.0.0.1:4567");
  EXPECT_TRUE(s->webhook_url.empty());
  EXPECT_EQ(s->dispatch.max_attempts, 8);
  EXPECT_EQ(s->default_ttl.count(), 300);
}

TEST(ApprovalsSettingsTest, RejectsUnknownKeysAndBadValuesNamingTheKey) {
  for (const char* yaml :
       {"notify: {webhook_secret: whsec_abc}", "notify: {max_attempts: 0}",
        "notify: {max_attempts: -1}", "notify: {max_attempts: 101}", "notify: {allow_http: maybe}",
        "notify: {initial_backoff: -1s}", "notify: {secret_files: /a}", "approvals: [1, 2]",
        "notify: {idle_poll: soon}", "notify: {", "notify: {secret_files: [/nonexistent/x]}",
        "approvals: {default_ttl: 2h, max_ttl: 1h}"}) {
    EXPECT_FALSE(FromYaml(yaml)) << yaml;
  }
  auto st = FromYaml("notify: {webhook_secret: whsec_abc}");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("notify.webhook_secret"), std::string::npos);
  EXPECT_EQ(st.error().message().find("whsec_abc"), std::string::npos);
}

TEST(ApprovalsSettingsTest, LoadsSecretsOnlyFromPrivateFiles) {
  char dir_template[] = "/tmp/signet-approval-settings-XXXXXX";
  const std::string dir = ::mkdtemp(dir_template);
  const std::string good = dir + "/good";
  const std::string open = dir + "/open";
  const std::string bad = dir + "/bad";
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  std::ofstream(good) << secret << "\n";
  std::ofstream(open) << secret << "\n";
  std::ofstream(bad) << "whsec_!!!\n";
  ::chmod(good.c_str(), 0600);
  ::chmod(open.c_str(), 0644);
  ::chmod(bad.c_str(), 0600);

  auto loaded = LoadWebhookSecrets({good});
  ASSERT_TRUE(loaded) << loaded.error().message();
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].Encode(crypto::SecretAccess::Get()), secret);
  EXPECT_EQ(LoadWebhookSecrets({open}).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(LoadWebhookSecrets({bad}));
  EXPECT_FALSE(LoadWebhookSecrets({dir + "/missing"}));
  EXPECT_FALSE(LoadWebhookSecrets({good, good, good}));  // at most two during rotation
  auto bad_error = LoadWebhookSecrets({bad});
  EXPECT_EQ(bad_error.error().message().find("!!!"), std::string::npos);
  for (const auto& f : {good, open, bad}) ::unlink(f.c_str());
  ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace signet::server
