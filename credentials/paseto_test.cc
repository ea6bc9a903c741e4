#include "credentials/paseto.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "credentials/credentials_test_util.h"
#include "credentials/reason.h"
#include "credentials/time_format.h"

namespace signet::credentials::paseto {
namespace {

std::string ReasonOr(const Result<Token>& r) { return r ? "ok" : std::string(ReasonOf(r.error())); }

TEST(PasetoTest, PaeMatchesTheSpecExamples) {
  // Common.md: PAE([]) = 8 zero bytes; PAE(['']) = count 1 then length 0; PAE(['test']).
  EXPECT_EQ(HexEncode(Pae({})), "0000000000000000");
  const ByteView empty[] = {ByteView()};
  EXPECT_EQ(HexEncode(Pae(empty)), "01000000000000000000000000000000");
  const ByteView test[] = {AsBytes("test")};
  EXPECT_EQ(HexEncode(Pae(test)), "0100000000000000040000000000000074657374");
}

TEST(PasetoTest, PublicRoundTripWithFooterAndImplicitAssertion) {
  const crypto::Ed25519PrivateKey k = crypto::Ed25519PrivateKey::Generate();
  const std::string t = SignPublic(k, AsBytes(R"({"a":1})"), AsBytes("kid-1"), AsBytes("ctx"));
  EXPECT_EQ(t.substr(0, 10), "v4.public.");
  Result<Token> ok = VerifyPublic(k.public_key(), t, AsBytes("ctx"), AsBytes("kid-1"));
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(AsStringView(ok->message), R"({"a":1})");
  EXPECT_EQ(AsStringView(ok->footer), "kid-1");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), t, AsBytes("other"))), "invalid_signature");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), t, AsBytes("ctx"), AsBytes("kid-2"))), "footer_mismatch");
  EXPECT_EQ(ReasonOr(VerifyPublic(crypto::Ed25519PrivateKey::Generate().public_key(), t, AsBytes("ctx"))),
            "invalid_signature");
  // Swapping the footer invalidates the signature (the footer is authenticated).
  const std::string other_footer = t.substr(0, t.rfind('.') + 1) + Base64UrlEncode(AsBytes("kid-2"));
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), other_footer, AsBytes("ctx"))), "invalid_signature");
  EXPECT_EQ(ReasonOr(VerifyPublicEncodedKey(k.public_key().bytes(), t, AsBytes("ctx"))), "ok");
}

TEST(PasetoTest, LocalRoundTripAndTamperDetection) {
  const LocalKey key = LocalKey::Generate();
  const std::string t = Encrypt(key, AsBytes("secret"), AsBytes("f"), AsBytes("i"));
  Result<Token> ok = Decrypt(key, t, AsBytes("i"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(AsStringView(ok->message), "secret");
  EXPECT_NE(Encrypt(key, AsBytes("secret"), AsBytes("f"), AsBytes("i")), t);  // fresh nonce
  EXPECT_EQ(ReasonOr(Decrypt(key, t, AsBytes("j"))), "invalid_signature");
  EXPECT_EQ(ReasonOr(Decrypt(LocalKey::Generate(), t, AsBytes("i"))), "invalid_signature");
  std::string flipped = t;
  flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
  EXPECT_EQ(ReasonOr(Decrypt(key, flipped, AsBytes("i"))), "invalid_signature");
}

TEST(PasetoTest, RejectsWrongHeadersAndShapes) {
  const crypto::Ed25519PrivateKey k = crypto::Ed25519PrivateKey::Generate();
  const std::string t = SignPublic(k, AsBytes("m"));
  const LocalKey lk = LocalKey::Generate();
  EXPECT_EQ(ReasonOr(Decrypt(lk, t)), "wrong_header");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), Encrypt(lk, AsBytes("m")))), "wrong_header");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), "v2.public." + t.substr(10))), "wrong_header");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), "V4.PUBLIC." + t.substr(10))), "wrong_header");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), t + ".Zg.Zg")), "malformed");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), t + ".")), "base64url_malformed");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), "v4.public.AAAA")), "malformed");
  EXPECT_EQ(ReasonOr(VerifyPublic(k.public_key(), "v4.public." + std::string(70000, 'A'))),
            "input_too_large");
}

TEST(PasetoTest, PaserkRoundTripsAndRejectsWrongTypes) {
  const crypto::Ed25519PrivateKey k = crypto::Ed25519PrivateKey::Generate();
  const std::string pub = PaserkPublic(k.public_key());
  EXPECT_EQ(*ParsePaserkPublic(pub), k.public_key());
  EXPECT_FALSE(ParsePaserkPublic("k3.public." + pub.substr(10)));
  EXPECT_FALSE(ParsePaserkPublic("k4.public.AAAA"));
  const crypto::SecretBytes sec = PaserkSecret(k);
  const std::string s(AsStringView(sec.Reveal(crypto::SecretAccess::Get())));
  EXPECT_EQ(ParsePaserkSecret(s)->public_key(), k.public_key());
  // A secret key whose public half belongs to another key is refused.
  Bytes raw = Base64UrlDecode(s.substr(10)).value();
  raw[40] ^= 1;
  EXPECT_FALSE(ParsePaserkSecret("k4.secret." + Base64UrlEncode(raw)));
  EXPECT_FALSE(ParsePaserkSecret(pub));
  const LocalKey lk = LocalKey::Generate();
  const crypto::SecretBytes l = PaserkLocal(lk);
  Result<LocalKey> back = ParsePaserkLocal(AsStringView(l.Reveal(crypto::SecretAccess::Get())));
  ASSERT_TRUE(back);
  const std::string t = Encrypt(lk, AsBytes("x"));
  EXPECT_TRUE(Decrypt(*back, t));
}

TEST(PasetoTest, ClaimsChecksApplyRfc3339TimesAudienceAndIssuer) {
  FakeClock clock = testing::ClockAt(testing::kNow);
  ClaimsCheck check;
  check.clock = &clock;
  check.audience = "rp";
  check.issuer = "vault";
  auto claims = [](int64_t exp, std::string aud = "rp", std::string iss = "vault") {
    return Json{{"exp", FormatRfc3339(exp)}, {"aud", aud}, {"iss", iss}}.dump();
  };
  auto reason = [&](const std::string& msg) {
    Result<Json> r = ParseClaims(AsBytes(msg), check);
    return r ? std::string("ok") : std::string(ReasonOf(r.error()));
  };
  EXPECT_EQ(reason(claims(testing::kNow + 10)), "ok");
  EXPECT_EQ(reason(claims(testing::kNow - 61)), "expired");
  EXPECT_EQ(reason(claims(testing::kNow + 10, "other")), "audience_mismatch");
  EXPECT_EQ(reason(claims(testing::kNow + 10, "rp", "evil")), "unknown_issuer");
  EXPECT_EQ(reason(R"({"aud":"rp","iss":"vault"})"), "missing_claim");
  EXPECT_EQ(reason(R"({"exp":1800000000,"aud":"rp","iss":"vault"})"), "malformed");
  EXPECT_EQ(reason(R"({"exp":"2027-01-15","aud":"rp","iss":"vault"})"), "malformed");
  EXPECT_EQ(reason(R"({"exp":"2099-01-01T00:00:00Z","aud":"rp","iss":"vault","aud":"x"})"),
            "json_duplicate_key");
  Json nbf = Json::parse(claims(testing::kNow + 1000));
  nbf["nbf"] = FormatRfc3339(testing::kNow + 500);
  EXPECT_EQ(reason(nbf.dump()), "not_yet_valid");
}

}  // namespace
}  // namespace signet::credentials::paseto
