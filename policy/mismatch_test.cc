// The mismatch matrix (every role x every data category) and the anomaly report it produces.

#include "policy/mismatch.h"

#include <gtest/gtest.h>

#include <cctype>

#include "policy/policy_test_util.h"

namespace signet::policy {
namespace {

using testing::Codes;
using testing::Engine;
using testing::Req;

// The expected matrix, written out by hand (not computed): '.' no mismatch, 'I' insufficient
// role, 'C' cross-domain; upper case high severity, lower case medium (at tier 2).
//                                        public commerce financial medical identity
constexpr const char* kMatrix[kRoleCount] = {".iIII",   // public
                                             "..iII",   // commerce
                                             "...II",   // financial
                                             "..c.I",   // medical
                                             "..cC.",   // identity
                                             "....."};  // trusted_agent

constexpr const char* kActorForRole[kRoleCount] = {"pub", "shop", "bank", "clinic", "idp", "agent"};

TEST(MismatchTest, MatrixOfEveryRoleAndCategory) {
  for (int role = 0; role < kRoleCount; ++role) {
    for (int cat = 0; cat < kCategoryCount; ++cat) {
      SCOPED_TRACE(std::string(RoleName(Role(role))) + " x " +
                   std::string(CategoryName(DataCategory(cat))));
      const char want = kMatrix[role][cat];
      auto m = CheckMismatch(Role(role), DataCategory(cat), Tier::k2);
      if (want == '.') {
        EXPECT_FALSE(m);
        continue;
      }
      ASSERT_TRUE(m);
      EXPECT_EQ(m->kind, (want == 'i' || want == 'I') ? AnomalyKind::kInsufficientRole
                                                      : AnomalyKind::kCrossDomain);
      EXPECT_EQ(m->severity, std::isupper(want) ? Severity::kHigh : Severity::kMedium);
      // Tier 3 makes every mismatch high.
      EXPECT_EQ(CheckMismatch(Role(role), DataCategory(cat), Tier::k3)->severity, Severity::kHigh);
    }
  }
}

TEST(MismatchTest, EngineEscalatesEveryMismatchEvenWhenARulePermits) {
  PolicyEngine engine = Engine(R"([{"id":"all","kind":"grant"}])");
  for (int role = 0; role < kRoleCount; ++role) {
    for (int cat = 0; cat < kCategoryCount; ++cat) {
      SCOPED_TRACE(std::string(RoleName(Role(role))) + " x " +
                   std::string(CategoryName(DataCategory(cat))));
      Request r = Req(kActorForRole[role], std::string(CategoryName(DataCategory(cat))) + ".x",
                      Operation::kProve, Tier::k2);
      const Decision d = engine.Evaluate(r);
      const char want = kMatrix[role][cat];
      if (want == '.') {
        EXPECT_EQ(d.effect, Effect::kPermit);
        continue;
      }
      EXPECT_EQ(d.effect, Effect::kAnomaly);
      ASSERT_TRUE(d.anomaly);
      const AnomalyKind kind =
          (want == 'i' || want == 'I') ? AnomalyKind::kInsufficientRole : AnomalyKind::kCrossDomain;
      EXPECT_EQ(d.anomaly->kinds, std::vector<AnomalyKind>{kind});
      EXPECT_EQ(d.anomaly->severity, std::isupper(want) ? Severity::kHigh : Severity::kMedium);
    }
  }
}

TEST(MismatchTest, ReportSaysWhoWhatWhyAndOptions) {
  PolicyEngine engine = Engine(R"([{"id":"t2","kind":"tier_threshold","tier":2,
                                    "min_role":"commerce"}])");
  Request r = Req("shop", "medical.blood_type", Operation::kProve, Tier::k2);
  r.context.amount = Amount{1250, "EUR"};
  const Decision d = engine.Evaluate(r);
  ASSERT_EQ(d.effect, Effect::kAnomaly);
  EXPECT_TRUE(d.approval_required);
  EXPECT_EQ(Codes(d), (std::vector<std::string>{"rule_permit", "insufficient_role"}));
  const AnomalyReport& rep = *d.anomaly;
  EXPECT_EQ(rep.actor_id, "shop");
  EXPECT_EQ(rep.classification.role, Role::kCommerce);
  EXPECT_EQ(rep.classification.method, ClassificationMethod::kExplicit);
  EXPECT_EQ(rep.classification.confidence, 100);
  EXPECT_EQ(rep.predicate.attribute, "medical.blood_type");
  EXPECT_EQ(rep.predicate.category, DataCategory::kMedical);
  EXPECT_EQ(rep.predicate.tier, Tier::k2);
  EXPECT_EQ(rep.destination_domain, "shop.example");
  EXPECT_EQ(rep.purpose, "checkout");
  EXPECT_EQ(rep.amount, r.context.amount);
  EXPECT_EQ(rep.kinds, std::vector<AnomalyKind>{AnomalyKind::kInsufficientRole});
  EXPECT_EQ(rep.severity, Severity::kHigh);
  EXPECT_EQ(rep.rule_ids, std::vector<std::string>{"t2"});
  EXPECT_EQ(rep.Summary(),
            "commerce actor 'shop' (explicit, confidence 100) asks to prove medical.blood_type "
            "(medical, tier 2): insufficient_role");
  EXPECT_EQ(rep.options,
            (std::vector<OwnerChoice>{OwnerChoice::kDenyOnce, OwnerChoice::kDenyAlways,
                                      OwnerChoice::kAllowOnce, OwnerChoice::kAllowAlways}));
  const std::string json = DecisionToJson(d);
  for (const char* part : {R"("decision":"anomaly")", R"("who":{)", R"("what":{)", R"("why":{)",
                           R"("options":["deny_once","deny_always","allow_once","allow_always"])",
                           R"("kinds":["insufficient_role"])", R"("severity":"high")"}) {
    EXPECT_NE(json.find(part), std::string::npos) << part << "\n" << json;
  }
  EXPECT_NE(DecisionToText(d).find("decision: ANOMALY"), std::string::npos);
}

