// The rule format: every validation error (path + reason), size limits, and round trips.

#include "policy/rules_json.h"

#include <gtest/gtest.h>

namespace signet::policy {
namespace {

std::string WithRules(std::string_view rules) {
  return std::string(R"({"version":1,"rules":)") + std::string(rules) + "}";
}

std::string OneRule(std::string_view rule) { return WithRules("[" + std::string(rule) + "]"); }

struct BadCase {
  std::string text;
  std::string message;
};

TEST(RulesJsonTest, EachValidationErrorNamesThePathAndTheReason) {
  const std::vector<BadCase> cases = {
      {"", "malformed JSON"},
      {R"({"version":1,"rules":[],"version":1})", R"(duplicate object key "version")"},
      {"[]", "/: must be an object"},
      {R"({"rules":[]})", "/version: is required"},
      {R"({"version":2,"rules":[]})", "/version: unsupported version (this build reads version 1)"},
      {R"({"version":1})", "/rules: is required"},
      {R"({"version":1,"rules":[],"extra":1})", "/extra: unknown field"},
      {R"({"version":1,"rules":[],"a/b~c":1})", "/a~1b~0c: unknown field"},
      {R"({"version":1,"rules":{}})", "/rules: must be an array"},
      {WithRules("[1]"), "/rules/0: must be an object"},
      {OneRule(R"({"kind":"grant"})"), "/rules/0/id: is required"},
      {OneRule(R"({"id":"g"})"), "/rules/0/kind: is required"},
      {OneRule(R"({"id":"a b","kind":"grant"})"), "/rules/0/id: must be [A-Za-z0-9._:-]+"},
      {OneRule(R"({"id":7,"kind":"grant"})"), "/rules/0/id: must be a string"},
      {OneRule(R"({"id":"g","kind":"allow"})"), R"(/rules/0/kind: unknown rule kind "allow")"},
      {WithRules(R"([{"id":"a","kind":"grant"},{"id":"a","kind":"deny"}])"),
       R"(/rules/1/id: duplicate rule id "a")"},
      {OneRule(R"({"id":"g","kind":"grant","tier":1})"),
       "/rules/0/tier: unknown field for a grant rule"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"actor":["x"]}})"),
       "/rules/0/match/actor: unknown field"},
      {OneRule(R"({"id":"g","kind":"grant","match":[]})"), "/rules/0/match: must be an object"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"tiers":[4]}})"),
       "/rules/0/match/tiers/0: must be 1, 2 or 3"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"roles":["admin"]}})"),
       R"(/rules/0/match/roles/0: unknown role "admin")"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"roles":[]}})"),
       "/rules/0/match/roles: must not be empty"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"operations":["delete"]}})"),
       R"(/rules/0/match/operations/0: unknown operation "delete")"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"attributes":["Medical.X"]}})"),
       "/rules/0/match/attributes/0: not a valid attribute or prefix.*"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"attributes":["*"]}})"),
       "/rules/0/match/attributes/0: not a valid attribute or prefix.*"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"domains":["b\u00fccher.example"]}})"),
       "/rules/0/match/domains/0: not a valid domain (ASCII, A-labels)"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"domains":["evil..example"]}})"),
       "/rules/0/match/domains/0: not a valid domain (ASCII, A-labels)"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"min_confidence":101}})"),
       "/rules/0/match/min_confidence: must be in 0..100"},
      {OneRule(R"({"id":"g","kind":"grant","match":{"purposes":[""]}})"),
       "/rules/0/match/purposes/0: not a valid purpose"},
      {OneRule(R"({"id":"g","kind":"grant","acknowledge_mismatch":"yes"})"),
       "/rules/0/acknowledge_mismatch: must be true or false"},
      {OneRule(R"({"id":"t","kind":"tier_threshold","min_role":"public"})"),
       "/rules/0/tier: is required"},
      {OneRule(R"({"id":"t","kind":"tier_threshold","tier":1})"), "/rules/0/min_role: is required"},
      {OneRule(R"({"id":"t","kind":"tier_threshold","tier":0,"min_role":"public"})"),
       "/rules/0/tier: must be 1, 2 or 3"},
      {OneRule(R"({"id":"t","kind":"tier_threshold","tier":1,"min_role":"public",
                   "match":{"tiers":[1]}})"),
       "/rules/0/match: a tier_threshold takes its tier and min_role outside match"},
      {OneRule(R"({"id":"t","kind":"tier_threshold","tier":1,"min_role":"public",
                   "below":"maybe"})"),
       R"(/rules/0/below: must be "no_match" or "deny")"},
      {OneRule(R"({"id":"d","kind":"domain_restriction"})"),
       "/rules/0: needs allowed_domains or denied_domains"},
      {OneRule(R"({"id":"d","kind":"domain_restriction","allowed_domains":[]})"),
       "/rules/0/allowed_domains: must not be empty"},
      {OneRule(R"({"id":"w","kind":"time_window"})"), "/rules/0/window: is required"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"end":"10:00"}})"),
       "/rules/0/window/start: is required"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"9:00","end":"10:00"}})"),
       "/rules/0/window/start: time of day must be HH:MM"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"24:00","end":"10:00"}})"),
       "/rules/0/window/start: time of day must be 00:00..23:59"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"09:00","end":"24:01"}})"),
       "/rules/0/window/end: time of day must be 00:00..24:00"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"09:00","end":"09:00"}})"),
       "/rules/0/window/end: must differ from start"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"09:00","end":"10:00",
                   "time_zone":"Europe/Paris"}})"),
       "/rules/0/window/time_zone: time zone names are not supported; give utc_offset as +HH:MM"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"09:00","end":"10:00",
                   "utc_offset":"+15:00"}})"),
       "/rules/0/window/utc_offset: UTC offset must be Z, +HH:MM or -HH:MM (at most 14:00)"},
      {OneRule(R"({"id":"w","kind":"time_window","window":{"start":"09:00","end":"10:00",
                   "days":["funday"]}})"),
       R"(/rules/0/window/days/0: unknown day (mon..sun) "funday")"},
      {OneRule(R"({"id":"a","kind":"amount_limit"})"), "/rules/0/limits: is required"},
      {OneRule(R"({"id":"a","kind":"amount_limit","limits":[{"currency":"eur","max_minor":1}]})"),
       "/rules/0/limits/0/currency: must be an ISO 4217 code (EUR)"},
      {OneRule(R"({"id":"a","kind":"amount_limit","limits":[{"currency":"EUR","max_minor":1},
                   {"currency":"EUR","max_minor":2}]})"),
       "/rules/0/limits/1/currency: duplicate"},
      {OneRule(R"({"id":"a","kind":"amount_limit","limits":[{"currency":"EUR","max_minor":-1}]})"),
       "/rules/0/limits/0/max_minor: must be in 0..9223372036854775807"},
      {OneRule(R"({"id":"a","kind":"amount_limit","limits":[{"currency":"EUR","max_minor":1.5}]})"),
       "/rules/0/limits/0/max_minor: must be an integer"},
      {OneRule(R"({"id":"a","kind":"amount_limit","limits":[{"currency":"EUR"}]})"),
       "/rules/0/limits/0/max_minor: is required"},
      {OneRule(R"({"id":"a","kind":"amount_limit","limits":[{"currency":"EUR","max_minor":1}],
                   "other_currencies":"maybe"})"),
       R"(/rules/0/other_currencies: must be "deny" or "allow")"},
      {OneRule(R"({"id":"r","kind":"rate_limit","window_seconds":60})"),
       "/rules/0/max: is required"},
      {OneRule(R"({"id":"r","kind":"rate_limit","max":1,"window_seconds":0})"),
       "/rules/0/window_seconds: must be in 1..31622400"},
      {OneRule(R"({"id":"r","kind":"rate_limit","max":1,"window_seconds":60,"scope":"global"})"),
       R"(/rules/0/scope: must be "actor" or "attribute")"},
      {OneRule(R"({"id":"r","kind":"rate_limit","max":1,"window_seconds":60,
                   "on_violation":"warn"})"),
       R"(/rules/0/on_violation: must be "deny" or "anomaly")"},
      {OneRule(R"({"id":"x","kind":"anomaly_trigger","when":{"sometimes":true}})"),
       "/rules/0/when/sometimes: unknown field"},
      {OneRule(R"({"id":"x","kind":"anomaly_trigger","when":{"confidence_below":0}})"),
       "/rules/0/when/confidence_below: must be in 1..100"},
      {OneRule(R"({"id":"x","kind":"anomaly_trigger","when":{"rate_over":{"max":1}}})"),
       "/rules/0/when/rate_over/window_seconds: is required"},
      {OneRule(R"({"id":"x","kind":"anomaly_trigger","when":{"outside":{"start":"x"}}})"),
       "/rules/0/when/outside/end: is required"},
      {OneRule(R"({"id":"g","kind":"grant","description":"a\u0001b"})"),
       "/rules/0/description: has control characters"},
      {OneRule(R"({"id":"g","kind":"grant","description":")" + std::string(257, 'x') + "\"}"),
       "/rules/0/description: longer than 256 bytes"},
      {OneRule(R"({"id":"g","kind":"grant","ttl_seconds":99999999})"),
       "/rules/0/ttl_seconds: must be in 0..31622400"},
      {R"({"version":1,"rules":[],"actors":[{"id":"a","role":"public"},{"id":"a","role":"public"}]})",
       "/actors/1/id: duplicate"},
      {R"({"version":1,"rules":[],"actors":[{"id":"a"}]})", "/actors/0/role: is required"},
      {R"({"version":1,"rules":[],"actors":[{"id":"a b","role":"public"}]})",
       "/actors/0/id: must be printable ASCII without spaces"},
      {R"({"version":1,"rules":[],"domain_roles":[{"domain":"x.example","role":"trusted_agent"}]})",
       "/domain_roles/0/role: a domain cannot imply trusted_agent"},
      {R"({"version":1,"rules":[],"domain_roles":[{"domain":"Bank.Example","role":"financial"},
           {"domain":"bank.example.","role":"financial"}]})",
       "/domain_roles/1/domain: duplicate"},
      {R"({"version":1,"rules":[],"domain_roles":[{"domain":"","role":"financial"}]})",
       "/domain_roles/0/domain: domain is empty"},
      {R"({"version":1,"rules":[],"settings":{"default_ttl_seconds":0}})",
       "/settings/default_ttl_seconds: must be in 1..31622400"},
      {R"({"version":1,"rules":[],"settings":{"debug":true}})", "/settings/debug: unknown field"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto doc = ParsePolicyDocument(c.text);
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(doc.error().message(), c.message);
  }
}

