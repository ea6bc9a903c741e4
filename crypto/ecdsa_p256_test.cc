#include "crypto/ecdsa_p256.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

using nlohmann::json;

json LoadRfc9901Vector() {
  std::ifstream in(SIGNET_SOURCE_DIR "/tests/vectors/sd-jwt/rfc9901-section5-example.json");
  return json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
}

Bytes B64(const json& j) { return Base64UrlDecode(j.get<std::string>()).value(); }

TEST(EcdsaP256Test, VerifiesTheRfc9901IssuerSignature) {
  const json v = LoadRfc9901Vector();
  const json& jwk = v["issuer_jwk_private"];
  Result<EcdsaP256PublicKey> pk = EcdsaP256PublicKey::FromCoordinates(B64(jwk["x"]), B64(jwk["y"]));
  ASSERT_TRUE(pk) << pk.error().ToString();
  const std::string jwt = v["issuer_signed_jwt"];
  const size_t dot = jwt.rfind('.');
  const Bytes sig = Base64UrlDecode(jwt.substr(dot + 1)).value();
  EXPECT_TRUE(pk->Verify(AsBytes(jwt.substr(0, dot)), sig));
  Bytes flipped = sig;
  flipped[5] ^= 1;
  EXPECT_EQ(pk->Verify(AsBytes(jwt.substr(0, dot)), flipped).error().message(),
            "invalid signature");
  EXPECT_FALSE(pk->Verify(AsBytes(jwt.substr(0, dot - 1)), sig));
}

TEST(EcdsaP256Test, PrivateScalarFromTheVectorGivesItsPublicKey) {
  const json v = LoadRfc9901Vector();
  const json& jwk = v["holder_jwk_private"];
  Result<EcdsaP256PrivateKey> key = EcdsaP256PrivateKey::FromScalar(SecretBytes::CopyFrom(B64(jwk["d"])));
  ASSERT_TRUE(key) << key.error().ToString();
  const Bytes x = B64(jwk["x"]);
  const Bytes y = B64(jwk["y"]);
  EXPECT_EQ(Bytes(key->public_key().x().begin(), key->public_key().x().end()), x);
  EXPECT_EQ(Bytes(key->public_key().y().begin(), key->public_key().y().end()), y);
}

TEST(EcdsaP256Test, SignThenVerifyRoundTripsAndRejectsOtherKeysAndMessages) {
  const EcdsaP256PrivateKey a = EcdsaP256PrivateKey::Generate();
  const EcdsaP256PrivateKey b = EcdsaP256PrivateKey::Generate();
  const Bytes msg = RandomBytes(100);
  Result<EcdsaP256Signature> sig = a.Sign(msg);
  ASSERT_TRUE(sig);
  EXPECT_TRUE(a.public_key().Verify(msg, *sig));
  EXPECT_FALSE(b.public_key().Verify(msg, *sig));
  Bytes other = msg;
  other[0] ^= 0x80;
  EXPECT_FALSE(a.public_key().Verify(other, *sig));
}

TEST(EcdsaP256Test, RejectsWrongLengthAndZeroSignatures) {
  const EcdsaP256PrivateKey a = EcdsaP256PrivateKey::Generate();
  const Bytes msg = ToBytes("m");
  Result<EcdsaP256Signature> sig = a.Sign(msg);
  ASSERT_TRUE(sig);
  EXPECT_FALSE(a.public_key().Verify(msg, ByteView(*sig).first(63)));
  Bytes longer(sig->begin(), sig->end());
  longer.push_back(0);
  EXPECT_FALSE(a.public_key().Verify(msg, longer));
  EXPECT_FALSE(a.public_key().Verify(msg, Bytes(64, 0)));
  EXPECT_FALSE(a.public_key().Verify(msg, Bytes(64, 0xff)));
}

TEST(EcdsaP256Test, RejectsPointsOffTheCurve) {
  const EcdsaP256PrivateKey a = EcdsaP256PrivateKey::Generate();
  std::array<uint8_t, 32> y = a.public_key().y();
  y[31] ^= 1;
  EXPECT_EQ(EcdsaP256PublicKey::FromCoordinates(a.public_key().x(), y).error().message(),
            "p256: invalid public key");
  EXPECT_FALSE(EcdsaP256PublicKey::FromCoordinates(Bytes(32, 0), Bytes(32, 0)));
  EXPECT_FALSE(EcdsaP256PublicKey::FromCoordinates(Bytes(31, 1), Bytes(32, 1)));
}

TEST(EcdsaP256Test, RejectsOutOfRangeScalars) {
  EXPECT_FALSE(EcdsaP256PrivateKey::FromScalar(SecretBytes(32)));  // zero
  EXPECT_FALSE(EcdsaP256PrivateKey::FromScalar(SecretBytes::CopyFrom(Bytes(32, 0xff))));
  EXPECT_FALSE(EcdsaP256PrivateKey::FromScalar(SecretBytes(31)));
  // n itself is out of range; n - 1 is the largest valid scalar.
  Bytes n = HexDecode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551").value();
  EXPECT_FALSE(EcdsaP256PrivateKey::FromScalar(SecretBytes::CopyFrom(n)));
  n[31] -= 1;
  EXPECT_TRUE(EcdsaP256PrivateKey::FromScalar(SecretBytes::CopyFrom(n)));
}

}  // namespace
}  // namespace signet::crypto
