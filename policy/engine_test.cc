// Decision tables for every rule kind and their combinations, plus expiry, invariant 4, Tier 3,
// approvals, fail-closed inputs and the evaluation deadline.

#include "policy/engine.h"
#include "policy/rules_json.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>

#include "policy/policy_test_util.h"

namespace signet::policy {
namespace {

using testing::Codes;
using testing::Engine;
using testing::Req;
using testing::T0;

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;

struct Row {
  const char* name;
  const char* rules;
  std::function<void(Request&)> modify;
  Effect effect;
  std::vector<std::string> codes;
};

void NoChange(Request&) {}
auto Actor(std::string id, std::string attribute) {
  return [=](Request& r) {
    r.actor.id = id;
    r.predicate.attribute = attribute;
    r.predicate.category = *CategoryFromAttribute(attribute);
  };
}
auto Dest(std::string d) {
  return [=](Request& r) { r.context.domain = d; };
}
auto At(int64_t offset) {
  return [=](Request& r) { r.context.time = T0() + offset; };
}
auto Money(int64_t minor, std::string cur) {
  return [=](Request& r) { r.context.amount = Amount{minor, cur}; };
}
auto ActorHistory(std::vector<int64_t> offsets) {
  return [=](Request& r) {
    for (int64_t o : offsets) r.context.history.actor_requests.push_back(T0() + o);
  };
}
auto Tier3() {
  return [](Request& r) { r.predicate.tier = Tier::k3; };
}
auto WithApproval(std::string attribute, int64_t expires_offset, std::string session) {
  return [=](Request& r) {
    r.predicate.tier = Tier::k3;
    r.context.approval = Approval{
        "ap-1", r.actor.id, attribute, r.predicate.operation, T0() + expires_offset, session};
  };
}

void RunTable(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    PolicyEngine engine = Engine(row.rules);
    Request r = Req();
    row.modify(r);
    const Decision d = engine.Evaluate(r);
    EXPECT_EQ(EffectName(d.effect), EffectName(row.effect));
    EXPECT_EQ(Codes(d), row.codes);
    EXPECT_EQ(d.anomaly.has_value(), d.effect == Effect::kAnomaly);
    EXPECT_EQ(engine.EvaluateNaive(r), d);
  }
}

constexpr const char* kGrant = R"([{"id":"g","kind":"grant"}])";

TEST(EngineTest, TierThresholdTable) {
  RunTable({
      {"role at threshold permits",
       R"([{"id":"t","kind":"tier_threshold","tier":1,"min_role":"commerce"}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"below threshold does not match",
       R"([{"id":"t","kind":"tier_threshold","tier":1,"min_role":"commerce"}])",
       Actor("pub", "public.name"),
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"below threshold with below=deny denies",
       R"([{"id":"t","kind":"tier_threshold","tier":1,"min_role":"commerce","below":"deny"}])",
       Actor("pub", "public.name"),
       Effect::kDeny,
       {"below_threshold"}},
      {"threshold of another tier does not match",
       R"([{"id":"t","kind":"tier_threshold","tier":2,"min_role":"public"}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"higher role passes",
       R"([{"id":"t","kind":"tier_threshold","tier":1,"min_role":"commerce"}])",
       Actor("agent", "commerce.address"),
       Effect::kPermit,
       {"rule_permit"}},
  });
}

TEST(EngineTest, GrantMatchTable) {
  RunTable({
      {"plain grant", kGrant, NoChange, Effect::kPermit, {"rule_permit"}},
      {"other actor",
       R"([{"id":"g","kind":"grant","match":{"actors":["bank"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"prefix pattern",
       R"([{"id":"g","kind":"grant","match":{"attributes":["commerce.*"]}}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"prefix needs a longer name",
       R"([{"id":"g","kind":"grant","match":{"attributes":["commerce.address.*"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"other category",
       R"([{"id":"g","kind":"grant","match":{"categories":["financial"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"other operation",
       R"([{"id":"g","kind":"grant","match":{"operations":["read"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"other tier",
       R"([{"id":"g","kind":"grant","match":{"tiers":[2,3]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"other purpose",
       R"([{"id":"g","kind":"grant","match":{"purposes":["kyc"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"confidence reached",
       R"([{"id":"g","kind":"grant","match":{"min_confidence":100}}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"other method",
       R"([{"id":"g","kind":"grant","match":{"methods":["domain_inference"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"destination subdomain",
       R"([{"id":"g","kind":"grant","match":{"domains":["shop.example"]}}])",
       Dest("x.shop.example"),
       Effect::kPermit,
       {"rule_permit"}},
      {"lookalike destination",
       R"([{"id":"g","kind":"grant","match":{"domains":["shop.example"]}}])",
       Dest("evilshop.example"),
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"role set",
       R"([{"id":"g","kind":"grant","match":{"roles":["financial"]}}])",
       NoChange,
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"min role",
       R"([{"id":"g","kind":"grant","match":{"min_role":"commerce"}}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
  });
}

TEST(EngineTest, DenyOverridesTable) {
  RunTable({
      {"deny beats grant",
       R"([{"id":"g","kind":"grant"},{"id":"d","kind":"deny"}])",
       NoChange,
       Effect::kDeny,
       {"rule_permit", "rule_deny"}},
      {"deny listed first still wins",
       R"([{"id":"d","kind":"deny"},{"id":"g","kind":"grant"}])",
       NoChange,
       Effect::kDeny,
       {"rule_deny", "rule_permit"}},
      {"non-matching deny",
       R"([{"id":"g","kind":"grant"},{"id":"d","kind":"deny","match":{"actors":["bank"]}}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"deny beats anomaly",
       R"([{"id":"x","kind":"anomaly_trigger"},{"id":"d","kind":"deny"}])",
       NoChange,
       Effect::kDeny,
       {"anomaly_triggered", "rule_deny"}},
      {"anomaly beats grant",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger"}])",
       NoChange,
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
      {"deny alone", R"([{"id":"d","kind":"deny"}])", NoChange, Effect::kDeny, {"rule_deny"}},
  });
}

TEST(EngineTest, DomainRestrictionTable) {
  constexpr const char* kAllowed =
      R"([{"id":"g","kind":"grant"},{"id":"dr","kind":"domain_restriction",
          "allowed_domains":["shop.example"]}])";
  RunTable({
      {"allowed", kAllowed, NoChange, Effect::kPermit, {"rule_permit"}},
      {"subdomain allowed", kAllowed, Dest("pay.shop.example"), Effect::kPermit, {"rule_permit"}},
      {"other domain",
       kAllowed,
       Dest("evil.example"),
       Effect::kDeny,
       {"rule_permit", "domain_not_allowed"}},
      {"lookalike",
       kAllowed,
       Dest("evilshop.example"),
       Effect::kDeny,
       {"rule_permit", "domain_not_allowed"}},
      {"no destination", kAllowed, Dest(""), Effect::kDeny, {"rule_permit", "domain_not_allowed"}},
      {"denied list",
       R"([{"id":"g","kind":"grant"},{"id":"dr","kind":"domain_restriction",
           "denied_domains":["evil.example"]}])",
       Dest("a.EVIL.example."),
       Effect::kDeny,
       {"rule_permit", "domain_denied"}},
      {"violation as anomaly",
       R"([{"id":"g","kind":"grant"},{"id":"dr","kind":"domain_restriction",
           "allowed_domains":["shop.example"],"on_violation":"anomaly"}])",
       Dest("evil.example"),
       Effect::kAnomaly,
       {"rule_permit", "domain_not_allowed"}},
  });
}

