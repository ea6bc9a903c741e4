#pragma once

// The optimal ate pairing e: G1 x G2 -> Gt on BLS12-381, and the multi-pairing
// prod e(P_i, Q_i) that runs one Miller loop per pair with shared squarings and a single final
// exponentiation. The value returned is e(P, Q)^3 where e uses the exponent (p^12 - 1)/r: like
// blst, RELIC and zkcrypto we evaluate the hard part as 3 (p^4 - p^2 + 1)/r =
// (u - 1)^2 (u + p)(u^2 + p^2 - 1) + 3 (Hayashida, Hayasaka, Teruya 2020). 3 is coprime to r,
// so this is a non-degenerate bilinear pairing, and it matches their e(G1, G2) bit for bit.
//
// Miller loop: homogeneous projective coordinates on the twist with the doubling/addition line
// formulas of Costello, Lange and Naehrig (PKC 2010), lines multiplied in sparsely (MulBy014).
// Final exponentiation: easy part f^((p^6 - 1)(p^2 + 1)), then the hard part above with cyclotomic
// squarings and Frobenius maps. Inputs are public (verification), but the code has no
// data-dependent branches besides skipping pairs that contain the identity. Thread-safe.

#include <span>
#include <vector>

#include "crypto/bls12_381/curves.h"
#include "crypto/bls12_381/tower.h"

namespace signet::crypto::bls12_381 {

// Gt elements are represented as Fp12 values of order dividing r.
using Gt = Fp12;

// G2Prepared holds the 68 Miller-loop line coefficients of one G2 point, so that pairings with a
// fixed second argument (a public key, the generator) skip all twist arithmetic. Immutable after
// construction; share it freely between threads.
class G2Prepared {
 public:
  explicit G2Prepared(const G2Affine& q);
  explicit G2Prepared(const G2& q) : G2Prepared(q.ToAffine()) {}
  bool infinity() const { return lines_.empty(); }

  // Line is one step's line, evaluated at P as c0 + (a * -xP) v + (b * yP) v w.
  struct Line {
    Fp2 c0, a, b;
  };
  const std::vector<Line>& lines() const { return lines_; }

 private:
  std::vector<Line> lines_;
};

// MillerLoopPrepared is MillerLoop over prepared second arguments (sizes must match).
Fp12 MillerLoopPrepared(std::span<const G1Affine> ps, std::span<const G2Prepared* const> qs);
// MultiPairingPrepared returns prod e(ps[i], qs[i]) for prepared qs.
Gt MultiPairingPrepared(std::span<const G1> ps, std::span<const G2Prepared* const> qs);

// MillerLoop returns the product of the Miller-loop values f_{|u|,Q_i}(P_i) (conjugated, as u < 0)
// for affine inputs; pairs with an identity point contribute 1. Sizes must match.
Fp12 MillerLoop(std::span<const G1Affine> ps, std::span<const G2Affine> qs);
// FinalExponentiation raises to 3 (p^12 - 1)/r (see the file comment).
Gt FinalExponentiation(const Fp12& f);
// Pairing returns e(p, q).
Gt Pairing(const G1& p, const G2& q);
// MultiPairing returns prod e(ps[i], qs[i]) with one final exponentiation.
Gt MultiPairing(std::span<const G1> ps, std::span<const G2> qs);

}  // namespace signet::crypto::bls12_381
