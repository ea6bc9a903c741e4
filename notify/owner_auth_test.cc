// Owner authentication (the RFC 9421 owner profile of notify/owner_auth.h) and the payload /
// callback body formats.

#include "notify/owner_auth.h"

#include <gtest/gtest.h>

#include "crypto/sha2.h"
#include "notify/callback.h"
#include "notify/notify_test_util.h"
#include "notify/payload.h"

namespace signet::notify {
namespace {

using testing::Report;
using testing::VaultFixture;

constexpr char kBase[] = "https://signet.example";

// Message is an owner request as the server receives it.
struct Message {
  std::string method;
  std::string target;
  HttpFieldList fields;
  std::string body;

  void Set(std::string_view name, std::string value) {
    for (auto& [k, v] : fields) {
      if (k == name) v = value;
    }
  }
};

class OwnerAuthTest : public ::testing::Test, public VaultFixture {
 protected:
  // Signed signs a request with the client side of the profile (SignOwnerRequest).
  Message Signed(const std::string& method, const std::string& target, const std::string& body = "",
                 const vault::DeviceKeys* device = nullptr, const TenantId* tenant = nullptr) {
    Message m{method, target, {}, body};
    m.fields = SignOwnerRequest(device ? *device : device_, tenant ? *tenant : tenant_, method,
                                kBase + target, body, clock_.UnixSeconds())
                   .value();
    return m;
  }

  // Params renders signature parameters relative to the clock (tag "" = none).
  std::string Params(const std::string& nonce, int64_t created_offset = 0, int64_t lifetime = 60,
                     const std::string& tag = "signet-owner", const std::string& keyid = "") {
    const int64_t created = clock_.UnixSeconds() + created_offset;
    std::string p = ";created=" + std::to_string(created) +
                    ";expires=" + std::to_string(created + lifetime) + ";nonce=\"" + nonce +
                    "\";keyid=\"" + (keyid.empty() ? tenant_.value() + "/" + device_.id : keyid) +
                    "\";alg=\"ed25519\"";
    if (!tag.empty()) p += ";tag=\"" + tag + "\"";
    return p;
  }

  // Crafted writes the RFC 9421 §2.5 signature base out by hand for `components` (in that order)
  // and `params`, and signs it; content-digest and authorization add their header.
  Message Crafted(const std::string& method, const std::string& target, const std::string& body,
                  const std::vector<std::string>& components, const std::string& params,
                  const crypto::Ed25519PrivateKey* key = nullptr) {
    Message m{method, target, {}, body};
    std::string base, list;
    for (const std::string& c : components) {
      std::string value;
      if (c == "@method") {
        value = method;
      } else if (c == "@target-uri") {
        value = kBase + target;
      } else if (c == "content-digest") {
        value = "sha-256=:" + Base64Encode(crypto::Sha256(AsBytes(body))) + ":";
        m.fields.emplace_back("Content-Digest", value);
      } else if (c == "authorization") {
        value = "DPoP tok";
        m.fields.emplace_back("Authorization", value);
      }
      base += "\"" + c + "\": " + value + "\n";
      list += (list.empty() ? "\"" : " \"") + c + "\"";
    }
    const std::string inner = "(" + list + ")" + params;
    base += "\"@signature-params\": " + inner;
    const auto sig = (key ? *key : device_.signing).Sign(AsBytes(base));
    m.fields.emplace_back("Signature-Input", "sig1=" + inner);
    m.fields.emplace_back("Signature", "sig1=:" + Base64Encode(sig) + ":");
    return m;
  }

  Result<OwnerIdentity> Check(const Message& m) {
    return auth_.Authenticate({m.method, m.target, m.fields, m.body});
  }
  // Refused expects the one generic refusal, with `reason` in the internal detail.
  void Refused(const Message& m, std::string_view reason) {
    auto r = Check(m);
    ASSERT_FALSE(r) << reason;
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated) << reason;
    EXPECT_EQ(r.error().message(), "invalid owner signature");
    EXPECT_NE(r.error().detail().find(reason), std::string::npos)
        << r.error().detail() << " vs " << reason;
  }

