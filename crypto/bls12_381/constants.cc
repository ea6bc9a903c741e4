#include "crypto/bls12_381/constants.h"

#include <cstring>

#include "base/check.h"

namespace signet::crypto::bls12_381 {

Fp FpFromHex(const char* hex) {
  CHECK(std::strlen(hex) == 2 * kFpBytes) << "bad constant length";
  uint8_t bytes[kFpBytes];
  for (size_t i = 0; i < kFpBytes; ++i) {
    auto nibble = [](char c) -> uint8_t {
      if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
      CHECK(c >= 'a' && c <= 'f') << "bad hex constant";
      return static_cast<uint8_t>(c - 'a' + 10);
    };
    bytes[i] = static_cast<uint8_t>((nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]));
  }
  const auto v = FpFromBytes(ByteView(bytes, kFpBytes));
  CHECK(v.has_value()) << "constant not reduced";
  return *v;
}

}  // namespace signet::crypto::bls12_381
