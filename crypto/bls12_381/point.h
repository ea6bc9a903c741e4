#pragma once

// Short Weierstrass points y^2 = x^3 + b (a = 0) in homogeneous projective coordinates
// (x = X/Z, y = Y/Z), shared by G1 (over Fp) and G2 (over Fp2). Addition and doubling use the
// complete formulas of Renes, Costello and Batina (EUROCRYPT 2016, Algorithms 7-9), so they have
// no exceptional cases and no data-dependent branches. Scalar multiplication comes in two kinds:
//   * MulCt / MsmCt: constant time for secret scalars (fixed 4-bit windows, tables scanned in
//     full for every lookup, no branches on scalar bits);
//   * *Vartime: for public scalars only (verification, subgroup checks).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/bls12_381/field.h"

namespace signet::crypto::bls12_381 {

// ScalarLimbs is a scalar as 4 little-endian 64-bit limbs (canonical, < 2^256).
using ScalarLimbs = std::array<uint64_t, 4>;

// Affine is a point with an explicit infinity flag.
template <typename F>
struct Affine {
  F x, y;
  bool infinity = true;
};

// Projective is a curve point; Curve supplies B() and MulByB3(F) (multiplication by 3b).
template <typename F, typename Curve>
struct Projective {
  F x, y, z;

  using AffineT = Affine<F>;

  // Identity is the point at infinity (0 : 1 : 0).
  static Projective Identity() { return {F::Zero(), F::One(), F::Zero()}; }
  // FromAffine lifts an affine point (Z = 1, or the identity).
  static Projective FromAffine(const AffineT& a) {
    const uint64_t mask = 0 - static_cast<uint64_t>(a.infinity);
    return Select({a.x, a.y, F::One()}, Identity(), mask);
  }

  // IsIdentity reports Z = 0.
  bool IsIdentity() const { return z.IsZero(); }

  // IsOnCurve checks Y^2 Z = X^3 + b Z^3 (the identity (0:1:0) passes).
  bool IsOnCurve() const {
    const F lhs = y.Square() * z;
    const F rhs = x.Square() * x + Curve::B() * z.Square() * z;
    return lhs == rhs;
  }

  // operator== compares projective points by cross-multiplication (constant time).
  friend bool operator==(const Projective& a, const Projective& b) {
    return CtAnd(a.x * b.z == b.x * a.z, a.y * b.z == b.y * a.z);
  }

  // operator- negates (y -> -y).
  Projective operator-() const { return {x, -y, z}; }

  // Complete addition, RCB16 Algorithm 7 (a = 0).
  friend Projective operator+(const Projective& p, const Projective& q) {
    F t0 = p.x * q.x, t1 = p.y * q.y, t2 = p.z * q.z;
    F t3 = (p.x + p.y) * (q.x + q.y);
    F t4 = t0 + t1;
    t3 = t3 - t4;
    t4 = (p.y + p.z) * (q.y + q.z);
    F x3 = t1 + t2;
    t4 = t4 - x3;
    x3 = (p.x + p.z) * (q.x + q.z);
    F y3 = t0 + t2;
    y3 = x3 - y3;
    x3 = t0 + t0;
    t0 = x3 + t0;
    t2 = Curve::MulByB3(t2);
    F z3 = t1 + t2;
    t1 = t1 - t2;
    y3 = Curve::MulByB3(y3);
    x3 = t3 * t1 - t4 * y3;
    y3 = t1 * z3 + y3 * t0;
    z3 = z3 * t4 + t0 * t3;
    return {x3, y3, z3};
  }
  Projective& operator+=(const Projective& q) { return *this = *this + q; }
  friend Projective operator-(const Projective& p, const Projective& q) { return p + (-q); }

