#include "credentials/verifier.h"

#include <gtest/gtest.h>

#include "credentials/credentials_test_util.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_present.h"

namespace signet::credentials {
namespace {

using namespace signet::credentials::testing;

std::string ReasonOfParse(std::string_view body) {
  Result<VerifyRequest> r = ParseVerifyRequest(body, 4096);
  return r ? "ok" : std::string(ReasonOf(r.error()));
}

TEST(VerifyRequestTest, ParsesTheDocumentedShape) {
  Result<VerifyRequest> r = ParseVerifyRequest(
      R"({"presentation":"p~","audience":"https://rp","nonce":"n","claims":["age_over_18","/address/country"],
          "action":{"permission":"purchase","amount":{"value":"9.99","currency":"EUR"}}})",
      4096);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->presentation, "p~");
  EXPECT_EQ(r->required_claims.size(), 2u);
  EXPECT_EQ(r->action.permission, "purchase");
  EXPECT_EQ(r->action.amount->value, "9.99");
}

TEST(VerifyRequestTest, RefusesEverythingElse) {
  EXPECT_EQ(ReasonOfParse(R"({"presentation":"p","audience":"a"})"), "malformed");
  EXPECT_EQ(ReasonOfParse(R"({"presentation":"p","audience":"a","nonce":""})"), "malformed");
  EXPECT_EQ(ReasonOfParse(R"({"presentation":"p","audience":"a","nonce":"n","extra":1})"), "malformed");
  EXPECT_EQ(ReasonOfParse(R"({"presentation":"p","audience":"a","nonce":"n","nonce":"m"})"),
            "json_duplicate_key");
  EXPECT_EQ(ReasonOfParse(R"({"presentation":1,"audience":"a","nonce":"n"})"), "malformed");
  EXPECT_EQ(ReasonOfParse(R"({"presentation":"p","audience":"a","nonce":"n","claims":"x"})"), "malformed");
  EXPECT_EQ(ReasonOfParse(R"({"presentation":"p","audience":"a","nonce":"n","action":{"amount":5}})"),
            "malformed");
  EXPECT_EQ(ReasonOfParse(R"([1])"), "malformed");
  EXPECT_EQ(ReasonOfParse(std::string(5000, ' ')), "input_too_large");
  EXPECT_EQ(ReasonOfParse("{"), "json_malformed");
}

TEST(VerifyResultTest, RendersTheDocumentedShape) {
  VerifyResult r;
  r.errors.push_back({"expired", "expired"});
  const Json j = VerifyResultToJson(r);
  EXPECT_EQ(j, Json::parse(R"({"valid":false,"format":"unknown","issuer":null,"claims":{},
                              "expires_at":null,"errors":[{"code":"expired","message":"expired"}]})"));
}

TEST(VerifyResultTest, InternalErrorsSayOnlyInternalError) {
  VerifyIssue i = IssueFromError(Internal("db handle 0x1234 broke"));
  EXPECT_EQ(i.code, "internal");
  EXPECT_EQ(i.message, "internal error");
  EXPECT_EQ(IssueFromError(Unavailable("down")).code, "unavailable");
  EXPECT_EQ(IssueFromError(CredentialError(ErrorCode::kInvalidArgument, reason::kExpired, "x")).code, "expired");
}

TEST(PresentationVerifierTest, VerifiesAnSdJwtEndToEnd) {
  Party issuer, holder;
  std::unique_ptr<TrustList> trust = Trust(issuer);
  FakeClock clock = ClockAt(kNow);
  VerifierConfig config;
  config.issuer_keys = trust.get();
  config.clock = &clock;
  PresentationVerifier v(config);
  const std::string credential = sdjwt::IssueVc(VcFor(holder), IdentityFrame(), issuer.signer)->Serialize();
  sdjwt::KeyBinding kb{kAudience, kNonce, kNow, &holder.signer};
  const std::string reveal[] = {"age_over_18"};
  const std::string p = sdjwt::Present(credential, reveal, &kb).value();
  VerifyResult r = v.Verify({p, kAudience, kNonce, {"age_over_18"}, {}});
  ASSERT_TRUE(r.valid) << r.errors[0].code;
  EXPECT_EQ(r.format, "dc+sd-jwt");
  EXPECT_EQ(r.issuer, kIssuer);
  EXPECT_EQ(r.expires_at, kNow + 3600);
  EXPECT_EQ(r.claims["age_over_18"], true);
  // The same presentation for another relying party is refused.
  VerifyResult other = v.Verify({p, "https://evil.example", kNonce, {}, {}});
  EXPECT_FALSE(other.valid);
  EXPECT_EQ(other.errors[0].code, "audience_mismatch");
}

}  // namespace
}  // namespace signet::credentials
