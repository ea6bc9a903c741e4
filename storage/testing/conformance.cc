#include "storage/testing/conformance.h"

#include <random>

#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::storage::testing {

std::string BackendName(const ::testing::TestParamInfo<BackendFactory>& info) {
  return info.param.name;
}

void StorageConformanceTest::SetUp() {
  Result<std::unique_ptr<Storage>> s = GetParam().open(clock_);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  storage_ = std::move(*s);
}

void StorageConformanceTest::TearDown() { storage_.reset(); }

BlindId TestId(uint64_t n) {
  static const Bytes salt = crypto::RandomBytes(16);
  Bytes input = salt;
  AppendU64BE(&input, n);
  return BlindId(crypto::Sha256(input));
}

Bytes PatternBytes(size_t size, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(size);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t v = rng();
    for (int b = 0; b < 8; ++b) out[i + b] = static_cast<uint8_t>(v >> (8 * b));
  }
  for (; i < size; ++i) out[i] = static_cast<uint8_t>(rng());
  return out;
}

}  // namespace signet::storage::testing
