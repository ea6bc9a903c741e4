#pragma once

// Test helpers shared by the ristretto255 tests: vector loading and a fixed-seed byte source.

#include <array>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "base/bytes.h"
#include "base/encoding.h"
#include "crypto/ristretto/scalar.h"

namespace signet::crypto::ristretto::testing {

// LoadJson reads tests/vectors/<rel> (discarded json on failure).
inline nlohmann::json LoadJson(const std::string& rel) {
  std::ifstream in(std::string(SIGNET_SOURCE_DIR) + "/tests/vectors/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str(), nullptr, false);
}

// Hex decodes a hex string that the test knows is valid.
inline Bytes Hex(const std::string& s) { return HexDecode(s).value(); }

// Rng is a fixed-seed byte source for property tests.
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  template <size_t N>
  std::array<uint8_t, N> Bytes() {
    std::array<uint8_t, N> b;
    for (auto& x : b) x = static_cast<uint8_t>(gen_());
    return b;
  }
  uint64_t U64() { return gen_(); }
  Scalar RandomScalar() { return Scalar::FromBytesModOrderWide(Bytes<64>()); }

 private:
  std::mt19937_64 gen_;
};

}  // namespace signet::crypto::ristretto::testing