TEST(EngineTest, TimeWindowTable) {
  constexpr const char* kOffice =
      R"([{"id":"g","kind":"grant"},{"id":"w","kind":"time_window","window":
          {"days":["mon","tue","wed","thu","fri"],"start":"09:00","end":"17:00"}}])";
  constexpr const char* kTokyo =
      R"([{"id":"g","kind":"grant"},{"id":"w","kind":"time_window","window":
          {"start":"09:00","end":"17:00","utc_offset":"+09:00"}}])";
  constexpr const char* kIndia =
      R"([{"id":"g","kind":"grant"},{"id":"w","kind":"time_window","window":
          {"start":"15:00","end":"16:00","utc_offset":"+05:30"}}])";
  constexpr const char* kNight =
      R"([{"id":"g","kind":"grant"},{"id":"w","kind":"time_window","window":
          {"days":["mon"],"start":"22:00","end":"06:00"}}])";
  RunTable({
      {"inside office hours", kOffice, NoChange, Effect::kPermit, {"rule_permit"}},
      {"saturday", kOffice, At(5 * kDay), Effect::kDeny, {"rule_permit", "outside_time_window"}},
      {"after hours",
       kOffice,
       At(7 * kHour),
       Effect::kDeny,
       {"rule_permit", "outside_time_window"}},
      {"offset moves local time out (19:00 in +09:00)",
       kTokyo,
       NoChange,
       Effect::kDeny,
       {"rule_permit", "outside_time_window"}},
      {"half-hour offset moves it in (15:30 in +05:30)",
       kIndia,
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"wrapping window, morning after monday",
       kNight,
       At(17 * kHour),
       Effect::kPermit,
       {"rule_permit"}},
      {"wrapping window, monday morning belongs to sunday",
       kNight,
       At(-7 * kHour),
       Effect::kDeny,
       {"rule_permit", "outside_time_window"}},
      {"wrapping window, monday evening", kNight, At(13 * kHour), Effect::kPermit, {"rule_permit"}},
  });
}

