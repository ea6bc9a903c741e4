#include "crypto/ristretto/scalar.h"

#include <algorithm>
#include <bit>

#include "crypto/ristretto/field.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto::ristretto {

// ScalarInternals holds the limb-level Montgomery arithmetic (friend of Scalar).
class ScalarInternals {
 public:
  using Limbs = uint64_t[5];
  static constexpr uint64_t kMask52 = (uint64_t{1} << 52) - 1;
  // l in radix 2^52; limb 3 is zero.
  static constexpr uint64_t kL[5] = {671914833335277, 3916664325105025, 1367801, 0, 17592186044416};
  // -1/l mod 2^52.
  static constexpr uint64_t kLFactor = 1439961107955227;
  // R = 2^260 mod l and R^2 mod l.
  static constexpr uint64_t kR[5] = {4302102966953709, 1049714374468698, 4503599278581019,
                                     4503599627370495, 17592186044415};
  static constexpr uint64_t kRR[5] = {2764609938444603, 3768881411696287, 1616719297148420,
                                      1087343033131391, 10175238647962};

  // Sub sets r = a - b mod l for a, b < 2^260 with a - b in (-l, l).
  static void Sub(const uint64_t a[5], const uint64_t b[5], uint64_t r[5]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 5; ++i) {
      borrow = a[i] - (b[i] + (borrow >> 63));
      r[i] = borrow & kMask52;
    }
    const uint64_t underflow = 0 - (borrow >> 63);
    uint64_t carry = 0;
    for (int i = 0; i < 5; ++i) {
      carry = (carry >> 52) + r[i] + (kL[i] & underflow);
      r[i] = carry & kMask52;
    }
  }

  // Add sets r = a + b mod l for a, b < l.
  static void Add(const uint64_t a[5], const uint64_t b[5], uint64_t r[5]) {
    uint64_t sum[5], carry = 0;
    for (int i = 0; i < 5; ++i) {
      carry = a[i] + b[i] + (carry >> 52);
      sum[i] = carry & kMask52;
    }
    Sub(sum, kL, r);
  }

  // MontMul sets r = a * b / R mod l (for a * b < 2^260 * l, the result is fully reduced).
  static void MontMul(const uint64_t a[5], const uint64_t b[5], uint64_t r[5]) {
    Uint128 z[9] = {};
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 5; ++j) z[i + j] += static_cast<Uint128>(a[i]) * b[j];
    }
    MontReduce(z, r);
  }

  static void MontReduce(const Uint128 z[9], uint64_t r[5]) {
    auto m = [](uint64_t x, uint64_t y) { return static_cast<Uint128>(x) * y; };
    uint64_t n[5];
    Uint128 carry = 0;
    // Step k picks n_k so that column k becomes divisible by 2^52.
    auto part1 = [&](Uint128 sum, int k) {
      n[k] = (static_cast<uint64_t>(sum) * kLFactor) & kMask52;
      carry = (sum + m(n[k], kL[0])) >> 52;
    };
    auto part2 = [&](Uint128 sum, int k) {
      r[k] = static_cast<uint64_t>(sum) & kMask52;
      carry = sum >> 52;
    };
    part1(z[0], 0);
    part1(carry + z[1] + m(n[0], kL[1]), 1);
    part1(carry + z[2] + m(n[0], kL[2]) + m(n[1], kL[1]), 2);
    part1(carry + z[3] + m(n[1], kL[2]) + m(n[2], kL[1]), 3);
    part1(carry + z[4] + m(n[0], kL[4]) + m(n[2], kL[2]) + m(n[3], kL[1]), 4);
    part2(carry + z[5] + m(n[1], kL[4]) + m(n[3], kL[2]) + m(n[4], kL[1]), 0);
    part2(carry + z[6] + m(n[2], kL[4]) + m(n[4], kL[2]), 1);
    part2(carry + z[7] + m(n[3], kL[4]), 2);
    part2(carry + z[8] + m(n[4], kL[4]), 3);
    r[4] = static_cast<uint64_t>(carry);
    uint64_t t[5] = {r[0], r[1], r[2], r[3], r[4]};
    Sub(t, kL, r);
  }

  // Unpack reads 32 little-endian bytes into 52-bit limbs (value may be up to 2^256).
  static void Unpack(const uint8_t* b, uint64_t r[5]) {
    uint64_t w[4] = {};
    for (int i = 0; i < 4; ++i) {
      for (int j = 7; j >= 0; --j) w[i] = (w[i] << 8) | b[8 * i + j];
    }
    r[0] = w[0] & kMask52;
    r[1] = ((w[0] >> 52) | (w[1] << 12)) & kMask52;
    r[2] = ((w[1] >> 40) | (w[2] << 24)) & kMask52;
    r[3] = ((w[2] >> 28) | (w[3] << 36)) & kMask52;
    r[4] = w[3] >> 16;
  }

  static uint64_t* Limbs_(Scalar& s) { return s.v_; }
  static const uint64_t* Limbs_(const Scalar& s) { return s.v_; }
};

