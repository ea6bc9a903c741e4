#pragma once

// Precomputed tables for points that are used over and over (Pedersen and Bulletproofs
// generators), and the multi-scalar multiplications that use them.
//
//  - GeneratorTable (variable-time use only), in affine Niels form:
//      odd multiples P, 3P, ..., 127P for width-8 NAF digits (Straus, small sets), and
//      window multiples P, 2^10 P, 2^20 P, ..., 2^250 P for one-pass bucket multiplication
//      (large sets: every term lands in one of 512 buckets, no doublings at all).
//  - Radix16Table: P, 2P, ..., 8P in affine Niels form for constant-time fixed-window
//    multiplication with signed radix-16 digits.
//
// Tables are built with one batched inversion for many points. They are immutable afterwards
// and safe to share between threads.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "crypto/ristretto/edwards.h"
#include "crypto/ristretto/ristretto.h"
#include "crypto/ristretto/scalar.h"

namespace signet::crypto::ristretto {

// NAF width for precomputed points: 64 affine entries (7.5 KiB) per point.
inline constexpr int kStaticNafWidth = 8;

// Window size of the bucket method over GeneratorTables, and the number of windows a reduced
// scalar (< 2^253) needs.
inline constexpr int kWindowBits = 10;
inline constexpr size_t kWindows = 26;

// Number of precomputed points from which VartimeMultiscalarMulMixed uses the bucket method
// instead of Straus. Measured with BM_MixedMsm and BM_Verify (same binary, threshold varied):
// Straus is ~30 % faster for 65 and 96 points (the inner-product rounds of a 64-bit proof), the
// bucket method ~5 % faster at 130 (64-bit verification) and ~35 % at 514 (4 x 64 verification),
// where Straus' scattered table reads fall out of cache.
inline constexpr size_t kWindowMethodThreshold = 100;

class GeneratorTable {
 public:
  static constexpr size_t kOddEntries = size_t{1} << (kStaticNafWidth - 2);
  // BuildMany returns one table per point, normalised with a single inversion.
  static std::vector<GeneratorTable> BuildMany(std::span<const RistrettoPoint> points);
  // entries returns the odd multiples P, 3P, 5P, ... in order.
  const std::array<AffineNiels, kOddEntries>& entries() const { return odd_; }
  // Window returns 2^(kWindowBits k) P for k < kWindows.
  const AffineNiels& Window(size_t k) const { return windows_[k]; }

 private:
  std::array<AffineNiels, kOddEntries> odd_;
  std::array<AffineNiels, kWindows> windows_;
};

class Radix16Table {
 public:
  // BuildMany returns one table per point, normalised with a single inversion.
  static std::vector<Radix16Table> BuildMany(std::span<const RistrettoPoint> points);
  // Select returns d * P for d in [-8, 8], reading every entry (constant-time).
  AffineNiels Select(int8_t d) const;

 private:
  std::array<AffineNiels, 8> e_;
};

// VartimeMultiscalarMulMixed returns sum static_scalars[i] * static_points[i]
//   + sum scalars[j] * points[j], where static points come with precomputed tables.
// Variable-time: public scalars only. Span lengths must match pairwise (abort otherwise).
RistrettoPoint VartimeMultiscalarMulMixed(std::span<const Scalar> static_scalars,
                                          std::span<const GeneratorTable* const> static_points,
                                          std::span<const Scalar> scalars,
                                          std::span<const RistrettoPoint> points);

// MultiscalarMulPrecomputed returns sum scalars[i] * P_i for precomputed P_i in constant time
// (secret scalars allowed).
RistrettoPoint MultiscalarMulPrecomputed(std::span<const Scalar> scalars,
                                         std::span<const Radix16Table* const> points);

}  // namespace signet::crypto::ristretto
