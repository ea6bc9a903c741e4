// POST /verify proof bundles: BBS proofs and range proofs over a committed credential value,
// built the way the MCP tool signet_get_proof builds them, and every way they must fail.

#include <optional>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "credentials/credentials_test_util.h"
#include "credentials/derived_claims.h"
#include "credentials/sdjwt_present.h"
#include "credentials/verifier.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bulletproofs/predicate.h"

namespace signet::credentials {
namespace {

using namespace testing;  // NOLINT(build/namespaces)
namespace bbs = proofs::bbs;
namespace bp = proofs::bulletproofs;

// Range proofs take nonces of 16 to 256 bytes.
const std::string kRangeNonce = "n-0S6_WzA2Mj-range-0001";

// BbsIssuer signs all claims and derives a proof disclosing `disclose`.
struct BbsIssuer {
  crypto::SecretBytes sk = bbs::KeyGen(Bytes(32, 7), {}).value();
  Bytes pk = bbs::SkToPk(sk).value();

  Json Bundle(const std::vector<std::string>& messages, const std::vector<size_t>& disclose,
              const std::string& audience, const std::string& nonce, int64_t exp = kNow + 600,
              std::optional<int64_t> ph_exp = kNow + 300) {
    Json names = Json::array();
    std::vector<Bytes> all;
    for (const std::string& m : messages) {
      names.push_back(m.substr(0, m.find('=')));
      all.push_back(ToBytes(m));
    }
    const std::string header =
        Json{{"iss", kIssuer}, {"iat", kNow - 10}, {"exp", exp}, {"claims", names}}.dump();
    Json ph_json = {{"aud", audience}, {"nonce", nonce}};
    if (ph_exp) ph_json["exp"] = *ph_exp;
    const std::string ph = ph_json.dump();
    const Bytes sig = bbs::Sign(sk, pk, AsBytes(header), all).value();
    const Bytes proof = bbs::ProofGen(pk, sig, AsBytes(header), AsBytes(ph), all, disclose).value();
    Json disclosed = Json::array();
    for (size_t i : disclose) disclosed.push_back({{"index", i}, {"message", messages[i]}});
    return {{"format", "bbs"},
            {"issuer", kIssuer},
            {"header", header},
            {"presentation_header", ph},
            {"proof", Base64UrlEncode(proof)},
            {"disclosed_messages", disclosed},
            {"public_key", Base64UrlEncode(pk)}};
  }
};

class ProofBundleTest : public ::testing::Test {
 protected:
  ProofBundleTest() : trust_(Trust(issuer_)), clock_(ClockAt(kNow)) {
    trust_->AddBbs(kIssuer, bbs_.pk);
    config_.issuer_keys = trust_.get();
    config_.clock = &clock_;
  }

  VerifyResult Check(const Json& bundle, std::vector<std::string> claims = {},
                     const std::string& audience = kAudience) {
    PresentationVerifier v(config_);
    const std::string nonce = bundle.value("format", "") == "range" ? kRangeNonce : kNonce;
    return v.Verify({bundle.dump(), audience, nonce, std::move(claims), {}});
  }

  // RangeBundle commits to `value` in a credential and proves `predicate` for (aud, nonce).
  Json RangeBundle(uint64_t value, const bp::Predicate& predicate,
                   const std::string& proof_audience = kAudience) {
    const bp::IssuedCommitment c = bp::CommitToValue(value);
    sdjwt::VcClaims vc = VcFor(holder_);
    vc.claims = {{"commitment", CommitmentClaim(c.commitment).value()},
                 {"committed_attribute", "identity.birthdate"},
                 {"encoding", "days_since_0001_01_01"}};
    const std::string credential = sdjwt::IssueVc(vc, {}, issuer_.signer)->Serialize();
    sdjwt::KeyBinding kb{kAudience, kRangeNonce, kNow, &holder_.signer};
    const std::string presented = sdjwt::Present(credential, {}, &kb).value();
    const Bytes proof =
        bp::ProvePredicate(predicate, c.opening, AsBytes(proof_audience), AsBytes(kRangeNonce))
            .value();
    return {{"format", "range"},
            {"credential", presented},
            {"commitment", Base64UrlEncode(c.commitment)},
            {"proof", Base64UrlEncode(proof)}};
  }

