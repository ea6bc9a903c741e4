#include "crypto/ed25519_verify.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/ed25519.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

TEST(Ed25519VerifyEncodedKeyTest, AgreesWithTheParsedKeyOnValidAndTamperedSignatures) {
  const Ed25519PrivateKey key = Ed25519PrivateKey::Generate();
  const Bytes msg = RandomBytes(77);
  Ed25519Signature sig = key.Sign(msg);
  EXPECT_TRUE(Ed25519VerifyEncodedKey(key.public_key().bytes(), msg, sig));
  EXPECT_TRUE(key.public_key().Verify(msg, sig));
  sig[10] ^= 4;
  EXPECT_EQ(Ed25519VerifyEncodedKey(key.public_key().bytes(), msg, sig).error().message(),
            "invalid signature");
  EXPECT_FALSE(key.public_key().Verify(msg, sig));
}

TEST(Ed25519VerifyEncodedKeyTest, RejectsSmallOrderAndNonCanonicalKeysAndBadLengths) {
  const Ed25519PrivateKey key = Ed25519PrivateKey::Generate();
  const Bytes msg = ToBytes("m");
  const Ed25519Signature sig = key.Sign(msg);
  // The identity point (small order) and a non-canonical encoding of y = p (all ones but top).
  Bytes identity(32, 0);
  identity[0] = 1;
  EXPECT_FALSE(Ed25519VerifyEncodedKey(identity, msg, sig));
  Bytes noncanonical = HexDecode("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").value();
  EXPECT_FALSE(Ed25519VerifyEncodedKey(noncanonical, msg, sig));
  EXPECT_FALSE(Ed25519VerifyEncodedKey(ByteView(key.public_key().bytes()).first(31), msg, sig));
  EXPECT_FALSE(Ed25519VerifyEncodedKey(key.public_key().bytes(), msg, ByteView(sig).first(63)));
}

// RFC 8032 §7.1 TEST 2 verifies through the encoded-key path as well.
TEST(Ed25519VerifyEncodedKeyTest, VerifiesRfc8032Test2) {
  const Bytes pk = HexDecode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c").value();
  const Bytes sig = HexDecode(
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00").value();
  EXPECT_TRUE(Ed25519VerifyEncodedKey(pk, HexDecode("72").value(), sig));
}

}  // namespace
}  // namespace signet::crypto
