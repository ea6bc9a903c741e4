#pragma once

// The BLS12-381 groups G1 (order-r points of E: y^2 = x^3 + 4 over Fp) and G2 (order-r points of
// the M-type sextic twist E': y^2 = x^3 + 4(1 + u) over Fp2), their generators, compressed
// serialization in the ZCash format, subgroup checks and generator multiplication.
//
// Serialization (ZCash / IETF pairing-friendly-curves appendix): big-endian x (for G2: x.c1
// then x.c0) with three flag bits in the top of the first byte: 0x80 compressed (always set
// here), 0x40 point at infinity, 0x20 "y is the lexicographically largest root". Decoding
// rejects: a missing compression flag, an infinity encoding with any other bit set, x >= p, x
// not on the curve, and points outside the order-r subgroup. Thread-safe: the generator tables
// are built once on first use (function-local statics).

#include <array>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/bls12_381/point.h"

namespace signet::crypto::bls12_381 {

// G1Curve supplies b = 4 for E.
struct G1Curve {
  static Fp B() { return Fp::FromU64(4); }
  static Fp MulByB3(const Fp& a) {
    const Fp a4 = a.Double().Double();
    return a4.Double() + a4;  // 12a
  }
};

// G2Curve supplies b' = 4(1 + u) for E'.
struct G2Curve {
  static Fp2 B() { return {Fp::FromU64(4), Fp::FromU64(4)}; }
  // 3b' * (a0 + a1 u) = 12 (a0 - a1) + 12 (a0 + a1) u.
  static Fp2 MulByB3(const Fp2& a) {
    return {G1Curve::MulByB3(a.c0 - a.c1), G1Curve::MulByB3(a.c0 + a.c1)};
  }
};

using G1 = Projective<Fp, G1Curve>;
using G2 = Projective<Fp2, G2Curve>;
using G1Affine = Affine<Fp>;
using G2Affine = Affine<Fp2>;

inline constexpr size_t kG1CompressedBytes = 48;
inline constexpr size_t kG2CompressedBytes = 96;

// G1Generator / G2Generator return the standard generators.
const G1& G1Generator();
const G2& G2Generator();

// G1IsInSubgroup checks [r]P = O using the endomorphism test phi(P) = [-u^2]P (Scott 2021).
// Requires P on the curve. Variable time (P is public).
bool G1IsInSubgroup(const G1& p);
// G2IsInSubgroup checks psi(Q) = [u]Q (Scott 2021). Requires Q on the twist. Variable time.
bool G2IsInSubgroup(const G2& q);

// G1Compress writes the 48-byte compressed encoding.
std::array<uint8_t, kG1CompressedBytes> G1Compress(const G1& p);
// G1CompressAffine encodes an already-affine point (no inversion; see BatchToAffine).
std::array<uint8_t, kG1CompressedBytes> G1CompressAffine(const G1Affine& a);
// G1Decompress parses and fully validates a compressed G1 point (see the file comment).
Result<G1> G1Decompress(ByteView in);
// G2Compress writes the 96-byte compressed encoding.
std::array<uint8_t, kG2CompressedBytes> G2Compress(const G2& q);
// G2Decompress parses and fully validates a compressed G2 point.
Result<G2> G2Decompress(ByteView in);

// G1MulGenerator returns [k]G1 in constant time from a precomputed table (fixed base);
// k must be < 2^255 (any reduced scalar).
G1 G1MulGenerator(const ScalarLimbs& k);
// G2MulGenerator returns [k]G2 in constant time from a precomputed table (fixed base);
// k must be < 2^255.
G2 G2MulGenerator(const ScalarLimbs& k);

// FrToScalar converts a field scalar to canonical limbs for the multiplication routines.
inline ScalarLimbs FrToScalar(const Fr& k) { return k.ToCanonical(); }

// G2Psi is the untwist-Frobenius-twist endomorphism of E'.
G2 G2Psi(const G2& q);

// kBlsXAbs is |u| for the curve parameter u = -0xd201000000010000.
inline constexpr uint64_t kBlsXAbs = 0xd201000000010000;

}  // namespace signet::crypto::bls12_381
