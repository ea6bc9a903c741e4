// The shared RFC 9421 implementation (notify/http_signature.h): structured-field parsing, the
// signer and verifier agreeing on a profile that covers a header field, and Content-Digest.

#include "notify/http_signature.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/sha2.h"
#include "notify/http_signature_fields.h"
#include "storage/memory/memory_storage.h"

namespace signet::notify {
namespace {

constexpr int64_t kNow = 1'800'000'000;

TEST(HttpSignatureFieldsTest, ParsesOneSignatureInputMemberAndSerializesItCanonically) {
  auto in = ParseSignatureInput(
      "  sig-1=(\"@method\"  \"x-a\");created=5; nonce=\"a\\\"b\\\\c\";expires=-1  ");
  ASSERT_TRUE(in) << in.error().message();
  EXPECT_EQ(in->label, "sig-1");
  EXPECT_EQ(in->components, (std::vector<std::string>{"@method", "x-a"}));
  ASSERT_EQ(in->params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(in->params[1].second), "a\"b\\c");
  EXPECT_EQ(SerializeSignatureParams(*in),
            "(\"@method\" \"x-a\");created=5;nonce=\"a\\\"b\\\\c\";expires=-1");
  for (const char* bad : {"sig1=(\"a\";b)", "sig1=(\"a\")\"", "sig1=(\"a\");k", "sig1=();k=1.5",
                          "sig1=();k=1;k=2", "sig1=();k=tok", "sig1=();k=1234567890123456",
                          "sig1=(), sig2=()", "SIG=()", "sig1=(\"\x01\")", "sig1=(\"a\"\"b\")"}) {
    EXPECT_FALSE(ParseSignatureInput(bad)) << bad;
  }
  EXPECT_FALSE(ParseSignatureInput("s=(" + std::string(3000, ' ') + ")"));
}

TEST(HttpSignatureFieldsTest, FindsTheOneSha256ContentDigest) {
  const Bytes want(32, 7);
  const std::string b64 = Base64Encode(want);
  EXPECT_EQ(ParseContentDigestSha256("sha-512=:AAAA:, sha-256=:" + b64 + ":").value(), want);
  for (const std::string& bad :
       {std::string("sha-512=:AAAA:"), "sha-256=:" + b64 + ":, sha-256=:" + b64 + ":",
        "sha-256=" + b64, "sha-256=:" + b64 + ":,", std::string("sha-256=:!!:")}) {
    EXPECT_FALSE(ParseContentDigestSha256(bad)) << bad;
  }
}

// A profile that covers a header field, as /mcp does with authorization.
const HttpSignatureProfile kProfile{.components = {"@method", "@target-uri", "x-token"},
                                    .content_digest = ContentDigestRule::kWithBody,
                                    .tag = "test",
                                    .tag_required = false,
                                    .refusal = "invalid test signature"};

class HttpSignatureTest : public ::testing::Test {
 protected:
  Result<VerifiedHttpSignature> Verify(const SignedRequest& r) {
    return VerifyHttpMessageSignature(
        r, kProfile,
        [this](std::string_view keyid) -> Result<Bytes> {
          if (keyid != "k1") return Unauthenticated("unknown key");
          return Bytes(key_.public_key().bytes().begin(), key_.public_key().bytes().end());
        },
        kNow, *state_);
  }

  crypto::Ed25519PrivateKey key_ = crypto::Ed25519PrivateKey::Generate();
  std::shared_ptr<storage::StateStore> state_ = storage::memory::CreateMemoryStateStore({});
};

TEST_F(HttpSignatureTest, TheSignerAndTheVerifierAgree) {
  HttpFieldList fields = {{"X-Token", "  abc  "}};
  const SignedRequest unsigned_req{"POST", "https://h.example/p?q=1", fields, "body"};
  auto added = SignHttpRequest(unsigned_req, kProfile,
                               {.created = kNow, .expires = kNow + 30, .nonce = "n", .keyid = "k1"},
                               key_);
  ASSERT_TRUE(added) << added.error().message();
  ASSERT_EQ(added->size(), 3u);
  EXPECT_EQ((*added)[0].second, ContentDigest("body"));
  fields.insert(fields.end(), added->begin(), added->end());
  const SignedRequest r{"POST", "https://h.example/p?q=1", fields, "body"};
  auto base = HttpSignatureBaseForTesting(r);
  ASSERT_TRUE(base);
  EXPECT_EQ(*base,
            "\"@method\": POST\n\"@target-uri\": https://h.example/p?q=1\n\"x-token\": abc\n"
            "\"content-digest\": " +
                ContentDigest("body") +
                "\n\"@signature-params\": (\"@method\" \"@target-uri\" \"x-token\" "
                "\"content-digest\");created=1800000000;expires=1800000030;nonce=\"n\";"
                "keyid=\"k1\";alg=\"ed25519\";tag=\"test\"");
  auto ok = Verify(r);
  ASSERT_TRUE(ok) << ok.error().detail();
  EXPECT_EQ(ok->keyid(), "k1");
  auto again = Verify(r);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message(), "invalid test signature");
  EXPECT_EQ(again.error().detail(), "nonce replayed");
}

TEST_F(HttpSignatureTest, TheKeyLookupDecidesAndStorageErrorsPassThrough) {
  HttpFieldList fields = {{"x-token", "t"}};
  auto added = SignHttpRequest({"GET", "https://h/", fields, ""}, kProfile,
                               {.created = kNow, .expires = kNow + 30, .nonce = "m", .keyid = "k2"},
                               key_);
  ASSERT_TRUE(added);
  fields.insert(fields.end(), added->begin(), added->end());
  auto r = Verify({"GET", "https://h/", fields, ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(r.error().detail(), "key lookup: unknown key");
  auto down = VerifyHttpMessageSignature(
      {"GET", "https://h/", fields, ""}, kProfile,
      [](std::string_view) -> Result<Bytes> { return Unavailable("storage down"); }, kNow,
      *state_);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code(), ErrorCode::kUnavailable);
}

TEST_F(HttpSignatureTest, SigningNeedsTheCoveredHeadersAndPrintableParameters) {
  EXPECT_FALSE(SignHttpRequest({"GET", "https://h/", {}, ""}, kProfile,
                               {.created = kNow, .expires = kNow + 1, .nonce = "n", .keyid = "k"},
                               key_));
  const HttpFieldList fields = {{"x-token", "t"}};
  EXPECT_FALSE(SignHttpRequest({"GET", "https://h/", fields, ""}, kProfile,
                               {.created = kNow, .expires = kNow + 1, .nonce = "\n", .keyid = "k"},
                               key_));
}

TEST(AcceptSignatureTest, NamesTheComponentsThisRequestNeeds) {
  EXPECT_EQ(AcceptSignature(kProfile, "GET", ""),
            "sig1=(\"@method\" \"@target-uri\" \"x-token\");alg=\"ed25519\";tag=\"test\"");
  EXPECT_EQ(AcceptSignature(kProfile, "GET", "x"),
            "sig1=(\"@method\" \"@target-uri\" \"x-token\" \"content-digest\");alg=\"ed25519\";"
            "tag=\"test\"");
}

}  // namespace
}  // namespace signet::notify