TEST(EngineTest, AmountLimitTable) {
  constexpr const char* kLimit =
      R"([{"id":"g","kind":"grant"},{"id":"a","kind":"amount_limit",
          "limits":[{"currency":"EUR","max_minor":10000}]}])";
  constexpr const char* kOthersAllowed =
      R"([{"id":"g","kind":"grant"},{"id":"a","kind":"amount_limit",
          "limits":[{"currency":"EUR","max_minor":10000}],"other_currencies":"allow"}])";
  RunTable({
      {"under the limit", kLimit, Money(5000, "EUR"), Effect::kPermit, {"rule_permit"}},
      {"at the limit", kLimit, Money(10000, "EUR"), Effect::kPermit, {"rule_permit"}},
      {"over the limit",
       kLimit,
       Money(10001, "EUR"),
       Effect::kDeny,
       {"rule_permit", "amount_over_limit"}},
      {"currency without a cap",
       kLimit,
       Money(1, "USD"),
       Effect::kDeny,
       {"rule_permit", "currency_not_allowed"}},
      {"other currencies allowed",
       kOthersAllowed,
       Money(999999, "USD"),
       Effect::kPermit,
       {"rule_permit"}},
      {"no amount", kLimit, NoChange, Effect::kPermit, {"rule_permit"}},
  });
}

TEST(EngineTest, RateLimitTable) {
  constexpr const char* kRate =
      R"([{"id":"g","kind":"grant"},{"id":"r","kind":"rate_limit","max":2,
          "window_seconds":3600}])";
  constexpr const char* kAttrRate =
      R"([{"id":"g","kind":"grant"},{"id":"r","kind":"rate_limit","max":2,
          "window_seconds":3600,"scope":"attribute"}])";
  RunTable({
      {"second request in the hour", kRate, ActorHistory({-10}), Effect::kPermit, {"rule_permit"}},
      {"third request in the hour",
       kRate,
       ActorHistory({-10, -20}),
       Effect::kDeny,
       {"rule_permit", "rate_limit_exceeded"}},
      {"old requests do not count",
       kRate,
       ActorHistory({-4000, -5000}),
       Effect::kPermit,
       {"rule_permit"}},
      {"window is half-open",
       kRate,
       ActorHistory({-3600, -3601}),
       Effect::kPermit,
       {"rule_permit"}},
      {"just inside the window",
       kRate,
       ActorHistory({-3599, -1}),
       Effect::kDeny,
       {"rule_permit", "rate_limit_exceeded"}},
      {"future entries do not count",
       kRate,
       ActorHistory({5, 6}),
       Effect::kPermit,
       {"rule_permit"}},
      {"attribute scope ignores other attributes",
       kAttrRate,
       ActorHistory({-1, -2, -3}),
       Effect::kPermit,
       {"rule_permit"}},
  });
}

