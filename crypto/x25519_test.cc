#include "crypto/x25519.h"

#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

Bytes Hex(std::string_view s) { return HexDecode(s).value(); }
SecretBytes SecretHex(std::string_view s) { return SecretBytes::CopyFrom(Hex(s)); }
std::string RevealHex(const SecretBytes& s) { return HexEncode(s.Reveal(SecretAccess::Get())); }

// X25519(k, u) through the public API.
Result<SecretBytes> Scalarmult(const SecretBytes& k, ByteView u) {
  return X25519PrivateKey::FromBytes(k)->SharedSecret(X25519PublicKey::FromBytes(u).value());
}

// RFC 7748 §5.2: the two single scalar multiplications. The second u-coordinate has its top
// bit set, which X25519 must ignore.
TEST(X25519Test, MatchesRfc7748Section52Vectors) {
  const struct {
    const char* scalar;
    const char* u;
    const char* out;
  } cases[] = {
      {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
       "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
      {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
       "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
       "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
  };
  for (const auto& c : cases) {
    Result<SecretBytes> out = Scalarmult(SecretHex(c.scalar), Hex(c.u));
    ASSERT_TRUE(out);
    EXPECT_EQ(RevealHex(*out), c.out);
  }
}

// RFC 7748 §5.2: k = u = 9; repeat (k, u) = (X25519(k, u), k). Checked after 1 and 1000
// iterations (the 1,000,000-iteration value is left out: it takes about a minute).
TEST(X25519Test, MatchesRfc7748Section52IteratedVectors) {
  SecretBytes k = SecretHex("0900000000000000000000000000000000000000000000000000000000000000");
  Bytes u = Hex("0900000000000000000000000000000000000000000000000000000000000000");
  for (int i = 1; i <= 1000; ++i) {
    Result<SecretBytes> next = Scalarmult(k, u);
    ASSERT_TRUE(next);
    const ByteView old_k = k.Reveal(SecretAccess::Get());
    u.assign(old_k.begin(), old_k.end());
    k = std::move(next).value();
    if (i == 1) {
      EXPECT_EQ(RevealHex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(RevealHex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

// RFC 7748 §6.1: Alice's and Bob's key pairs and their shared secret.
TEST(X25519Test, MatchesRfc7748Section61DiffieHellman) {
  const X25519PrivateKey alice =
      X25519PrivateKey::FromBytes(
          SecretHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
          .value();
  const X25519PrivateKey bob =
      X25519PrivateKey::FromBytes(
          SecretHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
          .value();
  EXPECT_EQ(HexEncode(alice.public_key().bytes()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(HexEncode(bob.public_key().bytes()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  const char kShared[] = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
  EXPECT_EQ(RevealHex(alice.SharedSecret(bob.public_key()).value()), kShared);
  EXPECT_EQ(RevealHex(bob.SharedSecret(alice.public_key()).value()), kShared);
}

TEST(X25519Test, RejectsSmallOrderPeerKeysThatGiveAnAllZeroSecret) {
  const X25519PrivateKey key = X25519PrivateKey::Generate();
  const char* small_order[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",  // u = 0
      "0100000000000000000000000000000000000000000000000000000000000000",  // u = 1
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // u = p (= 0)
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // u = p + 1 (= 1)
  };
  for (const char* hex : small_order) {
    Result<SecretBytes> shared = key.SharedSecret(X25519PublicKey::FromBytes(Hex(hex)).value());
    ASSERT_FALSE(shared) << hex;
    EXPECT_EQ(shared.error().message(), "x25519: invalid public key");
  }
}

TEST(X25519Test, RejectsKeysOfTheWrongSize) {
  EXPECT_FALSE(X25519PublicKey::FromBytes(Bytes(31)));
  EXPECT_FALSE(X25519PublicKey::FromBytes(Bytes(33)));
  EXPECT_FALSE(X25519PrivateKey::FromBytes(RandomSecret(31)));
  EXPECT_FALSE(X25519PrivateKey::FromBytes(SecretBytes()));
}

TEST(X25519Test, GeneratedKeysAgreeAndRoundTripThroughExport) {
  const X25519PrivateKey a = X25519PrivateKey::Generate();
  const X25519PrivateKey b = X25519PrivateKey::Generate();
  EXPECT_NE(a.public_key(), b.public_key());
  EXPECT_TRUE(a.SharedSecret(b.public_key()).value() == b.SharedSecret(a.public_key()).value());
  const X25519PrivateKey a2 = X25519PrivateKey::FromBytes(a.Export(SecretAccess::Get())).value();
  EXPECT_EQ(a2.public_key(), a.public_key());
}

}  // namespace
}  // namespace signet::crypto
