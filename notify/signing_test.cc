// Standard Webhooks signing and verification; URL parsing; the SSRF guard's address classes.

#include "notify/signing.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "notify/ssrf.h"
#include "notify/url.h"

namespace signet::notify {
namespace {

std::vector<WebhookSecret> One(std::string_view s) {
  std::vector<WebhookSecret> v;
  v.push_back(WebhookSecret::Parse(s).value());
  return v;
}

// The example of the Standard Webhooks / Svix documentation ("How to verify manually").
constexpr char kDocSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kDocId[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kDocTime = 1614265330;
constexpr char kDocBody[] = "{\"test\": 2432232314}";
constexpr char kDocSignature[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(WebhookSigningTest, ReproducesThePublishedExample) {
  auto secrets = One(kDocSecret);
  EXPECT_EQ(secrets[0].Sign(kDocId, kDocTime, kDocBody), kDocSignature);
  EXPECT_TRUE(
      VerifyWebhook(secrets, {kDocId, "1614265330", kDocSignature}, kDocBody, kDocTime, 300).ok());
}

TEST(WebhookSigningTest, SignsWithEverySecretDuringRotation) {
  std::vector<WebhookSecret> both;
  both.push_back(WebhookSecret::Generate());
  both.push_back(WebhookSecret::Generate());
  const std::string header = SignatureHeader(both, "msg_1", 100, "{}");
  ASSERT_EQ(std::count(header.begin(), header.end(), ' '), 1);
  // A receiver holding either secret alone accepts it.
  for (const WebhookSecret& s : both) {
    std::vector<WebhookSecret> one;
    one.push_back(s.Clone());
    EXPECT_TRUE(VerifyWebhook(one, {"msg_1", "100", header}, "{}", 100, 300).ok());
  }
  std::vector<WebhookSecret> stranger;
  stranger.push_back(WebhookSecret::Generate());
  EXPECT_EQ(VerifyWebhook(stranger, {"msg_1", "100", header}, "{}", 100, 300).error().code(),
            ErrorCode::kUnauthenticated);
}

TEST(WebhookSigningTest, RejectsTamperingAndBadHeaders) {
  auto s = One(kDocSecret);
  const WebhookHeaders good{kDocId, "1614265330", kDocSignature};
  EXPECT_FALSE(VerifyWebhook(s, good, "{\"test\": 2432232315}", kDocTime, 300).ok());
  EXPECT_FALSE(
      VerifyWebhook(s, {"msg_other", "1614265330", kDocSignature}, kDocBody, kDocTime, 300).ok());
  EXPECT_FALSE(
      VerifyWebhook(s, {kDocId, "1614265331", kDocSignature}, kDocBody, kDocTime, 300).ok());
  EXPECT_FALSE(VerifyWebhook(s, {kDocId, "1614265330", "v2,abc"}, kDocBody, kDocTime, 300).ok());
  EXPECT_FALSE(VerifyWebhook(s, {kDocId, "-5", kDocSignature}, kDocBody, kDocTime, 300).ok());
  EXPECT_FALSE(VerifyWebhook(s, {"", "1614265330", kDocSignature}, kDocBody, kDocTime, 300).ok());
  EXPECT_FALSE(
      VerifyWebhook(s, {"a b", "1614265330", kDocSignature}, kDocBody, kDocTime, 300).ok());
  // Timestamp tolerance, both directions.
  EXPECT_FALSE(VerifyWebhook(s, good, kDocBody, kDocTime + 301, 300).ok());
  EXPECT_FALSE(VerifyWebhook(s, good, kDocBody, kDocTime - 301, 300).ok());
  EXPECT_TRUE(VerifyWebhook(s, good, kDocBody, kDocTime + 300, 300).ok());
  // One valid signature among others is enough; unknown schemes are skipped.
  const std::string mixed = std::string("v1a,xyz v1,AAAA ") + kDocSignature;
  EXPECT_TRUE(VerifyWebhook(s, {kDocId, "1614265330", mixed}, kDocBody, kDocTime, 300).ok());
}

TEST(WebhookSigningTest, ParsesSecretsStrictly) {
  EXPECT_TRUE(WebhookSecret::Parse(kDocSecret));
  EXPECT_TRUE(WebhookSecret::Parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));  // prefix optional
  EXPECT_FALSE(WebhookSecret::Parse("whsec_"));
  EXPECT_FALSE(WebhookSecret::Parse("whsec_c2hvcnQ="));  // 5 bytes: too short
  EXPECT_FALSE(WebhookSecret::Parse("whsec_not base64!"));
  const WebhookSecret g = WebhookSecret::Generate();
  const std::string enc = g.Encode(crypto::SecretAccess::Get());
  EXPECT_TRUE(enc.starts_with("whsec_"));
  EXPECT_EQ(WebhookSecret::Parse(enc)->Sign("a", 1, "b"), g.Sign("a", 1, "b"));
}

TEST(WebhookUrlTest, ParsesAndRejects) {
  auto u = ParseWebhookUrl("HTTPS://Hooks.Example.COM:8443/a/b?x=1");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "hooks.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/a/b?x=1");
  EXPECT_EQ(u->ToString(), "https://hooks.example.com:8443/a/b?x=1");
  auto v6 = ParseWebhookUrl("http://[::1]:3000");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->ipv6_literal);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/");
  EXPECT_EQ(v6->EndpointKey(), "[::1]:3000");
  for (const char* bad : {"ftp://x/", "https://", "https://u:p@x/", "https://x/#frag",
                          "https://x:0/", "https://x:99999/", "https://x:/", "https://x/a b",
                          "//x/", "https://[::1/", "https://ex ample/", "https://x:12a/"}) {
    EXPECT_FALSE(ParseWebhookUrl(bad)) << bad;
  }
}

Bytes V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return {a, b, c, d}; }
Bytes V6(std::string_view hex) { return HexDecode(hex).value(); }