  const std::vector<std::string> kGet = {"@method", "@target-uri"};
  const std::vector<std::string> kPost = {"@method", "@target-uri", "content-digest"};
  OwnerAuthenticator auth_{*storage_, tenants_, clock_, kBase};
};

TEST_F(OwnerAuthTest, AcceptsARegisteredDeviceOnceThenRefusesTheReplay) {
  const Message m = Signed("GET", "/approvals?limit=5");
  auto id = Check(m);
  ASSERT_TRUE(id) << id.error().detail();
  EXPECT_EQ(id->tenant, tenant_);
  EXPECT_EQ(id->device_id, device_.id);
  Refused(m, "nonce replayed");
}

TEST_F(OwnerAuthTest, TheClientSignsExactlyTheDocumentedProfile) {
  const Message get = Signed("GET", "/approvals");
  ASSERT_EQ(get.fields.size(), 2u);  // no Content-Digest on a GET without a body
  EXPECT_EQ(get.fields[0].first, "Signature-Input");
  const std::string keyid = tenant_.value() + "/" + device_.id;
  const std::string& input = get.fields[0].second;
  EXPECT_TRUE(input.starts_with(
      "sig1=(\"@method\" \"@target-uri\");created=" + std::to_string(clock_.UnixSeconds()) + ";"))
      << input;
  EXPECT_NE(input.find(";expires=" + std::to_string(clock_.UnixSeconds() + 60) + ";nonce=\""),
            std::string::npos);
  EXPECT_NE(input.find("\";keyid=\"" + keyid + "\";alg=\"ed25519\";tag=\"signet-owner\""),
            std::string::npos);
  // An empty-body POST still commits to its (empty) body.
  const Message post = Signed("POST", "/tenants/x/suspend");
  ASSERT_EQ(post.fields.size(), 3u);
  EXPECT_EQ(post.fields[0].first, "Content-Digest");
  EXPECT_EQ(post.fields[0].second, "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
  EXPECT_TRUE(post.fields[1].second.starts_with(
      "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created="))
      << post.fields[1].second;
  // The base the verifier rebuilds is RFC 9421 §2.5, line by line.
  auto base = HttpSignatureBaseForTesting(
      {post.method, std::string(kBase) + post.target, post.fields, post.body});
  ASSERT_TRUE(base) << base.error().message();
  EXPECT_TRUE(base->starts_with(
      "\"@method\": POST\n\"@target-uri\": https://signet.example/tenants/x/suspend\n"
      "\"content-digest\": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:\n"
      "\"@signature-params\": (\"@method\" \"@target-uri\" \"content-digest\");created="))
      << *base;
  EXPECT_TRUE(Check(post));
}

TEST_F(OwnerAuthTest, AcceptsAHandWrittenSignatureBaseInAnyComponentOrder) {
  EXPECT_TRUE(Check(Crafted("POST", "/t/pairing-codes", "{\"name\":\"x\"}",
                            {"content-digest", "@target-uri", "@method"}, Params("n-1"))));
  EXPECT_TRUE(Check(Crafted("GET", "/approvals", "", {"@target-uri", "@method"}, Params("n-2"))));
  // The label is any key; the header names are matched case-insensitively.
  Message m = Crafted("DELETE", "/tenants/t", "", kPost, Params("n-3"));
  for (auto& [k, v] : m.fields) {
    if (k == "Signature-Input" || k == "Signature") v.replace(0, 4, "owner");
    if (k == "Signature-Input") k = "signature-input";
  }
  auto id = Check(m);
  EXPECT_TRUE(id) << id.error().detail();
}

TEST_F(OwnerAuthTest, RefusesEveryTamperedComponent) {
  const std::string body = "{\"name\":\"laptop\"}";
  Message method = Signed("POST", "/tenants/t/suspend");
  method.method = "DELETE";
  Refused(method, "does not verify");
  Message path = Signed("GET", "/tenants/t/export");
  path.target = "/tenants/u/export";
  Refused(path, "does not verify");
  Message query = Signed("GET", "/approvals?limit=5");
  query.target = "/approvals?limit=50";
  Refused(query, "does not verify");
  Message swapped = Signed("POST", "/tenants/t/pairing-codes", body);
  swapped.body = "{\"name\":\"evil\"}";
  Refused(swapped, "Content-Digest");
  Message redigested = Signed("POST", "/tenants/t/pairing-codes", body);
  redigested.body = "{\"name\":\"evil\"}";
  redigested.Set("Content-Digest", ContentDigest(redigested.body));
  Refused(redigested, "does not verify");
  // Another public base URL (a request sent to another host) does not verify either.
  OwnerAuthenticator elsewhere{*storage_, tenants_, clock_, "https://other.example"};
  const Message m = Signed("GET", "/approvals");
  auto r = elsewhere.Authenticate({m.method, m.target, m.fields, m.body});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail().find("does not verify"), std::string::npos);
}

TEST_F(OwnerAuthTest, RefusesABodyOrAPostWithoutContentDigest) {
  Message added = Signed("GET", "/approvals");
  added.body = "{}";
  Refused(added, "components");
  Refused(Crafted("POST", "/tenants/t/suspend", "", kGet, Params("a")), "components");
  Refused(Crafted("POST", "/tenants/t/pairing-codes", "{}", kGet, Params("b")), "components");
  Message dropped = Crafted("POST", "/tenants/t/pairing-codes", "{}", kPost, Params("c"));
  dropped.fields.erase(dropped.fields.begin());
  Refused(dropped, "no Content-Digest");
  // A GET covers no content-digest (the component set is exact).
  Refused(Crafted("GET", "/approvals", "", kPost, Params("d")), "components");
}

TEST_F(OwnerAuthTest, RefusesMissingWrongAndMcpTags) {
  Refused(Crafted("GET", "/approvals", "", kGet, Params("a", 0, 60, "")), "tag");
  Refused(Crafted("GET", "/approvals", "", kGet, Params("b", 0, 60, "other")), "tag");
  Refused(Crafted("GET", "/approvals", "", kGet, Params("c", 0, 60, "signet-mcp")), "tag");
  // A /mcp-shaped signature (authorization covered, no tag) by the same key is no owner signature.
  Refused(Crafted("POST", "/approvals", "{}",
                  {"@method", "@target-uri", "authorization", "content-digest"},
                  Params("d", 0, 60, "")),
          "components");
}

TEST_F(OwnerAuthTest, RefusesExpiredFutureStaleAndLongLivedSignatures) {
  Refused(Crafted("GET", "/approvals", "", kGet, Params("a", -50, 50)), "expired");
  Refused(Crafted("GET", "/approvals", "", kGet, Params("b", -61, 120)), "created");
  Refused(Crafted("GET", "/approvals", "", kGet, Params("c", 61, 60)), "created");
  Refused(Crafted("GET", "/approvals", "", kGet, Params("d", 0, 301)), "too long-lived");
  EXPECT_TRUE(Check(Crafted("GET", "/approvals", "", kGet, Params("e", 60, 240))));
  // The client's own signature is no longer accepted 61 s later.
  const Message late = Signed("GET", "/approvals");
  clock_.Advance(std::chrono::seconds(61));
  Refused(late, "created");
}

TEST_F(OwnerAuthTest, ANonceIsUsedOnceEvenAcrossRequests) {
  EXPECT_TRUE(Check(Crafted("GET", "/approvals", "", kGet, Params("same"))));
  Refused(Crafted("GET", "/approvals/apr_1", "", kGet, Params("same")), "nonce replayed");
  Refused(Crafted("POST", "/tenants/t/resume", "", kPost, Params("same")), "nonce replayed");
}

TEST_F(OwnerAuthTest, RefusesUnknownDevicesTenantsAndKeys) {
  const vault::DeviceKeys stranger = vault::DeviceKeys::Generate("stranger");
  Refused(Signed("GET", "/approvals", "", &stranger), "unknown device");
  // A stranger's key under the registered device's id.
  Refused(Crafted("GET", "/approvals", "", kGet, Params("a"), &stranger.signing),
          "does not verify");
  Refused(Crafted("GET", "/approvals", "", kGet,
                  Params("b", 0, 60, "signet-owner", "t_00000000000000000000/" + device_.id)),
          "unknown tenant");
  Refused(Crafted("GET", "/approvals", "", kGet, Params("c", 0, 60, "signet-owner", device_.id)),
          "keyid");
  Refused(Crafted("GET", "/approvals", "", kGet,
                  Params("d", 0, 60, "signet-owner", tenant_.value() + "/")),
          "keyid");
  // This device claiming another (unknown) tenant.
  const TenantId other("t_00000000000000000000");
  Refused(Signed("GET", "/approvals", "", nullptr, &other), "unknown tenant");
}

TEST_F(OwnerAuthTest, ADeviceOfAnotherTenantAuthenticatesAsThatTenant) {
  VaultFixture b;  // a second tenant with its own device, on this server's storage
  ASSERT_TRUE(tenants_.Register(b.keyring_));
  vault::Vault v(*storage_, b.keyring_, clock_, {0, 0, false});
  ASSERT_TRUE(v.Initialize().ok());
  ASSERT_TRUE(v.UpdateIndex([&](vault::VaultIndex& idx) {
                 idx.devices.push_back(
                     {b.device_.id, "b", HexEncode(b.device_.signing.public_key().bytes()),
                      HexEncode(b.device_.agreement.public_key().bytes()), 0, ""});
                 return OkStatus();
               }).ok());
  // B's device signs a request naming A's tenant path: it authenticates as B (routes answer 403).
  auto id =
      Check(Signed("POST", "/tenants/" + tenant_.value() + "/suspend", "", &b.device_, &b.tenant_));
  ASSERT_TRUE(id) << id.error().detail();
  EXPECT_EQ(id->tenant, b.tenant_);
  // B's device cannot pass as a device of A.
  Refused(Signed("GET", "/approvals", "", &b.device_, &tenant_), "unknown device");
}

TEST_F(OwnerAuthTest, RefusesMalformedSignatureFields) {
  const Message good = Signed("GET", "/approvals");
  const std::string input = good.fields[0].second;
  const std::string inner = input.substr(5);
  for (const std::string& bad :
       {std::string(""), std::string("sig1"), std::string("sig1=("), "sig1=" + inner.substr(0, 20),
        "Sig1=" + inner,
        "sig1=(\"@method\";req \"@target-uri\")" + inner.substr(inner.find(')') + 1),
        "sig1=(@method \"@target-uri\")" + inner.substr(inner.find(')') + 1),
        input + ", sig2=(\"@method\")", input + ";created=1", input + ";flag",
        input + ";weight=1.5", input + ";extra=\"x\"", input + " junk",
        std::string("sig1=:AAAA:")}) {
    Message m = good;
    m.Set("Signature-Input", bad);
    Refused(m, "");
  }
  Message doubled = Signed("GET", "/approvals");
  doubled.fields.push_back(doubled.fields[0]);
  Refused(doubled, "repeated signature-input");
  for (const std::string& bad :
       {std::string("sig2=:AAAA:"), std::string("sig1=:not base64!:"), std::string("sig1=:AAAA:"),
        std::string("sig1=\"x\""), good.fields[1].second + ", sig2=:AAAA:"}) {
    Message m = Signed("GET", "/approvals");
    m.Set("Signature", bad);
    Refused(m, "");
  }
  Message none{"GET", "/approvals", {}, ""};
  Refused(none, "signature-input");
  Message bad_digest = Signed("POST", "/tenants/t/resume");
  bad_digest.Set("Content-Digest", "sha-256=:AAAA:, sha-256=:AAAA:");
  Refused(bad_digest, "Content-Digest");
}

TEST(PayloadFormatTest, RoundTripsAndCarriesNoValues) {
  VaultFixture f;
  ApprovalOptions o;
  o.public_url = "https://signet.example";
  auto service = CreateApprovalService({*f.storage_, f.kek_, f.tenants_, f.clock_}, o).value();
  ApprovalRequest req{f.tenant_,
                      Report("identity.passport", policy::Tier::k3),
                      {{"passport", 0, 3, "identity"}, {"birthdate", 0, 2, ""}},
                      std::nullopt};
  req.report.amount = policy::Amount{1250, "EUR"};
  const Submitted s = service->Submit(req).value();
  const std::string text = service->Payload(f.tenant_, s.id).value();
  for (const char* value : {"P123456", "1990-01-01", "Main St"}) {
    EXPECT_EQ(text.find(value), std::string::npos) << value;
  }
  for (const char* field : {"\"who\"", "\"classification_method\"", "\"confidence\"", "\"why\"",
                            "\"severity\"", "\"rules\"", "\"options\"", "\"modify\"",
                            "\"deadline\"", "\"callback\"", "\"ephemeral_key\"", "\"X25519\""}) {
    EXPECT_NE(text.find(field), std::string::npos) << field;
  }
  auto p = ParsePayload(text);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->report, req.report);
  EXPECT_EQ(p->scope, req.scope);
  EXPECT_EQ(p->deadline, s.deadline);
  EXPECT_EQ(p->tenant, f.tenant_);
  // Strictness: unknown fields, wrong event types, truncation.
  std::string unknown = text;
  unknown.insert(unknown.find("\"data\":{") + 8, "\"extra\":1,");
  EXPECT_FALSE(ParsePayload(unknown));
  std::string other = text;
  other.replace(other.find("approval.requested"), 18, "approval.something");
  EXPECT_FALSE(ParsePayload(other));
  EXPECT_FALSE(ParsePayload(text.substr(0, text.size() / 2)));
  EXPECT_FALSE(ParsePayload(std::string(kMaxPayloadBytes + 1, ' ')));
}