TEST(EngineTest, AnomalyTriggerTable) {
  auto first = [](Request& r) { r.context.history.total_prior = 0; };
  auto newbie = [](Request& r) {
    r.actor.id = "newbie";
    r.actor.self_declared = Role::kCommerce;
  };
  auto declares_financial = [](Request& r) { r.actor.self_declared = Role::kFinancial; };
  RunTable({
      {"first request",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"first_request":true}}])",
       first,
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
      {"not the first request",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"first_request":true}}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"amount over",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"amount_over":[{"currency":"EUR","max_minor":100}]}}])",
       Money(200, "EUR"),
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
      {"amount in another currency",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"amount_over":[{"currency":"EUR","max_minor":100}]}}])",
       Money(200, "USD"),
       Effect::kPermit,
       {"rule_permit"}},
      {"low confidence",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"confidence_below":50}}])",
       newbie,
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
      {"high confidence",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"confidence_below":50}}])",
       NoChange,
       Effect::kPermit,
       {"rule_permit"}},
      {"role conflict",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"role_conflict":true}}])",
       declares_financial,
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered", "self_declaration_capped"}},
      {"rate over",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"rate_over":{"max":1,"window_seconds":60}}}])",
       ActorHistory({-5}),
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
      {"outside window",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"outside":{"days":["sat","sun"],"start":"00:00","end":"24:00"}}}])",
       NoChange,
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
      {"all conditions must hold",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger",
           "when":{"first_request":true,"amount_over":[{"currency":"EUR","max_minor":100}]}}])",
       first,
       Effect::kPermit,
       {"rule_permit"}},
      {"no conditions",
       R"([{"id":"g","kind":"grant"},{"id":"x","kind":"anomaly_trigger"}])",
       NoChange,
       Effect::kAnomaly,
       {"rule_permit", "anomaly_triggered"}},
  });
}

TEST(EngineTest, EscalationTierThreeAndApprovalTable) {
  RunTable({
      {"tier 1 without rules escalates", "[]", NoChange, Effect::kAnomaly, {"no_matching_rule"}},
      {"tier 2 without rules escalates",
       "[]",
       [](Request& r) { r.predicate.tier = Tier::k2; },
       Effect::kAnomaly,
       {"no_matching_rule"}},
      {"tier 3 grant still needs approval",
       kGrant,
       Tier3(),
       Effect::kAnomaly,
       {"rule_permit", "tier3_requires_approval"}},
      {"tier 3 without rules",
       "[]",
       Tier3(),
       Effect::kAnomaly,
       {"no_matching_rule", "tier3_requires_approval"}},
      {"tier 3 with approval",
       kGrant,
       WithApproval("commerce.address", 60, ""),
       Effect::kPermit,
       {"rule_permit", "tier3_requires_approval", "approval_applied"}},
      {"approval for another attribute",
       kGrant,
       WithApproval("commerce.cart", 60, ""),
       Effect::kAnomaly,
       {"rule_permit", "tier3_requires_approval", "approval_rejected"}},
      {"expired approval",
       kGrant,
       WithApproval("commerce.address", 0, ""),
       Effect::kAnomaly,
       {"rule_permit", "tier3_requires_approval", "approval_rejected"}},
      {"approval for another session",
       kGrant,
       WithApproval("commerce.address", 60, "s-2"),
       Effect::kAnomaly,
       {"rule_permit", "tier3_requires_approval", "approval_rejected"}},
      {"approval bound to this session",
       kGrant,
       WithApproval("commerce.address", 60, "s-1"),
       Effect::kPermit,
       {"rule_permit", "tier3_requires_approval", "approval_applied"}},
      {"approval never overrides deny",
       R"([{"id":"d","kind":"deny"}])",
       WithApproval("commerce.address", 60, ""),
       Effect::kDeny,
       {"rule_deny"}},
      {"allow once without rules",
       "[]",
       [](Request& r) {
         r.context.approval =
             Approval{"ap", "shop", "commerce.address", Operation::kProve, T0() + 60, ""};
       },
       Effect::kPermit,
       {"no_matching_rule", "approval_applied"}},
      {"tier 2 disclosure is never permitted",
       kGrant,
       [](Request& r) {
         r.predicate.tier = Tier::k2;
         r.predicate.operation = Operation::kDisclose;
       },
       Effect::kDeny,
       {"tier2_disclosure_forbidden"}},
      {"tier 1 disclosure follows the rules",
       kGrant,
       [](Request& r) { r.predicate.operation = Operation::kDisclose; },
       Effect::kPermit,
       {"rule_permit"}},
  });
}

