#pragma once

// RateLimiter: request-rate limits that hold across replicas, because the counts live in the
// shared StateStore (Postgres when hosted), never in a process's memory.
//
// Algorithm: fixed one-minute windows. The requests of subject S in window w = t / 60 are counted
// in "<S>:<w>" in namespace storage::ns::kRate (StateStore::Increment, atomic across processes;
// TTL of two windows, purged by the maintenance loop). A fixed window admits up to 2x the limit
// across a window boundary. Retry-After is the number of seconds until the window ends (>= 1).
//
// Writes are batched so a limited route does not pay one durable write per request (on the
// embedded store that is an fsync'd SQLite transaction, which capped a saturated route at a
// quarter of its speed): each limiter keeps, per subject, the shared count it last read and the
// requests it admitted since. A request is refused at once (no write) when that estimate would
// exceed the limit. Otherwise it is admitted and counted locally; the local count is added to
// the shared counter with the subject's first request in a window, then when it reaches
// max(1, limit / 50) requests or 250 ms after the last write; that write's result decides the
// request that triggered it. So limits of 50 or
// fewer per minute are exact across replicas, and above that each replica may admit up to
// limit / 50 requests (2 %) plus 250 ms of its own traffic more than the shared count shows.
// Refused requests are not counted. Per-subject state is bounded (kMaxSubjects; beyond it,
// every request writes).
//
// Subjects are bounded, non-secret strings: "ip:<address>" (IPv6 clients are counted per /64,
// since one host usually owns a whole /64) and "tenant:<tenant id>". Client addresses are kept
// only for the two minutes of the counter's TTL.
//
// Thread-safe (the StateStore is). Failure modes: the StateStore's (kUnavailable ...), returned
// as is; the caller decides (server/request_limits.h fails closed).

#include <cstdint>
#include <string>
#include <string_view>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "base/clock.h"
#include "base/result.h"
#include "storage/state_store.h"

namespace signet::server {

// RateDecision is the outcome of one counted request.
struct RateDecision {
  bool allowed = true;
  int64_t count = 0;            // requests of the subject in the current window, this one included
  int retry_after_seconds = 0;  // seconds until the window ends (>= 1)
};

class RateLimiter {
 public:
  static constexpr int64_t kWindowSeconds = 60;
  static constexpr uint64_t kBatchDivisor = 50;  // a batch is at most limit / 50 requests
  static constexpr std::chrono::milliseconds kFlushInterval{250};
  static constexpr size_t kMaxSubjects = 50'000;

  // `state` and `clock` must outlive the limiter.
  RateLimiter(storage::StateStore& state, const Clock& clock) : state_(state), clock_(clock) {}

  // Hit counts one request of `subject` in the current window and decides it against
  // `limit_per_window` (> 0). kInvalidArgument for an empty or over-long subject.
  Result<RateDecision> Hit(std::string_view subject, uint64_t limit_per_window);

 private:
  // Local is what this limiter knows of one subject in one window.
  struct Local {
    int64_t window = 0;
    int64_t shared = 0;   // the shared count at this limiter's last write
    int64_t pending = 0;  // requests admitted here since then
    bool wrote = false;   // this limiter has written in this window
    std::chrono::steady_clock::time_point written{};
  };
  // Entry returns the subject's state for `window` (reset on a new window), or nullptr when
  // kMaxSubjects subjects are tracked in this window already. Needs mu_.
  Local* Entry(const std::string& subject, int64_t window);

  storage::StateStore& state_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Local> local_;  // guarded by mu_
};

// IpSubject returns the rate-limit subject of a client address: "ip:<IPv4>" or
// "ip:<IPv6 /64 prefix>/64"; an address that does not parse is used as given (bounded length).
std::string IpSubject(std::string_view client_ip);

// TenantSubject returns the rate-limit subject of a tenant: "tenant:<id>".
std::string TenantSubject(std::string_view tenant_id);

}  // namespace signet::server
