// OAuth helpers: PKCE (RFC 7636 Appendix B), redirect-URI rules, form decoding, htu
// normalisation, pairing-code normalisation.

#include "api/oauth_util.h"

#include <gtest/gtest.h>

#include "api/oauth_store.h"

namespace signet::api {
namespace {

TEST(OAuthUtilTest, PkceMatchesTheRfc7636AppendixBVector) {
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  EXPECT_EQ(PkceS256(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_TRUE(VerifyPkceS256(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  EXPECT_FALSE(VerifyPkceS256(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
  EXPECT_TRUE(IsPkceChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

TEST(OAuthUtilTest, RejectsMalformedPkceVerifiers) {
  EXPECT_FALSE(IsPkceVerifier(std::string(42, 'a')));
  EXPECT_TRUE(IsPkceVerifier(std::string(43, 'a')));
  EXPECT_TRUE(IsPkceVerifier(std::string(128, '~')));
  EXPECT_FALSE(IsPkceVerifier(std::string(129, 'a')));
  EXPECT_FALSE(IsPkceVerifier(std::string(42, 'a') + "/"));
  // A verifier that is itself the challenge (plain method) never verifies under S256.
  const std::string v(43, 'b');
  EXPECT_FALSE(VerifyPkceS256(v, v));
  EXPECT_FALSE(IsPkceChallenge(std::string(43, '=')));
}

TEST(OAuthUtilTest, AcceptsHttpsAndLoopbackHttpRedirectUris) {
  for (const char* uri : {"https://app.example/cb", "https://app.example:8443/cb?x=1",
                          "http://127.0.0.1:33418/callback", "http://localhost/cb",
                          "http://[::1]:9000/cb", "HTTPS://APP.EXAMPLE/cb"}) {
    EXPECT_TRUE(ValidateRedirectUri(uri).has_value()) << uri;
  }
}

TEST(OAuthUtilTest, RejectsUnsafeRedirectUris) {
  for (const char* uri :
       {"http://app.example/cb", "https://app.example/cb#frag", "https://u:p@app.example/cb",
        "javascript:alert(1)", "app.example/cb", "https:///cb", "http://127.0.0.2.evil/cb",
        "http://localhost.evil.example/cb", "https://app.example/c b", "custom://x", ""}) {
    EXPECT_FALSE(ValidateRedirectUri(uri).has_value()) << uri;
  }
  EXPECT_FALSE(ValidateRedirectUri("https://a.example/" + std::string(2000, 'x')).has_value());
}

TEST(OAuthUtilTest, ParsesFormsAndRefusesRepeatedParameters) {
  auto f = ParseForm("a=1&b=x+y%21&c&=");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(FormValue(*f, "a"), "1");
  EXPECT_EQ(FormValue(*f, "b"), "x y!");
  EXPECT_EQ(FormValue(*f, "c"), "");
  EXPECT_EQ(FormValue(*f, "missing"), "");
  EXPECT_FALSE(ParseForm("a=1&a=2").has_value());
  EXPECT_FALSE(ParseForm("a=%zz").has_value());
  EXPECT_FALSE(ParseForm("a=%00").has_value());
  std::string many;
  for (int i = 0; i < 40; ++i) many += "k" + std::to_string(i) + "=v&";
  EXPECT_FALSE(ParseForm(many).has_value());
}

TEST(OAuthUtilTest, EncodesQueryComponentsAndEscapesHtml) {
  EXPECT_EQ(WithQuery("https://a/cb", {{"code", "a b&c"}, {"state", "x/y"}}),
            "https://a/cb?code=a%20b%26c&state=x%2Fy");
  EXPECT_EQ(WithQuery("https://a/cb?k=1", {{"s", "~"}}), "https://a/cb?k=1&s=~");
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(OAuthUtilTest, NormalizesHttpUrisForDpopComparison) {
  EXPECT_EQ(NormalizeHttpUri("HTTPS://Vault.Example:443/mcp?x=1#f"), "https://vault.example/mcp");
  EXPECT_EQ(NormalizeHttpUri("http://127.0.0.1:80"), "http://127.0.0.1/");
  EXPECT_EQ(NormalizeHttpUri("http://127.0.0.1:8080/token"), "http://127.0.0.1:8080/token");
  EXPECT_EQ(NormalizeHttpUri("ftp://x/y"), "");
  EXPECT_EQ(NormalizeHttpUri("https://u@x/y"), "");
}

TEST(OAuthUtilTest, NormalizesPairingCodes) {
  EXPECT_EQ(NormalizePairingCode("abcd-efgh-jk12"), "ABCDEFGHJK12");
  EXPECT_EQ(NormalizePairingCode("ABCD EFGH JK12"), "ABCDEFGHJK12");
  EXPECT_EQ(NormalizePairingCode("ABCD-EFGH-JK1"), "");
  EXPECT_EQ(NormalizePairingCode("ABCD-EFGH-JK1U"), "");  // U is not Crockford base32
  EXPECT_EQ(NormalizePairingCode("ABCD-EFGH-JK123"), "");
}

TEST(OAuthUtilTest, HashesTokensAndMakesFreshOnes) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string a = NewToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, NewToken());
}

}  // namespace
}  // namespace signet::api