  // Mixed addition with an affine point that is not the identity, RCB16 Algorithm 8.
  Projective AddAffine(const F& qx, const F& qy) const {
    F t0 = x * qx, t1 = y * qy;
    F t3 = (qx + qy) * (x + y);
    F t4 = t0 + t1;
    t3 = t3 - t4;
    t4 = qy * z + y;
    F y3 = qx * z + x;
    F x3 = t0 + t0;
    t0 = x3 + t0;
    F t2 = Curve::MulByB3(z);
    F z3 = t1 + t2;
    t1 = t1 - t2;
    y3 = Curve::MulByB3(y3);
    x3 = t3 * t1 - t4 * y3;
    y3 = t1 * z3 + y3 * t0;
    z3 = z3 * t4 + t0 * t3;
    return {x3, y3, z3};
  }

  // Complete doubling, RCB16 Algorithm 9 (a = 0).
  Projective Double() const {
    F t0 = y.Square();
    F z3 = t0 + t0;
    z3 = z3 + z3;
    z3 = z3 + z3;
    F t1 = y * z;
    F t2 = Curve::MulByB3(z.Square());
    F x3 = t2 * z3;
    F y3 = t0 + t2;
    z3 = t1 * z3;
    t1 = t2 + t2;
    t2 = t1 + t2;
    t0 = t0 - t2;
    y3 = t0 * y3 + x3;
    t1 = x * y;
    x3 = t0 * t1;
    x3 = x3 + x3;
    return {x3, y3, z3};
  }

  // ToAffine divides out Z (one inversion; constant time).
  AffineT ToAffine() const {
    const F zi = z.Inverse();
    AffineT a;
    a.x = x * zi;
    a.y = y * zi;
    a.infinity = IsIdentity();
    return a;
  }

  // Select returns b when mask is all ones, else a (constant time).
  static Projective Select(const Projective& a, const Projective& b, uint64_t mask) {
    return {F::Select(a.x, b.x, mask), F::Select(a.y, b.y, mask), F::Select(a.z, b.z, mask)};
  }
};

namespace internal {

// EqMask returns all ones when a == b, else zero, without branching.
inline uint64_t EqMask(uint64_t a, uint64_t b) {
  const uint64_t x = a ^ b;
  return 0 - (((x | (0 - x)) >> 63) ^ 1);
}

// Nibble returns the 4-bit window `w` (0 = least significant) of a scalar.
inline uint64_t Nibble(const ScalarLimbs& k, size_t w) {
  return (k[w / 16] >> (4 * (w % 16))) & 15;
}

// LookupCt returns table[idx] by scanning every entry (constant time in idx).
template <typename P>
P LookupCt(const P* table, size_t n, uint64_t idx) {
  P r = table[0];
  for (size_t i = 1; i < n; ++i) r = P::Select(r, table[i], EqMask(i, idx));
  return r;
}

}  // namespace internal

// MulCt returns [k]p in constant time (fixed 4-bit windows over all 256 bits).
template <typename P>
P MulCt(const P& p, const ScalarLimbs& k) {
  P table[16];
  table[0] = P::Identity();
  for (size_t i = 1; i < 16; ++i) table[i] = table[i - 1] + p;
  P acc = P::Identity();
  for (size_t w = 64; w-- > 0;) {
    acc = acc.Double().Double().Double().Double();
    acc = acc + internal::LookupCt(table, 16, internal::Nibble(k, w));
  }
  return acc;
}

// MulVartime returns [k]p for a PUBLIC scalar given as little-endian limbs (double-and-add,
// skipping leading zeros; timing reveals k).
template <typename P, size_t N>
P MulVartime(const P& p, const std::array<uint64_t, N>& k) {
  P acc = P::Identity();
  bool started = false;
  for (size_t i = N; i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      if (started) acc = acc.Double();
      if ((k[i] >> b) & 1) {
        acc = started ? acc + p : p;
        started = true;
      }
    }
  }
  return acc;
}

