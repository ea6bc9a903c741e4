#include "credentials/issuer_keys.h"

#include <gtest/gtest.h>

#include <map>

#include "base/encoding.h"
#include "credentials/credentials_test_util.h"
#include "credentials/reason.h"
#include "proofs/bbs/bbs.h"

namespace signet::credentials {
namespace {

using namespace signet::credentials::testing;

// MapFetcher serves fixed documents by URL.
class MapFetcher final : public IssuerMetadataFetcher {
 public:
  std::map<std::string, std::string> docs;
  Result<std::string> Fetch(std::string_view url) const override {
    auto it = docs.find(std::string(url));
    if (it == docs.end()) return Unavailable("404");
    return it->second;
  }
};

TEST(IssuerKeysTest, MetadataUrlInsertsTheWellKnownSegmentBeforeThePath) {
  EXPECT_EQ(*IssuerMetadataUrl("https://example.com"), "https://example.com/.well-known/jwt-vc-issuer");
  EXPECT_EQ(*IssuerMetadataUrl("https://example.com/"), "https://example.com/.well-known/jwt-vc-issuer");
  EXPECT_EQ(*IssuerMetadataUrl("https://example.com/tenant/1234"),
            "https://example.com/.well-known/jwt-vc-issuer/tenant/1234");
  EXPECT_FALSE(IssuerMetadataUrl("http://example.com"));
  EXPECT_FALSE(IssuerMetadataUrl("https://example.com/?q"));
  EXPECT_FALSE(IssuerMetadataUrl("https:///x"));
}

TEST(IssuerKeysTest, MetadataDocumentRoundTripsAndChecksTheIssuer) {
  Party a;
  const crypto::EcdsaP256PrivateKey p = crypto::EcdsaP256PrivateKey::Generate();
  IssuerMetadata md{kIssuer, {PublicJwk::Ed25519(a.key.public_key(), "k1"), PublicJwk::P256(p.public_key(), "k2")}};
  Result<std::string> doc = BuildIssuerMetadataDocument(md);
  ASSERT_TRUE(doc);
  Result<IssuerMetadata> back = ParseIssuerMetadataDocument(*doc, kIssuer);
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->keys.size(), 2u);
  EXPECT_TRUE(back->keys[0].SameKey(md.keys[0]));
  EXPECT_EQ(back->keys[1].kid(), "k2");
  EXPECT_EQ(ReasonOf(ParseIssuerMetadataDocument(*doc, "https://other.example").error()), "unknown_issuer");
  EXPECT_EQ(ParseIssuerMetadataDocument(R"({"issuer":"https://vault.example/u/alice","jwks_uri":"https://x"})", kIssuer)
                .error().code(), ErrorCode::kUnimplemented);
  EXPECT_EQ(ReasonOf(ParseIssuerMetadataDocument(R"({"issuer":"a","issuer":"b"})", "a").error()),
            "json_duplicate_key");
  // Keys of other types are skipped, private keys too.
  Result<IssuerMetadata> skip = ParseIssuerMetadataDocument(
      R"({"issuer":"i","jwks":{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}})", "i");
  ASSERT_TRUE(skip);
  EXPECT_TRUE(skip->keys.empty());
}

TEST(IssuerKeysTest, MetadataResolverFetchesAndHonoursTheAllowList) {
  Party a;
  MapFetcher fetcher;
  fetcher.docs["https://vault.example/.well-known/jwt-vc-issuer/u/alice"] =
      *BuildIssuerMetadataDocument({kIssuer, {PublicJwk::Ed25519(a.key.public_key())}});
  MetadataKeyResolver open(fetcher, {});
  Result<std::vector<PublicJwk>> keys = open.Resolve(kIssuer);
  ASSERT_TRUE(keys) << keys.error().ToString();
  EXPECT_EQ(keys->size(), 1u);
  EXPECT_EQ(open.Resolve("https://vault.example/u/bob").error().code(), ErrorCode::kUnavailable);
  MetadataKeyResolver closed(fetcher, {"https://someone.else"});
  EXPECT_EQ(ReasonOf(closed.Resolve(kIssuer).error()), "unknown_issuer");
}

TEST(IssuerKeysTest, MetadataPublishesBbsKeysAsBls12381G2Jwks) {
  Party a;
  const Bytes bbs = proofs::bbs::SkToPk(proofs::bbs::KeyGen(Bytes(32, 3), {}).value()).value();
  IssuerMetadata md{kIssuer, {PublicJwk::Ed25519(a.key.public_key(), "k1")}, {bbs}};
  Result<std::string> doc = BuildIssuerMetadataDocument(md);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const Json j = Json::parse(*doc);
  ASSERT_EQ(j["jwks"]["keys"].size(), 2u);
  EXPECT_EQ(j["jwks"]["keys"][1],
            Json({{"kty", "OKP"}, {"crv", "BLS12381G2"}, {"x", Base64UrlEncode(bbs)}}));
  Result<IssuerMetadata> back = ParseIssuerMetadataDocument(*doc, kIssuer);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->keys.size(), 1u);
  EXPECT_EQ(back->bbs_keys, std::vector<Bytes>{bbs});
  MapFetcher fetcher;
  fetcher.docs["https://vault.example/.well-known/jwt-vc-issuer/u/alice"] = *doc;
  MetadataKeyResolver resolver(fetcher, {});
  EXPECT_EQ(resolver.ResolveBbs(kIssuer).value(), std::vector<Bytes>{bbs});
  // A BBS JWK carrying a private key, or of the wrong length, is skipped.
  Result<IssuerMetadata> bad = ParseIssuerMetadataDocument(
      R"({"issuer":"i","jwks":{"keys":[{"kty":"OKP","crv":"BLS12381G2","x":"AAAA"},)"
      R"({"kty":"OKP","crv":"BLS12381G2","x":")" +
          Base64UrlEncode(bbs) + R"(","d":"AAAA"}]}})",
      "i");
  ASSERT_TRUE(bad);
  EXPECT_TRUE(bad->bbs_keys.empty());
  EXPECT_FALSE(BuildIssuerMetadataDocument({kIssuer, {}, {Bytes(10, 1)}}));
}

TEST(IssuerKeysTest, TrustListResolvesOnlyConfiguredIssuers) {
  Party a;
  TrustList t;
  ASSERT_TRUE(t.AddJwk(kIssuer, PublicJwk::Ed25519(a.key.public_key()).ToJson()));
  EXPECT_EQ(t.Resolve(kIssuer)->size(), 1u);
  EXPECT_EQ(ReasonOf(t.Resolve("x").error()), "unknown_issuer");
  EXPECT_FALSE(t.AddJwk(kIssuer, Json{{"kty", "OKP"}}));
}

}  // namespace
}  // namespace signet::credentials
