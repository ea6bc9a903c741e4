#pragma once

// Multi-scalar multiplication on ristretto255: sum_i s_i * P_i.
//
//  - MultiscalarMul is constant-time in the scalars (Straus' interleaving with signed radix-16
//    digits and a constant-time table lookup, 4 doublings per digit). Use it whenever a scalar is
//    secret: commitments, blinding terms, prover polynomials.
//  - VartimeMultiscalarMul is for public scalars only (verification equations, Fiat-Shamir
//    folded values that are revealed anyway). It runs Straus with width-5 NAF for small inputs
//    and Pippenger's bucket method for large ones; kPippengerThreshold was picked by measurement
//    (bench/bulletproofs BM_Straus/N vs BM_Pippenger/N: Straus wins up to ~128 points, they
//    tie near 192, Pippenger is 1.2x faster at 256 and 2x at 1024).
//
// Both are thread-safe (pure functions). Mismatched span lengths are a programmer error (abort).

#include <cstddef>
#include <span>

#include "crypto/ristretto/ristretto.h"
#include "crypto/ristretto/scalar.h"

namespace signet::crypto::ristretto {

// Input size at and above which VartimeMultiscalarMul switches from Straus to Pippenger.
inline constexpr size_t kPippengerThreshold = 190;

// MultiscalarMul returns sum scalars[i] * points[i] in constant time.
RistrettoPoint MultiscalarMul(std::span<const Scalar> scalars,
                              std::span<const RistrettoPoint> points);

// VartimeMultiscalarMul returns sum scalars[i] * points[i]; variable-time, public scalars only.
RistrettoPoint VartimeMultiscalarMul(std::span<const Scalar> scalars,
                                     std::span<const RistrettoPoint> points);

// StrausVartime and PippengerVartime are the two algorithms behind VartimeMultiscalarMul,
// exposed for tests and for measuring the switch-over point.
RistrettoPoint StrausVartime(std::span<const Scalar> scalars,
                             std::span<const RistrettoPoint> points);
RistrettoPoint PippengerVartime(std::span<const Scalar> scalars,
                                std::span<const RistrettoPoint> points);

}  // namespace signet::crypto::ristretto
