#include "base/encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// A bit-at-a-time reference decoder, written independently of the one under test (which works
// four characters at a time): both must agree on every string of up to three characters over
// the alphabet plus a few invalid bytes, and on longer random strings, result and error alike.
std::string ReferenceBase64Url(std::string_view s) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  if (s.size() % 4 == 1) return "error: base64url: invalid length";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const size_t v = kAlphabet.find(s[i]);
    if (v == std::string_view::npos) {
      return "error: base64url: invalid character at offset " + std::to_string(i);
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
      acc &= (1U << bits) - 1;
    }
  }
  if (acc != 0) return "error: base64url: non-canonical trailing bits";
  return "ok: " + out;
}

std::string Describe(const Result<Bytes>& r) {
  if (!r) return "error: " + r.error().message();
  return "ok: " + std::string(r->begin(), r->end());
}

TEST(Base64UrlTest, AgreesWithABitAtATimeReferenceDecoder) {
  using namespace std::string_literals;  // keeps the embedded NUL
  const std::string chars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ \x00\xff"s;
  for (size_t len = 0; len <= 3; ++len) {
    std::string s(len, 'A');
    std::vector<size_t> idx(len, 0);
    for (;;) {
      for (size_t k = 0; k < len; ++k) s[k] = chars[idx[k]];
      ASSERT_EQ(Describe(Base64UrlDecode(s)), ReferenceBase64Url(s)) << s;
      size_t k = 0;
      while (k < len && ++idx[k] == chars.size()) idx[k++] = 0;
      if (k == len) break;
    }
  }
  uint64_t x = 0x9E3779B97F4A7C15ULL;  // fixed xorshift stream: reproducible
  for (int n = 0; n < 20000; ++n) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::string s(x % 41, 'A');
    for (char& c : s) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      c = chars[x % (x % 50 == 0 ? chars.size() : 64)];  // mostly valid, sometimes not
    }
    ASSERT_EQ(Describe(Base64UrlDecode(s)), ReferenceBase64Url(s)) << s;
  }
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
