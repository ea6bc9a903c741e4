#pragma once

// PendingCalls remembers tool calls suspended for the owner's approval, in the StateStore
// (namespace "mcp_pending", key "<tenant>/<request id>"), so any replica can answer
// signet_check_status. A call is executed at most once after approval: the first status check
// that sees the approval runs the tool and stores the result with compare-and-swap; later checks
// return the stored result.
//
// Thread-safe. Failure modes: kUnavailable (store), kNotFound, kConflict (another replica
// completed the call first; re-read), kDataLoss (malformed stored record).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "mcp/json_rpc.h"
#include "storage/state_store.h"

namespace signet::mcp {

inline constexpr std::string_view kPendingNamespace = "mcp_pending";

// PendingCall is one suspended call.
struct PendingCall {
  std::string id;  // "req_" + 22 base64url characters
  std::string tenant;
  std::string agent_id;  // only this agent may see it
  std::string tool;
  Json arguments;
  std::vector<std::string> approval_ids;  // the gateway's ids, one per predicate
  int64_t created = 0;
  int64_t deadline = 0;  // no answer by then = expired
  bool done = false;
  std::string state;   // once done: "approved" / "denied" / "expired"
  Json result;         // once done and approved: the CallToolResult
  std::string stored;  // the stored bytes this was read from (for compare-and-swap)
  Json ToJson() const;
  static Result<PendingCall> FromJson(const Json& j);
};

class PendingCalls {
 public:
  PendingCalls(storage::StateStore& state, const Clock& clock, int64_t keep_seconds);

  // Create stores a new call (id assigned here) and returns it.
  Result<PendingCall> Create(PendingCall call);
  // Get returns the call, or nullopt if unknown or expired from the store.
  Result<std::optional<PendingCall>> Get(std::string_view tenant, std::string_view id);
  // Finish replaces the stored call `before` (as read by Get) with `after`, by compare-and-swap
  // (kConflict if another caller changed it first).
  Status Finish(const PendingCall& before, const PendingCall& after);

 private:
  storage::StateStore& state_;
  const Clock& clock_;
  int64_t keep_seconds_;
};

}  // namespace signet::mcp
