// Owner choices: the rules and approvals they create, and that those resolve the anomaly.

#include "policy/choices.h"

#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace signet::policy {
namespace {

using testing::Doc;
using testing::Req;
using testing::T0;

// AnomalyFor evaluates `r` against `doc` and returns the report (the request must be anomalous).
AnomalyReport AnomalyFor(const PolicyDocument& doc, const Request& r) {
  const Decision d = PolicyEngine::Create(doc).value().Evaluate(r);
  EXPECT_EQ(d.effect, Effect::kAnomaly);
  return d.anomaly.value_or(AnomalyReport{});
}

Effect EvaluateWith(const PolicyDocument& doc, const Rule& rule, const Request& r) {
  auto updated = AddRule(doc, rule);
  EXPECT_TRUE(updated) << updated.error().message();
  return PolicyEngine::Create(std::move(updated).value()).value().Evaluate(r).effect;
}

TEST(ChoicesTest, AllowAlwaysCreatesANarrowGrantThatResolvesTheMismatch) {
  const PolicyDocument doc = Doc("[]");
  const Request r = Req("shop", "medical.allergies", Operation::kProve, Tier::k2);
  const AnomalyReport rep = AnomalyFor(doc, r);
  auto rule = RuleForChoice(rep, OwnerChoice::kAllowAlways);
  ASSERT_TRUE(rule) << rule.error().message();
  EXPECT_EQ(rule->kind, RuleKind::kGrant);
  EXPECT_TRUE(rule->acknowledge_mismatch);
  EXPECT_EQ(rule->match.actors, std::vector<std::string>{"shop"});
  EXPECT_EQ(rule->match.attributes, std::vector<std::string>{"medical.allergies"});
  EXPECT_EQ(rule->match.operations, OperationBit(Operation::kProve));
  EXPECT_EQ(rule->match.tiers, TierBit(Tier::k2));
  EXPECT_EQ(rule->match.domains, std::vector<std::string>{"shop.example"});
  EXPECT_TRUE(rule->id.starts_with("owner-allow-"));
  EXPECT_EQ(rule->id.size(), std::string("owner-allow-").size() + 12);
  EXPECT_EQ(RuleForChoice(rep, OwnerChoice::kAllowAlways)->id, rule->id);  // deterministic

  EXPECT_EQ(EvaluateWith(doc, *rule, r), Effect::kPermit);
  // Scoped: another operation, attribute, actor, tier or destination still escalates.
  Request other = r;
  other.predicate.operation = Operation::kRead;
  EXPECT_EQ(EvaluateWith(doc, *rule, other), Effect::kAnomaly);
  other = r;
  other.predicate.attribute = "medical.blood_type";
  EXPECT_EQ(EvaluateWith(doc, *rule, other), Effect::kAnomaly);
  other = r;
  other.actor.id = "bank";
  EXPECT_EQ(EvaluateWith(doc, *rule, other), Effect::kAnomaly);
  other = r;
  other.predicate.tier = Tier::k1;
  EXPECT_EQ(EvaluateWith(doc, *rule, other), Effect::kAnomaly);
  other = r;
  other.context.domain = "elsewhere.example";
  EXPECT_EQ(EvaluateWith(doc, *rule, other), Effect::kAnomaly);
}

TEST(ChoicesTest, AllowAlwaysForAnUncoveredRequestDoesNotAcknowledgeMismatches) {
  const PolicyDocument doc = Doc("[]");
  const AnomalyReport rep = AnomalyFor(doc, Req());
  auto rule = RuleForChoice(rep, OwnerChoice::kAllowAlways);
  ASSERT_TRUE(rule);
  EXPECT_FALSE(rule->acknowledge_mismatch);
  EXPECT_EQ(EvaluateWith(doc, *rule, Req()), Effect::kPermit);
}

TEST(ChoicesTest, DenyAlwaysCreatesADenyRule) {
  const PolicyDocument doc = Doc("[]");
  const Request r = Req("shop", "medical.allergies", Operation::kProve, Tier::k2);
  auto rule = RuleForChoice(AnomalyFor(doc, r), OwnerChoice::kDenyAlways);
  ASSERT_TRUE(rule);
  EXPECT_EQ(rule->kind, RuleKind::kDeny);
  EXPECT_TRUE(rule->id.starts_with("owner-deny-"));
  EXPECT_EQ(EvaluateWith(doc, *rule, r), Effect::kDeny);
  Request tier3 = r;
  tier3.predicate.tier = Tier::k3;  // deny always covers every tier and destination
  tier3.context.domain = "";
  EXPECT_EQ(EvaluateWith(doc, *rule, tier3), Effect::kDeny);
}

TEST(ChoicesTest, OnceChoicesCreateNoRuleAndAllowOnceMakesABoundApproval) {
  const PolicyDocument doc = Doc(R"([{"id":"g","kind":"grant"}])");
  Request r = Req("shop", "commerce.address", Operation::kProve, Tier::k3);
  const AnomalyReport rep = AnomalyFor(doc, r);
  EXPECT_EQ(RuleForChoice(rep, OwnerChoice::kDenyOnce).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(RuleForChoice(rep, OwnerChoice::kAllowOnce).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(RuleForChoice(rep, OwnerChoice::kAllowAlways).error().code(),
            ErrorCode::kFailedPrecondition);  // tier 3 always needs approval
  const Approval a = ApprovalForChoice(rep, "ap-7", T0() + 120, /*bind_session=*/true);
  EXPECT_EQ(a.session, "s-1");
  r.context.approval = a;
  PolicyEngine engine = PolicyEngine::Create(doc).value();
  EXPECT_EQ(engine.Evaluate(r).effect, Effect::kPermit);
  r.context.session = "s-2";
  EXPECT_EQ(engine.Evaluate(r).effect, Effect::kAnomaly);
}

TEST(ChoicesTest, AddRuleRejectsDuplicatesInvalidRulesAndOverflow) {
  PolicyDocument doc = Doc(R"([{"id":"g","kind":"grant"}])");
  Rule dup;
  dup.id = "g";
  EXPECT_EQ(AddRule(doc, dup).error().code(), ErrorCode::kAlreadyExists);
  Rule bad;
  bad.id = "new";
  bad.match.attributes = {"Not Valid"};
  EXPECT_EQ(AddRule(doc, bad).error().code(), ErrorCode::kInvalidArgument);
  doc.rules.resize(kMaxRules);
  for (size_t i = 0; i < kMaxRules; ++i) doc.rules[i].id = "r" + std::to_string(i);
  Rule more;
  more.id = "more";
  EXPECT_EQ(AddRule(doc, more).error().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace signet::policy
