#include "credentials/jose.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "credentials/reason.h"

namespace signet::credentials {
namespace {

// RFC 8037 Appendix A.1-A.4: the Ed25519 example key, its thumbprint and its JWS.
constexpr char kRfc8037X[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr char kRfc8037D[] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr char kRfc8037Jws[] =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

Json Rfc8037Jwk() { return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kRfc8037X}}; }

TEST(JoseTest, Rfc8037ThumbprintAndSignatureVerify) {
  Result<PublicJwk> jwk = PublicJwk::FromJson(Rfc8037Jwk(), true);
  ASSERT_TRUE(jwk) << jwk.error().ToString();
  EXPECT_EQ(jwk->Thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  const std::string_view jws = kRfc8037Jws;
  const size_t dot = jws.rfind('.');
  const Bytes sig = Base64UrlDecode(jws.substr(dot + 1)).value();
  EXPECT_TRUE(jwk->Verify(JwsAlgorithm::kEdDSA, AsBytes(jws.substr(0, dot)), sig));
  // The same key and signature under ES256 is algorithm confusion, refused before verifying.
  Status confused = jwk->Verify(JwsAlgorithm::kES256, AsBytes(jws.substr(0, dot)), sig);
  ASSERT_FALSE(confused);
  EXPECT_EQ(ReasonOf(confused.error()), "algorithm_key_mismatch");
}

TEST(JoseTest, Rfc8037SigningIsReproduced) {
  Result<crypto::Ed25519PrivateKey> key = crypto::Ed25519PrivateKey::FromSeed(
      crypto::SecretBytes::CopyFrom(Base64UrlDecode(kRfc8037D).value()));
  ASSERT_TRUE(key);
  Ed25519JwsSigner signer(*key);
  const std::string input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  Result<Bytes> sig = signer.Sign(AsBytes(input));
  ASSERT_TRUE(sig);
  EXPECT_EQ(input + "." + Base64UrlEncode(*sig), kRfc8037Jws);
  EXPECT_EQ(signer.public_jwk().ToJson()["x"], kRfc8037X);
}

TEST(JoseTest, OnlyEdDsaAndEs256AreAllowed) {
  EXPECT_TRUE(ParseJwsAlgorithm("EdDSA"));
  EXPECT_TRUE(ParseJwsAlgorithm("ES256"));
  for (const char* alg : {"none", "None", "HS256", "RS256", "ES384", "PS256", "Ed25519", "eddsa", ""}) {
    Result<JwsAlgorithm> a = ParseJwsAlgorithm(alg);
    ASSERT_FALSE(a) << alg;
    EXPECT_EQ(ReasonOf(a.error()), "unsupported_algorithm");
  }
}

TEST(JoseTest, JwkParsingRefusesPrivateMembersMismatchedAlgAndBadKeys) {
  Json with_d = Rfc8037Jwk();
  with_d["d"] = kRfc8037D;
  EXPECT_EQ(ReasonOf(PublicJwk::FromJson(with_d, false).error()), "invalid_key");
  Json wrong_alg = Rfc8037Jwk();
  wrong_alg["alg"] = "ES256";
  EXPECT_FALSE(PublicJwk::FromJson(wrong_alg, false));
  Json enc = Rfc8037Jwk();
  enc["use"] = "enc";
  EXPECT_FALSE(PublicJwk::FromJson(enc, false));
  EXPECT_FALSE(PublicJwk::FromJson({{"kty", "OKP"}, {"crv", "X25519"}, {"x", kRfc8037X}}, false));
  EXPECT_FALSE(PublicJwk::FromJson({{"kty", "oct"}, {"k", "AAAA"}}, false));
  EXPECT_FALSE(PublicJwk::FromJson({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}}, false));
  EXPECT_FALSE(PublicJwk::FromJson(Json::array(), false));
  // The identity point is not an acceptable trusted key.
  Bytes identity(32, 0);
  identity[0] = 1;
  EXPECT_FALSE(PublicJwk::FromJson(
      {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Base64UrlEncode(identity)}}, true));
  const crypto::EcdsaP256PrivateKey p = crypto::EcdsaP256PrivateKey::Generate();
  Json ec = PublicJwk::P256(p.public_key()).ToJson();
  EXPECT_TRUE(PublicJwk::FromJson(ec, true));
  Bytes y = Base64UrlDecode(ec["y"].get<std::string>()).value();
  y[0] ^= 1;
  ec["y"] = Base64UrlEncode(y);
  EXPECT_FALSE(PublicJwk::FromJson(ec, true));
}

TEST(JoseTest, EncodeThenDecodeRoundTripsAndVerifiesWithTheRightKeyOnly) {
  const crypto::Ed25519PrivateKey a = crypto::Ed25519PrivateKey::Generate();
  const crypto::EcdsaP256PrivateKey b = crypto::EcdsaP256PrivateKey::Generate();
  Ed25519JwsSigner sa(a, "key-a");
  Es256JwsSigner sb(b, "key-b");
  for (const JwsSigner* signer : {static_cast<const JwsSigner*>(&sa), static_cast<const JwsSigner*>(&sb)}) {
    Result<std::string> jws = EncodeJws({{"typ", "x"}}, {{"k", "v"}}, *signer);
    ASSERT_TRUE(jws);
    Result<DecodedJws> d = DecodeJws(*jws, {});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->header["kid"], signer->public_jwk().kid());
    EXPECT_EQ(d->payload["k"], "v");
    const PublicJwk keys[] = {sa.public_jwk(), sb.public_jwk()};
    EXPECT_TRUE(VerifyJws(*d, keys));
    const PublicJwk other[] = {signer == &sa ? sb.public_jwk() : sa.public_jwk()};
    EXPECT_FALSE(VerifyJws(*d, other));
  }
}

TEST(JoseTest, DecodeRefusesMalformedShapes) {
  const crypto::Ed25519PrivateKey a = crypto::Ed25519PrivateKey::Generate();
  Ed25519JwsSigner s(a);
  const std::string good = EncodeJws({}, {{"k", 1}}, s).value();
  const std::string h = good.substr(0, good.find('.'));
  auto reason = [](std::string_view jws) {
    Result<DecodedJws> d = DecodeJws(jws, {});
    return d ? std::string("ok") : std::string(ReasonOf(d.error()));
  };
  EXPECT_EQ(reason(good), "ok");
  EXPECT_EQ(reason(good + ".x"), "malformed");
  EXPECT_EQ(reason(good.substr(0, good.rfind('.'))), "malformed");
  EXPECT_EQ(reason(good.substr(0, good.rfind('.') + 1)), "malformed");
  EXPECT_EQ(reason("." + good.substr(good.find('.'))), "malformed");
  EXPECT_EQ(reason(h + "=." + good.substr(good.find('.') + 1)), "base64url_malformed");
  const std::string crit = Base64UrlEncode(AsBytes(R"({"alg":"EdDSA","crit":["exp"]})"));
  EXPECT_EQ(reason(crit + good.substr(good.find('.'))), "crit_unsupported");
  const std::string array_payload = Base64UrlEncode(AsBytes("[1]"));
  EXPECT_EQ(reason(h + "." + array_payload + good.substr(good.rfind('.'))), "malformed");
  const std::string no_alg = Base64UrlEncode(AsBytes(R"({"typ":"JWT"})"));
  EXPECT_EQ(reason(no_alg + good.substr(good.find('.'))), "unsupported_algorithm");
}

}  // namespace
}  // namespace signet::credentials