TEST(MismatchTest, AcknowledgingGrantResolvesOnlyItsScope) {
  PolicyEngine engine = Engine(R"([{"id":"ack","kind":"grant","acknowledge_mismatch":true,
      "match":{"actors":["shop"],"attributes":["medical.allergies"]}}])");
  const Decision ok =
      engine.Evaluate(Req("shop", "medical.allergies", Operation::kProve, Tier::k2));
  EXPECT_EQ(ok.effect, Effect::kPermit);
  EXPECT_EQ(Codes(ok), (std::vector<std::string>{"rule_permit", "mismatch_acknowledged"}));
  const Decision other =
      engine.Evaluate(Req("shop", "medical.blood_type", Operation::kProve, Tier::k2));
  EXPECT_EQ(other.effect, Effect::kAnomaly);
  EXPECT_EQ(other.anomaly->kinds, (std::vector<AnomalyKind>{AnomalyKind::kInsufficientRole,
                                                            AnomalyKind::kNoMatchingRule}));
}

TEST(MismatchTest, TriggeredAndTierThreeAnomaliesDoNotOfferAllowAlways) {
  PolicyEngine engine = Engine(R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
      "match":{"attributes":["commerce.cart"]}}])");
  const Decision triggered = engine.Evaluate(Req("shop", "commerce.cart"));
  ASSERT_TRUE(triggered.anomaly);
  EXPECT_EQ(triggered.anomaly->options.size(), 3u);
  const Decision tier3 =
      engine.Evaluate(Req("shop", "commerce.address", Operation::kProve, Tier::k3));
  ASSERT_TRUE(tier3.anomaly);
  EXPECT_EQ(tier3.anomaly->kinds, std::vector<AnomalyKind>{AnomalyKind::kTier3Approval});
  EXPECT_EQ(tier3.anomaly->severity, Severity::kHigh);
  EXPECT_EQ(tier3.anomaly->options.size(), 3u);
}

}  // namespace
}  // namespace signet::policy
