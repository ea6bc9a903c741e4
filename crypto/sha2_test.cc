#include "crypto/sha2.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/hmac.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

// FIPS 180-4 examples ("abc" and the 448-bit message).
TEST(Sha2Test, MatchesFipsExamples) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha512(AsBytes("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Sha2Test, IncrementalMatchesOneShotAndResets) {
  const std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256Hasher h;
  h.Update(AsBytes(msg.substr(0, 10))).Update(AsBytes(msg.substr(10)));
  EXPECT_EQ(HexEncode(h.Finish()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  h.Update(AsBytes("abc"));
  EXPECT_EQ(h.Finish(), Sha256(AsBytes("abc")));
  Sha512Hasher h5;
  h5.Update(AsBytes("a")).Update(AsBytes("bc"));
  EXPECT_EQ(h5.Finish(), Sha512(AsBytes("abc")));
}

// RFC 4231 test case 2.
TEST(HmacTest, MatchesRfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HexEncode(HmacSha512(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"))),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

// The HMAC context is kept per thread and re-keyed on every call: alternate keys of different
// lengths (RFC 4231 cases 1 and 6, the second longer than a block, then the empty key) and check
// that no call sees the previous call's key or message.
TEST(HmacTest, ReKeysForEveryCall) {
  const Bytes key1(20, 0x0b);
  const Bytes key6(131, 0xaa);
  const std::string_view msg6 = "Test Using Larger Than Block-Size Key - Hash Key First";
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(HexEncode(HmacSha256(key1, AsBytes("Hi There"))),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(HexEncode(HmacSha256(key6, AsBytes(msg6))),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    EXPECT_EQ(HexEncode(HmacSha256({}, {})),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_EQ(HexEncode(HmacSha512(key6, AsBytes(msg6))),
              "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
              "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
  }
}

TEST(RandomTest, ProducesDistinctValues) {
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
  EXPECT_NE(RandomUint64(), RandomUint64());
  EXPECT_EQ(RandomSecret(16).size(), 16u);
}

TEST(SecretBytesTest, ComparesByContentAndMoves) {
  SecretBytes a = SecretBytes::CopyFrom(AsBytes("key-material"));
  SecretBytes b = a.Clone(SecretAccess::Get());
  EXPECT_TRUE(a == b);
  SecretBytes c = std::move(b);
  EXPECT_TRUE(a == c);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): moved-from is defined empty
  EXPECT_FALSE(a == SecretBytes::CopyFrom(AsBytes("key-materiaL")));
  EXPECT_FALSE(a == SecretBytes::CopyFrom(AsBytes("key")));
}

template <typename T>
concept Streamable = requires(std::ostream& os, const T& t) { os << t; };

TEST(SecretBytesTest, IsNotPrintableCopyableOrLoggable) {
  static_assert(!Streamable<SecretBytes>);
  static_assert(!std::is_copy_constructible_v<SecretBytes>);
  static_assert(!std::is_convertible_v<SecretBytes, std::string>);
  static_assert(!std::is_convertible_v<SecretBytes, ByteView>);
}

}  // namespace
}  // namespace signet::crypto
