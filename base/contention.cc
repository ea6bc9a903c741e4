#include "base/contention.h"

#include <algorithm>
#include <random>
#include <thread>

namespace signet {

std::chrono::microseconds ConflictPause(int attempt) {
  constexpr int64_t kFirstUs = 25;
  constexpr int64_t kMaxUs = 2000;
  const int shift = std::clamp(attempt, 0, 7);
  const int64_t d = std::min(kMaxUs, kFirstUs << shift);
  thread_local std::minstd_rand prng(std::random_device{}());
  std::uniform_int_distribution<int64_t> jitter(d / 2, d);
  return std::chrono::microseconds(jitter(prng));
}

void PauseAfterConflict(int attempt) { std::this_thread::sleep_for(ConflictPause(attempt)); }

}  // namespace signet
