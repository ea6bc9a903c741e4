#pragma once

// The BLS12-381 base field Fp, scalar field Fr and the quadratic extension Fp2 = Fp[u]/(u^2 + 1).
// p = 0x1a0111ea...ffffaaab (381 bits), r = 0x73eda753...00000001 (255 bits).
// All arithmetic is constant time unless a function's name ends in Vartime. Thread-compatible
// value types; no heap.

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.h"
#include "crypto/bls12_381/fp_adx.h"
#include "crypto/bls12_381/mont.h"

namespace signet::crypto::bls12_381 {

// FpParams holds the constants of p.
struct FpParams {
  static constexpr size_t kN = 6;
  static constexpr std::array<uint64_t, 6> kModulus = {0xb9feffffffffaaab, 0x1eabfffeb153ffff,
                                                       0x6730d2a0f6b0f624, 0x64774b84f38512bf,
                                                       0x4b1ba7b6434bacd7, 0x1a0111ea397fe69a};
  static constexpr std::array<uint64_t, 6> kR2 = {0xf4df1f341c341746, 0x0a76e6a609d104f1,
                                                  0x8de5476c4c95b6d5, 0x67eb88a9939d83c0,
                                                  0x9a793e85b519952d, 0x11988fe592cae3aa};
  static constexpr std::array<uint64_t, 6> kOne = {0x760900000002fffd, 0xebf4000bc40c0002,
                                                   0x5f48985753c758ba, 0x77ce585370525745,
                                                   0x5c071a97a256ec6d, 0x15f65ec3fa80e493};
  static constexpr uint64_t kInv = 0x89f3fffcfffcfffd;
  // The BMI2/ADX multiplication (fp_adx.h), used when the CPU has it.
  static void AsmMul(uint64_t* r, const uint64_t* a, const uint64_t* b) {
    internal::FpMulAdx(r, a, b);
  }
  static bool AsmAvailable() { return internal::kUseAdx; }
};

// FrParams holds the constants of the group order r.
struct FrParams {
  static constexpr size_t kN = 4;
  static constexpr std::array<uint64_t, 4> kModulus = {0xffffffff00000001, 0x53bda402fffe5bfe,
                                                       0x3339d80809a1d805, 0x73eda753299d7d48};
  static constexpr std::array<uint64_t, 4> kR2 = {0xc999e990f3f29c6d, 0x2b6cedcb87925c23,
                                                  0x05d314967254398f, 0x0748d9d99f59ff11};
  static constexpr std::array<uint64_t, 4> kOne = {0x00000001fffffffe, 0x5884b7fa00034802,
                                                   0x998c4fefecbc4ff5, 0x1824b159acc5056f};
  static constexpr uint64_t kInv = 0xfffffffeffffffff;
};

// Fp is an element of the base field.
using Fp = MontField<FpParams>;
// Fr is a scalar modulo the prime group order r.
using Fr = MontField<FrParams>;

inline constexpr size_t kFpBytes = 48;
inline constexpr size_t kFrBytes = 32;

// FpFromBytes parses 48 big-endian bytes; nullopt unless the value is < p.
std::optional<Fp> FpFromBytes(ByteView in);
// FpToBytes writes the canonical 48-byte big-endian encoding.
void FpToBytes(const Fp& a, uint8_t out[kFpBytes]);
// FpFromWideBytes reduces a big-endian integer of any length modulo p (RFC 9380 hash_to_field).
Fp FpFromWideBytes(ByteView in);
// FpSqrt returns a square root of `a` if one exists (p = 3 mod 4: a^((p+1)/4)).
std::optional<Fp> FpSqrt(const Fp& a);
// FpIsLexLargest reports y > (p-1)/2, the ZCash "sort" flag for Fp.
bool FpIsLexLargest(const Fp& a);
// FpSgn0 is RFC 9380 sgn0 for Fp: the parity of the canonical value.
bool FpSgn0(const Fp& a);

// FrFromBytes parses 32 big-endian bytes; nullopt unless the value is < r.
std::optional<Fr> FrFromBytes(ByteView in);
// FrToBytes writes the canonical 32-byte big-endian encoding.
void FrToBytes(const Fr& a, uint8_t out[kFrBytes]);
// FrFromWideBytes reduces a big-endian integer of any length modulo r (constant time in the
// value; used by hash_to_scalar on 48-byte strings).
Fr FrFromWideBytes(ByteView in);

// Fp2 is c0 + c1*u with u^2 = -1.
struct Fp2 {
  Fp c0, c1;

