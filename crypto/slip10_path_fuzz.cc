// Fuzz target: SLIP-0010 derivation path parsing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/slip10.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = signet::crypto::ParseSlip10Path(text);
  (void)p;
  return 0;
}
