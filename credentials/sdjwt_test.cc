#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "credentials/credentials_test_util.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "credentials/sdjwt_verify.h"

namespace signet::credentials::sdjwt {
namespace {

using namespace signet::credentials::testing;

class SdJwtTest : public ::testing::Test {
 protected:
  SdJwtTest() : trust_(Trust(issuer_)), clock_(ClockAt(kNow)) {
    options_.issuer_keys = trust_.get();
    options_.clock = &clock_;
    options_.audience = kAudience;
    options_.nonce = kNonce;
  }

  std::string IssueIdentity() {
    Result<Issued> issued = IssueVc(VcFor(holder_), IdentityFrame(), issuer_.signer);
    EXPECT_TRUE(issued) << issued.error().ToString();
    return issued ? issued->Serialize() : std::string();
  }

  std::string PresentOf(const std::string& credential, std::vector<std::string> reveal) {
    KeyBinding kb{kAudience, kNonce, kNow, &holder_.signer};
    Result<std::string> p = Present(credential, reveal, &kb);
    EXPECT_TRUE(p) << p.error().ToString();
    return p.value_or("");
  }

  Party issuer_;
  Party holder_;
  std::unique_ptr<TrustList> trust_;
  FakeClock clock_;
  VerifyOptions options_;
};

TEST_F(SdJwtTest, IssuedCredentialHasTheVcHeaderAndRegisteredClaimsInTheClear) {
  const std::string credential = IssueIdentity();
  Result<HolderView> view = Inspect(credential);
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->header["typ"], "dc+sd-jwt");
  EXPECT_EQ(view->header["alg"], "EdDSA");
  EXPECT_EQ(view->payload["_sd_alg"], "sha-256");
  for (const char* plain : {"iss", "vct", "iat", "exp", "cnf"}) EXPECT_TRUE(view->payload.contains(plain)) << plain;
  EXPECT_FALSE(view->payload.contains("given_name"));
  // 10 top-level + 2 address + 2 language disclosures; 10 + 2 decoy digests at the top level.
  EXPECT_EQ(view->disclosures.size(), 14u);
  EXPECT_EQ(view->payload["_sd"].size(), 12u);
  EXPECT_EQ(view->payload["cnf"]["jwk"]["kty"], "OKP");
  EXPECT_EQ(view->unpacked.claims["address"]["street"], "Main St 1");
  EXPECT_EQ(view->unpacked.claims["languages"], Json::array({"de", "en", "fr"}));
}

TEST_F(SdJwtTest, PresentingThreeOfTenRevealsExactlyThose) {
  const std::string p = PresentOf(IssueIdentity(), {"age_over_18", "/nationality", "/email"});
  Result<Verified> v = Verify(p, options_);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_TRUE(v->key_bound);
  EXPECT_EQ(v->claims["age_over_18"], true);
  EXPECT_EQ(v->claims["nationality"], "DE");
  EXPECT_EQ(v->claims["email"], "alice@example.org");
  for (const char* hidden : {"given_name", "family_name", "age_over_21", "address", "languages"}) {
    EXPECT_FALSE(v->claims.contains(hidden)) << hidden;
  }
  EXPECT_EQ(v->issuer, kIssuer);
  EXPECT_EQ(v->expires_at, kNow + 3600);
  EXPECT_EQ(std::set<std::string>(v->disclosed_paths.begin(), v->disclosed_paths.end()),
            (std::set<std::string>{"/age_over_18", "/nationality", "/email"}));
}

TEST_F(SdJwtTest, RevealingANestedClaimBringsItsParentButNotItsSiblings) {
  const std::string p = PresentOf(IssueIdentity(), {"/address/locality", "/languages/2"});
  Result<Verified> v = Verify(p, options_);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(v->claims["address"], Json({{"locality", "Berlin"}, {"country", "DE"}}));
  EXPECT_EQ(v->claims["languages"], Json::array({"en", "fr"}));
}

TEST_F(SdJwtTest, PresentingNothingStillVerifiesWithOnlyPlainClaims) {
  const std::string p = PresentOf(IssueIdentity(), {});
  Result<Verified> v = Verify(p, options_);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_FALSE(v->claims.contains("given_name"));
  EXPECT_EQ(v->claims["vct"], "urn:signet:identity:1");
}

TEST_F(SdJwtTest, UnknownRevealPathIsAnError) {
  KeyBinding kb{kAudience, kNonce, kNow, &holder_.signer};
  const std::string reveal[] = {"/address/planet"};
  EXPECT_FALSE(Present(IssueIdentity(), reveal, &kb));
}

TEST_F(SdJwtTest, DisclosablePathsListEveryDisclosure) {
  Result<HolderView> view = Inspect(IssueIdentity());
  ASSERT_TRUE(view);
  std::vector<std::string> paths = DisclosablePaths(*view);
  EXPECT_EQ(paths.size(), 14u);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "/address/street"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "/languages/0"), paths.end());
}

