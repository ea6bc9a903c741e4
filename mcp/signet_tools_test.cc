// The Signet tools end to end over an in-memory tenant: real vault, real policy engine, real
// credentials and proofs, checked with the independent verifiers of this code base.

#include "mcp/signet_tools.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "credentials/capability.h"
#include "credentials/verifier.h"
#include "mcp/mcp_test_util.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bulletproofs/predicate.h"

namespace signet::mcp {
namespace {

using testing::Session;
using testing::TenantEnv;

constexpr char kNonce[] = "n-0123456789abcdef";

class SignetToolsTest : public ::testing::Test {
 protected:
  SignetToolsTest() : features_(env_.Features()), session_(*features_, env_.Local()) {
    session_.Initialize();
  }

  Json Proof(Json args) { return session_.Call("signet_get_proof", std::move(args)); }

  credentials::VerifyResult VerifySdJwt(const std::string& presentation,
                                        const std::string& audience, const std::string& nonce) {
    credentials::TrustList trust;
    trust.Add("https://vault.example/t/" + env_.tenant_.value(),
              credentials::PublicJwk::Ed25519(env_.keyring_.identity().public_key(), "identity"));
    credentials::PresentationVerifier verifier({.issuer_keys = &trust, .clock = &env_.clock_});
    return verifier.Verify({presentation, audience, nonce, {}, {}});
  }

  // VerifyBundle posts a proof bundle to a verifier trusting this vault's identity and BBS keys,
  // as /verify does.
  credentials::VerifyResult VerifyBundle(const Json& bundle, const std::string& audience,
                                         const std::string& nonce) {
    credentials::TrustList trust;
    const std::string issuer = "https://vault.example/t/" + env_.tenant_.value();
    trust.Add(issuer,
              credentials::PublicJwk::Ed25519(env_.keyring_.identity().public_key(), "identity"));
    auto sk = proofs::bbs::KeyGen(env_.keyring_.bbs_seed().Reveal(crypto::SecretAccess::Get()), {});
    trust.AddBbs(issuer, proofs::bbs::SkToPk(*sk).value());
    credentials::PresentationVerifier verifier({.issuer_keys = &trust, .clock = &env_.clock_});
    return verifier.Verify({Dump(bundle), audience, nonce, {}, {}});
  }

  // AuditText concatenates every audit detail of the vault.
  std::string AuditText() {
    vault::AuditLog log(env_.storage_->audit(), env_.keyring_, env_.clock_);
    auto events = log.List(0, 1000);
    EXPECT_TRUE(events);
    std::string all;
    for (const auto& e : *events) all += e.kind + " " + e.detail + "\n";
    return all;
  }

