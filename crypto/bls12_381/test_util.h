#pragma once

// Helpers shared by the BLS12-381 tests (not part of the library: only *_test.cc include this).

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "base/encoding.h"
#include "crypto/bls12_381/curves.h"

namespace signet::crypto::bls12_381::testing {

inline nlohmann::json LoadVector(const std::string& rel) {
  std::ifstream in(std::string(SIGNET_SOURCE_DIR) + "/tests/vectors/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

// FpHex renders an Fp as lowercase 96-digit hex.
inline std::string FpHex(const Fp& a) {
  uint8_t b[kFpBytes];
  FpToBytes(a, b);
  return HexEncode(ByteView(b, kFpBytes));
}

// FpFrom0x parses "0x..." (any length up to 96 digits).
inline Fp FpFrom0x(std::string s) {
  if (s.rfind("0x", 0) == 0) s = s.substr(2);
  s = std::string(96 - s.size(), '0') + s;
  auto b = HexDecode(s);
  return *FpFromBytes(*b);
}

// RandomScalar draws a scalar from a seeded generator (tests only).
inline ScalarLimbs RandomScalar(std::mt19937_64* rng) {
  ScalarLimbs k;
  for (auto& l : k) l = (*rng)();
  k[3] &= 0x3fffffffffffffff;
  return Fr::FromCanonical(Fr::IsCanonical(k) ? k : ScalarLimbs{k[0], k[1], k[2], 0}).ToCanonical();
}

inline constexpr ScalarLimbs kOrderR = FrParams::kModulus;

}  // namespace signet::crypto::bls12_381::testing
