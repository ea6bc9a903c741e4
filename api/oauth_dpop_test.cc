// DPoP proofs (RFC 9449 §4.3): a valid EdDSA and ES256 proof are accepted once; every broken
// field is refused for its own reason.

#include "api/oauth_dpop.h"

#include <gtest/gtest.h>

#include "api/oauth_test_util.h"
#include "storage/memory/memory_storage.h"

namespace signet::api {
namespace {

using credentials::Json;
using testing::DpopHeaderFor;
using testing::DpopPayload;
using testing::SignJws;

constexpr int64_t kNow = 1'800'000'000;
constexpr char kHtu[] = "https://vault.example/mcp";

class DpopTest : public ::testing::Test {
 protected:
  DpopTest()
      : key_(crypto::Ed25519PrivateKey::Generate()),
        signer_(key_),
        state_(storage::memory::CreateMemoryStateStore({})) {}

  Result<DpopKey> Verify(const std::string& proof, std::optional<std::string_view> token = "tok") {
    return VerifyDpopProof(
        proof, {.method = "POST", .uri = kHtu, .access_token = token, .now = kNow}, *state_);
  }
  Json Payload(std::string jti = "j1") {
    Json p = DpopPayload("POST", kHtu, kNow, std::move(jti));
    p["ath"] = testing::Ath("tok");
    return p;
  }
  // Refused checks that `proof` fails with the generic message and `reason` in the detail.
  void Refused(const std::string& proof, std::string_view reason) {
    auto r = Verify(proof);
    ASSERT_FALSE(r.has_value()) << reason;
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().message(), "invalid DPoP proof");
    EXPECT_NE(r.error().detail().find(reason), std::string::npos)
        << r.error().detail() << " vs " << reason;
  }

  crypto::Ed25519PrivateKey key_;
  credentials::Ed25519JwsSigner signer_;
  std::shared_ptr<storage::StateStore> state_;
};

TEST_F(DpopTest, AcceptsAValidEdDsaProofOnceAndReturnsItsThumbprint) {
  const std::string proof = SignJws(DpopHeaderFor(signer_), Payload(), signer_);
  auto r = Verify(proof);
  ASSERT_TRUE(r.has_value()) << r.error().detail();
  EXPECT_EQ(r->jkt, signer_.public_jwk().Thumbprint());
  Refused(proof, "jti replayed");
}

TEST_F(DpopTest, AcceptsAnEs256ProofAndAHtuWithQuery) {
  auto ec = crypto::EcdsaP256PrivateKey::Generate();
  credentials::Es256JwsSigner es(ec);
  Json p = Payload();
  p["htu"] = "HTTPS://VAULT.EXAMPLE:443/mcp";
  auto r = Verify(SignJws(DpopHeaderFor(es), p, es));
  ASSERT_TRUE(r.has_value()) << r.error().detail();
  EXPECT_EQ(r->jkt, es.public_jwk().Thumbprint());
}

TEST_F(DpopTest, AcceptsTheFullySpecifiedEd25519AlgName) {
  Json h = DpopHeaderFor(signer_);
  h["alg"] = "Ed25519";  // RFC 9864; sent by oauth4webapi and the dpop package
  auto r = Verify(SignJws(h, Payload(), signer_));
  ASSERT_TRUE(r.has_value()) << r.error().detail();
  EXPECT_EQ(r->jkt, signer_.public_jwk().Thumbprint());
}

TEST_F(DpopTest, TokenEndpointProofsNeedNoAth) {
  const Json p = DpopPayload("POST", kHtu, kNow, "j9");
  EXPECT_TRUE(Verify(SignJws(DpopHeaderFor(signer_), p, signer_), std::nullopt).has_value());
}

TEST_F(DpopTest, RejectsWrongMethodUriAndTime) {
  Json p = Payload("a");
  p["htm"] = "GET";
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "htm");
  p = Payload("b");
  p["htu"] = "https://vault.example/token";
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "htu");
  p = Payload("c");
  p["htu"] = "https://other.example/mcp";
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "htu");
  p = Payload("d");
  p["iat"] = kNow - kDpopSkewSeconds - 1;
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "iat");
  p = Payload("e");
  p["iat"] = kNow + kDpopSkewSeconds + 1;
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "iat");
  p = Payload("f");
  p.erase("iat");
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "iat");
}

TEST_F(DpopTest, RejectsWrongOrMissingAth) {
  Json p = Payload("a");
  p["ath"] = testing::Ath("another token");
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "ath");
  p.erase("ath");
  p["jti"] = "b";
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "ath");
}

TEST_F(DpopTest, RejectsBadHeaders) {
  Json h = DpopHeaderFor(signer_);
  h["typ"] = "jwt";
  Refused(SignJws(h, Payload("a"), signer_), "typ");
  h = DpopHeaderFor(signer_);
  h.erase("typ");
  Refused(SignJws(h, Payload("b"), signer_), "typ");
  h = DpopHeaderFor(signer_);
  h["alg"] = "none";
  Refused(SignJws(h, Payload("c"), signer_), "alg");
  h["alg"] = "HS256";
  Refused(SignJws(h, Payload("d"), signer_), "alg");
  h["alg"] = "RS256";
  Refused(SignJws(h, Payload("d2"), signer_), "alg");
  h = DpopHeaderFor(signer_);
  h["crit"] = Json::array({"exp"});
  Refused(SignJws(h, Payload("d3"), signer_), "crit");
  h = DpopHeaderFor(signer_);
  h["alg"] = "ES256";  // the key is Ed25519: algorithm confusion
  Refused(SignJws(h, Payload("e"), signer_), "signature");
  h = DpopHeaderFor(signer_);
  h.erase("jwk");
  Refused(SignJws(h, Payload("f"), signer_), "no jwk");
}

TEST_F(DpopTest, RejectsAPrivateKeyInTheJwk) {
  Json h = DpopHeaderFor(signer_);
  h["jwk"]["d"] = "AAAA";
  Refused(SignJws(h, Payload("a"), signer_), "bad jwk");
}

TEST_F(DpopTest, RejectsASignatureByAnotherKey) {
  auto other = crypto::Ed25519PrivateKey::Generate();
  credentials::Ed25519JwsSigner other_signer(other);
  Refused(SignJws(DpopHeaderFor(signer_), Payload("a"), other_signer), "signature");
}

TEST_F(DpopTest, RejectsGarbageAndMissingJti) {
  Refused("not.a.jws", "malformed");
  Refused(std::string(5000, 'a'), "too large");
  Json p = Payload();
  p.erase("jti");
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "jti");
  p["jti"] = std::string(300, 'x');
  Refused(SignJws(DpopHeaderFor(signer_), p, signer_), "jti");
}

TEST_F(DpopTest, DpopHeaderRefusesRepeats) {
  Request req;
  EXPECT_FALSE(DpopHeader(req)->has_value());
  req.headers.Add("DPoP", "a");
  EXPECT_EQ(**DpopHeader(req), "a");
  req.headers.Add("dpop", "b");
  EXPECT_FALSE(DpopHeader(req).has_value());
}

}  // namespace
}  // namespace signet::api
