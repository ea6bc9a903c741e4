#include "crypto/ristretto/ristretto.h"

#include "crypto/ristretto/msm.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto::ristretto {
namespace {

using namespace fe_constants;  // NOLINT(google-build-using-namespace): RFC constant names

// MapToEdwards is the MAP function of RFC 9496 §4.3.4 (Elligator 2 variant) on one field element.
EdwardsPoint MapToEdwards(const Fe& t) {
  const Fe one = Fe::One();
  const Fe r = kSqrtM1 * Square(t);
  const Fe u = (r + one) * kOneMinusDSq;
  const Fe v = (-one - r * kD) * (r + kD);
  Fe s;
  const uint64_t was_square = SqrtRatioM1(u, v, &s);
  const Fe s_prime = -Abs(s * t);
  CondAssign(&s, s_prime, was_square ^ 1);
  Fe c = -one;
  CondAssign(&c, r, was_square ^ 1);
  const Fe n = c * (r - one) * kDMinusOneSq - v;
  const Fe s_sq = Square(s);
  const Fe w0 = (s + s) * v;
  const Fe w1 = n * kSqrtAdMinusOne;
  const Fe w2 = one - s_sq;
  const Fe w3 = one + s_sq;
  return {w0 * w3, w2 * w1, w1 * w3, w0 * w2};
}

}  // namespace

RistrettoPoint RistrettoPoint::Basepoint() { return RistrettoPoint(EdwardsPoint::Basepoint()); }

Result<RistrettoPoint> RistrettoPoint::Decode(ByteView bytes) {
  if (bytes.size() != 32) return InvalidArgument("invalid ristretto255 encoding");
  const Fe s = Fe::FromBytes(bytes.data());
  RistrettoBytes canonical;
  s.ToBytes(canonical.data());
  // Step 1: s must be canonical (this also rejects bit 255) and non-negative.
  const bool canonical_ok = ConstantTimeEquals(canonical, bytes);
  const uint64_t s_negative = IsNegative(s);
  const Fe one = Fe::One();
  const Fe ss = Square(s);
  const Fe u1 = one - ss;
  const Fe u2 = one + ss;
  const Fe u2_sqr = Square(u2);
  const Fe v = -(kD * Square(u1)) - u2_sqr;
  Fe invsqrt;
  const uint64_t was_square = SqrtRatioM1(one, v * u2_sqr, &invsqrt);
  const Fe den_x = invsqrt * u2;
  const Fe den_y = invsqrt * den_x * v;
  const Fe x = Abs((s + s) * den_x);
  const Fe y = u1 * den_y;
  const Fe t = x * y;
  const uint64_t bad = (was_square ^ 1) | IsNegative(t) | IsZero(y) | s_negative;
  if (!canonical_ok || bad != 0) return InvalidArgument("invalid ristretto255 encoding");
  return RistrettoPoint(EdwardsPoint{x, y, Fe::One(), t});
}

RistrettoBytes RistrettoPoint::Encode() const {
  const Fe& x0 = p_.x;
  const Fe& y0 = p_.y;
  const Fe& z0 = p_.z;
  const Fe& t0 = p_.t;
  const Fe u1 = (z0 + y0) * (z0 - y0);
  const Fe u2 = x0 * y0;
  Fe invsqrt;
  SqrtRatioM1(Fe::One(), u1 * Square(u2), &invsqrt);
  const Fe den1 = invsqrt * u1;
  const Fe den2 = invsqrt * u2;
  const Fe z_inv = den1 * den2 * t0;
  const Fe ix0 = x0 * kSqrtM1;
  const Fe iy0 = y0 * kSqrtM1;
  const Fe enchanted_denominator = den1 * kInvSqrtAMinusD;
  const uint64_t rotate = IsNegative(t0 * z_inv);
  Fe x = x0, y = y0, den_inv = den2;
  CondAssign(&x, iy0, rotate);
  CondAssign(&y, ix0, rotate);
  CondAssign(&den_inv, enchanted_denominator, rotate);
  CondNegate(&y, IsNegative(x * z_inv));
  const Fe s = Abs(den_inv * (z0 - y));
  RistrettoBytes out;
  s.ToBytes(out.data());
  return out;
}

RistrettoPoint RistrettoPoint::FromUniformBytes(const std::array<uint8_t, 64>& bytes) {
  const EdwardsPoint p1 = MapToEdwards(Fe::FromBytes(bytes.data()));
  const EdwardsPoint p2 = MapToEdwards(Fe::FromBytes(bytes.data() + 32));
  return RistrettoPoint(p1 + p2);
}

RistrettoPoint operator*(const Scalar& s, const RistrettoPoint& p) {
  Scalar scalars[1] = {s};
  const RistrettoPoint points[1] = {p};
  const RistrettoPoint r = MultiscalarMul(scalars, points);
  scalars[0].Wipe();
  return r;
}

bool operator==(const RistrettoPoint& a, const RistrettoPoint& b) {
  const EdwardsPoint& p = a.p_;
  const EdwardsPoint& q = b.p_;
  const uint64_t same = CtEq(p.x * q.y, p.y * q.x) | CtEq(p.y * q.y, p.x * q.x);
  return same != 0;
}

}  // namespace signet::crypto::ristretto
