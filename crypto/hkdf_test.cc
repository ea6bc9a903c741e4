#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "crypto/hmac.h"

namespace signet::crypto {
namespace {

// Range(first, last) returns the bytes first, first + 1, ..., last.
Bytes Range(int first, int last) {
  Bytes out;
  for (int b = first; b <= last; ++b) out.push_back(static_cast<uint8_t>(b));
  return out;
}

std::string Okm(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  Result<SecretBytes> okm = HkdfSha256(ikm, salt, info, length);
  EXPECT_TRUE(okm);
  return okm ? HexEncode(okm->Reveal(SecretAccess::Get())) : "";
}

// RFC 5869 Appendix A.1: basic test case with SHA-256.
TEST(HkdfTest, MatchesRfc5869TestCase1) {
  EXPECT_EQ(Okm(Bytes(22, 0x0b), Range(0x00, 0x0c), Range(0xf0, 0xf9), 42),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
            "34007208d5b887185865");
}

// RFC 5869 Appendix A.2: longer inputs and outputs (three HMAC blocks of output).
TEST(HkdfTest, MatchesRfc5869TestCase2) {
  EXPECT_EQ(Okm(Range(0x00, 0x4f), Range(0x60, 0xaf), Range(0xb0, 0xff), 82),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

// RFC 5869 Appendix A.3: zero-length salt (HashLen zero bytes) and info.
TEST(HkdfTest, MatchesRfc5869TestCase3) {
  EXPECT_EQ(Okm(Bytes(22, 0x0b), {}, {}, 42),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
            "9d201395faa4b61a96c8");
  // An explicit all-zero salt of HashLen bytes is the same thing.
  EXPECT_EQ(Okm(Bytes(22, 0x0b), Bytes(32, 0), {}, 42), Okm(Bytes(22, 0x0b), {}, {}, 42));
}

TEST(HkdfTest, RejectsOutputLengthsOutsideOneTo255Blocks) {
  EXPECT_FALSE(HkdfSha256(AsBytes("ikm"), {}, {}, 0));
  EXPECT_FALSE(HkdfSha256(AsBytes("ikm"), {}, {}, 255 * 32 + 1));
  EXPECT_TRUE(HkdfSha256(AsBytes("ikm"), {}, {}, 255 * 32));
}

}  // namespace
}  // namespace signet::crypto