TEST(RulesJsonTest, SizeLimitsAreTooLarge) {
  std::string huge = WithRules("[]");
  huge.insert(huge.size() - 1, std::string(kMaxDocumentBytes, ' '));
  EXPECT_EQ(ParsePolicyDocument(huge).error().code(), ErrorCode::kTooLarge);

  std::string many = "[";
  for (size_t i = 0; i <= kMaxRules; ++i) {
    many += (i ? "," : "") + std::string(R"({"id":"r)") + std::to_string(i) + R"(","kind":"deny"})";
  }
  auto too_many = ParsePolicyDocument(WithRules(many + "]"));
  EXPECT_EQ(too_many.error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(too_many.error().message(), "/rules: at most 2000 items");

  std::string actors = "[";
  for (size_t i = 0; i <= kMaxListItems; ++i)
    actors += (i ? ",\"a" : "\"a") + std::to_string(i) + "\"";
  auto long_list = ParsePolicyDocument(
      OneRule(R"({"id":"g","kind":"grant","match":{"actors":)" + actors + "]}}"));
  EXPECT_EQ(long_list.error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(long_list.error().message(), "/rules/0/match/actors: at most 64 items");

  const std::string deep = R"({"version":1,"rules":[],"x":[[[[[[[[[1]]]]]]]]]})";
  EXPECT_EQ(ParsePolicyDocument(deep).error().code(), ErrorCode::kTooLarge);

  auto long_id =
      ParsePolicyDocument(OneRule(R"({"id":")" + std::string(65, 'a') + R"(","kind":"grant"})"));
  EXPECT_EQ(long_id.error().message(), "/rules/0/id: longer than 64 bytes");
}

constexpr std::string_view kEveryKind = R"({
  "version": 1,
  "settings": {"default_ttl_seconds": 120, "use_default_domain_roles": false},
  "actors": [{"id": "agent:me", "role": "trusted_agent"}],
  "domain_roles": [{"domain": "MyBank.Example.", "role": "financial", "subdomains": false}],
  "rules": [
    {"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "commerce", "below": "deny",
     "match": {"categories": ["commerce", "public"]}},
    {"id": "g1", "kind": "grant", "description": "shop may prove addresses", "ttl_seconds": 60,
     "acknowledge_mismatch": true,
     "match": {"actors": ["shop"], "attributes": ["commerce.address", "commerce.*"],
               "operations": ["prove"], "tiers": [1, 2], "purposes": ["checkout"],
               "methods": ["explicit", "credential"], "min_confidence": 50,
               "roles": ["commerce"], "min_role": "public", "domains": ["Shop.Example"]}},
    {"id": "d1", "kind": "deny", "match": {"attributes": ["identity.*"]}},
    {"id": "dr", "kind": "domain_restriction", "allowed_domains": ["shop.example"],
     "denied_domains": ["evil.example"], "on_violation": "anomaly"},
    {"id": "w1", "kind": "time_window",
     "window": {"days": ["mon", "fri"], "start": "09:00", "end": "24:00", "utc_offset": "-05:30"}},
    {"id": "a1", "kind": "amount_limit", "limits": [{"currency": "EUR", "max_minor": 10000}],
     "other_currencies": "allow"},
    {"id": "r1", "kind": "rate_limit", "max": 3, "window_seconds": 3600, "scope": "attribute"},
    {"id": "x1", "kind": "anomaly_trigger", "when": {"first_request": true,
     "confidence_below": 40, "role_conflict": true,
     "amount_over": [{"currency": "USD", "max_minor": 500}],
     "rate_over": {"max": 2, "window_seconds": 60, "scope": "actor"},
     "outside": {"start": "22:00", "end": "06:00"}}}
  ]})";

TEST(RulesJsonTest, ParsesEveryRuleKind) {
  auto doc = ParsePolicyDocument(kEveryKind);
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->settings.default_ttl_seconds, 120);
  EXPECT_FALSE(doc->settings.use_default_domain_roles);
  ASSERT_EQ(doc->domain_roles.size(), 1u);
  EXPECT_EQ(doc->domain_roles[0].domain, "mybank.example");
  ASSERT_EQ(doc->rules.size(), 8u);
  const Rule& g = doc->rules[1];
  EXPECT_EQ(g.kind, RuleKind::kGrant);
  EXPECT_EQ(g.match.domains, std::vector<std::string>{"shop.example"});
  EXPECT_EQ(g.match.tiers, TierBit(Tier::k1) | TierBit(Tier::k2));
  EXPECT_EQ(g.match.methods, MethodBit(ClassificationMethod::kExplicit) |
                                 MethodBit(ClassificationMethod::kCredential));
  EXPECT_EQ(doc->rules[4].window.utc_offset_minutes, -330);
  EXPECT_EQ(doc->rules[4].window.days, 0b10001);
  EXPECT_EQ(doc->rules[4].window.end_minute, 1440);
  EXPECT_EQ(doc->rules[3].on_violation, Violation::kAnomaly);
  EXPECT_EQ(doc->rules[6].rate.scope, RateScope::kAttribute);
  ASSERT_TRUE(doc->rules[7].trigger.outside);
  EXPECT_EQ(doc->rules[7].trigger.outside->start_minute, 22 * 60);
}

TEST(RulesJsonTest, SerializedFormParsesBackEqualAndIsStable) {
  auto doc = ParsePolicyDocument(kEveryKind);
  ASSERT_TRUE(doc);
  const std::string once = SerializePolicyDocument(*doc);
  auto again = ParsePolicyDocument(once);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*again, *doc);
  EXPECT_EQ(SerializePolicyDocument(*again), once);
  EXPECT_EQ(SerializePolicyDocument(*again, 2).find("\n") != std::string::npos, true);
  EXPECT_TRUE(ValidateDocument(*doc).ok());
}

TEST(RulesJsonTest, ParsesASingleRule) {
  auto rule = ParseRuleJson(R"({"id":"g","kind":"grant","match":{"actors":["x"]}})");
  ASSERT_TRUE(rule);
  EXPECT_EQ(SerializeRule(*rule), R"({"id":"g","kind":"grant","match":{"actors":["x"]}})");
  EXPECT_EQ(ParseRuleJson(R"({"id":"g"})", "/new").error().message(), "/new/kind: is required");
}

}  // namespace
}  // namespace signet::policy
