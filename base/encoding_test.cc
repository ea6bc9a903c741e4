#include "base/encoding.h"

#include <gtest/gtest.h>

namespace signet {
namespace {

TEST(HexTest, RoundTrips) {
  const Bytes b = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(HexEncode(b), "0001abff");
  auto d = HexDecode("0001ABff");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, b);
}

TEST(HexTest, RejectsOddLengthAndBadCharacters) {
  EXPECT_FALSE(HexDecode("abc"));
  auto r = HexDecode("zz");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "hex: invalid character at offset 0");
}

// RFC 4648 §10 test vectors, in the URL-safe unpadded form.
TEST(Base64UrlTest, MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},         {"f", "Zg"},         {"fo", "Zm8"},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, enc] : cases) {
    EXPECT_EQ(Base64UrlEncode(AsBytes(plain)), enc);
    auto d = Base64UrlDecode(enc);
    ASSERT_TRUE(d) << enc;
    EXPECT_EQ(AsStringView(*d), plain);
  }
}

TEST(Base64UrlTest, UsesUrlAlphabet) {
  const Bytes b = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64UrlEncode(b), "-_-_");
}

TEST(Base64UrlTest, RejectsPaddingWhitespaceAndStandardAlphabet) {
  EXPECT_FALSE(Base64UrlDecode("Zg=="));
  EXPECT_FALSE(Base64UrlDecode("Zm9v Yg"));
  EXPECT_FALSE(Base64UrlDecode("+/+/"));
  EXPECT_FALSE(Base64UrlDecode("Z"));  // impossible length
}

TEST(Base64UrlTest, RejectsNonCanonicalTrailingBits) {
  // "Zg" is canonical for "f"; "Zh" decodes to the same byte with a nonzero spare bit.
  EXPECT_TRUE(Base64UrlDecode("Zg"));
  auto r = Base64UrlDecode("Zh");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "base64url: non-canonical trailing bits");
}

TEST(Base64Test, RoundTripsPadded) {
  EXPECT_EQ(Base64Encode(AsBytes("fo")), "Zm8=");
  auto d = Base64Decode("Zm8=");
  ASSERT_TRUE(d);
  EXPECT_EQ(AsStringView(*d), "fo");
  EXPECT_FALSE(Base64Decode("Zm8"));   // missing padding
  EXPECT_FALSE(Base64Decode("Zm==")); // non-canonical
}

TEST(Utf8Test, AcceptsWellFormedAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("gr\xC3\xBC\xC3\x9F \xF0\x9F\x94\x91"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

}  // namespace
}  // namespace signet