TEST(EngineTest, ExpiryIsTheEarliestOfTtlRuleTtlWindowAndApproval) {
  const int64_t t0 = T0();
  EXPECT_EQ(Engine(kGrant).Evaluate(Req()).expires_at, t0 + 300);
  EXPECT_EQ(Engine(kGrant, R"("settings":{"default_ttl_seconds":120},)").Evaluate(Req()).expires_at,
            t0 + 120);
  EXPECT_EQ(Engine(R"([{"id":"g","kind":"grant","ttl_seconds":60}])").Evaluate(Req()).expires_at,
            t0 + 60);
  PolicyEngine windowed = Engine(R"([{"id":"g","kind":"grant"},{"id":"w","kind":"time_window",
      "window":{"start":"09:00","end":"10:02"}}])");
  EXPECT_EQ(windowed.Evaluate(Req()).expires_at, t0 + 120);
  Request approved = Req();
  WithApproval("commerce.address", 30, "")(approved);
  EXPECT_EQ(Engine(kGrant).Evaluate(approved).expires_at, t0 + 30);
}

TEST(EngineTest, MatchedRulesListEveryDecidingRuleOnceInOrder) {
  PolicyEngine engine = Engine(R"([{"id":"a","kind":"grant"},
      {"id":"b","kind":"grant","match":{"actors":["bank"]}},
      {"id":"c","kind":"tier_threshold","tier":1,"min_role":"public"},
      {"id":"d","kind":"grant","acknowledge_mismatch":true},
      {"id":"w","kind":"time_window","window":{"start":"00:00","end":"24:00"}}])");
  const Decision d = engine.Evaluate(Req());
  EXPECT_EQ(d.effect, Effect::kPermit);
  EXPECT_EQ(d.matched_rules, (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_EQ(d.reasons[0].rule_id, "a");
  EXPECT_NE(d.reasons[0].Message().find("(rule a)"), std::string::npos);
}

TEST(EngineTest, InvalidRequestsFailClosed) {
  PolicyEngine engine = Engine(kGrant);
  std::vector<std::function<void(Request&)>> breakers = {
      [](Request& r) { r.predicate.attribute = "Commerce Address"; },
      [](Request& r) { r.predicate.category = DataCategory::kMedical; },  // disagrees with name
      [](Request& r) { r.actor.id = ""; },
      [](Request& r) {
        r.actor.domain =
            "b\xc3\xbc"
            "cher.example";
      },
      [](Request& r) { r.context.domain = "-bad-.example"; },
      [](Request& r) { r.context.time = -1; },
      [](Request& r) {
        r.context.amount = Amount{-5, "EUR"};
      },
      [](Request& r) {
        r.context.amount = Amount{5, "eur"};
      },
      [](Request& r) { r.context.history.actor_requests.assign(kMaxHistoryEntries + 1, 0); },
      [](Request& r) { r.predicate.tier = static_cast<Tier>(4); },
      [](Request& r) { r.context.purpose = "line\nbreak"; },
  };
  for (size_t i = 0; i < breakers.size(); ++i) {
    SCOPED_TRACE(i);
    Request r = Req();
    breakers[i](r);
    EXPECT_FALSE(ValidateRequest(r).ok());
    const Decision d = engine.Evaluate(r);
    EXPECT_EQ(d.effect, Effect::kDeny);
    EXPECT_EQ(Codes(d), std::vector<std::string>{"invalid_request"});
    EXPECT_EQ(d.expires_at, std::max<int64_t>(r.context.time, 0));
  }
}

// TickingClock advances its monotonic time by one millisecond at every read, so an evaluation
// that reads it often enough runs out of time deterministically.
class TickingClock final : public Clock {
 public:
  Time Now() const override { return Time(); }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(reads_++));
  }
  int reads() const { return reads_.load(); }

 private:
  mutable std::atomic<int> reads_{0};
};

