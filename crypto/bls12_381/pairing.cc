#include "crypto/bls12_381/pairing.h"

#include <vector>

#include "base/check.h"

namespace signet::crypto::bls12_381 {
namespace {

// PairState carries one pair through the Miller loop: T on the twist, Q affine, and the
// precomputed multiples of P's coordinates that the line evaluations need.
struct PairState {
  G2 t;
  Fp2 qx, qy;
  Fp minus3_px, two_py, minus_px, py;
};

// DoublingStep sets T = 2T (coordinates scaled by 4 to avoid halving) and returns the tangent
// line at T evaluated at P, scaled by an Fp2 factor that the final exponentiation removes:
//   l00 = Y^2 - 3b'Z^2, l01 = -3 X^2 xP, l11 = 2 Y Z yP.
void DoublingStep(PairState* s, Fp2* l00, Fp2* l01, Fp2* l11) {
  const G2& t = s->t;
  const Fp2 xx = t.x.Square();
  const Fp2 yy = t.y.Square();
  const Fp2 yz = t.y * t.z;
  const Fp2 b3zz = G2Curve::MulByB3(t.z.Square());  // 3b' Z^2
  *l00 = yy - b3zz;
  *l01 = xx.MulFp(s->minus3_px);
  *l11 = yz.MulFp(s->two_py);
  const Fp2 nine = b3zz.Double() + b3zz;  // 9b' Z^2
  const Fp2 x3 = (t.x * t.y).Double() * (yy - nine);
  const Fp2 sum = yy + nine;
  const Fp2 b3zz2 = b3zz.Square();
  const Fp2 twelve = (b3zz2.Double() + b3zz2).Double().Double();  // 12 (3b' Z^2)^2
  const Fp2 y3 = sum.Square() - twelve;
  const Fp2 z3 = (yy * yz).Double().Double().Double();  // 8 Y^3 Z
  s->t = {x3, y3, z3};
}

// AdditionStep sets T = T + Q (Q affine) and returns the chord line through T and Q at P,
// scaled by lambda~ = X - xQ Z:  l00 = theta xQ - lambda~ yQ, l01 = -theta xP, l11 = lambda~ yP.
void AdditionStep(PairState* s, Fp2* l00, Fp2* l01, Fp2* l11) {
  const G2& t = s->t;
  const Fp2 theta = t.y - s->qy * t.z;
  const Fp2 lambda = t.x - s->qx * t.z;
  *l00 = theta * s->qx - lambda * s->qy;
  *l01 = theta.MulFp(s->minus_px);
  *l11 = lambda.MulFp(s->py);
  const Fp2 c = theta.Square();
  const Fp2 d = lambda.Square();
  const Fp2 e = lambda * d;
  const Fp2 f = t.z * c;
  const Fp2 g = t.x * d;
  const Fp2 h = e + f - g.Double();
  s->t = {lambda * h, theta * (g - h) - t.y * e, t.z * e};
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

Fp12 MillerLoop(std::span<const G1Affine> ps, std::span<const G2Affine> qs) {
  CHECK(ps.size() == qs.size()) << "MillerLoop: size mismatch";
  std::vector<PairState> st;
  st.reserve(ps.size());
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].infinity || qs[i].infinity) continue;
    PairState s;
    s.t = {qs[i].x, qs[i].y, Fp2::One()};
    s.qx = qs[i].x;
    s.qy = qs[i].y;
    s.minus_px = -ps[i].x;
    s.minus3_px = s.minus_px.Double() + s.minus_px;
    s.py = ps[i].y;
    s.two_py = ps[i].y.Double();
    st.push_back(s);
  }
  Fp12 f = Fp12::One();
  Fp2 l00, l01, l11;
  for (int b = 62; b >= 0; --b) {
    if (b != 62) f = f.Square();
    for (auto& s : st) {
      DoublingStep(&s, &l00, &l01, &l11);
      f = f.MulBy014(l00, l01, l11);
    }
    if ((kBlsXAbs >> b) & 1) {
      for (auto& s : st) {
        AdditionStep(&s, &l00, &l01, &l11);
        f = f.MulBy014(l00, l01, l11);
      }
    }
  }
  return f.Conjugate();
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

Gt MultiPairing(std::span<const G1> ps, std::span<const G2> qs) {
  CHECK(ps.size() == qs.size()) << "MultiPairing: size mismatch";
  const auto pa = BatchToAffine<G1>(ps);
  const auto qa = BatchToAffine<G2>(qs);
  return FinalExponentiation(MillerLoop(pa, qa));
}

}  // namespace signet::crypto::bls12_381
