#include "crypto/blake2b.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace signet::crypto {
namespace {

TEST(Blake2bTest, MatchesRfc7693AppendixA) {
  Result<Bytes> d = Blake2b(AsBytes("abc"), {}, 64);
  ASSERT_TRUE(d);
  EXPECT_EQ(HexEncode(*d),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(Blake2bTest, MatchesTheKeyedKnownAnswerForTheEmptyMessage) {
  Bytes key(64);
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  Result<Bytes> d = Blake2b({}, key, 64);
  ASSERT_TRUE(d);
  EXPECT_EQ(HexEncode(*d),
            "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
            "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568");
}

TEST(Blake2bTest, IncrementalEqualsOneShot) {
  const Bytes key(32, 7);
  Result<Blake2bHasher> h = Blake2bHasher::Create(key, 56);
  ASSERT_TRUE(h);
  Bytes out(56);
  h->Update(AsBytes("paseto-")).Update(AsBytes("encryption-key")).Finish(out);
  EXPECT_EQ(out, Blake2b(AsBytes("paseto-encryption-key"), key, 56).value());
}

TEST(Blake2bTest, RejectsBadSizes) {
  EXPECT_FALSE(Blake2b({}, {}, 15));
  EXPECT_FALSE(Blake2b({}, {}, 65));
  EXPECT_FALSE(Blake2b({}, Bytes(15, 1), 32));
  EXPECT_FALSE(Blake2b({}, Bytes(65, 1), 32));
}

}  // namespace
}  // namespace signet::crypto