std::string ManyGrants(int n) {
  std::string rules = "[";
  for (int i = 0; i < n; ++i) {
    rules +=
        (i ? "," : "") + std::string(R"({"id":"g)") + std::to_string(i) + R"(","kind":"grant"})";
  }
  return rules + "]";
}

TEST(EngineTest, DeadlineExceededDuringEvaluationDenies) {
  PolicyEngine engine = Engine(ManyGrants(100));
  for (bool naive : {false, true}) {
    TickingClock clock;
    const EvalOptions options{&clock,
                              std::chrono::steady_clock::time_point(std::chrono::milliseconds(3))};
    const Decision d =
        naive ? engine.EvaluateNaive(Req(), options) : engine.Evaluate(Req(), options);
    EXPECT_EQ(d.effect, Effect::kDeny);
    EXPECT_EQ(Codes(d), std::vector<std::string>{"deadline_exceeded"});
    EXPECT_EQ(clock.reads(), 4);  // before the first rule, then after rules 16, 32 and 48
  }
}

TEST(EngineTest, DeadlinePassedBeforeStartDenies) {
  FakeClock clock;
  const EvalOptions options{&clock, clock.Monotonic()};
  const Decision d = Engine(kGrant).Evaluate(Req(), options);
  EXPECT_EQ(d.effect, Effect::kDeny);
  EXPECT_EQ(Codes(d), std::vector<std::string>{"deadline_exceeded"});
}

TEST(EngineTest, DeadlineCheckedOnceMoreBeforeAnswering) {
  // Two rules: no interval check fires; the final check sees the second tick past the deadline.
  TickingClock clock;
  const EvalOptions options{&clock,
                            std::chrono::steady_clock::time_point(std::chrono::milliseconds(1))};
  EXPECT_EQ(Engine(ManyGrants(2)).Evaluate(Req(), options).effect, Effect::kDeny);
  TickingClock relaxed;
  const EvalOptions generous{&relaxed,
                             std::chrono::steady_clock::time_point(std::chrono::milliseconds(100))};
  EXPECT_EQ(Engine(ManyGrants(100)).Evaluate(Req(), generous).effect, Effect::kPermit);
}

TEST(EngineTest, CompiledIndexExaminesOnlyCandidateRules) {
  std::string rules = "[";
  for (int i = 0; i < 300; ++i) {
    rules += (i ? "," : "") + std::string(R"({"id":"g)") + std::to_string(i) +
             R"(","kind":"grant","match":{"actors":["shop"],"attributes":["financial.a)" +
             std::to_string(i) + R"("]}})";
  }
  rules += R"(,{"id":"hit","kind":"grant","match":{"attributes":["commerce.address"]}}])";
  PolicyEngine engine = Engine(rules);
  const Request r = Req();
  EXPECT_EQ(engine.CandidateCount(r), 1u);
  EXPECT_EQ(engine.Evaluate(r).matched_rules, std::vector<std::string>{"hit"});
  EXPECT_EQ(engine.EvaluateNaive(r), engine.Evaluate(r));
}

TEST(EngineTest, CreateRejectsAnInvalidProgrammaticDocument) {
  PolicyDocument doc;
  Rule r;
  r.id = "bad id";
  doc.rules.push_back(r);
  EXPECT_EQ(PolicyEngine::Create(doc).error().code(), ErrorCode::kInvalidArgument);
  doc.rules[0].id = "ok";
  doc.rules[0].match.roles = 0x80;  // no such role
  EXPECT_EQ(PolicyEngine::Create(doc).error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace signet::policy

namespace signet::policy {
namespace {

TEST(EngineTest, HistoryUseNamesWhatTheRulesReadOfTheHistory) {
  auto plain = ParsePolicyDocument(R"({"version": 1, "rules": [
      {"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"}]})");
  ASSERT_TRUE(plain) << plain.error().message();
  EXPECT_FALSE(HistoryUseOf(*plain).any());
  auto rich = ParsePolicyDocument(R"({"version": 1, "rules": [
      {"id": "slow", "kind": "rate_limit", "max": 10, "window_seconds": 3600},
      {"id": "burst", "kind": "anomaly_trigger", "when": {"rate_over": {"max": 3, "window_seconds": 7200}}},
      {"id": "new", "kind": "anomaly_trigger", "when": {"first_request": true}}]})");
  ASSERT_TRUE(rich) << rich.error().message();
  auto engine = PolicyEngine::Create(*rich);
  ASSERT_TRUE(engine) << engine.error().message();
  EXPECT_TRUE(engine->history_use().total_prior);
  EXPECT_EQ(engine->history_use().window, 7200);
}

}  // namespace
}  // namespace signet::policy
