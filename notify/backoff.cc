#include "notify/backoff.h"

#include <algorithm>

namespace signet::notify {

Millis BackoffDelay(Millis initial, Millis max, int failures, uint64_t random) {
  const int shift = std::clamp(failures - 1, 0, 30);
  const int64_t cap = std::max<int64_t>(max.count(), 1);
  const int64_t d = std::min<int64_t>(cap, std::max<int64_t>(initial.count(), 1) << shift);
  const int64_t half = d / 2;
  return Millis(half + static_cast<int64_t>(random % static_cast<uint64_t>(d - half + 1)));
}

bool CircuitBreaker::Allow(int64_t now_ms) {
  switch (state(now_ms)) {
    case State::kClosed:
      return true;
    case State::kOpen:
      return false;
    case State::kHalfOpen:
      state_ = State::kHalfOpen;
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::OnSuccess() {
  state_ = State::kClosed;
  failures_ = 0;
  probe_in_flight_ = false;
  open_for_ = options_.open_for;
}

void CircuitBreaker::OnFailure(int64_t now_ms) {
  if (state_ == State::kHalfOpen || state(now_ms) == State::kHalfOpen) {
    open_for_ = std::min(open_for_ * 2, options_.max_open_for);
  } else if (++failures_ < options_.failure_threshold) {
    return;
  }
  state_ = State::kOpen;
  probe_in_flight_ = false;
  open_until_ms_ = now_ms + open_for_.count();
}

CircuitBreaker::State CircuitBreaker::state(int64_t now_ms) const {
  if (state_ == State::kOpen && now_ms >= open_until_ms_) return State::kHalfOpen;
  return state_;
}

const char* StateName(CircuitBreaker::State s) {
  switch (s) {
    case CircuitBreaker::State::kClosed:
      return "closed";
    case CircuitBreaker::State::kOpen:
      return "open";
    case CircuitBreaker::State::kHalfOpen:
      return "half_open";
  }
  return "open";
}

CircuitBreaker& BreakerSet::For(const std::string& endpoint) {
  auto it = breakers_.find(endpoint);
  if (it == breakers_.end()) it = breakers_.emplace(endpoint, CircuitBreaker(options_)).first;
  return it->second;
}

bool BreakerSet::Allow(const std::string& endpoint, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  return For(endpoint).Allow(now_ms);
}

void BreakerSet::OnSuccess(const std::string& endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  For(endpoint).OnSuccess();
}

void BreakerSet::OnFailure(const std::string& endpoint, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  For(endpoint).OnFailure(now_ms);
}

void BreakerSet::Release(const std::string& endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  For(endpoint).Release();
}

CircuitBreaker::State BreakerSet::State(const std::string& endpoint, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  return For(endpoint).state(now_ms);
}

}  // namespace signet::notify