// MsmCt returns sum [k_i] p_i in constant time (Straus with shared doublings and 4-bit tables
// scanned in full). For secret scalars.
template <typename P>
P MsmCt(std::span<const P> points, std::span<const ScalarLimbs> scalars) {
  const size_t n = points.size();
  std::vector<P> tables(16 * n);
  for (size_t j = 0; j < n; ++j) {
    P* t = &tables[16 * j];
    t[0] = P::Identity();
    for (size_t i = 1; i < 16; ++i) t[i] = t[i - 1] + points[j];
  }
  P acc = P::Identity();
  for (size_t w = 64; w-- > 0;) {
    acc = acc.Double().Double().Double().Double();
    for (size_t j = 0; j < n; ++j) {
      acc = acc + internal::LookupCt(&tables[16 * j], 16, internal::Nibble(scalars[j], w));
    }
  }
  return acc;
}

// MsmVartime returns sum [k_i] p_i for PUBLIC scalars: Straus (4-bit windows, zero digits
// skipped) for small inputs, Pippenger's bucket method for larger ones.
template <typename P>
P MsmVartime(std::span<const P> points, std::span<const ScalarLimbs> scalars) {
  const size_t n = points.size();
  if (n < 32) {
    std::vector<P> tables(16 * n);
    for (size_t j = 0; j < n; ++j) {
      P* t = &tables[16 * j];
      t[0] = P::Identity();
      for (size_t i = 1; i < 16; ++i) t[i] = i == 2 ? points[j].Double() : t[i - 1] + points[j];
    }
    P acc = P::Identity();
    bool started = false;
    for (size_t w = 64; w-- > 0;) {
      if (started) acc = acc.Double().Double().Double().Double();
      for (size_t j = 0; j < n; ++j) {
        const uint64_t d = internal::Nibble(scalars[j], w);
        if (d == 0) continue;
        acc = started ? acc + tables[16 * j + d] : tables[16 * j + d];
        started = true;
      }
    }
    return acc;
  }
  // Pippenger: window c bits, 2^c - 1 buckets per window.
  size_t c = 1;
  while ((size_t{1} << (c + 2)) < n) ++c;
  if (c > 12) c = 12;
  const size_t windows = (256 + c - 1) / c;
  std::vector<P> buckets((size_t{1} << c) - 1);
  P total = P::Identity();
  for (size_t w = windows; w-- > 0;) {
    for (size_t d = 0; d < c; ++d) total = total.Double();
    for (auto& b : buckets) b = P::Identity();
    for (size_t j = 0; j < n; ++j) {
      const size_t bit = w * c;
      uint64_t d = scalars[j][bit / 64] >> (bit % 64);
      if (bit % 64 + c > 64 && bit / 64 + 1 < 4) d |= scalars[j][bit / 64 + 1] << (64 - bit % 64);
      d &= (uint64_t{1} << c) - 1;
      if (d != 0) buckets[d - 1] = buckets[d - 1] + points[j];
    }
    P running = P::Identity(), sum = P::Identity();
    for (size_t i = buckets.size(); i-- > 0;) {
      running = running + buckets[i];
      sum = sum + running;
    }
    total = total + sum;
  }
  return total;
}

// BatchToAffine converts many points with one inversion (Montgomery's trick). Variable time
// only in the count. Identity points map to infinity.
template <typename P>
std::vector<typename P::AffineT> BatchToAffine(std::span<const P> points) {
  using F = decltype(P{}.z);
  const size_t n = points.size();
  std::vector<F> prefix(n + 1);
  prefix[0] = F::One();
  for (size_t i = 0; i < n; ++i) {
    // Use 1 for identities so the running product stays invertible.
    const uint64_t mask = 0 - static_cast<uint64_t>(points[i].IsIdentity());
    prefix[i + 1] = prefix[i] * F::Select(points[i].z, F::One(), mask);
  }
  F inv = prefix[n].Inverse();
  std::vector<typename P::AffineT> out(n);
  for (size_t i = n; i-- > 0;) {
    const bool id = points[i].IsIdentity();
    const uint64_t mask = 0 - static_cast<uint64_t>(id);
    const F zi = inv * prefix[i];
    inv = inv * F::Select(points[i].z, F::One(), mask);
    out[i].x = points[i].x * zi;
    out[i].y = points[i].y * zi;
    out[i].infinity = id;
  }
  return out;
}

