// Fuzz target: BIP39 mnemonic parsing and validation of arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/bip39.h"
#include "crypto/slip10.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = signet::crypto::Bip39Mnemonic::Parse(text);
  (void)m;
  return 0;
}
