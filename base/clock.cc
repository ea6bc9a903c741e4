#include "base/clock.h"

namespace signet {

const SystemClock& SystemClock::Default() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace signet
