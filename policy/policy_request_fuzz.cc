// Fuzz target: the request parser, then evaluation of whatever parses (compiled == naive).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "policy/engine.h"
#include "policy/request_json.h"
#include "policy/rules_json.h"

namespace {

constexpr std::string_view kRules = R"({"version":1,
  "actors":[{"id":"shop-bot","role":"commerce"}],
  "domain_roles":[{"domain":"clinic.example","role":"medical"}],
  "rules":[{"id":"t1","kind":"tier_threshold","tier":1,"min_role":"commerce"},
    {"id":"g","kind":"grant","match":{"attributes":["medical.*"],"operations":["prove"]}},
    {"id":"d","kind":"deny","match":{"attributes":["identity.passport"]}},
    {"id":"dr","kind":"domain_restriction","allowed_domains":["shop.example"],
     "match":{"tiers":[2]}},
    {"id":"w","kind":"time_window","window":{"start":"06:00","end":"23:00","utc_offset":"+01:00"}},
    {"id":"a","kind":"amount_limit","limits":[{"currency":"EUR","max_minor":10000}]},
    {"id":"r","kind":"rate_limit","max":5,"window_seconds":3600,"on_violation":"anomaly"},
    {"id":"x","kind":"anomaly_trigger","when":{"first_request":true}}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace signet::policy;  // NOLINT(google-build-using-namespace)
  static const PolicyEngine* const engine =
      new PolicyEngine(PolicyEngine::Create(ParsePolicyDocument(kRules).value()).value());
  auto r = ParseRequestJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!r) return 0;
  const Decision d = engine->Evaluate(*r);
  CHECK(d == engine->EvaluateNaive(*r)) << "compiled != naive";
  CHECK(d.anomaly.has_value() == (d.effect == Effect::kAnomaly)) << "report without anomaly";
  auto again = ParseRequestJson(RequestToJson(*r));
  CHECK(again && *again == *r) << "request does not round-trip";
  return 0;
}
