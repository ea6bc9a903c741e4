#include "crypto/aead.h"

#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

Bytes Hex(std::string_view s) { return HexDecode(s).value(); }
SecretBytes SecretHex(std::string_view s) { return SecretBytes::CopyFrom(Hex(s)); }
std::string RevealHex(const SecretBytes& s) { return HexEncode(s.Reveal(SecretAccess::Get())); }

struct GcmCase {
  const char* name;
  const char* key;
  const char* iv;
  const char* plaintext;
  const char* aad;
  const char* ciphertext;
  const char* tag;
};

constexpr char kKey1516[] = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
constexpr char kPlain60[] =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
constexpr char kAad20[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

// The AES-256 test cases 13-18 of McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)",
// Appendix B (values as transcribed in GNU Nettle's testsuite/gcm-test.c). Cases 17 and 18 use
// 64-bit and 480-bit IVs, so they exercise the GHASH-derived counter block.
const GcmCase kSpecCases[] = {
    {"13", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"14", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "00000000000000000000000000000000", "",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"15", kKey1516, "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"16", kKey1516, "cafebabefacedbaddecaf888", kPlain60, kAad20,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {"17", kKey1516, "cafebabefacedbad", kPlain60, kAad20,
     "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
     "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
     "3a337dbf46a792c45e454913fe2ea8f2"},
    {"18", kKey1516,
     "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
     "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
     kPlain60, kAad20,
     "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
     "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
     "a44a8266ee1c8eb0c8b5d4cf5ae9f19a"},
};

TEST(Aes256GcmTest, MatchesGcmSpecificationCases13To18) {
  for (const GcmCase& c : kSpecCases) {
    SCOPED_TRACE(std::string("GCM spec test case ") + c.name);
    Result<Aes256Gcm> aead = Aes256Gcm::Create(SecretHex(c.key));
    ASSERT_TRUE(aead);
    Result<Bytes> sealed = aead->SealWithNonce(Hex(c.iv), Hex(c.plaintext), Hex(c.aad));
    ASSERT_TRUE(sealed) << sealed.error().ToString();
    EXPECT_EQ(HexEncode(*sealed), std::string(c.ciphertext) + c.tag);
    Result<SecretBytes> opened = aead->OpenWithNonce(Hex(c.iv), *sealed, Hex(c.aad));
    ASSERT_TRUE(opened) << opened.error().ToString();
    EXPECT_EQ(RevealHex(*opened), c.plaintext);
  }
}

class Aes256GcmRoundTripTest : public ::testing::Test {
 protected:
  Aes256Gcm aead_ = Aes256Gcm::Create(RandomSecret(32)).value();
};

TEST_F(Aes256GcmRoundTripTest, SealsWithFreshNonceAndOpens) {
  const Bytes aad = ToBytes("blind-id-1");
  Result<Bytes> a = aead_.Seal(AsBytes("hello vault"), aad);
  Result<Bytes> b = aead_.Seal(AsBytes("hello vault"), aad);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 11 + Aes256Gcm::kOverhead);
  EXPECT_NE(*a, *b);  // a fresh random nonce per call
  Result<SecretBytes> opened = aead_.Open(*a, aad);
  ASSERT_TRUE(opened);
  EXPECT_EQ(AsStringView(opened->Reveal(SecretAccess::Get())), "hello vault");
}

TEST_F(Aes256GcmRoundTripTest, SealsAndOpensEmptyPlaintextAndAad) {
  Result<Bytes> sealed = aead_.Seal({}, {});
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->size(), Aes256Gcm::kOverhead);
  Result<SecretBytes> opened = aead_.Open(*sealed, {});
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->empty());
}

TEST_F(Aes256GcmRoundTripTest, RejectsEveryFlippedBitWithOneGenericError) {
  const Bytes aad = ToBytes("id");
  const Bytes sealed = aead_.Seal(AsBytes("secret value"), aad).value();
  for (size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    Bytes tampered = sealed;
    tampered[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    Result<SecretBytes> opened = aead_.Open(tampered, aad);
    ASSERT_FALSE(opened) << "bit " << bit;
    EXPECT_EQ(opened.error().code(), ErrorCode::kDataLoss);
    EXPECT_EQ(opened.error().message(), "decryption failed");
  }
}

TEST_F(Aes256GcmRoundTripTest, RejectsSwappedAadWrongKeyAndTruncation) {
  const Bytes sealed = aead_.Seal(AsBytes("value"), AsBytes("id-a")).value();
  EXPECT_EQ(aead_.Open(sealed, AsBytes("id-b")).error().message(), "decryption failed");
  EXPECT_EQ(aead_.Open(sealed, {}).error().message(), "decryption failed");
  Aes256Gcm other = Aes256Gcm::Create(RandomSecret(32)).value();
  EXPECT_EQ(other.Open(sealed, AsBytes("id-a")).error().message(), "decryption failed");
  for (size_t n = 0; n < sealed.size(); ++n) {
    Result<SecretBytes> opened = aead_.Open(ByteView(sealed).first(n), AsBytes("id-a"));
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().message(), "decryption failed");
  }
  Bytes extended = sealed;
  extended.push_back(0);
  EXPECT_EQ(aead_.Open(extended, AsBytes("id-a")).error().message(), "decryption failed");
}

TEST(Aes256GcmTest, RejectsKeysThatAreNot32Bytes) {
  for (size_t n : {0, 16, 24, 31, 33, 64}) {
    Result<Aes256Gcm> aead = Aes256Gcm::Create(RandomSecret(n));
    ASSERT_FALSE(aead);
    EXPECT_EQ(aead.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST_F(Aes256GcmRoundTripTest, EnforcesSizeLimitsWithClearErrors) {
  const Bytes big(Aes256Gcm::kMaxPlaintextSize + 1);
  Result<Bytes> sealed = aead_.Seal(big, {});
  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(sealed.error().message(), "aes-256-gcm: plaintext exceeds 64 MiB");

  const Bytes big_aad(Aes256Gcm::kMaxAadSize + 1);
  EXPECT_EQ(aead_.Seal({}, big_aad).error().code(), ErrorCode::kTooLarge);

  Bytes big_sealed(Aes256Gcm::kMaxPlaintextSize + Aes256Gcm::kOverhead + 1);
  EXPECT_EQ(aead_.Open(big_sealed, {}).error().code(), ErrorCode::kTooLarge);

  EXPECT_EQ(aead_.SealWithNonce({}, {}, {}).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(aead_.SealWithNonce(Bytes(129), {}, {}).error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(Aes256GcmRoundTripTest, SealsTheLargestAllowedPlaintext) {
  const Bytes max(Aes256Gcm::kMaxPlaintextSize, 0x5a);
  Result<Bytes> sealed = aead_.Seal(max, AsBytes("big"));
  ASSERT_TRUE(sealed);
  Result<SecretBytes> opened = aead_.Open(*sealed, AsBytes("big"));
  ASSERT_TRUE(opened);
  EXPECT_TRUE(ConstantTimeEquals(opened->Reveal(SecretAccess::Get()), max));
}

}  // namespace
}  // namespace signet::crypto
