// Property tests over random rule sets and requests (fixed seeds): the compiled evaluator agrees
// with the naive one; adding a deny rule (or any restricting rule) never creates a PERMIT; the
// JSON forms round-trip.

#include <gtest/gtest.h>

#include <array>

#include "policy/engine.h"
#include "policy/random_policy.h"
#include "policy/request_json.h"
#include "policy/rules_json.h"

namespace signet::policy {
namespace {

constexpr int kDocuments = 300;
constexpr int kRequestsPerDocument = 40;

PolicyEngine Compile(PolicyDocument doc) {
  auto engine = PolicyEngine::Create(std::move(doc));
  EXPECT_TRUE(engine) << engine.error().message();
  return std::move(engine).value();
}

TEST(PolicyPropertyTest, CompiledEvaluationEqualsNaiveEvaluation) {
  RandomPolicyGenerator gen(0x5eed0001);
  std::array<int, 3> effects{};
  for (int d = 0; d < kDocuments; ++d) {
    const PolicyEngine engine = Compile(gen.Document(static_cast<size_t>(d % 61)));
    for (int i = 0; i < kRequestsPerDocument; ++i) {
      const Request r = gen.AnyRequest();
      const Decision compiled = engine.Evaluate(r);
      const Decision naive = engine.EvaluateNaive(r);
      ASSERT_EQ(compiled, naive) << "document " << d << " request " << i << "\n"
                                 << RequestToJson(r) << "\n"
                                 << DecisionToJson(compiled) << "\n"
                                 << DecisionToJson(naive);
      ++effects[static_cast<size_t>(compiled.effect)];
    }
  }
  // The generator must exercise every outcome, or this property says little.
  for (int n : effects) EXPECT_GT(n, kDocuments * kRequestsPerDocument / 20);
}

TEST(PolicyPropertyTest, CompiledEqualsNaiveOnOwnerShapedPolicies) {
  RandomPolicyGenerator gen(0x5eed0005, {.actors = 16, .attributes_per_category = 6});
  std::array<int, 3> effects{};
  for (int d = 0; d < 60; ++d) {
    const PolicyEngine engine = Compile(gen.OwnerDocument(static_cast<size_t>(d * 5)));
    for (int i = 0; i < kRequestsPerDocument; ++i) {
      const Request r = gen.OwnerRequest(engine.document());
      const Decision compiled = engine.Evaluate(r);
      ASSERT_EQ(compiled, engine.EvaluateNaive(r)) << RequestToJson(r);
      ++effects[static_cast<size_t>(compiled.effect)];
    }
  }
  for (int n : effects) EXPECT_GT(n, 60 * kRequestsPerDocument / 20);
}

// AssertNoNewPermit checks the monotonicity property for one added rule.
void AssertNoNewPermit(const Decision& before, const Decision& after, const Request& r) {
  if (after.effect == Effect::kPermit) {
    ASSERT_EQ(before.effect, Effect::kPermit) << RequestToJson(r);
  }
}

TEST(PolicyPropertyTest, AddingADenyRuleNeverCreatesAPermit) {
  RandomPolicyGenerator gen(0x5eed0002);
  int turned_to_deny = 0;
  for (int d = 0; d < kDocuments; ++d) {
    PolicyDocument doc = gen.Document(static_cast<size_t>(d % 41));
    const PolicyEngine before = Compile(doc);
    Rule deny = gen.DenyRule("added-deny");
    const size_t at = doc.rules.empty() ? 0 : static_cast<size_t>(d) % (doc.rules.size() + 1);
    doc.rules.insert(doc.rules.begin() + static_cast<ptrdiff_t>(at), deny);
    const PolicyEngine after = Compile(doc);
    for (int i = 0; i < kRequestsPerDocument; ++i) {
      const Request r = gen.AnyRequest();
      const Decision b = before.Evaluate(r);
      const Decision a = after.Evaluate(r);
      AssertNoNewPermit(b, a, r);
      if (b.effect == Effect::kDeny) {
        ASSERT_EQ(a.effect, Effect::kDeny) << RequestToJson(r);
      }
      const bool deny_matched = std::find(a.matched_rules.begin(), a.matched_rules.end(),
                                          "added-deny") != a.matched_rules.end();
      if (deny_matched) {
        ASSERT_EQ(a.effect, Effect::kDeny);
      }
      turned_to_deny += b.effect != Effect::kDeny && a.effect == Effect::kDeny;
    }
  }
  EXPECT_GT(turned_to_deny, 100);  // the added rules do bite
}

TEST(PolicyPropertyTest, AddingAnyRestrictingRuleNeverCreatesAPermit) {
  RandomPolicyGenerator gen(0x5eed0003);
  for (int d = 0; d < kDocuments; ++d) {
    PolicyDocument doc = gen.Document(static_cast<size_t>(d % 41));
    const PolicyEngine before = Compile(doc);
    Rule added = gen.AnyRule("added");
    while (added.kind == RuleKind::kGrant || added.kind == RuleKind::kTierThreshold) {
      added = gen.AnyRule("added");
    }
    doc.rules.push_back(added);
    const PolicyEngine after = Compile(doc);
    for (int i = 0; i < kRequestsPerDocument; ++i) {
      const Request r = gen.AnyRequest();
      AssertNoNewPermit(before.Evaluate(r), after.Evaluate(r), r);
    }
  }
}

TEST(PolicyPropertyTest, RandomDocumentsAndRequestsRoundTripThroughJson) {
  RandomPolicyGenerator gen(0x5eed0004);
  for (int d = 0; d < 200; ++d) {
    const PolicyDocument doc = gen.Document(static_cast<size_t>(d % 30));
    const std::string text = SerializePolicyDocument(doc);
    auto parsed = ParsePolicyDocument(text);
    ASSERT_TRUE(parsed) << parsed.error().message() << "\n" << text;
    ASSERT_EQ(*parsed, doc) << text;
    const Request r = gen.AnyRequest();
    auto request = ParseRequestJson(RequestToJson(r));
    ASSERT_TRUE(request) << request.error().message() << "\n" << RequestToJson(r);
    ASSERT_EQ(*request, r);
  }
}

}  // namespace
}  // namespace signet::policy
