#pragma once

// Helpers shared by the policy tests (header-only; not part of signet_policy).

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "policy/engine.h"
#include "policy/rules_json.h"
#include "policy/time_window.h"

namespace signet::policy::testing {

// kActors assigns one actor id per role explicitly.
inline constexpr std::string_view kActors =
    R"("actors":[{"id":"pub","role":"public"},{"id":"shop","role":"commerce"},)"
    R"({"id":"bank","role":"financial"},{"id":"clinic","role":"medical"},)"
    R"({"id":"idp","role":"identity"},{"id":"agent","role":"trusted_agent"}],)";

// kT0 is Monday 2026-03-02 10:00:00 UTC.
inline int64_t T0() { return ParseRfc3339("2026-03-02T10:00:00Z").value(); }

// Doc parses a document with the standard actors and the given rules array (JSON text).
inline PolicyDocument Doc(std::string_view rules, std::string_view extra = "") {
  std::string text = "{\"version\":1,";
  text += kActors;
  text += extra;
  text += "\"rules\":";
  text += rules;
  text += "}";
  auto doc = ParsePolicyDocument(text);
  EXPECT_TRUE(doc) << (doc ? "" : doc.error().message()) << "\n" << text;
  return doc ? std::move(*doc) : PolicyDocument{};
}

// Engine compiles Doc(rules, extra).
inline PolicyEngine Engine(std::string_view rules, std::string_view extra = "") {
  auto engine = PolicyEngine::Create(Doc(rules, extra));
  EXPECT_TRUE(engine) << (engine ? "" : engine.error().message());
  return std::move(engine).value();
}

// Req builds a request at T0 from shop.example for checkout.
inline Request Req(std::string actor = "shop", std::string attribute = "commerce.address",
                   Operation op = Operation::kProve, Tier tier = Tier::k1) {
  Request r;
  r.actor.id = std::move(actor);
  r.predicate.attribute = std::move(attribute);
  r.predicate.category = CategoryFromAttribute(r.predicate.attribute).value();
  r.predicate.operation = op;
  r.predicate.tier = tier;
  r.context.time = T0();
  r.context.domain = "shop.example";
  r.context.purpose = "checkout";
  r.context.session = "s-1";
  r.context.history.total_prior = 3;
  return r;
}

// Codes lists the reason codes of a decision, by name.
inline std::vector<std::string> Codes(const Decision& d) {
  std::vector<std::string> out;
  for (const Reason& r : d.reasons) out.emplace_back(ReasonCodeName(r.code));
  return out;
}

}  // namespace signet::policy::testing