namespace {
using SI = ScalarInternals;
}  // namespace

Scalar Scalar::FromU64(uint64_t x) {
  Scalar s;
  s.v_[0] = x & SI::kMask52;
  s.v_[1] = x >> 52;
  return s;
}

Scalar Scalar::FromBytesModOrder(const std::array<uint8_t, 32>& bytes) {
  uint64_t x[5];
  SI::Unpack(bytes.data(), x);
  Scalar s;
  SI::MontMul(x, SI::kR, s.v_);  // x * R / R
  SecureWipe(x, sizeof(x));
  return s;
}

Scalar Scalar::FromBytesModOrderWide(const std::array<uint8_t, 64>& bytes) {
  // Split the 512-bit input as lo + hi * 2^260 with lo, hi in 52-bit limbs.
  uint64_t w[8] = {};
  for (int i = 0; i < 8; ++i) {
    for (int j = 7; j >= 0; --j) w[i] = (w[i] << 8) | bytes[8 * i + j];
  }
  const uint64_t m = SI::kMask52;
  uint64_t lo[5] = {w[0] & m, ((w[0] >> 52) | (w[1] << 12)) & m, ((w[1] >> 40) | (w[2] << 24)) & m,
                    ((w[2] >> 28) | (w[3] << 36)) & m, ((w[3] >> 16) | (w[4] << 48)) & m};
  uint64_t hi[5] = {(w[4] >> 4) & m, ((w[4] >> 56) | (w[5] << 8)) & m,
                    ((w[5] >> 44) | (w[6] << 20)) & m, ((w[6] >> 32) | (w[7] << 32)) & m,
                    w[7] >> 20};
  uint64_t lo_r[5], hi_r[5];
  SI::MontMul(lo, SI::kR, lo_r);   // lo mod l
  SI::MontMul(hi, SI::kRR, hi_r);  // hi * R mod l
  Scalar s;
  SI::Add(lo_r, hi_r, s.v_);
  SecureWipe(w, sizeof(w));
  SecureWipe(lo, sizeof(lo));
  SecureWipe(hi, sizeof(hi));
  SecureWipe(lo_r, sizeof(lo_r));
  SecureWipe(hi_r, sizeof(hi_r));
  return s;
}

std::optional<Scalar> Scalar::FromCanonicalBytes(ByteView bytes) {
  if (bytes.size() != 32) return std::nullopt;
  std::array<uint8_t, 32> b;
  std::copy(bytes.begin(), bytes.end(), b.begin());
  const Scalar s = FromBytesModOrder(b);
  // Canonical iff bit 255 is clear and reducing does not change the value.
  if ((b[31] >> 7) != 0 || !ConstantTimeEquals(s.ToBytes(), b)) return std::nullopt;
  return s;
}

