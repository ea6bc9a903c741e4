// The request JSON form (used by `signet policy test`) and the decision JSON form.

#include "policy/request_json.h"

#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace signet::policy {
namespace {

constexpr std::string_view kExample = R"({
  "actor": {"id": "shop-bot", "domain": "Shop.Example", "self_declared_role": "commerce",
            "verified_roles": [{"role": "financial", "issuer": "did:web:regulator.example"}]},
  "predicate": {"attribute": "medical.blood_type", "operation": "prove", "tier": 2},
  "context": {"purpose": "checkout", "domain": "shop.example", "time": "2026-03-02T11:00:00+01:00",
              "session": "s-1", "amount": {"currency": "EUR", "minor": 1250},
              "history": {"total_prior": 3, "actor_requests": [1772359200, "2026-03-01T10:00:00Z"],
                          "attribute_requests": []},
              "approval": {"id": "ap-1", "actor": "shop-bot", "attribute": "medical.blood_type",
                           "operation": "prove", "expires_at": 1772445900}}})";

TEST(RequestJsonTest, ParsesTheDocumentedExample) {
  auto r = ParseRequestJson(kExample);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->actor.id, "shop-bot");
  EXPECT_EQ(r->actor.self_declared, Role::kCommerce);
  ASSERT_EQ(r->actor.verified_claims.size(), 1u);
  EXPECT_EQ(r->actor.verified_claims[0].role, Role::kFinancial);
  EXPECT_EQ(r->predicate.category, DataCategory::kMedical);  // from the attribute's first label
  EXPECT_EQ(r->predicate.tier, Tier::k2);
  EXPECT_EQ(r->context.time, testing::T0());
  EXPECT_EQ(r->context.amount, (Amount{1250, "EUR"}));
  EXPECT_EQ(r->context.history.actor_requests, (std::vector<int64_t>{1772359200, 1772359200}));
  ASSERT_TRUE(r->context.approval);
  EXPECT_EQ(r->context.approval->expires_at, 1772445900);
  auto again = ParseRequestJson(RequestToJson(*r));
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*again, *r);
}

TEST(RequestJsonTest, ErrorsNameThePath) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{}", "/actor: is required"},
      {R"({"actor":{"id":"a"},"predicate":{},"context":{}})", "/predicate/attribute: is required"},
      {R"({"actor":{"id":"a"},"predicate":{"attribute":"x.y","operation":"read","tier":1},
          "context":{"time":0}})",
       "/predicate/category: is required when the attribute's first label is not a category"},
      {R"({"actor":{"id":"a"},"predicate":{"attribute":"public.y","operation":"peek","tier":1},
          "context":{"time":0}})",
       R"(/predicate/operation: unknown operation "peek")"},
      {R"({"actor":{"id":"a"},"predicate":{"attribute":"public.y","operation":"read","tier":1},
          "context":{}})",
       "/context/time: is required"},
      {R"({"actor":{"id":"a"},"predicate":{"attribute":"public.y","operation":"read","tier":1},
          "context":{"time":"yesterday"}})",
       "/context/time: time must be RFC 3339 (YYYY-MM-DDTHH:MM:SSZ)"},
      {R"({"actor":{"id":"a","role":"x"},"predicate":{},"context":{}})",
       "/actor/role: unknown field"},
      {R"({"actor":{"id":"a"},"predicate":{"attribute":"public.y","operation":"read","tier":1},
          "context":{"time":0,"amount":{"currency":"EUR"}}})",
       "/context/amount/minor: is required"},
      {R"({"actor":{"id":"a b"},"predicate":{"attribute":"public.y","operation":"read","tier":1},
          "context":{"time":0}})",
       "invalid request: invalid actor id"},
      {R"({"actor":{"id":"a"},"predicate":{"attribute":"medical.y","category":"public",
          "operation":"read","tier":1},"context":{"time":0}})",
       "invalid request: category disagrees with the attribute's first label"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    auto r = ParseRequestJson(text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message(), message);
  }
  EXPECT_EQ(ParseRequestJson(std::string(kMaxRequestBytes + 1, ' ')).error().code(),
            ErrorCode::kTooLarge);
}

TEST(RequestJsonTest, DefaultTimeAppliesOnlyWhenTimeIsMissing) {
  constexpr std::string_view kNoTime =
      R"({"actor":{"id":"a"},"predicate":{"attribute":"public.y","operation":"read","tier":1},
          "context":{}})";
  EXPECT_EQ(ParseRequestJson(kNoTime, 1234)->context.time, 1234);
  EXPECT_EQ(ParseRequestJson(kExample, 1234)->context.time, testing::T0());
}

TEST(DecisionJsonTest, PermitRendersReasonsRulesAndExpiry) {
  PolicyEngine engine = testing::Engine(R"([{"id":"g","kind":"grant"}])");
  const Decision d = engine.Evaluate(testing::Req());
  EXPECT_EQ(DecisionToJson(d),
            R"({"actor":{"confidence":100,"conflict":false,"method":"explicit","role":"commerce",)"
            R"("self_declared_capped":false},"approval_required":false,"decision":"permit",)"
            R"("expires_at":"2026-03-02T10:05:00Z","matched_rules":["g"],"reasons":[{"code":)"
            R"x("rule_permit","message":"grant permits (rule g)","rule":"g"}]})x");
  EXPECT_EQ(DecisionToText(d),
            "decision: PERMIT (expires 2026-03-02T10:05:00Z)\n"
            "actor role: commerce via explicit (confidence 100)\n"
            "reasons:\n  - [rule_permit] grant permits (rule g)\n"
            "matched rules: g");
}

}  // namespace
}  // namespace signet::policy
