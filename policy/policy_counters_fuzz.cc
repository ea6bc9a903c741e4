// Fuzz target: loading MAC'd pattern counters. A forged file must never load; a loaded one must
// serialise back to the same bytes' meaning.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "policy/tracker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace signet;  // NOLINT(google-build-using-namespace)
  static const auto* const key =
      new crypto::SecretBytes(crypto::SecretBytes::CopyFrom(Bytes(32, 0x42)));
  auto t = policy::PatternTracker::Load(std::string_view(reinterpret_cast<const char*>(data), size),
                                        *key);
  if (!t) {
    CHECK(t.error().code() == ErrorCode::kDataLoss) << "load failed with the wrong code";
    return 0;
  }
  auto again = policy::PatternTracker::Load(t->Serialize(*key).value(), *key);
  CHECK(again && again->entries() == t->entries()) << "counters do not round-trip";
  return 0;
}
