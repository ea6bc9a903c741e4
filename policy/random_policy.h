#pragma once

// RandomPolicyGenerator makes valid random policy documents, rules and requests from a seed, for
// the property tests (compiled == naive, deny monotonicity, JSON round trips), the fuzz seed
// corpus and the benchmark. Deterministic: the same seed and options give the same output on
// every platform (it uses std::mt19937_64 and its own range reduction, not <random>'s
// distributions, whose output differs between standard libraries). Not for production use.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "policy/model.h"
#include "policy/rules.h"

namespace signet::policy {

class RandomPolicyGenerator {
 public:
  // Options size the vocabularies; small vocabularies make rules and requests collide often.
  struct Options {
    int actors = 8;                   // actor ids "actor-0" ...
    int attributes_per_category = 3;  // attribute names per data category
    int64_t base_time = 1'800'000'000;
  };

  RandomPolicyGenerator(uint64_t seed, Options options);
  explicit RandomPolicyGenerator(uint64_t seed) : RandomPolicyGenerator(seed, Options()) {}

  // Document makes a document with `rules` random rules, a few explicit actor roles and domain
  // role entries.
  PolicyDocument Document(size_t rules);
  // AnyRule makes a random rule of any kind.
  Rule AnyRule(const std::string& id);
  // DenyRule makes a random deny rule.
  Rule DenyRule(const std::string& id);
  // AnyRequest makes a random valid request.
  Request AnyRequest();

  // OwnerDocument makes a document shaped like an owner's real policy: mostly narrow grants
  // (one actor, attribute and operation, as "allow always" creates), some narrow denies, a few
  // tier thresholds, and constraints and triggers scoped to a category or operation.
  PolicyDocument OwnerDocument(size_t rules);
  // OwnerRequest makes a request that, half of the time, falls in the scope of one of `doc`'s
  // grants (so rules match as they would in use), and is AnyRequest() otherwise.
  Request OwnerRequest(const PolicyDocument& doc);

 private:
  uint64_t Pick(uint64_t n) { return rng_() % n; }
  bool Chance(int percent) { return Pick(100) < static_cast<uint64_t>(percent); }
  std::string Actor();
  std::string Attribute(DataCategory category);
  std::string Domain();
  Match AnyMatch();
  TimeWindow AnyWindow();
  std::vector<AmountCap> AnyCaps();
  RateCondition AnyRate();
  Trigger AnyTrigger();
  void FillKind(Rule* rule);
  Rule OwnerRule(const std::string& id);
  std::vector<int64_t> Times();

  std::mt19937_64 rng_;
  Options options_;
};

}  // namespace signet::policy