  TenantEnv env_;
  std::unique_ptr<SignetFeatures> features_;
  Session session_;
};

TEST_F(SignetToolsTest, ListsSevenToolsWithSchemasAndDescriptions) {
  Json tools = session_.Request("tools/list")["result"]["tools"];
  ASSERT_EQ(tools.size(), 7u);
  for (const Json& t : tools) {
    EXPECT_GT(t["description"].get<std::string>().size(), 80u) << t["name"];
    EXPECT_EQ(t["inputSchema"]["type"], "object");
  }
}

TEST_F(SignetToolsTest, SdJwtProofVerifiesForItsAudienceAndNonceOnly) {
  Json r = Proof({{"format", "sd-jwt"},
                  {"audience", "https://shop.example"},
                  {"nonce", kNonce},
                  {"claims", {"age_over_18", "age_over_65", "email"}}});
  ASSERT_FALSE(r["isError"]) << r.dump();
  const std::string presentation = r["structuredContent"]["presentation"];
  auto ok = VerifySdJwt(presentation, "https://shop.example", kNonce);
  ASSERT_TRUE(ok.valid) << (ok.errors.empty() ? "" : ok.errors[0].message);
  EXPECT_EQ(ok.claims["age_over_18"], true);
  EXPECT_EQ(ok.claims["age_over_65"], false);
  EXPECT_EQ(ok.claims["email"], "ada@example.org");
  EXPECT_FALSE(VerifySdJwt(presentation, "https://evil.example", kNonce).valid);
  EXPECT_FALSE(VerifySdJwt(presentation, "https://shop.example", "n-other-nonce-0000").valid);
  EXPECT_EQ(presentation.find("1990-05-17"), std::string::npos);
}

TEST_F(SignetToolsTest, NeverDisclosesATier2Value) {
  Json r = Proof({{"format", "sd-jwt"},
                  {"audience", "shop.example"},
                  {"nonce", kNonce},
                  {"claims", {"birthdate"}}});
  EXPECT_TRUE(r["isError"]);
  EXPECT_EQ(r["structuredContent"]["status"], "denied");
  EXPECT_EQ(Dump(r).find("1990-05-17"), std::string::npos);
}

TEST_F(SignetToolsTest, BbsProofVerifies) {
  Json r = Proof({{"format", "bbs"},
                  {"audience", "shop.example"},
                  {"nonce", kNonce},
                  {"claims", {"age_over_21", "email"}}});
  ASSERT_FALSE(r["isError"]) << r.dump();
  const Json& s = r["structuredContent"];
  std::vector<Bytes> messages;
  std::vector<size_t> indexes;
  for (const Json& d : s["disclosed_messages"]) {
    messages.push_back(ToBytes(d["message"].get<std::string>()));
    indexes.push_back(d["index"]);
  }
  const Bytes pk = *Base64UrlDecode(s["public_key"].get<std::string>());
  const Bytes proof = *Base64UrlDecode(s["proof"].get<std::string>());
  const std::string header = s["header"];
  const std::string ph = s["presentation_header"];
  EXPECT_TRUE(
      proofs::bbs::ProofVerify(pk, proof, AsBytes(header), AsBytes(ph), messages, indexes).ok());
  EXPECT_EQ(ToString(messages[0]), "age_over_21=true");
  const std::string other_ph = Dump(Json{{"aud", "evil.example"}, {"nonce", kNonce}});
  EXPECT_FALSE(
      proofs::bbs::ProofVerify(pk, proof, AsBytes(header), AsBytes(other_ph), messages, indexes)
          .ok());
}

TEST_F(SignetToolsTest, RangeProofVerifiesAgainstTheSignedCommitment) {
  Json r =
      Proof({{"format", "range"},
             {"audience", "bank.example"},
             {"nonce", kNonce},
             {"predicate", {{"label", "credit_score"}, {"op", "at_least"}, {"lower", "700"}}}});
  ASSERT_FALSE(r["isError"]) << r.dump();
  const Json& s = r["structuredContent"];
  auto vc = VerifySdJwt(s["credential"], "bank.example", kNonce);
  ASSERT_TRUE(vc.valid) << (vc.errors.empty() ? "" : vc.errors[0].message);
  const std::string commitment_b64 = vc.claims["commitment"]["pedersen"]["commitment"];
  EXPECT_EQ(commitment_b64, s["commitment"]);
  proofs::bulletproofs::RistrettoBytes c{};
  const Bytes raw = *Base64UrlDecode(commitment_b64);
  std::copy(raw.begin(), raw.end(), c.begin());
  const Bytes proof = *Base64UrlDecode(s["proof"].get<std::string>());
  EXPECT_TRUE(proofs::bulletproofs::VerifyExpectedPredicate(
                  proofs::bulletproofs::Predicate::AtLeast(70000), c, AsBytes("bank.example"),
                  AsBytes(kNonce), proof)
                  .ok());
  EXPECT_FALSE(proofs::bulletproofs::VerifyExpectedPredicate(
                   proofs::bulletproofs::Predicate::AtLeast(70000), c, AsBytes("evil.example"),
                   AsBytes(kNonce), proof)
                   .ok());
}

TEST_F(SignetToolsTest, RangeProofBundlesVerifyAsTheyAreWithEitherCertification) {
  for (const char* certified_by : {"sd-jwt", "bbs"}) {
    Json r = Proof({{"format", "range"},
                    {"audience", "bank.example"},
                    {"nonce", kNonce},
                    {"predicate",
                     {{"label", "credit_score"},
                      {"op", "at_least"},
                      {"lower", "700"},
                      {"certified_by", certified_by}}}});
    ASSERT_FALSE(r["isError"]) << r.dump();
    const Json& bundle = r["structuredContent"];
    auto ok = VerifyBundle(bundle, "bank.example", kNonce);
    ASSERT_TRUE(ok.valid) << certified_by << ": " << ok.errors[0].code << " "
                          << ok.errors[0].message;
    EXPECT_EQ(ok.format, "range");
    EXPECT_EQ(ok.claims["proven"]["lower"], 70000) << certified_by;
    EXPECT_FALSE(VerifyBundle(bundle, "evil.example", kNonce).valid) << certified_by;
  }
}

TEST_F(SignetToolsTest, BbsProofBundleVerifiesAsItIs) {
  Json r = Proof({{"format", "bbs"},
                  {"audience", "shop.example"},
                  {"nonce", kNonce},
                  {"claims", {"age_over_21"}}});
  ASSERT_FALSE(r["isError"]) << r.dump();
  auto ok = VerifyBundle(r["structuredContent"], "shop.example", kNonce);
  ASSERT_TRUE(ok.valid) << ok.errors[0].code << " " << ok.errors[0].message;
  EXPECT_EQ(ok.claims["age_over_21"], true);
}

// HeaderClaims returns the claim names of a BBS proof's signed header.
std::vector<std::string> HeaderClaims(const Json& proof) {
  return Json::parse(proof["structuredContent"]["header"].get<std::string>())["claims"];
}

TEST_F(SignetToolsTest, BbsProofsDiscloseOnlyTheRequestedClaimsOfOneVaultCredential) {
  const Json args = {{"format", "bbs"},
                     {"audience", "shop.example"},
                     {"nonce", kNonce},
                     {"claims", {"age_over_21"}}};
  Json a = Proof(args);
  Json b = Proof(args);
  ASSERT_FALSE(a["isError"]) << a.dump();
  ASSERT_FALSE(b["isError"]) << b.dump();
  const std::vector<std::string> names = HeaderClaims(a);
  // The credential carries the derived booleans and the Tier-1 values, in name order.
  EXPECT_EQ(names, (std::vector<std::string>{"age_over_18", "age_over_21", "age_over_65",
                                             "balance_above_100", "balance_above_1000",
                                             "balance_above_10000", "email"}));
  // Both proofs come from the same stored credential, yet share no proof bytes.
  EXPECT_EQ(a["structuredContent"]["header"], b["structuredContent"]["header"]);
  EXPECT_NE(a["structuredContent"]["proof"], b["structuredContent"]["proof"]);
  EXPECT_NE(a["structuredContent"]["presentation_header"],
            b["structuredContent"]["presentation_header"]);  // a fresh jti each time
  EXPECT_EQ(a["structuredContent"]["disclosed_messages"].size(), 1u);
  EXPECT_EQ(a["structuredContent"]["undisclosed_count"], names.size() - 1);
  const std::string text = a["structuredContent"].dump();
  EXPECT_EQ(text.find("ada@example.org"), std::string::npos);
  EXPECT_EQ(text.find("1234.5"), std::string::npos);
  auto ok = VerifyBundle(a["structuredContent"], "shop.example", kNonce);
  ASSERT_TRUE(ok.valid) << ok.errors[0].code << " " << ok.errors[0].message;
  EXPECT_EQ(ok.claims, Json({{"age_over_21", true}}));
  EXPECT_NE(AuditText().find("credential.bbs.issue"), std::string::npos);
}

TEST_F(SignetToolsTest, BbsRefusesToDiscloseTheWholeCredentialWhenUnlinkabilityIsAsked) {
  Json first = Proof({{"format", "bbs"},
                      {"audience", "shop.example"},
                      {"nonce", kNonce},
                      {"claims", {"age_over_21"}}});
  ASSERT_FALSE(first["isError"]) << first.dump();
  std::vector<std::string> all = HeaderClaims(first);
  Json args = {{"format", "bbs"}, {"audience", "shop.example"}, {"nonce", kNonce}};
  args["claims"] = all;
  args["unlinkable"] = true;
  Json refused = Proof(args);
  ASSERT_TRUE(refused["isError"]) << refused.dump();
  EXPECT_NE(refused.dump().find("unlinkable"), std::string::npos);
  // One claim fewer leaves something undisclosed: allowed.
  Json fewer = args;
  fewer["claims"].erase(fewer["claims"].size() - 1);
  Json ok = Proof(fewer);
  ASSERT_FALSE(ok["isError"]) << ok.dump();
  EXPECT_EQ(ok["structuredContent"]["undisclosed_count"], 1);
  // Without the request, disclosing everything is the caller's choice.
  args["unlinkable"] = false;
  Json full = Proof(args);
  ASSERT_FALSE(full["isError"]) << full.dump();
  EXPECT_TRUE(VerifyBundle(full["structuredContent"], "shop.example", kNonce).valid);
}

TEST_F(SignetToolsTest, TheBbsCredentialIsReissuedOnANewDayAndForANewClaim) {
  const Json args = {{"format", "bbs"},
                     {"audience", "shop.example"},
                     {"nonce", kNonce},
                     {"claims", {"age_over_21"}}};
  Json today = Proof(args);
  env_.clock_.Advance(std::chrono::hours(24));
  Json tomorrow = Proof(args);
  ASSERT_FALSE(tomorrow["isError"]) << tomorrow.dump();
  EXPECT_NE(today["structuredContent"]["header"], tomorrow["structuredContent"]["header"]);
  // A claim outside the standard set joins the credential, which keeps the others.
  Json odd = Proof({{"format", "bbs"},
                    {"audience", "shop.example"},
                    {"nonce", kNonce},
                    {"claims", {"balance_above_250"}}});
  ASSERT_FALSE(odd["isError"]) << odd.dump();
  const std::vector<std::string> names = HeaderClaims(odd);
  EXPECT_NE(std::find(names.begin(), names.end(), "balance_above_250"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "age_over_21"), names.end());
  auto ok = VerifyBundle(odd["structuredContent"], "shop.example", kNonce);
  ASSERT_TRUE(ok.valid) << ok.errors[0].code << " " << ok.errors[0].message;
  EXPECT_EQ(ok.claims, Json({{"balance_above_250", true}}));
}

TEST_F(SignetToolsTest, RangeProofOfAgeUsesTheBirthDate) {
  Json r =
      Proof({{"format", "range"},
             {"audience", "bar.example"},
             {"nonce", kNonce},
             {"predicate", {{"label", "birthdate"}, {"op", "age_at_least"}, {"lower", "21"}}}});
  ASSERT_FALSE(r["isError"]) << r.dump();
  EXPECT_EQ(r["structuredContent"]["proof_summary"]["age_at_least"], 21);
  Json no =
      Proof({{"format", "range"},
             {"audience", "bar.example"},
             {"nonce", kNonce},
             {"predicate", {{"label", "birthdate"}, {"op", "age_at_least"}, {"lower", "99"}}}});
  EXPECT_TRUE(no["isError"]);
}

TEST_F(SignetToolsTest, QueryFollowsTheTierRules) {
  Json v = session_.Call("signet_query", {{"label", "email"}, {"ask", "value"}});
  EXPECT_EQ(v["structuredContent"]["value"], "ada@example.org");
  Json refused = session_.Call("signet_query", {{"label", "birthdate"}, {"ask", "value"}});
  EXPECT_TRUE(refused["isError"]);
  EXPECT_EQ(Dump(refused).find("1990"), std::string::npos);
  Json age = session_.Call("signet_query",
                           {{"label", "birthdate"}, {"ask", "age_at_least"}, {"operand", "21"}});
  EXPECT_EQ(age["structuredContent"]["answer"], true);
  Json rich = session_.Call("signet_query",
                            {{"label", "balance"}, {"ask", "at_least"}, {"operand", "5000"}});
  EXPECT_EQ(rich["structuredContent"]["answer"], false);
  Json none = session_.Call("signet_query", {{"label", "pet_name"}, {"ask", "exists"}});
  EXPECT_EQ(none["structuredContent"]["answer"], false);
}

TEST_F(SignetToolsTest, Tier3SuspendsAndCompletesOnceApproved) {
  Json pending = session_.Call("signet_query", {{"label", "passport"}, {"ask", "value"}});
  ASSERT_FALSE(pending["isError"]) << pending.dump();
  ASSERT_EQ(pending["structuredContent"]["status"], "pending");
  const std::string id = pending["structuredContent"]["request_id"];
  EXPECT_EQ(Dump(pending).find("X1234567"), std::string::npos);
  ASSERT_EQ(env_.approvals_.entries_.size(), 1u);
  const auto& req = env_.approvals_.entries_.begin()->second.request;
  EXPECT_EQ(req.scope[0].label, "passport");
  EXPECT_EQ(req.scope[0].tier, 3);
  EXPECT_EQ(req.scope[0].compartment, "identity");

  Json still = session_.Call("signet_check_status", {{"request_id", id}});
  EXPECT_EQ(still["structuredContent"]["status"], "pending");
  env_.approvals_.SetAll(mcp::ApprovalState::kApproved);
  Json done = session_.Call("signet_check_status", {{"request_id", id}});
  ASSERT_EQ(done["structuredContent"]["status"], "approved") << done.dump();
  EXPECT_EQ(done["structuredContent"]["result"]["structuredContent"]["value"], "X1234567");
  // Later checks return the stored result; the grant was taken once.
  Json again = session_.Call("signet_check_status", {{"request_id", id}});
  EXPECT_EQ(again["structuredContent"]["result"]["structuredContent"]["value"], "X1234567");
}

TEST_F(SignetToolsTest, DeniedAndExpiredApprovalsReleaseNothing) {
  Json a = session_.Call("signet_query", {{"label", "passport"}, {"ask", "value"}});
  const std::string id = a["structuredContent"]["request_id"];
  env_.approvals_.SetAll(mcp::ApprovalState::kDenied);
  Json denied = session_.Call("signet_check_status", {{"request_id", id}});
  EXPECT_EQ(denied["structuredContent"]["status"], "denied");
  EXPECT_EQ(Dump(denied).find("X1234567"), std::string::npos);

  Json b = session_.Call("signet_query", {{"label", "passport"}, {"ask", "exists"}});
  const std::string id2 = b["structuredContent"]["request_id"];
  env_.clock_.Advance(std::chrono::hours(2));
  Json expired = session_.Call("signet_check_status", {{"request_id", id2}});
  EXPECT_EQ(expired["structuredContent"]["status"], "expired");
}

TEST_F(SignetToolsTest, StatusOfAnotherAgentsRequestIsUnknown) {
  Json a = session_.Call("signet_query", {{"label", "passport"}, {"ask", "value"}});
  const std::string id = a["structuredContent"]["request_id"];
  Principal other = env_.Local();
  other.agent_id = "agent:other";
  Session s2(*features_, other);
  s2.Initialize();
  EXPECT_TRUE(s2.Call("signet_check_status", {{"request_id", id}})["isError"]);
}

TEST_F(SignetToolsTest, WithoutAnApprovalChannelSuspensionFailsClosed) {
  auto features = env_.Features(/*with_approvals=*/false);
  Session s(*features, env_.Local());
  s.Initialize();
  Json r = s.Call("signet_query", {{"label", "passport"}, {"ask", "value"}});
  EXPECT_TRUE(r["isError"]);
  EXPECT_EQ(r["structuredContent"]["status"], "approval_unavailable");
}

TEST_F(SignetToolsTest, CapabilityTokenVerifiesOnceAtItsAudience) {
  Json r = session_.Call("signet_request_capability",
                         {{"audience", "shop.example"},
                          {"purpose", "checkout"},
                          {"max_amount", {{"value", "49.90"}, {"currency", "EUR"}}}});
  ASSERT_FALSE(r["isError"]) << r.dump();
  const std::string presentation = r["structuredContent"]["presentation"];
  credentials::TrustList trust;
  trust.Add(r["structuredContent"]["issuer"],
            credentials::PublicJwk::Ed25519(env_.keyring_.identity().public_key()));
  credentials::CapabilityVerifyOptions opt;
  opt.issuer_keys = &trust;
  opt.ledger = &env_.storage_->state();
  opt.clock = &env_.clock_;
  opt.audience = "shop.example";
  opt.action.amount = credentials::Money{"20.00", "EUR"};
  auto first = credentials::VerifyCapability(presentation, opt);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_TRUE(first->consumed);
  EXPECT_FALSE(credentials::VerifyCapability(presentation, opt));  // one-time
  opt.audience = "evil.example";
  EXPECT_FALSE(credentials::VerifyCapability(presentation, opt));
}

TEST_F(SignetToolsTest, CapabilityOverTheOwnersLimitIsDenied) {
  env_.SetPolicy(R"({"version": 1, "rules": [
      {"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"},
      {"id": "t2", "kind": "tier_threshold", "tier": 2, "min_role": "public"},
      {"id": "cap", "kind": "amount_limit", "limits": [{"currency": "EUR", "max_minor": 10000}]}]})");
  auto features = env_.Features();
  Session s(*features, env_.Local());
  s.Initialize();
  Json over = s.Call("signet_request_capability",
                     {{"audience", "shop.example"},
                      {"purpose", "checkout"},
                      {"max_amount", {{"value", "150.00"}, {"currency", "EUR"}}}});
  EXPECT_TRUE(over["isError"]);
  Json under = s.Call("signet_request_capability",
                      {{"audience", "shop.example"},
                       {"purpose", "checkout"},
                       {"max_amount", {{"value", "99.99"}, {"currency", "EUR"}}}});
  EXPECT_FALSE(under["isError"]) << under.dump();
}

