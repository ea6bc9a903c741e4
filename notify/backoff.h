#pragma once

// Retry timing for webhook deliveries: exponential backoff with jitter, and a per-endpoint
// circuit breaker so a receiver that is down is not hammered (and deliveries to it do not use up
// their attempts while it is known to be down).

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace signet::notify {

using Millis = std::chrono::milliseconds;

// BackoffDelay returns the wait after the `failures`-th failed attempt (1-based): the capped
// exponential d = min(max, initial * 2^(failures-1)), with "equal jitter": d/2 + a uniform
// share of d/2 picked by `random`, so retries of many rows spread out instead of arriving
// together. A receiver's Retry-After, when longer, is honoured by the caller.
Millis BackoffDelay(Millis initial, Millis max, int failures, uint64_t random);

// BreakerOptions tunes a circuit breaker.
struct BreakerOptions {
  int failure_threshold = 5;  // consecutive failures that open the breaker
  Millis open_for{30'000};    // first open period; doubles on each failed probe
  Millis max_open_for{600'000};
};

// CircuitBreaker is the classic three-state breaker for one endpoint:
//   closed    deliveries go through; `failure_threshold` consecutive failures open it
//   open      no deliveries until the open period ends, then it is half-open
//   half-open one probe delivery goes through; success closes it, failure re-opens it for twice
//             as long (capped)
// Not thread-safe; BreakerSet adds the locking. Times are monotonic milliseconds.
class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  explicit CircuitBreaker(BreakerOptions options = {})
      : options_(options), open_for_(options.open_for) {}

  // Allow reports whether a delivery may start now; in half-open it admits one probe.
  bool Allow(int64_t now_ms);
  void OnSuccess();
  void OnFailure(int64_t now_ms);
  // Release returns an admitted probe that was not sent after all.
  void Release() { probe_in_flight_ = false; }
  State state(int64_t now_ms) const;
  // open_until_ms is when an open breaker turns half-open.
  int64_t open_until_ms() const { return open_until_ms_; }

 private:
  BreakerOptions options_;
  State state_ = State::kClosed;
  int failures_ = 0;
  bool probe_in_flight_ = false;
  int64_t open_until_ms_ = 0;
  Millis open_for_;
};

// StateName returns "closed", "open" or "half_open".
const char* StateName(CircuitBreaker::State s);

// BreakerSet holds one breaker per endpoint key. Thread-safe.
class BreakerSet {
 public:
  explicit BreakerSet(BreakerOptions options) : options_(options) {}
  bool Allow(const std::string& endpoint, int64_t now_ms);
  void OnSuccess(const std::string& endpoint);
  void OnFailure(const std::string& endpoint, int64_t now_ms);
  void Release(const std::string& endpoint);
  CircuitBreaker::State State(const std::string& endpoint, int64_t now_ms);

 private:
  CircuitBreaker& For(const std::string& endpoint);
  BreakerOptions options_;
  std::mutex mu_;
  std::map<std::string, CircuitBreaker> breakers_;
};

}  // namespace signet::notify
