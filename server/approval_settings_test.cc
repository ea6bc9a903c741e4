#include "server/approval_settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "crypto/secret_bytes.h"

namespace signet::server {
namespace {

TEST(ApprovalsSettingsTest, AppliesEveryKnownKey) {
  ApprovalsSettings s;
  ASSERT_TRUE(ApplyApprovalsYaml(R"(
server: {public_url: "https://signet.example.org"}
notify:
  webhook_url: https://hooks.example.org/x
  secret_files: [/a, /b]
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
)",
                                 &s)
                  .ok());
  EXPECT_EQ(s.public_url, "https://signet.example.org");
  EXPECT_EQ(s.webhook_url, "https://hooks.example.org/x");
  EXPECT_EQ(s.secret_files, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_TRUE(s.client.targets.allow_loopback);
  EXPECT_FALSE(s.client.targets.allow_private);
  EXPECT_TRUE(s.client.allow_http);
  EXPECT_EQ(s.dispatch.max_attempts, 3);
  EXPECT_EQ(s.dispatch.initial_backoff.count(), 250);
  EXPECT_EQ(s.dispatch.max_backoff.count(), 2'000);
  EXPECT_EQ(s.dispatch.request_timeout.count(), 40'000);
  EXPECT_GT(s.dispatch.lease, s.dispatch.request_timeout);  // a lease outlives an attempt
  EXPECT_EQ(s.dispatch.breaker.failure_threshold, 4);
  EXPECT_EQ(s.dispatch.breaker.open_for.count(), 10'000);
  EXPECT_EQ(s.dispatch.idle_poll.count(), 50);
  EXPECT_EQ(s.default_ttl.count(), 120);
  EXPECT_EQ(s.max_ttl.count(), 3'600);
  EXPECT_EQ(s.callback_tolerance.count(), 30);
}

TEST(ApprovalsSettingsTest, RejectsUnknownKeysAndBadValuesNamingTheKey) {
  for (const char* yaml :
       {"notify: {webhook_secret: whsec_abc}", "notify: {max_attempts: 0}",
        "notify: {max_attempts: -1}", "notify: {max_attempts: 101}", "notify: {allow_http: yes}",
        "notify: {initial_backoff: -1s}", "notify: {secret_files: /a}", "approvals: [1, 2]",
        "[1, 2]", "notify: {idle_poll: soon}", "notify: {"}) {
    ApprovalsSettings s;
    Status st = ApplyApprovalsYaml(yaml, &s);
    EXPECT_FALSE(st.ok()) << yaml;
  }
  ApprovalsSettings s;
  Status st = ApplyApprovalsYaml("notify: {webhook_secret: whsec_abc}", &s);
  ASSERT_FALSE(st.ok());
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
