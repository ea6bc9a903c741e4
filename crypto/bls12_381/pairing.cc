#include "crypto/bls12_381/pairing.h"

#include <vector>

#include "base/check.h"

namespace signet::crypto::bls12_381 {
namespace {

// DoublingStep sets T = 2T (coordinates scaled by 4 to avoid halving) and returns the tangent
// line at T, scaled by an Fp2 factor that the final exponentiation removes:
//   c0 = Y^2 - 3b'Z^2, a = 3 X^2 (times -xP), b = 2 Y Z (times yP).
G2Prepared::Line DoublingStep(G2* t) {
  const Fp2 xx = t->x.Square();
  const Fp2 yy = t->y.Square();
  const Fp2 yz = t->y * t->z;
  const Fp2 b3zz = G2Curve::MulByB3(t->z.Square());  // 3b' Z^2
  const G2Prepared::Line line{yy - b3zz, xx.Double() + xx, yz.Double()};
  const Fp2 nine = b3zz.Double() + b3zz;  // 9b' Z^2
  const Fp2 x3 = (t->x * t->y).Double() * (yy - nine);
  const Fp2 b3zz2 = b3zz.Square();
  const Fp2 twelve = (b3zz2.Double() + b3zz2).Double().Double();  // 12 (3b' Z^2)^2
  const Fp2 y3 = (yy + nine).Square() - twelve;
  const Fp2 z3 = (yy * yz).Double().Double().Double();  // 8 Y^3 Z
  *t = {x3, y3, z3};
  return line;
}

// AdditionStep sets T = T + Q (Q affine) and returns the chord through T and Q, scaled by
// lambda = X - xQ Z:  c0 = theta xQ - lambda yQ, a = theta (times -xP), b = lambda (times yP),
// with theta = Y - yQ Z.
G2Prepared::Line AdditionStep(G2* t, const G2Affine& q) {
  const Fp2 theta = t->y - q.y * t->z;
  const Fp2 lambda = t->x - q.x * t->z;
  const G2Prepared::Line line{theta * q.x - lambda * q.y, theta, lambda};
  const Fp2 c = theta.Square();
  const Fp2 d = lambda.Square();
  const Fp2 e = lambda * d;
  const Fp2 f = t->z * c;
  const Fp2 g = t->x * d;
  const Fp2 h = e + f - g.Double();
  *t = {lambda * h, theta * (g - h) - t->y * e, t->z * e};
  return line;
}

// CycExp raises a cyclotomic element to a public 64-bit exponent (left to right).
Fp12 CycExp(const Fp12& f, uint64_t e) {
  Fp12 r = f;
  int top = 63;
  while (((e >> top) & 1) == 0) --top;
  for (int b = top - 1; b >= 0; --b) {
    r = r.CyclotomicSquare();
    if ((e >> b) & 1) r = r * f;
  }
  return r;
}

// ExpByU returns f^u for u = -|u| (conjugation inverts in the cyclotomic subgroup).
Fp12 ExpByU(const Fp12& f) { return CycExp(f, kBlsXAbs).Conjugate(); }

}  // namespace

G2Prepared::G2Prepared(const G2Affine& q) {
  if (q.infinity) return;
  lines_.reserve(68);
  G2 t{q.x, q.y, Fp2::One()};
  for (int b = 62; b >= 0; --b) {
    lines_.push_back(DoublingStep(&t));
    if ((kBlsXAbs >> b) & 1) lines_.push_back(AdditionStep(&t, q));
  }
}

Fp12 MillerLoopPrepared(std::span<const G1Affine> ps, std::span<const G2Prepared* const> qs) {
  CHECK(ps.size() == qs.size()) << "MillerLoop: size mismatch";
  struct Pair {
    const G2Prepared* q;
    Fp minus_px, py;
  };
  std::vector<Pair> pairs;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].infinity || qs[i]->infinity()) continue;
    pairs.push_back({qs[i], -ps[i].x, ps[i].y});
  }
  Fp12 f = Fp12::One();
  size_t step = 0;
  auto apply = [&](size_t s) {
    for (const Pair& p : pairs) {
      const G2Prepared::Line& l = p.q->lines()[s];
      f = f.MulBy014(l.c0, l.a.MulFp(p.minus_px), l.b.MulFp(p.py));
    }
  };
  for (int b = 62; b >= 0; --b) {
    if (b != 62) f = f.Square();
    apply(step++);
    if ((kBlsXAbs >> b) & 1) apply(step++);
  }
  return f.Conjugate();
}

Fp12 MillerLoop(std::span<const G1Affine> ps, std::span<const G2Affine> qs) {
  CHECK(ps.size() == qs.size()) << "MillerLoop: size mismatch";
  std::vector<G2Prepared> prepared;
  prepared.reserve(qs.size());
  std::vector<const G2Prepared*> ptrs;
  for (const G2Affine& q : qs) {
    prepared.emplace_back(q);
    ptrs.push_back(&prepared.back());
  }
  return MillerLoopPrepared(ps, ptrs);
}

Gt FinalExponentiation(const Fp12& f) {
  // Easy part: f^(p^6 - 1) then ^(p^2 + 1). Lands in the cyclotomic subgroup.
  Fp12 t = f.Conjugate() * f.Inverse();
  t = t.Frobenius(2) * t;
  // Hard part, raised to 3 (Hayashida-Hayasaka-Teruya): 3 (p^4 - p^2 + 1)/r =
  // (u - 1)^2 (u + p)(u^2 + p^2 - 1) + 3. This is the value blst, RELIC and zkcrypto return.
  Fp12 a = ExpByU(t) * t.Conjugate();                                 // t^(u-1)
  a = ExpByU(a) * a.Conjugate();                                      // t^((u-1)^2)
  const Fp12 b = ExpByU(a) * a.Frobenius(1);                          // ...^(u + p)
  const Fp12 c = ExpByU(ExpByU(b)) * b.Frobenius(2) * b.Conjugate();  // ...^(u^2 + p^2 - 1)
  return c * t.CyclotomicSquare() * t;
}

Gt Pairing(const G1& p, const G2& q) {
  const G1Affine pa = p.ToAffine();
  const G2Affine qa = q.ToAffine();
  return FinalExponentiation(MillerLoop(std::span(&pa, 1), std::span(&qa, 1)));
}

Gt MultiPairingPrepared(std::span<const G1> ps, std::span<const G2Prepared* const> qs) {
  const auto pa = BatchToAffine<G1>(ps);
  return FinalExponentiation(MillerLoopPrepared(pa, qs));
}

Gt MultiPairing(std::span<const G1> ps, std::span<const G2> qs) {
  CHECK(ps.size() == qs.size()) << "MultiPairing: size mismatch";
  const auto pa = BatchToAffine<G1>(ps);
  const auto qa = BatchToAffine<G2>(qs);
  return FinalExponentiation(MillerLoop(pa, qa));
}

}  // namespace signet::crypto::bls12_381
