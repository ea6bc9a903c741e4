#include "crypto/bls12_381/tower.h"

namespace signet::crypto::bls12_381 {
namespace {

// DivSmall divides a limb array by a small public divisor (exact division expected).
std::array<uint64_t, 6> DivSmall(std::array<uint64_t, 6> a, uint64_t d) {
  u128 rem = 0;
  for (size_t i = 6; i-- > 0;) {
    const u128 cur = (rem << 64) | a[i];
    a[i] = static_cast<uint64_t>(cur / d);
    rem = cur % d;
  }
  return a;
}

// FrobeniusTable holds gamma_n^k = xi^(k (p^n - 1) / 6) for n = 1..3, k = 0..5.
struct FrobeniusTable {
  Fp2 gamma[4][6];
  FrobeniusTable() {
    std::array<uint64_t, 6> e = FpParams::kModulus;
    e[0] -= 1;
    const Fp2 xi{Fp::One(), Fp::One()};
    const Fp2 g1 = xi.Pow(DivSmall(e, 6));
    const Fp2 g2 = g1.Conjugate() * g1;
    const Fp2 g3 = g2 * g1;
    const Fp2 base[4] = {Fp2::One(), g1, g2, g3};
    for (int n = 1; n <= 3; ++n) {
      gamma[n][0] = Fp2::One();
      for (int k = 1; k < 6; ++k) gamma[n][k] = gamma[n][k - 1] * base[n];
    }
  }
};

const FrobeniusTable& Frob() {
  static const FrobeniusTable t;
  return t;
}

// Fp4 squaring of x + y*s with s^2 = xi: returns (x^2 + xi y^2, 2xy).
void Fp4Square(const Fp2& x, const Fp2& y, Fp2* out_x, Fp2* out_y) {
  const Fp2 x2 = x.Square();
  const Fp2 y2 = y.Square();
  *out_x = y2.MulByXi() + x2;
  *out_y = (x + y).Square() - x2 - y2;
}

}  // namespace

const Fp2& FrobeniusGamma1() { return Frob().gamma[1][1]; }

Fp6 operator*(const Fp6& a, const Fp6& b) {
  const Fp2 t0 = a.c0 * b.c0;
  const Fp2 t1 = a.c1 * b.c1;
  const Fp2 t2 = a.c2 * b.c2;
  return {((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).MulByXi() + t0,
          (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.MulByXi(),
          (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1};
}

Fp6 Fp6::Square() const {
  const Fp2 s0 = c0.Square();
  const Fp2 s1 = (c0 * c1).Double();
  const Fp2 s2 = (c0 - c1 + c2).Square();
  const Fp2 s3 = (c1 * c2).Double();
  const Fp2 s4 = c2.Square();
  return {s3.MulByXi() + s0, s4.MulByXi() + s1, s1 + s2 + s3 - s0 - s4};
}

Fp6 Fp6::MulBy01(const Fp2& b0, const Fp2& b1) const {
  const Fp2 t0 = c0 * b0;
  const Fp2 t1 = c1 * b1;
  return {((c1 + c2) * b1 - t1).MulByXi() + t0, (c0 + c1) * (b0 + b1) - t0 - t1,
          (c0 + c2) * b0 - t0 + t1};
}

Fp6 Fp6::MulBy1(const Fp2& b1) const { return {(c2 * b1).MulByXi(), c0 * b1, c1 * b1}; }

Fp6 Fp6::Inverse() const {
  const Fp2 a = c0.Square() - (c1 * c2).MulByXi();
  const Fp2 b = c2.Square().MulByXi() - c0 * c1;
  const Fp2 c = c1.Square() - c0 * c2;
  const Fp2 f = c0 * a + (c2 * b + c1 * c).MulByXi();
  const Fp2 inv = f.Inverse();
  return {a * inv, b * inv, c * inv};
}

Fp12 operator*(const Fp12& a, const Fp12& b) {
  const Fp6 t0 = a.c0 * b.c0;
  const Fp6 t1 = a.c1 * b.c1;
  return {t1.MulByV() + t0, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
}

Fp12 Fp12::Square() const {
  const Fp6 ab = c0 * c1;
  const Fp6 s = (c0 + c1) * (c0 + c1.MulByV()) - ab - ab.MulByV();
  return {s, ab + ab};
}

Fp12 Fp12::Inverse() const {
  const Fp6 t = (c0.Square() - c1.Square().MulByV()).Inverse();
  return {c0 * t, -(c1 * t)};
}

Fp12 Fp12::MulBy014(const Fp2& l00, const Fp2& l01, const Fp2& l11) const {
  const Fp6 aa = c0.MulBy01(l00, l01);
  const Fp6 bb = c1.MulBy1(l11);
  const Fp6 mixed = (c0 + c1).MulBy01(l00, l01 + l11);
  return {bb.MulByV() + aa, mixed - aa - bb};
}

Fp12 Fp12::Frobenius(int n) const {
  const auto& g = Frob().gamma[n];
  const bool odd = (n & 1) != 0;
  auto map = [&](const Fp2& x, int k) { return (odd ? x.Conjugate() : x) * g[k]; };
  // Coefficient of w^k: k=0 c0.c0, 1 c1.c0, 2 c0.c1, 3 c1.c1, 4 c0.c2, 5 c1.c2.
  return {{map(c0.c0, 0), map(c0.c1, 2), map(c0.c2, 4)},
          {map(c1.c0, 1), map(c1.c1, 3), map(c1.c2, 5)}};
}

Fp12 Fp12::CyclotomicSquare() const {
  // View Fp12 as Fp4[w]/(w^3 - s), s = w^3, with A = c0.c0 + c1.c1 s, B = c1.c0 + c0.c2 s,
  // C = c0.c1 + c1.c2 s. In the cyclotomic subgroup (Granger-Scott 2010):
  //   A' = 3A^2 - 2 conj(A), B' = 3 s C^2 + 2 conj(B), C' = 3B^2 - 2 conj(C).
  Fp2 ax, ay, bx, by, cx, cy;
  Fp4Square(c0.c0, c1.c1, &ax, &ay);
  Fp4Square(c1.c0, c0.c2, &bx, &by);
  Fp4Square(c0.c1, c1.c2, &cx, &cy);
  // 3t - 2c = t + 2 (t - c) and 3t + 2c = t + 2 (t + c).
  auto minus = [](const Fp2& t, const Fp2& c) { return t + (t - c).Double(); };
  auto plus = [](const Fp2& t, const Fp2& c) { return t + (t + c).Double(); };
  Fp12 r;
  r.c0.c0 = minus(ax, c0.c0);
  r.c1.c1 = plus(ay, c1.c1);
  r.c1.c0 = plus(cy.MulByXi(), c1.c0);
  r.c0.c2 = minus(cx, c0.c2);
  r.c0.c1 = minus(bx, c0.c1);
  r.c1.c2 = plus(by, c1.c2);
  return r;
}

}  // namespace signet::crypto::bls12_381
