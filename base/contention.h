#pragma once

// PauseAfterConflict is the wait between attempts of an optimistic compare-and-swap loop (vault
// index, system records, audit chain head) after the `attempt`-th conflict (0-based). Retrying
// at once lets two writers fall into lock-step, where the same one loses every time; a short,
// growing, jittered pause breaks that rhythm. The wait is a uniform value in [d/2, d] with
// d = min(2 ms, 25 µs × 2^attempt), so 32 attempts wait at most about 60 ms in total.
// Thread-safe; the jitter comes from a per-thread PRNG (it needs no secrecy).

#include <chrono>

namespace signet {

std::chrono::microseconds ConflictPause(int attempt);
void PauseAfterConflict(int attempt);

}  // namespace signet
