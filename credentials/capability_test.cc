#include "credentials/capability.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "base/encoding.h"
#include "credentials/credentials_test_util.h"
#include "credentials/paseto.h"
#include "credentials/reason.h"
#include "credentials/verifier.h"
#include "crypto/random.h"
#include "storage/embedded/embedded_storage.h"
#include "storage/memory/memory_storage.h"

namespace signet::credentials {
namespace {

using namespace signet::credentials::testing;

class CapabilityTest : public ::testing::Test {
 protected:
  CapabilityTest()
      : clock_(ClockAt(kNow)),
        trust_(Trust(issuer_)),
        ledger_(storage::memory::CreateMemoryStateStore({.clock = &clock_})) {}

  CapabilityRequest Request() {
    CapabilityRequest r;
    r.issuer = kIssuer;
    r.subject = "agent:42";
    r.audience = kAudience;
    r.issued_at = kNow;
    r.expires_at = kNow + 900;
    r.policy.permissions = {"purchase", "quote"};
    r.policy.max_amount = Money{"25.00", "EUR"};
    r.policy.purpose = "weekly groceries";
    r.agent_key = agent_.key.public_key();
    return r;
  }

  CapabilityVerifyOptions Options(storage::StateStore* ledger) {
    CapabilityVerifyOptions o;
    o.issuer_keys = trust_.get();
    o.ledger = ledger;
    o.clock = &clock_;
    o.audience = kAudience;
    o.nonce = kNonce;
    return o;
  }

  std::string Present(const IssuedCapability& c, std::vector<std::string> reveal = {},
                      const CapabilitySpend* spend = nullptr) {
    CapabilityBinding b{kAudience, kNonce, kNow, &agent_.key};
    return PresentCapability(c.token, c.clause_disclosures, reveal, spend, &b).value();
  }

  Party issuer_, agent_;
  FakeClock clock_;
  std::unique_ptr<TrustList> trust_;
  std::shared_ptr<storage::StateStore> ledger_;
};

TEST_F(CapabilityTest, TokenIsAPasetoV4PublicWithTheRegisteredClaims) {
  Result<IssuedCapability> c = IssueCapability(Request(), issuer_.key);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->token.substr(0, 10), "v4.public.");
  Result<paseto::Token> t = paseto::VerifyPublic(issuer_.key.public_key(), c->token,
                                                 AsBytes(kCapabilityAssertion));
  ASSERT_TRUE(t);
  const Json claims = Json::parse(AsStringView(t->message));
  EXPECT_EQ(claims["iss"], kIssuer);
  EXPECT_EQ(claims["sub"], "agent:42");
  EXPECT_EQ(claims["aud"], kAudience);
  EXPECT_EQ(claims["exp"], "2027-01-15T08:15:00Z");
  EXPECT_EQ(claims["jti"].get<std::string>().size(), 22u);
  EXPECT_EQ(claims["policy"]["max_amount"]["value"], "25.00");
  EXPECT_EQ(claims["cnf"]["k4"], paseto::PaserkPublic(agent_.key.public_key()));
}

TEST_F(CapabilityTest, VerifiesWithActionAndShowsOnlyDisclosedClauses) {
  CapabilityRequest r = Request();
  r.selectively_disclosed = {"purpose", "permissions"};
  r.decoys = 2;
  Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->clause_disclosures.size(), 2u);
  CapabilityVerifyOptions o = Options(ledger_.get());
  o.action = {.permission = "purchase", .amount = Money{"25", "EUR"}};
  Result<VerifiedCapability> v = VerifyCapability(Present(*c, {"permissions"}), o);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_TRUE(v->holder_bound);
  EXPECT_FALSE(v->consumed);
  EXPECT_EQ(v->claims["policy"]["permissions"], Json::array({"purchase", "quote"}));
  EXPECT_FALSE(v->claims["policy"].contains("purpose"));
  EXPECT_FALSE(v->claims["policy"].contains("_sd"));
  // A multi-use capability verifies again.
  EXPECT_TRUE(VerifyCapability(Present(*c, {"permissions"}), o));
  // Without the permissions disclosure the permission check fails closed.
  Result<VerifiedCapability> hidden = VerifyCapability(Present(*c), o);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(ReasonOf(hidden.error()), "clause_undisclosed");
}

TEST_F(CapabilityTest, IssuanceRefusesInconsistentRequests) {
  CapabilityRequest r = Request();
  r.policy.one_time = true;
  r.policy.budget = CapabilityBudget{10, {}};
  EXPECT_FALSE(IssueCapability(r, issuer_.key));
  r = Request();
  r.selectively_disclosed = {"one_time"};
  EXPECT_FALSE(IssueCapability(r, issuer_.key));
  r = Request();
  r.expires_at = r.issued_at;
  EXPECT_FALSE(IssueCapability(r, issuer_.key));
  r = Request();
  r.policy.max_amount = Money{"1e3", "EUR"};
  EXPECT_FALSE(IssueCapability(r, issuer_.key));
  r.policy.max_amount = Money{"10", "euro"};
  EXPECT_FALSE(IssueCapability(r, issuer_.key));
  r = Request();
  r.policy.budget = CapabilityBudget{PaywordChain::kMaxLength + 1, {}};
  EXPECT_FALSE(IssueCapability(r, issuer_.key));
}

