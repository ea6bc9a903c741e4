#pragma once

// The extension tower above Fp2 used by the pairing:
//   Fp6  = Fp2[v]/(v^3 - xi), xi = 1 + u
//   Fp12 = Fp6[w]/(w^2 - v)
// Gt (the pairing target group) is the order-r subgroup of Fp12*. Constant time throughout,
// except that the exponents used by the final exponentiation are public constants.

#include <array>

#include "crypto/bls12_381/field.h"

namespace signet::crypto::bls12_381 {

// Fp6 is c0 + c1*v + c2*v^2.
struct Fp6 {
  Fp2 c0, c1, c2;

  // Zero and One are the additive and multiplicative identities.
  static Fp6 Zero() { return {}; }
  static Fp6 One() { return {Fp2::One(), Fp2::Zero(), Fp2::Zero()}; }

  friend Fp6 operator+(const Fp6& a, const Fp6& b) {
    return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2};
  }
  friend Fp6 operator-(const Fp6& a, const Fp6& b) {
    return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2};
  }
  Fp6 operator-() const { return {-c0, -c1, -c2}; }
  // operator* (Karatsuba, 6 Fp2 products) and Square (Chung-Hasan SQR2).
  friend Fp6 operator*(const Fp6& a, const Fp6& b);
  Fp6 Square() const;
  // MulByV multiplies by v: (c0, c1, c2) -> (xi*c2, c0, c1).
  Fp6 MulByV() const { return {c2.MulByXi(), c0, c1}; }
  // MulBy01 multiplies by the sparse element b0 + b1*v.
  Fp6 MulBy01(const Fp2& b0, const Fp2& b1) const;
  // MulBy1 multiplies by the sparse element b1*v.
  Fp6 MulBy1(const Fp2& b1) const;
  // Inverse returns 1/this (0 maps to 0).
  Fp6 Inverse() const;
  bool IsZero() const { return CtAnd(c0.IsZero(), c1.IsZero(), c2.IsZero()); }
  friend bool operator==(const Fp6& a, const Fp6& b) {
    return CtAnd(a.c0 == b.c0, a.c1 == b.c1, a.c2 == b.c2);
  }
};

// Fp12 is c0 + c1*w.
struct Fp12 {
  Fp6 c0, c1;

  // One is the multiplicative identity (the identity of Gt).
  static Fp12 One() { return {Fp6::One(), Fp6::Zero()}; }

  // operator* (Karatsuba over Fp6) and Square (complex squaring); Conjugate is the p^6
  // Frobenius, which inverts elements of the cyclotomic subgroup.
  friend Fp12 operator*(const Fp12& a, const Fp12& b);
  Fp12& operator*=(const Fp12& b) { return *this = *this * b; }
  Fp12 Square() const;
  Fp12 Conjugate() const { return {c0, -c1}; }
  Fp12 Inverse() const;
  // MulBy014 multiplies by a line value l00 + l01*v + l11*v*w (sparse, 13 Fp2 products).
  Fp12 MulBy014(const Fp2& l00, const Fp2& l01, const Fp2& l11) const;
  // Frobenius raises to p^n for n in {1, 2, 3}.
  Fp12 Frobenius(int n) const;
  // CyclotomicSquare squares an element of the cyclotomic subgroup (Granger-Scott); only valid
  // after the easy part of the final exponentiation.
  Fp12 CyclotomicSquare() const;
  // IsOne reports this == 1 (constant time).
  bool IsOne() const { return *this == One(); }
  friend bool operator==(const Fp12& a, const Fp12& b) { return CtAnd(a.c0 == b.c0, a.c1 == b.c1); }
};

// FrobeniusGamma1 returns xi^((p-1)/6), the constant behind every Frobenius map (also used by
// the G2 endomorphism psi).
const Fp2& FrobeniusGamma1();

}  // namespace signet::crypto::bls12_381