TEST(SsrfGuardTest, ClassifiesSpecialPurposeAddresses) {
  EXPECT_EQ(ClassifyAddress(V4(8, 8, 8, 8)), AddressClass::kPublic);
  EXPECT_EQ(ClassifyAddress(V4(127, 0, 0, 1)), AddressClass::kLoopback);
  EXPECT_EQ(ClassifyAddress(V4(10, 1, 2, 3)), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(V4(172, 31, 255, 255)), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(V4(172, 32, 0, 0)), AddressClass::kPublic);
  EXPECT_EQ(ClassifyAddress(V4(192, 168, 0, 1)), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(V4(100, 64, 0, 1)), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(V4(169, 254, 169, 254)), AddressClass::kLinkLocal);
  EXPECT_EQ(ClassifyAddress(V4(224, 0, 0, 1)), AddressClass::kMulticast);
  EXPECT_EQ(ClassifyAddress(V4(0, 0, 0, 0)), AddressClass::kUnspecified);
  EXPECT_EQ(ClassifyAddress(V4(255, 255, 255, 255)), AddressClass::kReserved);
  EXPECT_EQ(ClassifyAddress(V4(198, 51, 100, 7)), AddressClass::kReserved);
  EXPECT_EQ(ClassifyAddress(V6("00000000000000000000000000000001")), AddressClass::kLoopback);
  EXPECT_EQ(ClassifyAddress(V6("00000000000000000000000000000000")), AddressClass::kUnspecified);
  EXPECT_EQ(ClassifyAddress(V6("fe800000000000000000000000000001")), AddressClass::kLinkLocal);
  EXPECT_EQ(ClassifyAddress(V6("fd000000000000000000000000000001")), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(V6("ff020000000000000000000000000001")), AddressClass::kMulticast);
  EXPECT_EQ(ClassifyAddress(V6("20010db8000000000000000000000001")), AddressClass::kReserved);
  EXPECT_EQ(ClassifyAddress(V6("26064700000000000000000000001111")), AddressClass::kPublic);
  // Embedded IPv4: mapped, NAT64, 6to4 all classify by the inner address.
  EXPECT_EQ(ClassifyAddress(V6("00000000000000000000ffff7f000001")), AddressClass::kLoopback);
  EXPECT_EQ(ClassifyAddress(V6("00000000000000000000ffffa9fea9fe")), AddressClass::kLinkLocal);
  EXPECT_EQ(ClassifyAddress(V6("0064ff9b0000000000000000c0a80001")), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(V6("20020a00000100000000000000000000")), AddressClass::kPrivate);
  EXPECT_EQ(ClassifyAddress(Bytes{1, 2, 3}), AddressClass::kReserved);
}

TEST(SsrfGuardTest, PolicyAllowsOnlyWhatConfigSays) {
  const TargetPolicy strict;
  EXPECT_TRUE(CheckTargetAddress(V4(93, 184, 216, 34), strict).ok());
  EXPECT_EQ(CheckTargetAddress(V4(127, 0, 0, 1), strict).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_FALSE(CheckTargetAddress(V4(10, 0, 0, 1), strict).ok());
  const TargetPolicy tests{.allow_loopback = true, .allow_private = false};
  EXPECT_TRUE(CheckTargetAddress(V4(127, 0, 0, 1), tests).ok());
  EXPECT_FALSE(CheckTargetAddress(V4(10, 0, 0, 1), tests).ok());
  const TargetPolicy lan{.allow_loopback = true, .allow_private = true};
  EXPECT_TRUE(CheckTargetAddress(V4(10, 0, 0, 1), lan).ok());
  // Never allowed, whatever the config: link-local (metadata services), multicast, unspecified.
  EXPECT_FALSE(CheckTargetAddress(V4(169, 254, 169, 254), lan).ok());
  EXPECT_FALSE(CheckTargetAddress(V4(0, 0, 0, 0), lan).ok());
  EXPECT_FALSE(CheckTargetAddress(V4(239, 1, 1, 1), lan).ok());
}

}  // namespace
}  // namespace signet::notify