TEST_F(SdJwtTest, RecursiveDisclosureOfAWholeObjectWithHiddenMembers) {
  DisclosureFrame f;
  f.sd = {"address"};
  f.properties["address"].sd = {"street"};
  VcClaims vc = VcFor(holder_);
  vc.claims = {{"address", {{"street", "S"}, {"city", "C"}}}};
  Result<Issued> issued = IssueVc(vc, f, issuer_.signer);
  ASSERT_TRUE(issued);
  const std::string both = PresentOf(issued->Serialize(), {"/address/street"});
  Result<Verified> v = Verify(both, options_);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(v->claims["address"], Json({{"street", "S"}, {"city", "C"}}));
  const std::string parent_only = PresentOf(issued->Serialize(), {"/address/city"});
  v = Verify(parent_only, options_);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->claims["address"], Json({{"city", "C"}}));
}

TEST_F(SdJwtTest, IssuanceRefusesToHideRegisteredClaimsAndUnknownNames) {
  DisclosureFrame f;
  f.sd = {"cnf"};
  EXPECT_FALSE(IssueVc(VcFor(holder_), f, issuer_.signer));
  f.sd = {"exp"};
  EXPECT_FALSE(IssueVc(VcFor(holder_), f, issuer_.signer));
  f.sd = {"no_such_claim"};
  EXPECT_FALSE(IssueVc(VcFor(holder_), f, issuer_.signer));
  VcClaims vc = VcFor(holder_);
  vc.claims["iss"] = "https://evil.example";
  EXPECT_FALSE(IssueVc(vc, {}, issuer_.signer));
  DisclosureFrame idx;
  idx.properties["languages"].sd_items = {7};
  EXPECT_FALSE(IssueVc(VcFor(holder_), idx, issuer_.signer));
}

TEST_F(SdJwtTest, FrameParsesTheSdJwtJsShape) {
  Result<DisclosureFrame> f = ParseDisclosureFrame(Json::parse(
      R"({"_sd":["given_name","address"],"_sd_decoy":3,"address":{"_sd":["street"]},
          "languages":{"_sd":[0,2],"1":{"_sd":[]}}})"));
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->sd, (std::vector<std::string>{"given_name", "address"}));
  EXPECT_EQ(f->decoys, 3u);
  EXPECT_EQ(f->properties["address"].sd, std::vector<std::string>{"street"});
  EXPECT_EQ(f->properties["languages"].sd_items, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(f->properties["languages"].items.count(1), 1u);
  EXPECT_FALSE(ParseDisclosureFrame(Json::parse(R"({"_sd":[1.5]})")));
  EXPECT_FALSE(ParseDisclosureFrame(Json::parse(R"({"_sd_decoy":-1})")));
}

TEST_F(SdJwtTest, SaltsAreFreshAndInjectable) {
  Result<Issued> a = IssueVc(VcFor(holder_), IdentityFrame(), issuer_.signer);
  Result<Issued> b = IssueVc(VcFor(holder_), IdentityFrame(), issuer_.signer);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->disclosures[0].salt, b->disclosures[0].salt);
  EXPECT_EQ(Base64UrlDecode(a->disclosures[0].salt)->size(), 16u);
  int n = 0;
  DisclosureFrame f;
  f.sd = {"given_name"};
  Result<Issued> fixed = IssueVc(VcFor(holder_), f, issuer_.signer, [&] { return "salt" + std::to_string(n++); });
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->disclosures[0].salt, "salt0");
}

TEST_F(SdJwtTest, Es256IssuerAndHolderWork) {
  const crypto::EcdsaP256PrivateKey ik = crypto::EcdsaP256PrivateKey::Generate();
  const crypto::EcdsaP256PrivateKey hk = crypto::EcdsaP256PrivateKey::Generate();
  Es256JwsSigner is(ik), hs(hk);
  TrustList trust;
  trust.Add(kIssuer, is.public_jwk());
  VcClaims vc = VcFor(holder_);
  vc.holder_key = hs.public_jwk();
  Result<Issued> issued = IssueVc(vc, IdentityFrame(), is);
  ASSERT_TRUE(issued);
  KeyBinding kb{kAudience, kNonce, kNow, &hs};
  const std::string reveal[] = {"given_name"};
  Result<std::string> p = Present(issued->Serialize(), reveal, &kb);
  ASSERT_TRUE(p);
  VerifyOptions o = options_;
  o.issuer_keys = &trust;
  Result<Verified> v = Verify(*p, o);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(v->claims["given_name"], "Alice");
}

}  // namespace
}  // namespace signet::credentials::sdjwt