TEST_F(SignetToolsTest, RateLimitRulesCountTheAgentsEarlierRequests) {
  env_.SetPolicy(R"({"version": 1, "rules": [
      {"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"},
      {"id": "t2", "kind": "tier_threshold", "tier": 2, "min_role": "public"},
      {"id": "slow", "kind": "rate_limit", "max": 2, "window_seconds": 60, "scope": "actor"}]})");
  auto features = env_.Features();
  Session s(*features, env_.Local());
  s.Initialize();
  const Json ask = {{"label", "email"}, {"ask", "value"}};
  EXPECT_FALSE(s.Call("signet_query", ask)["isError"]);
  env_.clock_.Advance(std::chrono::seconds(10));
  EXPECT_FALSE(s.Call("signet_query", ask)["isError"]);
  Json third = s.Call("signet_query", ask);
  EXPECT_TRUE(third["isError"]) << third.dump();
  EXPECT_EQ(third["structuredContent"]["status"], "denied");
  // Another agent of the same vault has its own count.
  Session other(*features, Principal{env_.tenant_, "agent:other", "", "", "", true});
  other.Initialize();
  EXPECT_FALSE(other.Call("signet_query", ask)["isError"]);
  // A new session of the same agent does not reset it; the window does.
  Session again(*features, env_.Local());
  again.Initialize();
  EXPECT_TRUE(again.Call("signet_query", ask)["isError"]);
  // Refused requests count too (an agent that keeps asking stays refused) until they leave
  // the window.
  env_.clock_.Advance(std::chrono::seconds(51));
  EXPECT_TRUE(again.Call("signet_query", ask)["isError"]);
  env_.clock_.Advance(std::chrono::seconds(61));
  EXPECT_FALSE(again.Call("signet_query", ask)["isError"]);
}