  // Zero and One are the additive and multiplicative identities.
  static Fp2 Zero() { return {}; }
  static Fp2 One() { return {Fp::One(), Fp::Zero()}; }

  // operator+ / operator- work coefficient-wise.
  friend Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  Fp2 operator-() const { return {-c0, -c1}; }
  // Karatsuba: three base-field multiplications.
  friend Fp2 operator*(const Fp2& a, const Fp2& b) {
    const Fp t0 = a.c0 * b.c0;
    const Fp t1 = a.c1 * b.c1;
    return {t0 - t1, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
  }
  Fp2& operator+=(const Fp2& b) { return *this = *this + b; }
  Fp2& operator-=(const Fp2& b) { return *this = *this - b; }
  Fp2& operator*=(const Fp2& b) { return *this = *this * b; }
  // Square uses (c0 + c1)(c0 - c1) + 2 c0 c1 u: two base-field multiplications.
  Fp2 Square() const {
    const Fp t = c0 * c1;
    return {(c0 + c1) * (c0 - c1), t + t};
  }
  // Double returns 2 * this.
  Fp2 Double() const { return {c0.Double(), c1.Double()}; }
  // MulFp scales by a base-field element.
  Fp2 MulFp(const Fp& s) const { return {c0 * s, c1 * s}; }
  // MulByXi multiplies by the non-residue xi = 1 + u that defines Fp6.
  Fp2 MulByXi() const { return {c0 - c1, c0 + c1}; }
  // Conjugate is c0 - c1 u (the Frobenius map on Fp2).
  Fp2 Conjugate() const { return {c0, -c1}; }
  // Inverse returns conj / norm; 0 maps to 0 (constant time).
  Fp2 Inverse() const {
    const Fp inv = (c0.Square() + c1.Square()).Inverse();
    return {c0 * inv, -(c1 * inv)};
  }
  // IsZero, operator== and Select are constant time.
  bool IsZero() const { return CtAnd(c0.IsZero(), c1.IsZero()); }
  friend bool operator==(const Fp2& a, const Fp2& b) { return CtAnd(a.c0 == b.c0, a.c1 == b.c1); }
  static Fp2 Select(const Fp2& a, const Fp2& b, uint64_t mask) {
    return {Fp::Select(a.c0, b.c0, mask), Fp::Select(a.c1, b.c1, mask)};
  }
  // Pow with a public exponent (little-endian limbs).
  template <size_t M>
  Fp2 Pow(const std::array<uint64_t, M>& e) const {
    Fp2 r = One();
    for (size_t i = M; i-- > 0;) {
      for (int b = 63; b >= 0; --b) {
        r = r.Square();
        if ((e[i] >> b) & 1) r = r * *this;
      }
    }
    return r;
  }
};

// Fp2Sqrt returns a square root of `a` if one exists (Adj and Rodriguez-Henriquez, Alg. 9).
std::optional<Fp2> Fp2Sqrt(const Fp2& a);
// Fp2IsLexLargest is the ZCash sort flag for Fp2: compare c1, and c0 when c1 is zero.
bool Fp2IsLexLargest(const Fp2& a);

// Limb helpers for the public exponents derived from p.
namespace limbs {
// PMinus1Over2 / PPlus1Over4 / PMinus3Over4 are (p-1)/2, (p+1)/4 and (p-3)/4.
const std::array<uint64_t, 6>& PMinus1Over2();
const std::array<uint64_t, 6>& PPlus1Over4();
const std::array<uint64_t, 6>& PMinus3Over4();
}  // namespace limbs

// ToLimbsBE reads big-endian bytes (exactly 8*N of them) into little-endian limbs.
template <size_t N>
std::array<uint64_t, N> ToLimbsBE(const uint8_t* in) {
  std::array<uint64_t, N> out{};
  for (size_t i = 0; i < N; ++i) {
    uint64_t w = 0;
    for (size_t j = 0; j < 8; ++j) w = (w << 8) | in[(N - 1 - i) * 8 + j];
    out[i] = w;
  }
  return out;
}
// FromLimbsBE writes little-endian limbs as 8*N big-endian bytes.
template <size_t N>
void FromLimbsBE(const std::array<uint64_t, N>& l, uint8_t* out) {
  for (size_t i = 0; i < N; ++i) {
    for (size_t j = 0; j < 8; ++j) {
      out[(N - 1 - i) * 8 + j] = static_cast<uint8_t>(l[i] >> (56 - 8 * j));
    }
  }
}

}  // namespace signet::crypto::bls12_381
