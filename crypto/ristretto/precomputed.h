#pragma once

// Precomputed tables for points that are used over and over (Pedersen and Bulletproofs
// generators), and the multi-scalar multiplications that use them.
//
//  - NafTable: odd multiples P, 3P, ..., (2^(w-1) - 1)P in affine Niels form for width-w NAF
//    digits (w = kStaticNafWidth). Variable-time use only.
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

// NAF width for precomputed points: 64 affine entries (7.5 KiB) per point. Narrower NAFs use a
// prefix of the same table (see StaticWidthFor).
inline constexpr int kStaticNafWidth = 8;

// StaticWidthFor picks the NAF width used with `count` precomputed points: the widest table
// (fewest additions) while the touched entries stay cache-resident.
int StaticWidthFor(size_t count);

class NafTable {
 public:
  static constexpr size_t kEntries = size_t{1} << (kStaticNafWidth - 2);
  // BuildMany returns one table per point, normalised with a single inversion.
  static std::vector<NafTable> BuildMany(std::span<const RistrettoPoint> points);
  // Odd returns d * P for odd d in [1, 2^(w-1)).
  const AffineNiels& Odd(int d) const { return e_[static_cast<size_t>(d) / 2]; }
  // entries returns the odd multiples P, 3P, 5P, ... in order.
  const std::array<AffineNiels, kEntries>& entries() const { return e_; }

 private:
  std::array<AffineNiels, kEntries> e_;
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
                                          std::span<const NafTable* const> static_points,
                                          std::span<const Scalar> scalars,
                                          std::span<const RistrettoPoint> points);

// MultiscalarMulPrecomputed returns sum scalars[i] * P_i for precomputed P_i in constant time
// (secret scalars allowed).
RistrettoPoint MultiscalarMulPrecomputed(std::span<const Scalar> scalars,
                                         std::span<const Radix16Table* const> points);

}  // namespace signet::crypto::ristretto