TEST_F(SignetToolsTest, AFirstRequestTriggerFiresOnlyForTheAgentsFirstRequest) {
  env_.SetPolicy(R"({"version": 1, "rules": [
      {"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"},
      {"id": "new", "kind": "anomaly_trigger", "when": {"first_request": true}}]})");
  auto features = env_.Features();
  Session s(*features, env_.Local());
  s.Initialize();
  const Json ask = {{"label", "email"}, {"ask", "value"}};
  Json first = s.Call("signet_query", ask);
  EXPECT_EQ(first["structuredContent"]["status"], "pending") << first.dump();
  Json second = s.Call("signet_query", ask);
  EXPECT_FALSE(second["isError"]) << second.dump();
  EXPECT_NE(second["structuredContent"]["status"], "pending") << second.dump();
  // Another agent's first request is its own.
  Session other(*features, Principal{env_.tenant_, "agent:other", "", "", "", true});
  other.Initialize();
  EXPECT_EQ(other.Call("signet_query", ask)["structuredContent"]["status"], "pending");
}

// An agent whose OAuth client is a metadata document at agents.mybank.example is classified by
// the owner's domain table when no role was assigned to it; without a domain it is Public.
TEST_F(SignetToolsTest, AnAgentIsClassifiedByItsClientsDomain) {
  env_.SetPolicy(R"({"version": 1,
      "settings": {"use_default_domain_roles": false},
      "domain_roles": [{"domain": "mybank.example", "role": "financial", "subdomains": true}],
      "rules": [{"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "financial",
                 "below": "deny"}]})");
  auto features = env_.Features();
  const Json ask = {{"label", "email"}, {"ask", "value"}};
  Principal bank{env_.tenant_, "agent:bank", "", "https://agents.mybank.example/client.json", "",
                 true, "agents.mybank.example"};
  Session with_domain(*features, bank);
  with_domain.Initialize();
  Json allowed = with_domain.Call("signet_query", ask);
  EXPECT_FALSE(allowed["isError"]) << allowed.dump();
  bank.domain.clear();
  Session without(*features, bank);
  without.Initialize();
  Json refused = without.Call("signet_query", ask);
  EXPECT_TRUE(refused["isError"]) << refused.dump();
  EXPECT_EQ(refused["structuredContent"]["status"], "denied");
  bank.domain = "mybank.example.evil";  // a suffix match is not a subdomain
  Session other(*features, bank);
  other.Initialize();
  EXPECT_EQ(other.Call("signet_query", ask)["structuredContent"]["status"], "denied");
}

