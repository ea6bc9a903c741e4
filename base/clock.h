#pragma once

// Clock: an injectable source of time so expiry, TTL and freshness logic is testable without
// sleeping. Production code takes a `const Clock&`; tests pass a FakeClock.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace signet {

// Time is wall-clock time (for timestamps that leave the process: iat, exp, audit entries).
using Time = std::chrono::system_clock::time_point;
using Duration = std::chrono::nanoseconds;

// Clock returns the current wall time and a monotonic time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Now returns the wall-clock time.
  virtual Time Now() const = 0;
  // Monotonic returns a steady time for measuring intervals and deadlines.
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;

  // UnixSeconds returns Now() as seconds since the epoch.
  int64_t UnixSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
  }
};

// SystemClock reads the real clocks.
class SystemClock final : public Clock {
 public:
  Time Now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::now();
  }
  // Default returns a process-wide instance.
  static const SystemClock& Default();
};

// FakeClock is a manually advanced clock for tests; both times move together.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Time start = Time(std::chrono::seconds(1'800'000'000)))
      : offset_ns_(start.time_since_epoch().count()) {}

  Time Now() const override { return Time(Time::duration(offset_ns_.load())); }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(offset_ns_.load()));
  }
  // Advance moves both clocks forward by `d`.
  void Advance(Duration d) {
    offset_ns_ += std::chrono::duration_cast<Time::duration>(d).count();
  }
  // Set moves the wall clock (and the monotonic clock with it) to `t`.
  void Set(Time t) { offset_ns_ = t.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> offset_ns_;
};

}  // namespace signet
