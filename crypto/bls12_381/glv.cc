#include "crypto/bls12_381/glv.h"

#include <algorithm>
#include <vector>

#include "crypto/bls12_381/constants.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto::bls12_381 {
namespace {

// kU2 is u^2 as little-endian limbs.
constexpr std::array<uint64_t, 2> kU2 = {0x0000000100000000, 0xac45a4010001a402};

// Halves holds the two 4-bit-window digit strings (33 windows cover q < 2^129).
constexpr size_t kWindows = 33;

uint64_t DigitOf(const uint64_t* limbs, size_t nlimbs, size_t w) {
  const size_t bit = 4 * w;
  return bit / 64 < nlimbs ? (limbs[bit / 64] >> (bit % 64)) & 15 : 0;
}

// Tables builds 16-entry tables for p and for -phi(p) (the second costs one Fp mult per entry).
void Tables(const G1& p, G1* t, G1* t_phi) {
  static const Fp beta = FpFromHex(kG1CubeRootOfUnity);
  t[0] = G1::Identity();
  for (size_t i = 1; i < 16; ++i) t[i] = t[i - 1] + p;
  for (size_t i = 0; i < 16; ++i) t_phi[i] = {t[i].x * beta, -t[i].y, t[i].z};
}

struct Split {
  std::array<uint64_t, 2> k0;
  std::array<uint64_t, 3> q;
};

}  // namespace

void GlvSplit(const ScalarLimbs& k, std::array<uint64_t, 2>* k0, std::array<uint64_t, 3>* q) {
  // Restoring division by the constant s = u^2, one bit at a time, with masks instead of
  // branches. rem < 2s < 2^129 fits in three limbs.
  uint64_t rem[3] = {0, 0, 0};
  uint64_t quot[4] = {0, 0, 0, 0};
  for (size_t i = 256; i-- > 0;) {
    rem[2] = (rem[2] << 1) | (rem[1] >> 63);
    rem[1] = (rem[1] << 1) | (rem[0] >> 63);
    rem[0] = (rem[0] << 1) | ((k[i / 64] >> (i % 64)) & 1);
    uint64_t t[3];
    uint64_t borrow = internal::SubBorrow(rem[0], kU2[0], 0, &t[0]);
    borrow = internal::SubBorrow(rem[1], kU2[1], borrow, &t[1]);
    borrow = internal::SubBorrow(rem[2], 0, borrow, &t[2]);
    const uint64_t take = borrow ^ 1;  // rem >= s
    const uint64_t mask = 0 - take;
    for (int j = 0; j < 3; ++j) rem[j] = rem[j] ^ ((rem[j] ^ t[j]) & mask);
    quot[i / 64] |= take << (i % 64);
  }
  *k0 = {rem[0], rem[1]};
  *q = {quot[0], quot[1], quot[2]};  // quot[3] is 0: k < 2^256 and s > 2^127
  SecureWipe(rem, sizeof(rem));
  SecureWipe(quot, sizeof(quot));
}

G1 G1MulGlvCt(const G1& p, const ScalarLimbs& k) {
  return G1MsmGlvCt(std::span(&p, 1), std::span(&k, 1));
}

G1 G1MsmGlvCt(std::span<const G1> points, std::span<const ScalarLimbs> scalars) {
  const size_t n = points.size();
  std::vector<G1> tables(32 * n);
  std::vector<Split> splits(n);
  for (size_t j = 0; j < n; ++j) {
    Tables(points[j], &tables[32 * j], &tables[32 * j + 16]);
    GlvSplit(scalars[j], &splits[j].k0, &splits[j].q);
  }
  G1 acc = G1::Identity();
  for (size_t w = kWindows; w-- > 0;) {
    acc = acc.Double().Double().Double().Double();
    for (size_t j = 0; j < n; ++j) {
      const uint64_t d0 = DigitOf(splits[j].k0.data(), 2, w);
      const uint64_t d1 = DigitOf(splits[j].q.data(), 3, w);
      acc = acc + internal::LookupCt(&tables[32 * j], 16, d0);
      acc = acc + internal::LookupCt(&tables[32 * j + 16], 16, d1);
    }
  }
  SecureWipe(splits.data(), splits.size() * sizeof(Split));
  return acc;
}

namespace {

// Wnaf writes the width-5 non-adjacent form of a 192-bit number: digits in {0, +-1, +-3, ...,
// +-15}, at most one non-zero digit in any 5 consecutive positions. Variable time (public input).
size_t Wnaf(std::array<uint64_t, 3> k, int8_t out[196]) {
  size_t n = 0;
  auto is_zero = [&k] { return (k[0] | k[1] | k[2]) == 0; };
  while (!is_zero()) {
    int8_t d = 0;
    if (k[0] & 1) {
      d = static_cast<int8_t>(k[0] & 31);
      if (d > 16) d = static_cast<int8_t>(d - 32);
      // k -= d (as a signed small value).
      if (d > 0) {
        uint64_t borrow = internal::SubBorrow(k[0], static_cast<uint64_t>(d), 0, &k[0]);
        borrow = internal::SubBorrow(k[1], 0, borrow, &k[1]);
        internal::SubBorrow(k[2], 0, borrow, &k[2]);
      } else {
        uint64_t carry = internal::AddCarry(k[0], static_cast<uint64_t>(-d), 0, &k[0]);
        carry = internal::AddCarry(k[1], 0, carry, &k[1]);
        internal::AddCarry(k[2], 0, carry, &k[2]);
      }
    }
    out[n++] = d;
    k[0] = (k[0] >> 1) | (k[1] << 63);
    k[1] = (k[1] >> 1) | (k[2] << 63);
    k[2] >>= 1;
  }
  return n;
}

}  // namespace

G1 G1MsmGlvVartime(std::span<const G1> points, std::span<const ScalarLimbs> scalars) {
  static const Fp beta = FpFromHex(kG1CubeRootOfUnity);
  const size_t n = points.size();
  // Per point: odd multiples P, 3P, .., 15P and the same for -phi(P); two wNAF digit strings.
  std::vector<G1> odd(16 * n);
  std::vector<int8_t> digits(2 * 196 * n, 0);
  std::vector<size_t> lens(2 * n);
  size_t max_len = 0;
  for (size_t j = 0; j < n; ++j) {
    G1* t = &odd[16 * j];
    const G1 twice = points[j].Double();
    t[0] = points[j];
    for (size_t i = 1; i < 8; ++i) t[i] = t[i - 1] + twice;
    for (size_t i = 0; i < 8; ++i) t[8 + i] = {t[i].x * beta, -t[i].y, t[i].z};
    Split s;
    GlvSplit(scalars[j], &s.k0, &s.q);
    lens[2 * j] = Wnaf({s.k0[0], s.k0[1], 0}, &digits[2 * 196 * j]);
    lens[2 * j + 1] = Wnaf(s.q, &digits[2 * 196 * j + 196]);
    max_len = std::max({max_len, lens[2 * j], lens[2 * j + 1]});
  }
  G1 acc = G1::Identity();
  bool started = false;
  for (size_t i = max_len; i-- > 0;) {
    if (started) acc = acc.Double();
    for (size_t h = 0; h < 2 * n; ++h) {
      if (i >= lens[h]) continue;
      const int8_t d = digits[196 * h + i];
      if (d == 0) continue;
      const G1& t = odd[16 * (h / 2) + 8 * (h % 2) + static_cast<size_t>((d < 0 ? -d : d) / 2)];
      const G1 term = d < 0 ? -t : t;
      acc = started ? acc + term : term;
      started = true;
    }
  }
  return acc;
}

}  // namespace signet::crypto::bls12_381