TEST_F(SignetToolsTest, EmptyPolicyEscalatesEverything) {
  env_.SetPolicy(R"({"version": 1, "rules": []})");
  auto features = env_.Features();
  Session s(*features, env_.Local());
  s.Initialize();
  Json r = s.Call("signet_query", {{"label", "email"}, {"ask", "value"}});
  EXPECT_EQ(r["structuredContent"]["status"], "pending");
}

TEST_F(SignetToolsTest, NegotiationCountersTier2AndRemembersTheCounterparty) {
  Json args = {{"counterparty", "https://shop.example"},
               {"purpose", "age check"},
               {"requests",
                {{{"item", "birthdate"}},
                 {{"item", "email"}},
                 {{"item", "passport"}},
                 {{"item", "age_over_18"}},
                 {{"item", "shoe_size"}}}}};
  Json r = session_.Call("signet_negotiate_context", args);
  ASSERT_FALSE(r["isError"]) << r.dump();
  const Json& d = r["structuredContent"]["decisions"];
  std::map<std::string, std::string> got;
  for (const Json& e : d) got[e["item"]] = e["decision"];
  EXPECT_EQ(got["birthdate"], "counter");
  EXPECT_EQ(got["email"], "accept");
  EXPECT_EQ(got["passport"], "reject");
  EXPECT_EQ(got["age_over_18"], "accept");
  EXPECT_EQ(got["shoe_size"], "reject");
  EXPECT_FALSE(r["structuredContent"]["previously_negotiated"]);
  Json again =
      session_.Call("signet_negotiate_context",
                    {{"counterparty", "shop.example"}, {"requests", {{{"item", "age_over_21"}}}}});
  EXPECT_TRUE(again["structuredContent"]["previously_negotiated"]);
  EXPECT_TRUE(again["structuredContent"]["agreement"].contains("birthdate"));
  EXPECT_TRUE(again["structuredContent"]["agreement"].contains("age_over_21"));
}

