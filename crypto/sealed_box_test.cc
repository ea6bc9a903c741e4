#include "crypto/sealed_box.h"

#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

Bytes Hex(std::string_view s) { return HexDecode(s).value(); }
X25519PrivateKey KeyHex(std::string_view s) {
  return X25519PrivateKey::FromBytes(SecretBytes::CopyFrom(Hex(s))).value();
}

// Freezes the format and the HKDF label. Expected bytes computed independently in Node 20 with
// @noble/curves 2.4.0 x25519 and node:crypto hkdfSync('sha256', ...) + aes-256-gcm, following
// the format in sealed_box.h. Keys: RFC 7748 §6.1's Bob (recipient) and Alice (ephemeral).
TEST(SealedBoxTest, MatchesIndependentlyComputedKnownAnswer) {
  const X25519PrivateKey recipient =
      KeyHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  const X25519PrivateKey ephemeral =
      KeyHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  EXPECT_EQ(kSealedBoxHkdfInfo, "signet/sealed-box/v1");
  Result<Bytes> sealed =
      SealedBoxSealForTesting(recipient.public_key(), ephemeral, Hex("000102030405060708090a0b"),
                              AsBytes("signet sealed box test"), AsBytes("device-add"));
  ASSERT_TRUE(sealed);
  EXPECT_EQ(HexEncode(*sealed),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"  // epk
            "000102030405060708090a0b"                                          // nonce
            "ca8ec0a239c1c6cc0af2bb52428cb968dc01042fc080"                      // ciphertext
            "dbd819cf862dc80f4dd89208f82e652c");                                // tag
  Result<SecretBytes> opened = SealedBoxOpen(recipient, *sealed, AsBytes("device-add"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(AsStringView(opened->Reveal(SecretAccess::Get())), "signet sealed box test");
}

class SealedBoxRoundTripTest : public ::testing::Test {
 protected:
  X25519PrivateKey recipient_ = X25519PrivateKey::Generate();
  Bytes aad_ = ToBytes("request-7");
};

TEST_F(SealedBoxRoundTripTest, SealsWithFreshEphemeralKeyAndOpens) {
  const SecretBytes root = RandomSecret(32);
  const ByteView pt = root.Reveal(SecretAccess::Get());
  const Bytes a = SealedBoxSeal(recipient_.public_key(), pt, aad_).value();
  const Bytes b = SealedBoxSeal(recipient_.public_key(), pt, aad_).value();
  EXPECT_EQ(a.size(), 32 + kSealedBoxOverhead);
  EXPECT_FALSE(ConstantTimeEquals(ByteView(a).first(32), ByteView(b).first(32)));
  EXPECT_TRUE(SealedBoxOpen(recipient_, a, aad_).value() == root);
  EXPECT_TRUE(SealedBoxOpen(recipient_, b, aad_).value() == root);
  const Bytes empty = SealedBoxSeal(recipient_.public_key(), {}, {}).value();
  EXPECT_TRUE(SealedBoxOpen(recipient_, empty, {}).value().empty());
}

TEST_F(SealedBoxRoundTripTest, RejectsEveryFlippedBit) {
  const Bytes sealed = SealedBoxSeal(recipient_.public_key(), AsBytes("key"), aad_).value();
  for (size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    Bytes bad = sealed;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    Result<SecretBytes> opened = SealedBoxOpen(recipient_, bad, aad_);
    ASSERT_FALSE(opened) << "bit " << bit;
    EXPECT_EQ(opened.error().message(), "decryption failed");
  }
}

TEST_F(SealedBoxRoundTripTest, RejectsWrongRecipientWrongAadAndTruncation) {
  const Bytes sealed = SealedBoxSeal(recipient_.public_key(), AsBytes("key"), aad_).value();
  const X25519PrivateKey other = X25519PrivateKey::Generate();
  EXPECT_EQ(SealedBoxOpen(other, sealed, aad_).error().message(), "decryption failed");
  EXPECT_EQ(SealedBoxOpen(recipient_, sealed, AsBytes("request-8")).error().message(),
            "decryption failed");
  for (size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_EQ(SealedBoxOpen(recipient_, ByteView(sealed).first(n), aad_).error().message(),
              "decryption failed");
  }
}

TEST_F(SealedBoxRoundTripTest, RejectsSwappedOrSmallOrderEphemeralKey) {
  Bytes sealed = SealedBoxSeal(recipient_.public_key(), AsBytes("key"), aad_).value();
  const X25519PublicKey stranger = X25519PrivateKey::Generate().public_key();
  std::copy(stranger.bytes().begin(), stranger.bytes().end(), sealed.begin());
  EXPECT_EQ(SealedBoxOpen(recipient_, sealed, aad_).error().message(), "decryption failed");
  std::fill(sealed.begin(), sealed.begin() + 32, 0);  // u = 0: all-zero shared secret
  EXPECT_EQ(SealedBoxOpen(recipient_, sealed, aad_).error().message(), "decryption failed");
}

TEST_F(SealedBoxRoundTripTest, RejectsSmallOrderRecipientAndBadTestNonce) {
  const X25519PublicKey zero = X25519PublicKey::FromBytes(Bytes(32, 0)).value();
  EXPECT_FALSE(SealedBoxSeal(zero, AsBytes("key"), {}));
  EXPECT_FALSE(SealedBoxSealForTesting(recipient_.public_key(), X25519PrivateKey::Generate(),
                                       Bytes(11), AsBytes("key"), {}));
}

}  // namespace
}  // namespace signet::crypto
