// RFC 9421 request signatures for DPoP-bound tokens: the profile of api/oauth_httpsig.h is
// accepted once; every deviation is refused for its own reason.

#include "api/oauth_httpsig.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "credentials/jose.h"
#include "crypto/ed25519.h"
#include "crypto/sha2.h"
#include "notify/owner_auth.h"
#include "storage/memory/memory_storage.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr int64_t kNow = 1'800'000'000;
constexpr char kTarget[] = "https://vault.example/mcp";
constexpr char kBody[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

class HttpSignatureTest : public ::testing::Test {
 protected:
  HttpSignatureTest()
      : key_(crypto::Ed25519PrivateKey::Generate()),
        jwk_(credentials::PublicJwk::Ed25519(key_.public_key()).ToJson()),
        jkt_(credentials::PublicJwk::Ed25519(key_.public_key()).Thumbprint()),
        state_(storage::memory::CreateMemoryStateStore({})) {}

  // Params renders the signature parameters the profile wants, with overrides.
  std::string Params(int64_t created = kNow, int64_t expires = kNow + 60, std::string nonce = "n-1",
                     std::string keyid = "", std::string alg = "ed25519") {
    return ";created=" + std::to_string(created) + ";expires=" + std::to_string(expires) +
           ";nonce=\"" + nonce + "\";keyid=\"" + (keyid.empty() ? jkt_ : keyid) + "\";alg=\"" +
           alg + "\"";
  }

  // Signed builds a POST /mcp whose signature base is written out here by hand (RFC 9421 §2.5).
  Request Signed(const std::string& params, const crypto::Ed25519PrivateKey* signer = nullptr,
                 std::string body = kBody) {
    Request r;
    r.method = "POST";
    r.target = "/mcp";
    r.path = "/mcp";
    r.body = std::move(body);
    r.headers.Add("Authorization", "DPoP tok");
    const std::string digest = "sha-256=:" + Base64Encode(crypto::Sha256(AsBytes(kBody))) + ":";
    r.headers.Add("Content-Digest", digest);
    const std::string inner =
        "(\"@method\" \"@target-uri\" \"authorization\" \"content-digest\")" + params;
    const std::string base =
        "\"@method\": POST\n\"@target-uri\": https://vault.example/mcp\n"
        "\"authorization\": DPoP tok\n\"content-digest\": " +
        digest + "\n\"@signature-params\": " + inner;
    const auto sig = (signer ? *signer : key_).Sign(AsBytes(base));
    r.headers.Add("Signature-Input", "sig1=" + inner);
    r.headers.Add("Signature", "sig1=:" + Base64Encode(sig) + ":");
    return r;
  }

  Status Verify(const Request& r) {
    return VerifyHttpSignature(r, {.target_uri = kTarget, .jkt = jkt_, .jwk = &jwk_, .now = kNow},
                               *state_);
  }
  void Refused(const Request& r, std::string_view reason) {
    Status s = Verify(r);
    ASSERT_FALSE(s.ok()) << reason;
    EXPECT_EQ(s.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(s.error().message(), "invalid request signature");
    EXPECT_NE(s.error().detail().find(reason), std::string::npos)
        << s.error().detail() << " vs " << reason;
  }

  crypto::Ed25519PrivateKey key_;
  Json jwk_;
  std::string jkt_;
  std::shared_ptr<storage::StateStore> state_;
};

TEST_F(HttpSignatureTest, AcceptsTheProfileOnceThenRefusesTheReplayedNonce) {
  const Request r = Signed(Params());
  Status s = Verify(r);
  ASSERT_TRUE(s.ok()) << s.error().detail();
  Refused(r, "nonce replayed");
}

TEST_F(HttpSignatureTest, RejectsAnotherKeyAndATamperedRequest) {
  auto other = crypto::Ed25519PrivateKey::Generate();
  Refused(Signed(Params(), &other), "does not verify");
  Request r = Signed(Params(kNow, kNow + 60, "n-2"));
  r.headers.Set("Authorization", "DPoP other");
  Refused(r, "does not verify");
  Request body = Signed(Params(kNow, kNow + 60, "n-3"));
  body.body += " ";
  Refused(body, "Content-Digest");
}

TEST_F(HttpSignatureTest, RejectsStaleFutureAndExpiredSignatures) {
  Refused(Signed(Params(kNow - 61, kNow + 10, "a")), "created");
  Refused(Signed(Params(kNow + 61, kNow + 100, "b")), "created");
  Refused(Signed(Params(kNow - 30, kNow, "c")), "expired");
  Refused(Signed(Params(kNow, kNow + 301, "d")), "too long-lived");
}

TEST_F(HttpSignatureTest, RejectsWrongKeyidAndAlg) {
  Refused(Signed(Params(kNow, kNow + 60, "a", "someone-else")), "keyid");
  Refused(Signed(Params(kNow, kNow + 60, "b", "", "ecdsa-p256-sha256")), "alg");
}

TEST_F(HttpSignatureTest, RejectsOtherComponentSets) {
  Request r = Signed(Params());
  const std::string sig(*r.headers.Get("Signature"));
  r.headers.Set("Signature-Input",
                "sig1=(\"@method\" \"@target-uri\" \"content-digest\")" + Params());
  Refused(r, "components");
  r.headers.Set("Signature-Input",
                "sig1=(\"@method\" \"@target-uri\" \"authorization\" \"content-digest\" \"host\")" +
                    Params());
  Refused(r, "components");
  r.headers.Set(
      "Signature-Input",
      "sig1=(\"@method\";req \"@target-uri\" \"authorization\" \"content-digest\")" + Params());
  Refused(r, "component parameters");
}

TEST_F(HttpSignatureTest, RejectsMalformedAndMissingHeaders) {
  Request r = Signed(Params());
  r.headers.Set("Signature", "sig2=:AAAA:");
  Refused(r, "label");
  r = Signed(Params());
  r.headers.Set("Signature", "sig1=:not base64!:");
  Refused(r, "malformed Signature");
  r = Signed(Params());
  r.headers.Set("Signature-Input", "sig1=(\"@method\"");
  Refused(r, "malformed");
  r = Signed(Params());
  r.headers.Set("Signature-Input", std::string(*r.headers.Get("Signature-Input")) + ", sig2=()");
  Refused(r, "exactly one");
  r = Signed(Params() + ";extra=\"x\"");
  Refused(r, "unexpected parameter");
  Request none;
  none.method = "POST";
  Refused(none, "signature-input");
}

TEST_F(HttpSignatureTest, AcceptsOnlyTheMcpTagAndNeverAnOwnerSignature) {
  Status tagged = Verify(Signed(Params(kNow, kNow + 60, "t-1") + ";tag=\"signet-mcp\""));
  EXPECT_TRUE(tagged.ok()) << tagged.error().detail();
  Refused(Signed(Params(kNow, kNow + 60, "t-2") + ";tag=\"signet-owner\""), "tag");
  Refused(Signed(Params(kNow, kNow + 60, "t-3") + ";tag=\"other\""), "tag");
  // A request signed in the owner profile by the very key the token is bound to.
  Request owner;
  owner.method = "POST";
  owner.target = owner.path = "/mcp";
  owner.body = kBody;
  owner.headers.Add("Authorization", "DPoP tok");
  auto added = notify::SignHttpRequest(
      {owner.method, kTarget, owner.headers.fields(), owner.body}, notify::OwnerSignatureProfile(),
      {.created = kNow, .expires = kNow + 60, .nonce = "t-4", .keyid = jkt_}, key_);
  ASSERT_TRUE(added);
  for (auto& [k, v] : *added) owner.headers.Add(k, v);
  Refused(owner, "components");
}

TEST_F(HttpSignatureTest, SignatureBaseFollowsRfc9421Section25) {
  Request r = Signed(Params());
  auto base = SignatureBaseForTesting(r, kTarget);
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->substr(0, 83),
            "\"@method\": POST\n\"@target-uri\": https://vault.example/mcp\n"
            "\"authorization\": DPoP tok\n");
  EXPECT_NE(base->find("\n\"@signature-params\": (\"@method\" \"@target-uri\""), std::string::npos);
}

}  // namespace
}  // namespace signet::api