TEST_F(SignetToolsTest, NotesStoreAndListTier1And2Only) {
  Json a = session_.Call("signet_store", {{"key", "coffee"}, {"value", "flat white"}, {"tier", 1}});
  ASSERT_FALSE(a["isError"]) << a.dump();
  Json b = session_.Call("signet_store", {{"key", "mood"}, {"value", "tired"}});
  EXPECT_EQ(b["structuredContent"]["tier"], 2);
  Json three = session_.Call("signet_store", {{"key", "x"}, {"value", "y"}, {"tier", 3}});
  EXPECT_TRUE(three["isError"]);
  Json list = session_.Call("signet_list", Json::object());
  const Json& notes = list["structuredContent"]["notes"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["key"], "coffee");
  EXPECT_EQ(notes[0]["value"], "flat white");
}

TEST_F(SignetToolsTest, EveryCallIsAuditedWithoutValues) {
  Proof({{"format", "sd-jwt"},
         {"audience", "shop.example"},
         {"nonce", kNonce},
         {"claims", {"age_over_18"}}});
  session_.Call("signet_query",
                {{"label", "birthdate"}, {"ask", "age_at_least"}, {"operand", "18"}});
  session_.Call("signet_query", {{"label", "birthdate"}, {"ask", "value"}});
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("signet_get_proof"), std::string::npos);
  EXPECT_NE(audit.find("\"refused\""), std::string::npos);
  EXPECT_EQ(audit.find("1990-05-17"), std::string::npos);
  vault::Vault v(*env_.storage_, env_.keyring_, env_.clock_);
  auto report = v.VerifyAudit();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST_F(SignetToolsTest, ResourcesShowLabelsIssuedCredentialsAndTheAuditTail) {
  Proof({{"format", "sd-jwt"},
         {"audience", "shop.example"},
         {"nonce", kNonce},
         {"claims", {"age_over_18"}}});
  Json labels =
      Json::parse(session_
                      .Request("resources/read",
                               {{"uri", "signet://vault/labels"}})["result"]["contents"][0]["text"]
                      .get<std::string>());
  bool saw_passport = false;
  for (const Json& l : labels["labels"]) {
    if (l["label"] == "passport") {
      saw_passport = true;
      EXPECT_EQ(l["tier"], 3);
      EXPECT_FALSE(l.contains("value"));
    }
  }
  EXPECT_TRUE(saw_passport);
  Json issued = Json::parse(
      session_
          .Request("resources/read",
                   {{"uri", "signet://credentials/issued"}})["result"]["contents"][0]["text"]
          .get<std::string>());
  ASSERT_FALSE(issued["issued"].empty());
  EXPECT_EQ(issued["issued"][0]["audience"], "shop.example");
  Json tail =
      Json::parse(session_
                      .Request("resources/read",
                               {{"uri", "signet://audit/tail"}})["result"]["contents"][0]["text"]
                      .get<std::string>());
  EXPECT_FALSE(tail["events"].empty());
}

TEST_F(SignetToolsTest, PromptsRender) {
  Json r = session_.Request(
      "prompts/get",
      {{"name", "prove_to_relying_party"},
       {"arguments", {{"audience", "shop.example"}, {"nonce", "abc"}, {"claim", "age_over_18"}}}});
  EXPECT_NE(
      r["result"]["messages"][0]["content"]["text"].get<std::string>().find("signet_get_proof"),
      std::string::npos);
}

}  // namespace
}  // namespace signet::mcp