  Party issuer_, holder_;
  BbsIssuer bbs_;
  std::unique_ptr<TrustList> trust_;
  FakeClock clock_;
  VerifierConfig config_;
};

const std::vector<std::string> kMessages = {"age_over_21=true", "balance_above_1000=false",
                                            "email=\"alice@example.org\""};

TEST_F(ProofBundleTest, VerifiesABbsProofAndReportsOnlyDisclosedClaims) {
  VerifyResult r = Check(bbs_.Bundle(kMessages, {0}, kAudience, kNonce), {"age_over_21"});
  ASSERT_TRUE(r.valid) << r.errors[0].code << ": " << r.errors[0].message;
  EXPECT_EQ(r.format, "bbs");
  EXPECT_EQ(r.issuer, kIssuer);
  EXPECT_EQ(r.expires_at, kNow + 300);  // the earlier of the header's and the presentation's
  EXPECT_EQ(r.claims, Json({{"age_over_21", true}}));
}

TEST_F(ProofBundleTest, RefusesBbsProofsThatDoNotHold) {
  struct Case {
    const char* name;
    std::function<void(Json&)> edit;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"another claim value",
       [](Json& b) { b["disclosed_messages"][0]["message"] = "age_over_21=false"; },
       "invalid_proof"},
      {"message for another claim", [](Json& b) { b["disclosed_messages"][0]["index"] = 1; },
       "malformed"},
      {"flipped proof byte",
       [](Json& b) {
         Bytes p = Base64UrlDecode(b["proof"].get<std::string>()).value();
         p[40] ^= 1;
         b["proof"] = Base64UrlEncode(p);
       },
       "invalid_proof"},
      {"unknown issuer", [](Json& b) { b["issuer"] = "https://other.example"; }, "unknown_issuer"},
      {"header rewritten",
       [](Json& b) {
         Json h = Json::parse(b["header"].get<std::string>());
         h["exp"] = kNow + 99999;
         b["header"] = h.dump();
       },
       "invalid_proof"},
      {"no format", [](Json& b) { b.erase("format"); }, "unknown_format"},
      {"bad base64", [](Json& b) { b["proof"] = "***"; }, "base64url_malformed"},
  };
  for (const Case& c : cases) {
    Json b = bbs_.Bundle(kMessages, {0}, kAudience, kNonce);
    c.edit(b);
    VerifyResult r = Check(b);
    EXPECT_FALSE(r.valid) << c.name;
    ASSERT_FALSE(r.errors.empty()) << c.name;
    EXPECT_EQ(r.errors[0].code, c.code) << c.name << ": " << r.errors[0].message;
    EXPECT_TRUE(r.claims.empty()) << c.name;
  }
}

TEST_F(ProofBundleTest, ABbsProofIsBoundToItsAudienceNonceAndLifetime) {
  EXPECT_EQ(Check(bbs_.Bundle(kMessages, {0}, kAudience, kNonce), {}, "https://evil.example")
                .errors[0]
                .code,
            "audience_mismatch");
  EXPECT_EQ(Check(bbs_.Bundle(kMessages, {0}, kAudience, "another-nonce-123")).errors[0].code,
            "nonce_mismatch");
  EXPECT_EQ(Check(bbs_.Bundle(kMessages, {0}, kAudience, kNonce, kNow - 120)).errors[0].code,
            "expired");
  // The presentation header's own expiry is checked and required.
  EXPECT_EQ(
      Check(bbs_.Bundle(kMessages, {0}, kAudience, kNonce, kNow + 600, kNow - 120)).errors[0].code,
      "expired");
  EXPECT_EQ(Check(bbs_.Bundle(kMessages, {0}, kAudience, kNonce, kNow + 600, std::nullopt))
                .errors[0]
                .code,
            "malformed");
}

TEST_F(ProofBundleTest, NeverTrustsAKeyCarriedInTheBundle) {
  BbsIssuer stranger;
  stranger.sk = bbs::KeyGen(Bytes(32, 9), {}).value();
  stranger.pk = bbs::SkToPk(stranger.sk).value();
  VerifyResult r = Check(stranger.Bundle(kMessages, {0}, kAudience, kNonce));
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.errors[0].code, "invalid_proof");
}

