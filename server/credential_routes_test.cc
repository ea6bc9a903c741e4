#include "server/credential_routes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "credentials/reason.h"
#include "crypto/ed25519.h"

namespace signet::server {
namespace {

using nlohmann::json;

constexpr char kBase[] = "https://vault.example";

class TrustedIssuersTest : public ::testing::Test {
 protected:
  TrustedIssuersTest() {
    path_ = (std::filesystem::temp_directory_path() /
             ("signet-trust-" + std::to_string(::getpid()) + ".json"))
                .string();
    jwk_ = credentials::PublicJwk::Ed25519(crypto::Ed25519PrivateKey::Generate().public_key())
               .ToJson();
  }
  ~TrustedIssuersTest() override { std::filesystem::remove(path_); }

  Result<credentials::TrustList> Load(const std::string& text) {
    std::ofstream(path_, std::ios::trunc) << text;
    return LoadTrustedIssuers(path_, kBase);
  }

  std::string path_;
  json jwk_;
};

TEST_F(TrustedIssuersTest, TrustsListedIssuersOnly) {
  auto list = Load(json::array({{{"issuer", "https://a.example"}, {"jwk", jwk_}},
                                {{"issuer", "https://b.example"}, {"jwks", {{"keys", {jwk_}}}}}})
                       .dump());
  ASSERT_TRUE(list.has_value()) << list.error().message();
  EXPECT_EQ(list->Resolve("https://a.example")->size(), 1U);
  EXPECT_EQ(list->Resolve("https://b.example")->size(), 1U);
  auto other = list->Resolve("https://c.example");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(credentials::ReasonOf(other.error()), "unknown_issuer");
}

TEST_F(TrustedIssuersTest, RefusesMalformedOrUnsafeEntries) {
  json with_private = jwk_;
  with_private["d"] = "AAAA";
  const std::vector<json> bad = {
      json::object(),
      json::array({{{"issuer", "https://a.example"}}}),
      json::array({{{"issuer", "https://a.example"}, {"jwk", with_private}}}),
      json::array({{{"issuer", "https://a.example"}, {"jwk", jwk_}, {"extra", 1}}}),
      json::array({{{"issuer", std::string(kBase) + "/t/t_0123"}, {"jwk", jwk_}}}),
      json::array({{{"issuer", "https://a.example"}, {"jwks", {{"keys", jwk_}}}}}),
      json::array({{{"jwk", jwk_}}}),
  };
  for (const json& doc : bad) EXPECT_FALSE(Load(doc.dump()).has_value()) << doc.dump();
  EXPECT_FALSE(Load(R"([{"issuer": "https://a.example", "issuer": "x", "jwk": {}}])").has_value());
  EXPECT_FALSE(LoadTrustedIssuers("/nonexistent/trust.json", kBase).has_value());
  EXPECT_TRUE(LoadTrustedIssuers("", kBase).has_value());
}

TEST(TenantIssuerTest, MapsTenantsToIssuersAndBack) {
  const TenantId tenant("t_0123456789abcdef0123");
  const std::string issuer = TenantIssuer(kBase, tenant);
  EXPECT_EQ(issuer, "https://vault.example/t/t_0123456789abcdef0123");
  EXPECT_EQ(TenantStatusListUri(kBase, tenant),
            "https://vault.example/status-lists/t_0123456789abcdef0123");
  auto back = TenantOfIssuer(kBase, issuer);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, tenant);
  for (const char* other : {"https://vault.example/t/", "https://vault.example/t/t_01",
                            "https://vault.example/t/t_0123456789abcdef0123/x",
                            "https://vault.example/t/T_0123456789ABCDEF0123",
                            "https://evil.example/t/t_0123456789abcdef0123"}) {
    EXPECT_FALSE(TenantOfIssuer(kBase, other).has_value()) << other;
  }
}

}  // namespace
}  // namespace signet::server
