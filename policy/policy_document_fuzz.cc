// Fuzz target: the policy document parser. Whatever parses must compile into an engine, survive
// a serialise/parse round trip unchanged, and give the same decision on both evaluators.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "policy/engine.h"
#include "policy/rules_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace signet::policy;  // NOLINT(google-build-using-namespace)
  auto doc = ParsePolicyDocument(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!doc) return 0;
  auto again = ParsePolicyDocument(SerializePolicyDocument(*doc));
  CHECK(again && *again == *doc) << "policy document does not round-trip";
  auto engine = PolicyEngine::Create(std::move(*doc));
  CHECK(engine) << "a parsed document failed to compile";
  Request r;
  r.actor.id = "shop";
  r.actor.domain = "shop.example";
  r.predicate = {"commerce.address", DataCategory::kCommerce, Operation::kProve, Tier::k1};
  r.context.time = 1772445600;
  r.context.domain = "shop.example";
  CHECK(engine->Evaluate(r) == engine->EvaluateNaive(r)) << "compiled != naive";
  return 0;
}