TEST_F(ProofBundleTest, VerifiesARangeProofOverTheCredentialsCommitment) {
  VerifyResult r = Check(RangeBundle(739000, bp::Predicate::AtMost(739500)));
  ASSERT_TRUE(r.valid) << r.errors[0].code << ": " << r.errors[0].message;
  EXPECT_EQ(r.format, "range");
  EXPECT_EQ(r.issuer, kIssuer);
  EXPECT_EQ(r.claims["proven"]["upper"], 739500);
  EXPECT_EQ(r.claims["committed_attribute"], "identity.birthdate");
}

TEST_F(ProofBundleTest, VerifiesARangeProofOverACommitmentCertifiedByBbs) {
  const bp::IssuedCommitment c = bp::CommitToValue(42);
  const std::string commitment_message =
      "commitment=" + CommitmentClaim(c.commitment).value().dump();
  Json certified = bbs_.Bundle({commitment_message, "committed_attribute=\"financial.balance\""},
                               {0, 1}, kAudience, kRangeNonce);
  const Bytes proof = bp::ProvePredicate(bp::Predicate::AtLeast(18), c.opening, AsBytes(kAudience),
                                         AsBytes(kRangeNonce))
                          .value();
  Json bundle = {{"format", "range"}, {"bbs", certified}, {"proof", Base64UrlEncode(proof)}};
  VerifyResult r = Check(bundle);
  ASSERT_TRUE(r.valid) << r.errors[0].code << ": " << r.errors[0].message;
  EXPECT_EQ(r.claims["proven"]["lower"], 18);
  EXPECT_EQ(r.claims["committed_attribute"], "financial.balance");
  // A BBS bundle whose disclosed commitment was altered no longer verifies.
  Json forged = bundle;
  const bp::IssuedCommitment other = bp::CommitToValue(17);
  forged["bbs"]["disclosed_messages"][0]["message"] =
      "commitment=" + CommitmentClaim(other.commitment).value().dump();
  EXPECT_EQ(Check(forged).errors[0].code, "invalid_proof");
  // Both certifications at once, or neither, is malformed.
  Json both = bundle;
  both["credential"] = "x";
  EXPECT_EQ(Check(both).errors[0].code, "malformed");
}

TEST_F(ProofBundleTest, RefusesRangeProofsForAnotherCommitmentAudienceOrPredicate) {
  // A proof made for another relying party.
  VerifyResult other = Check(RangeBundle(50, bp::Predicate::AtLeast(18), "https://evil.example"));
  EXPECT_FALSE(other.valid);
  EXPECT_EQ(other.errors[0].code, "invalid_proof");
  // A proof over another commitment than the credential's.
  Json a = RangeBundle(50, bp::Predicate::AtLeast(18));
  Json b = RangeBundle(50, bp::Predicate::AtLeast(18));
  a["proof"] = b["proof"];
  a.erase("commitment");
  EXPECT_EQ(Check(a).errors[0].code, "invalid_proof");
  // A commitment beside the credential that is not the credential's.
  Json c = RangeBundle(50, bp::Predicate::AtLeast(18));
  c["commitment"] = b["commitment"];
  EXPECT_EQ(Check(c).errors[0].code, "commitment_mismatch");
  // The credential's key binding is checked like any SD-JWT presentation.
  EXPECT_EQ(
      Check(RangeBundle(50, bp::Predicate::AtLeast(18)), {}, "https://evil.example").errors[0].code,
      "audience_mismatch");
}

TEST_F(ProofBundleTest, NoRangeProofExistsForAValueOutsideThePredicate) {
  const bp::IssuedCommitment c = bp::CommitToValue(17);
  EXPECT_FALSE(bp::ProvePredicate(bp::Predicate::AtLeast(18), c.opening, AsBytes(kAudience),
                                  AsBytes(kNonce)));
}

}  // namespace
}  // namespace signet::credentials