TEST_F(CapabilityTest, PaywordSpendsAdvanceMonotonically) {
  CapabilityRequest r = Request();
  r.policy.budget = CapabilityBudget{50, Money{"0.50", "EUR"}};
  Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
  ASSERT_TRUE(c && c->budget_chain);
  const CapabilityVerifyOptions o = Options(ledger_.get());
  uint32_t previous = 0;
  for (uint32_t total : {1u, 2u, 7u, 50u}) {
    const CapabilitySpend s{total, c->budget_chain->Link(total).value()};
    Result<VerifiedCapability> v = VerifyCapability(Present(*c, {}, &s), o);
    ASSERT_TRUE(v) << total << ": " << v.error().ToString();
    EXPECT_EQ(v->spent_total, total);
    EXPECT_EQ(v->spent_now, total - previous);
    previous = total;
  }
  const CapabilitySpend again{50, c->budget_chain->Link(50).value()};
  EXPECT_EQ(ReasonOf(VerifyCapability(Present(*c, {}, &again), o).error()), "payword_replayed");
}

TEST_F(CapabilityTest, PaywordChainAnchorsAndLinksAgree) {
  Result<PaywordChain> chain = PaywordChain::Create(20);
  ASSERT_TRUE(chain);
  for (uint32_t k = 1; k <= 20; ++k) {
    EXPECT_EQ(PaywordIterate(chain->Link(k).value(), k), chain->Anchor()) << k;
  }
  EXPECT_FALSE(chain->Link(0));
  EXPECT_FALSE(chain->Link(21));
  EXPECT_FALSE(PaywordChain::Create(0));
}

TEST_F(CapabilityTest, SpendAndDisclosuresAreBoundByTheAgentSignature) {
  CapabilityRequest r = Request();
  r.policy.budget = CapabilityBudget{10, {}};
  Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
  ASSERT_TRUE(c);
  const CapabilitySpend s2{2, c->budget_chain->Link(2).value()};
  const std::string p = Present(*c, {}, &s2);
  // Replace the spend by a larger one while keeping the agent's binding: cap_hash breaks.
  const CapabilitySpend s3{3, c->budget_chain->Link(3).value()};
  const std::string spend2 = "pw.2." + Base64UrlEncode(s2.link);
  const std::string spend3 = "pw.3." + Base64UrlEncode(s3.link);
  std::string swapped = p;
  swapped.replace(p.find(spend2), spend2.size(), spend3);
  Result<VerifiedCapability> v = VerifyCapability(swapped, Options(ledger_.get()));
  ASSERT_FALSE(v);
  EXPECT_EQ(ReasonOf(v.error()), "binding_hash_mismatch");
}

// OneTimeRace verifies one one-time presentation from `threads` verifier instances over
// `stores` (one per "replica") at once and returns how many accepted it.
int OneTimeRace(const std::string& presentation, const std::vector<storage::StateStore*>& stores,
                const TrustList& trust, const Clock& clock, int threads) {
  std::atomic<int> accepted{0};
  std::atomic<int> replayed{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      VerifierConfig config;
      config.issuer_keys = &trust;
      config.ledger = stores[static_cast<size_t>(i) % stores.size()];
      config.clock = &clock;
      PresentationVerifier verifier(config);
      VerifyResult r = verifier.Verify({presentation, kAudience, kNonce, {}, {}});
      if (r.valid) ++accepted;
      if (!r.valid && !r.errors.empty() && r.errors[0].code == "replayed") ++replayed;
    });
  }
  for (std::thread& t : pool) t.join();
  EXPECT_EQ(accepted + replayed, threads);
  return accepted;
}

TEST_F(CapabilityTest, OneTimeTokenIsAcceptedOnceAcrossReplicasOnAMemoryStore) {
  CapabilityRequest r = Request();
  r.policy.one_time = true;
  Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
  ASSERT_TRUE(c);
  EXPECT_EQ(OneTimeRace(Present(*c), {ledger_.get(), ledger_.get()}, *trust_, clock_, 8), 1);
}

TEST_F(CapabilityTest, OneTimeTokenIsAcceptedOnceAcrossTwoProcessesOfTheEmbeddedStore) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("signet-cap-" + HexEncode(crypto::RandomBytes(6)));
  {
    storage::embedded::EmbeddedOptions eo;
    eo.data_dir = dir.string();
    eo.clock = &clock_;
    // Two independently opened stores over one data dir stand for two server replicas.
    Result<std::unique_ptr<storage::Storage>> a = storage::embedded::OpenEmbeddedStorage(eo);
    Result<std::unique_ptr<storage::Storage>> b = storage::embedded::OpenEmbeddedStorage(eo);
    ASSERT_TRUE(a && b);
    CapabilityRequest r = Request();
    r.policy.one_time = true;
    Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
    ASSERT_TRUE(c);
    EXPECT_EQ(OneTimeRace(Present(*c), {&(*a)->state(), &(*b)->state()}, *trust_, clock_, 6), 1);
  }
  std::filesystem::remove_all(dir);
}

TEST_F(CapabilityTest, PaywordRaceAcceptsEachLinkOnce) {
  CapabilityRequest r = Request();
  r.policy.budget = CapabilityBudget{100, {}};
  Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
  ASSERT_TRUE(c);
  const CapabilitySpend s{9, c->budget_chain->Link(9).value()};
  const std::string p = Present(*c, {}, &s);
  std::atomic<int> ok{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < 6; ++i) {
    pool.emplace_back([&] {
      if (VerifyCapability(p, Options(ledger_.get()))) ++ok;
    });
  }
  for (std::thread& t : pool) t.join();
  EXPECT_EQ(ok.load(), 1);
}

TEST_F(CapabilityTest, BearerCapabilityWithoutCnfNeedsNoBinding) {
  CapabilityRequest r = Request();
  r.agent_key.reset();
  Result<IssuedCapability> c = IssueCapability(r, issuer_.key);
  ASSERT_TRUE(c);
  Result<VerifiedCapability> v = VerifyCapability(c->token + "~", Options(ledger_.get()));
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_FALSE(v->holder_bound);
}

}  // namespace
}  // namespace signet::credentials