std::array<uint8_t, 32> Scalar::ToBytes() const {
  const uint64_t* v = v_;
  const uint64_t w[4] = {v[0] | (v[1] << 52), (v[1] >> 12) | (v[2] << 40),
                         (v[2] >> 24) | (v[3] << 28), (v[3] >> 36) | (v[4] << 16)};
  std::array<uint8_t, 32> out;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) out[8 * i + j] = static_cast<uint8_t>(w[i] >> (8 * j));
  }
  return out;
}

Scalar operator+(const Scalar& a, const Scalar& b) {
  Scalar r;
  SI::Add(a.v_, b.v_, r.v_);
  return r;
}

Scalar operator-(const Scalar& a, const Scalar& b) {
  Scalar r;
  SI::Sub(a.v_, b.v_, r.v_);
  return r;
}

Scalar operator*(const Scalar& a, const Scalar& b) {
  uint64_t ab[5];
  Scalar r;
  SI::MontMul(a.v_, b.v_, ab);     // a b / R
  SI::MontMul(ab, SI::kRR, r.v_);  // a b
  SecureWipe(ab, sizeof(ab));
  return r;
}

Scalar Scalar::Invert() const {
  // a^(l-2) with a fixed 4-bit window in the Montgomery domain. The exponent is a public
  // constant, so the sequence of operations (and table indices) never depends on a.
  const std::array<uint8_t, 32> e = (Zero() - FromU64(2)).ToBytes();
  uint64_t table[16][5], acc[5], t[5];
  for (int k = 0; k < 5; ++k) table[0][k] = SI::kR[k];  // Montgomery form of 1
  SI::MontMul(v_, SI::kRR, table[1]);                   // a R
  for (int i = 2; i < 16; ++i) SI::MontMul(table[i - 1], table[1], table[i]);
  for (int k = 0; k < 5; ++k) acc[k] = table[0][k];
  for (int i = 63; i >= 0; --i) {
    for (int sq = 0; sq < 4; ++sq) {
      SI::MontMul(acc, acc, t);
      std::copy_n(t, 5, acc);
    }
    const int nibble = (e[i / 2] >> (4 * (i % 2))) & 15;
    SI::MontMul(acc, table[nibble], t);
    std::copy_n(t, 5, acc);
  }
  const uint64_t one[5] = {1, 0, 0, 0, 0};
  Scalar r;
  SI::MontMul(acc, one, r.v_);  // leave the Montgomery domain
  SecureWipe(table, sizeof(table));
  SecureWipe(acc, sizeof(acc));
  SecureWipe(t, sizeof(t));
  return r;
}

PreparedScalar::PreparedScalar(const Scalar& b) { SI::MontMul(b.v_, SI::kRR, v_); }

PreparedScalar::~PreparedScalar() { SecureWipe(v_, sizeof(v_)); }

PreparedScalar operator*(const PreparedScalar& a, const PreparedScalar& b) {
  PreparedScalar r;
  SI::MontMul(a.v_, b.v_, r.v_);  // (a R)(b R) / R
  return r;
}

Scalar operator*(const Scalar& a, const PreparedScalar& b) {
  Scalar r;
  SI::MontMul(a.v_, b.v_, r.v_);  // a (b R) / R
  return r;
}

bool Scalar::IsZero() const {
  uint64_t acc = 0;
  for (uint64_t x : v_) acc |= x;
  return acc == 0;
}

bool operator==(const Scalar& a, const Scalar& b) {
  uint64_t acc = 0;
  for (int i = 0; i < 5; ++i) acc |= a.v_[i] ^ b.v_[i];
  return acc == 0;
}

void Scalar::Wipe() { SecureWipe(v_, sizeof(v_)); }

