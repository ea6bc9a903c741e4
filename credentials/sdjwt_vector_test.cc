// RFC 9901 §5 example (tests/vectors/sd-jwt/rfc9901-section5-example.json): ES256 issuer and
// holder keys, every disclosure digest, the sd_hash, and the full SD-JWT+KB verification giving
// exactly the RFC's processed payload.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "base/clock.h"
#include "credentials/issuer_keys.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_disclosure.h"
#include "credentials/sdjwt_present.h"
#include "credentials/sdjwt_verify.h"

namespace signet::credentials::sdjwt {
namespace {

Json LoadVector() {
  std::ifstream in(SIGNET_SOURCE_DIR "/tests/vectors/sd-jwt/rfc9901-section5-example.json");
  return Json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
}

class Rfc9901VectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v_ = LoadVector();
    Json issuer_pub = v_["issuer_jwk_private"];
    issuer_pub.erase("d");
    ASSERT_TRUE(trust_.AddJwk(v_["issuer_signed_jwt_payload"]["iss"], issuer_pub));
    options_.issuer_keys = &trust_;
    options_.clock = &clock_;
    options_.accepted_types = {"example+sd-jwt"};
    options_.audience = v_["verifier_expectations"]["aud"];
    options_.nonce = v_["verifier_expectations"]["nonce"];
    clock_.Set(Time(std::chrono::seconds(v_["kb_jwt_payload"]["iat"].get<int64_t>() + 10)));
  }

  Json v_;
  TrustList trust_;
  FakeClock clock_;
  VerifyOptions options_;
};

TEST_F(Rfc9901VectorTest, EveryDisclosureParsesToItsContentsAndDigest) {
  for (const Json& d : v_["disclosures"]) {
    Result<Disclosure> parsed = ParseDisclosure(d["disclosure"].get<std::string>(), {});
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ(parsed->digest, d["sha256"]);
    const Json& c = d["contents"];
    EXPECT_EQ(parsed->salt, c[0]);
    if (c.size() == 3) {
      EXPECT_EQ(parsed->name, c[1].get<std::string>());
    } else {
      EXPECT_FALSE(parsed->name);
    }
    EXPECT_EQ(parsed->value, c[c.size() - 1]);
  }
}

TEST_F(Rfc9901VectorTest, SdHashMatchesTheKeyBindingJwt) {
  EXPECT_EQ(SdHash(v_["sd_hash_input"].get<std::string>()), v_["kb_jwt_payload"]["sd_hash"]);
}

TEST_F(Rfc9901VectorTest, PresentationVerifiesToTheProcessedPayload) {
  Result<Verified> r = Verify(v_["sd_jwt_kb_presentation"].get<std::string>(), options_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->claims, v_["processed_payload"]);
  EXPECT_EQ(r->issuer, "https://issuer.example.com");
  EXPECT_TRUE(r->key_bound);
  EXPECT_EQ(r->expires_at, 1883000000);
}

TEST_F(Rfc9901VectorTest, IssuanceWithAllDisclosuresUnpacksEverything) {
  options_.require_key_binding = false;
  Result<Verified> r = Verify(v_["sd_jwt_issuance"].get<std::string>(), options_);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->claims["given_name"], "John");
  EXPECT_EQ(r->claims["nationalities"], Json::array({"US", "DE"}));
  EXPECT_FALSE(r->key_bound);
}

TEST_F(Rfc9901VectorTest, RejectsTheVectorForAnotherAudienceOrNonce) {
  VerifyOptions o = options_;
  o.audience = "https://other.example.org";
  Result<Verified> r = Verify(v_["sd_jwt_kb_presentation"].get<std::string>(), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(ReasonOf(r.error()), "audience_mismatch");
  o = options_;
  o.nonce = "1234567891";
  r = Verify(v_["sd_jwt_kb_presentation"].get<std::string>(), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(ReasonOf(r.error()), "nonce_mismatch");
}

TEST_F(Rfc9901VectorTest, RejectsTheVectorOnceTheKeyBindingIsStale) {
  clock_.Advance(std::chrono::hours(1));
  Result<Verified> r = Verify(v_["sd_jwt_kb_presentation"].get<std::string>(), options_);
  ASSERT_FALSE(r);
  EXPECT_EQ(ReasonOf(r.error()), "key_binding_stale");
}

}  // namespace
}  // namespace signet::credentials::sdjwt
