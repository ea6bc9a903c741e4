#include "cli/credential_commands.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/credential_internal.h"

namespace signet::cli {
namespace {

IssuedCredential Sample() {
  return IssuedCredential{"abc",
                          "urn:signet:claims:v1",
                          "thumb",
                          {"email", "age_over_21"},
                          1700000000,
                          1700003600,
                          "https://vault.example/status-lists/t_1",
                          42,
                          std::nullopt};
}

TEST(CredentialRegistryTest, RoundTripsEntries) {
  IssuedCredential revoked = Sample();
  revoked.id = "def";
  revoked.revoked_at = 1700000100;
  auto parsed = ParseCredentialRegistry(SerializeCredentialRegistry({Sample(), revoked}));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  ASSERT_EQ(parsed->size(), 2U);
  EXPECT_EQ((*parsed)[0].id, "abc");
  EXPECT_EQ((*parsed)[0].claims, (std::vector<std::string>{"email", "age_over_21"}));
  EXPECT_EQ((*parsed)[0].status_index, 42U);
  EXPECT_FALSE((*parsed)[0].revoked_at.has_value());
  EXPECT_EQ((*parsed)[1].revoked_at, 1700000100);
}

TEST(CredentialRegistryTest, RefusesCorruptRecords) {
  for (const char* bad : {"", "[]", R"({"version": 2, "credentials": []})",
                          R"({"version": 1, "credentials": [{"id": "x"}]})",
                          R"({"version": 1, "version": 1, "credentials": []})",
                          R"({"version": 1, "credentials": [{"id": "a", "vct": "v", "holder": "h",
                              "status_uri": "u", "issued_at": 1, "expires_at": 2,
                              "status_index": -1, "claims": []}]})"}) {
    auto r = ParseCredentialRegistry(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss) << bad;
  }
}

TEST(HolderKeyTest, PrivateJwkRoundTripsAndYieldsThePublicKey) {
  const crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  const std::string jwk = HolderKeyJwk(key);
  auto back = ParseHolderKey(jwk);
  ASSERT_TRUE(back.has_value()) << back.error().message();
  EXPECT_EQ(back->public_key().bytes(), key.public_key().bytes());
  auto pub = HolderPublicJwk(jwk);
  ASSERT_TRUE(pub.has_value()) << pub.error().message();
  EXPECT_EQ(pub->Thumbprint(), credentials::PublicJwk::Ed25519(key.public_key()).Thumbprint());
  EXPECT_FALSE(pub->ToJson().contains("d"));
}

TEST(HolderKeyTest, RejectsMismatchedPublicPartAndPublicOnlyKeys) {
  const crypto::Ed25519PrivateKey a = crypto::Ed25519PrivateKey::Generate();
  const crypto::Ed25519PrivateKey b = crypto::Ed25519PrivateKey::Generate();
  nlohmann::json mixed = nlohmann::json::parse(HolderKeyJwk(a));
  mixed["x"] = credentials::PublicJwk::Ed25519(b.public_key()).ToJson()["x"];
  EXPECT_FALSE(ParseHolderKey(mixed.dump()).has_value());
  const std::string public_only = credentials::PublicJwk::Ed25519(a.public_key()).ToJson().dump();
  EXPECT_FALSE(ParseHolderKey(public_only).has_value());
  EXPECT_TRUE(HolderPublicJwk(public_only).has_value());
  EXPECT_FALSE(HolderPublicJwk(R"({"kty":"OKP","crv":"Ed25519","x":"AAAA"})").has_value());
  EXPECT_FALSE(HolderPublicJwk("not json").has_value());
}

TEST(CredentialArgsTest, SplitsCommaListsDroppingEmptyItems) {
  EXPECT_EQ(SplitList("a,,b,"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_EQ(JoinList({"a", "b"}), "a,b");
}

}  // namespace
}  // namespace signet::cli
