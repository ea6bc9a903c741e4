#pragma once

// PolicyHistory keeps what the policy engine needs to know about an agent's earlier requests
// (policy::History: the count of all its earlier requests, and the times of its recent requests
// overall and per attribute) in the shared state store, so `rate_limit` rules, `rate_over` and
// `first_request` anomaly triggers hold across replicas and restarts.
//
// It stores only what the tenant's policy uses: the counter only when a trigger asks for
// `first_request`, the times only when a rule or trigger counts a rate, and then only as far
// back as the longest such window and at most policy::kMaxHistoryEntries per list (a rate's max
// is capped below that, so no rate goes unnoticed). Every asked item of a tool call is one
// request; the items of one call see each other.
//
// Keys are per tenant, agent (and attribute), hashed (namespace "policy_history"). Two calls of
// the same agent racing on different replicas may each miss the other's request (each list is
// updated by compare-and-swap after the decision), so a burst can exceed a rate by the number of
// calls in flight at once.
//
// Thread-safe (the StateStore is); `state` must outlive the object.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/ids.h"
#include "base/result.h"
#include "policy/engine.h"
#include "policy/model.h"
#include "storage/state_store.h"

namespace signet::mcp {

// PolicyHistory serves one tool call: For before each asked item's decision, Count after it,
// Save once at the end.
class PolicyHistory {
 public:
  PolicyHistory(storage::StateStore& state, const TenantId& tenant, std::string actor,
                policy::HistoryUse needs, int64_t now);

  // For returns the history of the actor's earlier requests for `attribute` (this call's
  // earlier items included).
  Result<policy::History> For(const std::string& attribute);
  // Count records one request for `attribute` at `now`.
  void Count(const std::string& attribute);
  // Save writes what Count recorded.
  Status Save();

 private:
  struct List {
    std::optional<Bytes> stored;  // as read (the compare-and-swap's first expectation)
    std::vector<int64_t> times;   // `stored`, trimmed to the window
    std::vector<int64_t> added;   // this call's requests
  };
  Result<List*> Load(const std::string& key);
  Status SaveList(const std::string& key, List list);
  std::string Key(std::string_view kind, const std::string& attribute) const;

  storage::StateStore& state_;
  std::string tenant_;
  std::string actor_;
  policy::HistoryUse needs_;
  int64_t now_;
  std::string actor_key_;  // the actor's request times (attribute lists are keyed per attribute)
  std::map<std::string, List> lists_;
  bool total_loaded_ = false;
  int64_t total_ = 0;
  int64_t counted_ = 0;
};

}  // namespace signet::mcp