TEST(CallbackBodyTest, ParsesStrictly) {
  auto b = ParseCallbackBody(
      R"({"request_id":"apr_00000000000000000000000000000000","decision":"modify",)"
      R"("scope":["a#0"],"note":"ok","remember":false})");
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(b->decision, CallbackDecision::kModify);
  EXPECT_EQ(b->scope, std::vector<std::string>{"a#0"});
  EXPECT_EQ(ParseCallbackBody(CallbackBodyToJson(*b))->scope, b->scope);
  for (const char* bad :
       {R"({"request_id":"x","decision":"approve","decision":"deny"})",
        R"({"request_id":"x","decision":"maybe"})",
        R"({"request_id":"x","decision":"approve","scope":["a#0"]})",
        R"({"request_id":"x","decision":"modify"})",
        R"({"request_id":"x","decision":"deny","extra":true})",
        R"({"request_id":"x","decision":"deny","device":{"id":"d","keys":[],"signature":"AA"}})",
        R"({"request_id":"x","decision":"deny","note":5})", R"([1,2,3])", R"({"request_id":"x")"}) {
    EXPECT_FALSE(ParseCallbackBody(bad)) << bad;
  }
  EXPECT_EQ(ParseCallbackBody(std::string(kMaxCallbackBytes + 1, ' ')).error().code(),
            ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace signet::notify