std::array<int8_t, 64> Scalar::ToRadix16() const {
  std::array<uint8_t, 32> b = ToBytes();  // may be secret: wiped below
  std::array<int8_t, 64> d;
  for (int i = 0; i < 32; ++i) {
    d[2 * i] = static_cast<int8_t>(b[i] & 15);
    d[2 * i + 1] = static_cast<int8_t>(b[i] >> 4);
  }
  // Recentre each digit into [-8, 8), carrying into the next (constant-time arithmetic).
  for (int i = 0; i < 63; ++i) {
    const int8_t carry = static_cast<int8_t>((d[i] + 8) >> 4);
    d[i] = static_cast<int8_t>(d[i] - (carry << 4));
    d[i + 1] = static_cast<int8_t>(d[i + 1] + carry);
  }
  SecureWipe(b.data(), b.size());
  return d;
}

std::array<uint64_t, 5> Scalar::Words() const {
  const uint64_t* v = v_;
  return {v[0] | (v[1] << 52), (v[1] >> 12) | (v[2] << 40), (v[2] >> 24) | (v[3] << 28),
          (v[3] >> 36) | (v[4] << 16), 0};
}

size_t Scalar::ToSparseNaf(int w, NafTerm* out) const {
  const std::array<uint64_t, 5> x = Words();
  const uint64_t width = uint64_t{1} << w, window_mask = width - 1;
  uint64_t carry = 0;
  size_t count = 0;
  int pos = 0;
  while (pos < 256) {
    const int idx = pos / 64, bit = pos % 64;
    uint64_t bits = x[idx] >> bit;
    if (bit > 64 - w) bits |= x[idx + 1] << (64 - bit);
    if (carry == 0 && (bits & 1) == 0) {
      // Skip the run of zero bits at once (only valid while no carry is pending).
      pos += bits == 0 ? 64 - bit : std::countr_zero(bits);
      continue;
    }
    const uint64_t window = carry + (bits & window_mask);
    if ((window & 1) == 0) {
      ++pos;
      continue;
    }
    int64_t digit = static_cast<int64_t>(window);
    carry = window >= width / 2 ? 1 : 0;
    if (carry) digit -= static_cast<int64_t>(width);
    out[count++] = {static_cast<uint16_t>(pos), static_cast<int16_t>(digit)};
    pos += w;
  }
  return count;
}

std::array<int8_t, 256> Scalar::ToNaf(int w) const {
  NafTerm terms[kMaxNafTerms];
  const size_t count = ToSparseNaf(w, terms);
  std::array<int8_t, 256> naf{};
  for (size_t i = 0; i < count; ++i) naf[terms[i].pos] = static_cast<int8_t>(terms[i].digit);
  return naf;
}

std::vector<int16_t> Scalar::ToRadix2w(int c) const {
  const std::array<uint64_t, 5> x = Words();
  const size_t digits = static_cast<size_t>((256 + c - 1) / c + 1);
  std::vector<int16_t> d(digits);
  const uint64_t mask = (uint64_t{1} << c) - 1;
  const int64_t half = int64_t{1} << (c - 1);
  int64_t carry = 0;
  for (size_t i = 0; i < digits; ++i) {
    const size_t bit = i * static_cast<size_t>(c);
    uint64_t bits = 0;
    if (bit < 256) {
      const size_t idx = bit / 64, shift = bit % 64;
      bits = x[idx] >> shift;
      if (shift + static_cast<size_t>(c) > 64) bits |= x[idx + 1] << (64 - shift);
    }
    const int64_t window = static_cast<int64_t>(bits & mask) + carry;
    carry = (window + half) >> c;  // 1 when window >= half: digits stay in [-half, half)
    d[i] = static_cast<int16_t>(window - (carry << c));
  }
  return d;
}

bool BatchInvert(std::span<Scalar> xs) {
  std::vector<Scalar> prefix(xs.size());
  Scalar acc = Scalar::One();
  for (size_t i = 0; i < xs.size(); ++i) {
    if (xs[i].IsZero()) return false;
    prefix[i] = acc;
    acc *= xs[i];
  }
  acc = acc.Invert();
  for (size_t i = xs.size(); i-- > 0;) {
    const Scalar inv = acc * prefix[i];
    acc *= xs[i];
    xs[i] = inv;
  }
  return true;
}

}  // namespace signet::crypto::ristretto
