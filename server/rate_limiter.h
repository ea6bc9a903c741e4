#pragma once

// RateLimiter: request-rate limits that hold across replicas, because the counts live in the
// shared StateStore (Postgres when hosted), never in a process's memory.
//
// Algorithm: fixed one-minute windows. A request of subject S at Unix time t increments the
// counter "<S>:<t / 60>" in namespace storage::ns::kRate (StateStore::Increment, atomic across
// processes); the counter gets a TTL of two windows so it disappears on its own (and is purged by
// the maintenance loop). The request is allowed while the new count is <= the limit. A fixed
// window admits up to 2x the limit across a window boundary; that is the accepted cost of one
// atomic write per request (a sliding log would need a scan per request). Retry-After is the
// number of seconds until the current window ends (at least 1).
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

  // `state` and `clock` must outlive the limiter.
  RateLimiter(storage::StateStore& state, const Clock& clock) : state_(state), clock_(clock) {}

  // Hit counts one request of `subject` in the current window and decides it against
  // `limit_per_window` (> 0). kInvalidArgument for an empty or over-long subject.
  Result<RateDecision> Hit(std::string_view subject, uint64_t limit_per_window);

 private:
  storage::StateStore& state_;
  const Clock& clock_;
};

// IpSubject returns the rate-limit subject of a client address: "ip:<IPv4>" or
// "ip:<IPv6 /64 prefix>/64"; an address that does not parse is used as given (bounded length).
std::string IpSubject(std::string_view client_ip);

// TenantSubject returns the rate-limit subject of a tenant: "tenant:<id>".
std::string TenantSubject(std::string_view tenant_id);

}  // namespace signet::server