// FixedBaseTable precomputes j * 32^w * B (w = 0..51, j = 1..16) as affine points, so that [k]B
// costs 52 mixed additions and no doublings: k (< 2^255) is recoded into signed 5-bit digits in
// [-15, 16] and negative digits use the negated entry. About 80 KB for G1 and 160 KB for G2;
// immutable after construction, so it can be shared between threads.
template <typename P>
class FixedBaseTable {
 public:
  using F = decltype(P{}.z);
  static constexpr size_t kWindows = 52;
  static constexpr size_t kEntries = 16;

  explicit FixedBaseTable(const P& base) {
    std::vector<P> pts(kWindows * kEntries);
    P b = base;
    for (size_t w = 0; w < kWindows; ++w) {
      pts[w * kEntries] = b;
      for (size_t j = 1; j < kEntries; ++j) pts[w * kEntries + j] = pts[w * kEntries + j - 1] + b;
      b = pts[w * kEntries + kEntries - 1].Double();  // 32 * b
    }
    const auto aff = BatchToAffine<P>(pts);
    entries_.resize(aff.size());
    for (size_t i = 0; i < aff.size(); ++i) entries_[i] = {aff[i].x, aff[i].y};
  }

  // AccumulateCt adds [k]B to *acc in constant time (k < 2^255; every table row is scanned in
  // full, signs are applied with selects).
  void AccumulateCt(P* acc, const ScalarLimbs& k) const {
    uint64_t carry = 0;
    for (size_t w = 0; w < kWindows; ++w) {
      const uint64_t t = Bits5(k, w) + carry;  // 0..32
      carry = (t + 15) >> 5;                   // t >= 17: use t - 32
      const uint64_t neg = carry;
      const uint64_t abs = (t & (0 - (neg ^ 1))) | ((32 - t) & (0 - neg));  // |digit|
      XY e = internal::LookupCt(&entries_[w * kEntries], kEntries, abs - 1);
      e.y = F::Select(e.y, -e.y, 0 - neg);
      const P sum = acc->AddAffine(e.x, e.y);
      *acc = P::Select(sum, *acc, internal::EqMask(abs, 0));
    }
  }
  // AccumulateVartime adds [k]B to *acc for a PUBLIC scalar (zero digits skipped).
  void AccumulateVartime(P* acc, const ScalarLimbs& k) const {
    uint64_t carry = 0;
    for (size_t w = 0; w < kWindows; ++w) {
      const uint64_t t = Bits5(k, w) + carry;
      carry = t > 16 ? 1 : 0;
      if (t == 0 || t == 32) continue;
      const XY& e = entries_[w * kEntries + (carry ? 32 - t : t) - 1];
      *acc = acc->AddAffine(e.x, carry ? -e.y : e.y);
    }
  }
  // MulCt returns [k]B in constant time.
  P MulCt(const ScalarLimbs& k) const {
    P acc = P::Identity();
    AccumulateCt(&acc, k);
    return acc;
  }

 private:
  // XY is an affine entry (never the identity) with a constant-time select.
  struct XY {
    F x, y;
    static XY Select(const XY& a, const XY& b, uint64_t mask) {
      return {F::Select(a.x, b.x, mask), F::Select(a.y, b.y, mask)};
    }
  };
  // Bits5 returns bits [5w, 5w + 5) of k.
  static uint64_t Bits5(const ScalarLimbs& k, size_t w) {
    const size_t bit = 5 * w;
    uint64_t v = k[bit / 64] >> (bit % 64);
    if (bit % 64 > 59 && bit / 64 + 1 < 4) v |= k[bit / 64 + 1] << (64 - bit % 64);
    return v & 31;
  }
  std::vector<XY> entries_;
};

}  // namespace signet::crypto::bls12_381
