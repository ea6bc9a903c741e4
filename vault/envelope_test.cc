#include "vault/envelope.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::vault {
namespace {

using crypto::SecretAccess;
using crypto::SecretBytes;

storage::BlindId Id(uint8_t b) {
  storage::BlindId::Array a{};
  a.fill(b);
  return storage::BlindId(a);
}

TEST(EnvelopeTest, RoundTripsAndPadsToBuckets) {
  const SecretBytes key = crypto::RandomSecret(32);
  for (size_t n : {0, 1, 100, 252, 253, 1000, 70000}) {
    const Bytes value = crypto::RandomBytes(n);
    auto sealed = SealRecord(key, Id(1), value);
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->size(), 1 + 12 + BucketSize(n) + 16) << n;
    auto opened = OpenRecord(key, Id(1), *sealed);
    ASSERT_TRUE(opened) << n;
    EXPECT_EQ(ToString(opened->Reveal(SecretAccess::Get())), ToString(value));
  }
}

TEST(EnvelopeTest, SizesWithinABucketAreIndistinguishable) {
  const SecretBytes key = crypto::RandomSecret(32);
  EXPECT_EQ(SealRecord(key, Id(1), Bytes(1))->size(), SealRecord(key, Id(1), Bytes(250))->size());
  EXPECT_EQ(BucketSize(0), 256u);
  EXPECT_EQ(BucketSize(252), 256u);
  EXPECT_EQ(BucketSize(253), 512u);
}

TEST(EnvelopeTest, RejectsCiphertextMovedToAnotherId) {
  const SecretBytes key = crypto::RandomSecret(32);
  auto sealed = SealRecord(key, Id(1), AsBytes("secret"));
  ASSERT_TRUE(sealed);
  auto moved = OpenRecord(key, Id(2), *sealed);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code(), ErrorCode::kDataLoss);
}

TEST(EnvelopeTest, RejectsEveryBitFlip) {
  const SecretBytes key = crypto::RandomSecret(32);
  auto sealed = SealRecord(key, Id(1), AsBytes("v"));
  ASSERT_TRUE(sealed);
  for (size_t bit = 0; bit < sealed->size() * 8; ++bit) {
    Bytes t = *sealed;
    t[bit / 8] ^= static_cast<uint8_t>(1U << (bit % 8));
    EXPECT_FALSE(OpenRecord(key, Id(1), t)) << "bit " << bit;
  }
}

TEST(EnvelopeTest, RejectsWrongKeyTruncationAndUnknownVersion) {
  const SecretBytes key = crypto::RandomSecret(32);
  auto sealed = SealRecord(key, Id(1), AsBytes("v"));
  ASSERT_TRUE(sealed);
  EXPECT_FALSE(OpenRecord(crypto::RandomSecret(32), Id(1), *sealed));
  EXPECT_FALSE(OpenRecord(key, Id(1), ByteView(*sealed).first(20)));
  Bytes v2 = *sealed;
  v2[0] = 2;
  EXPECT_FALSE(OpenRecord(key, Id(1), v2));
  EXPECT_FALSE(OpenRecord(key, Id(1), {}));
}

TEST(EnvelopeTest, RefusesOversizedValues) {
  auto r = SealRecord(crypto::RandomSecret(32), Id(1), Bytes(kMaxValueSize + 1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kTooLarge);
}

TEST(EnvelopeTest, KnownAnswerPinsTheFormat) {
  // Key 00..1f, id 09 x 32, nonce 07 x 12, value "hello". Expected values computed independently
  // with node:crypto AES-256-GCM over the layout documented in envelope.h.
  SecretBytes key(32);
  for (size_t i = 0; i < 32; ++i) key.MutableData(SecretAccess::Get())[i] = static_cast<uint8_t>(i);
  const Bytes nonce(12, 7);
  auto sealed = SealRecordWithNonceForTesting(key, Id(9), AsBytes("hello"), nonce);
  ASSERT_TRUE(sealed);
  ASSERT_EQ(sealed->size(), 1u + 12 + 256 + 16);
  EXPECT_EQ((*sealed)[0], kEnvelopeVersion);
  EXPECT_TRUE(std::equal(nonce.begin(), nonce.end(), sealed->begin() + 1));
  EXPECT_EQ(HexEncode(crypto::Sha256(*sealed)),
            "9f599a772bc77bc86392cb8431a8aab3804efb7f6587e7d5fe204446641a95c6");
  EXPECT_EQ(HexEncode(ByteView(*sealed).last(16)), "8deb0a5e664d615a11a7e042dc66f49b");
  auto opened = OpenRecord(key, Id(9), *sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(ToString(opened->Reveal(SecretAccess::Get())), "hello");
}

}  // namespace
}  // namespace signet::vault
