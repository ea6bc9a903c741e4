#pragma once

// PatternTracker counts the owner's answers per (actor, predicate) and suggests rules once the
// counts pass fixed thresholds (plain counters, no learning). Suggestions are returned for the
// owner to accept or ignore; nothing here changes a policy.
//
// Stored form (the lead keeps it in the vault):
//   {"version":1,"generation":7,"entries":[{"actor":"shop","attribute":"commerce.address",
//     "operation":"prove","tier":1,"approvals":5,"denials":0,"last_seen":1767225600}],
//    "mac":"<base64url HMAC-SHA256>"}
// The MAC is HMAC-SHA256(key, "signet/policy/pattern-counters/v1" || u64 generation || u32 n ||
// per entry in key order: u32 len || actor || u32 len || attribute || u8 operation || u8 tier ||
// u64 approvals || u64 denials || u64 last_seen), integers big-endian. Load recomputes it from
// the parsed values and compares in constant time: any change to a count, a key, the generation
// or the entry set is kDataLoss. The generation grows with every Record, so a caller that keeps
// the latest generation elsewhere (e.g. in the audit chain) can also detect a rollback to an
// older, correctly MAC'd file; the MAC alone cannot.

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "policy/decision.h"
#include "policy/rules.h"

namespace signet::policy {

// PatternKey identifies an (actor, predicate) pair.
struct PatternKey {
  std::string actor_id;
  std::string attribute;
  Operation operation = Operation::kRead;
  Tier tier = Tier::k1;
  auto operator<=>(const PatternKey&) const = default;
  bool operator==(const PatternKey&) const = default;
};

// PatternKeyFor is the key of the request behind an anomaly report.
PatternKey PatternKeyFor(const AnomalyReport& report);

// PatternCounts are the owner's answers for one key.
struct PatternCounts {
  uint64_t approvals = 0;
  uint64_t denials = 0;
  int64_t last_seen = 0;  // Unix seconds of the latest answer
  bool operator==(const PatternCounts&) const = default;
};

// SuggestionThresholds (docs/policy.md, "Suggestions"): suggest allow-always after
// `min_approvals` approvals and no denial (never for Tier 3, which always needs approval);
// deny-always after `min_denials` denials and no approval. Mixed answers suggest nothing.
struct SuggestionThresholds {
  uint64_t min_approvals = 5;
  uint64_t min_denials = 3;
};

// Suggestion is a proposed rule with the counts behind it.
struct Suggestion {
  OwnerChoice choice = OwnerChoice::kAllowAlways;  // kAllowAlways or kDenyAlways
  PatternKey key;
  PatternCounts counts;
  Rule rule;
  std::string rationale;
};

// SuggestionsToJson renders suggestions as a JSON array of {"choice", "actor", "attribute",
// "operation", "tier", "approvals", "denials", "rationale", "rule"} (rule in the document form).
std::string SuggestionsToJson(const std::vector<Suggestion>& suggestions);

// PatternTracker is a value type; not thread-safe for concurrent mutation.
class PatternTracker {
 public:
  static constexpr size_t kMaxEntries = 10000;
  static constexpr size_t kMaxSerializedBytes = 4 * 1024 * 1024;
  static constexpr size_t kMinKeyBytes = 32;

  // Record counts one owner answer. InvalidArgument for a malformed key, ResourceExhausted when
  // a new key would exceed kMaxEntries.
  Status Record(const PatternKey& key, bool approved, int64_t time);

  // Suggest lists suggestions for keys past the thresholds that `doc` does not already cover
  // (a grant / deny rule naming the actor, covering the attribute and the operation).
  std::vector<Suggestion> Suggest(const PolicyDocument& doc,
                                  const SuggestionThresholds& thresholds = {}) const;

  // Serialize renders the stored form, MAC'd under `key` (at least 32 bytes).
  Result<std::string> Serialize(const crypto::SecretBytes& key) const;
  // Load parses and authenticates the stored form. kDataLoss if it is corrupt or its MAC does
  // not verify; InvalidArgument if `key` is too short.
  static Result<PatternTracker> Load(std::string_view stored, const crypto::SecretBytes& key);

  const std::map<PatternKey, PatternCounts>& entries() const { return entries_; }
  uint64_t generation() const { return generation_; }

 private:
  Bytes MacInput() const;

  std::map<PatternKey, PatternCounts> entries_;
  uint64_t generation_ = 0;
};

}  // namespace signet::policy
