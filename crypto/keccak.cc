#include "crypto/keccak.h"

#include <algorithm>
#include <bit>

#include "base/check.h"

namespace signet::crypto {
namespace {

constexpr int kRounds = 24;

// RoundConstants derives the iota constants from the degree-8 LFSR rc(t) of FIPS 202 §3.2.5.
constexpr std::array<uint64_t, kRounds> RoundConstants() {
  std::array<uint64_t, kRounds> rc{};
  uint8_t lfsr = 1;
  for (int round = 0; round < kRounds; ++round) {
    for (int j = 0; j < 7; ++j) {
      if (lfsr & 1) rc[round] |= uint64_t{1} << ((1 << j) - 1);
      lfsr = static_cast<uint8_t>((lfsr & 0x80) ? ((lfsr << 1) ^ 0x71) : (lfsr << 1));
    }
  }
  return rc;
}

// RhoOffsets derives the rotation offsets of FIPS 202 §3.2.2 by walking (x, y) -> (y, 2x + 3y).
constexpr std::array<int, 25> RhoOffsets() {
  std::array<int, 25> r{};
  int x = 1, y = 0;
  for (int t = 0; t < 24; ++t) {
    r[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
    const int nx = y, ny = (2 * x + 3 * y) % 5;
    x = nx;
    y = ny;
  }
  return r;
}

// PiTarget maps lane index x + 5y to its destination y + 5(2x + 3y) under pi (§3.2.3 inverse).
constexpr std::array<int, 25> PiTarget() {
  std::array<int, 25> p{};
  for (int x = 0; x < 5; ++x) {
    for (int y = 0; y < 5; ++y) p[x + 5 * y] = y + 5 * ((2 * x + 3 * y) % 5);
  }
  return p;
}

constexpr std::array<uint64_t, kRounds> kRoundConstants = RoundConstants();
constexpr std::array<int, 25> kRho = RhoOffsets();
constexpr std::array<int, 25> kPi = PiTarget();

}  // namespace

void KeccakF1600(KeccakState& a) {
  for (int round = 0; round < kRounds; ++round) {
    uint64_t c[5];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      const uint64_t d = c[(x + 4) % 5] ^ std::rotl(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[x + y] ^= d;
    }
    uint64_t b[25];
    for (int i = 0; i < 25; ++i) b[kPi[i]] = std::rotl(a[i], kRho[i]);
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; ++x) {
        a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
      }
    }
    a[0] ^= kRoundConstants[round];
  }
}

void KeccakXorBytes(KeccakState& state, size_t offset, ByteView data) {
  CHECK(offset + data.size() <= 200);
  for (size_t i = 0; i < data.size(); ++i) {
    const size_t at = offset + i;
    state[at / 8] ^= uint64_t{data[i]} << (8 * (at % 8));
  }
}

uint8_t KeccakGetByte(const KeccakState& state, size_t i) {
  return static_cast<uint8_t>(state[i / 8] >> (8 * (i % 8)));
}

void KeccakSetByte(KeccakState& state, size_t i, uint8_t value) {
  const unsigned shift = 8 * (i % 8);
  state[i / 8] = (state[i / 8] & ~(uint64_t{0xff} << shift)) | (uint64_t{value} << shift);
}

Sha3_512Digest Sha3_512(ByteView data) {
  constexpr size_t kRate = 72;
  KeccakState st{};
  while (data.size() >= kRate) {
    KeccakXorBytes(st, 0, data.first(kRate));
    KeccakF1600(st);
    data = data.subspan(kRate);
  }
  KeccakXorBytes(st, 0, data);
  const uint8_t pad_start = 0x06, pad_end = 0x80;  // SHA-3 domain bits 01, then pad10*1
  KeccakXorBytes(st, data.size(), ByteView(&pad_start, 1));
  KeccakXorBytes(st, kRate - 1, ByteView(&pad_end, 1));
  KeccakF1600(st);
  Sha3_512Digest out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = KeccakGetByte(st, i);
  return out;
}

Shake256& Shake256::Absorb(ByteView data) {
  CHECK(!squeezing_) << "Shake256::Absorb after Squeeze";
  while (!data.empty()) {
    const size_t take = std::min(kRate - pos_, data.size());
    KeccakXorBytes(state_, pos_, data.first(take));
    pos_ += take;
    data = data.subspan(take);
    if (pos_ == kRate) {
      KeccakF1600(state_);
      pos_ = 0;
    }
  }
  return *this;
}

void Shake256::Squeeze(std::span<uint8_t> out) {
  if (!squeezing_) {
    const uint8_t pad_start = 0x1f, pad_end = 0x80;  // SHAKE domain bits 1111, then pad10*1
    KeccakXorBytes(state_, pos_, ByteView(&pad_start, 1));
    KeccakXorBytes(state_, kRate - 1, ByteView(&pad_end, 1));
    KeccakF1600(state_);
    pos_ = 0;
    squeezing_ = true;
  }
  for (uint8_t& b : out) {
    if (pos_ == kRate) {
      KeccakF1600(state_);
      pos_ = 0;
    }
    b = KeccakGetByte(state_, pos_++);
  }
}

}  // namespace signet::crypto
