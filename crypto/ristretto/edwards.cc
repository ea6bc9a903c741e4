#include "crypto/ristretto/edwards.h"

namespace signet::crypto::ristretto {

EdwardsPoint EdwardsPoint::Basepoint() {
  // x = 15112221349535400772501151409588531511454012693041857206046113283949847762202,
  // y = 4/5 (RFC 8032 §5.1), t = x y; the tests check y = 4/5, the curve equation and the
  // ristretto255 encoding of this point against RFC 9496 App. A.1.
  static constexpr Fe kX = {
      {1738742601995546, 1146398526822698, 2070867633025821, 562264141797630, 587772402128613}};
  static constexpr Fe kY = {
      {1801439850948184, 1351079888211148, 450359962737049, 900719925474099, 1801439850948198}};
  static constexpr Fe kT = {
      {1841354044333475, 16398895984059, 755974180946558, 900171276175154, 1821297809914039}};
  return {kX, kY, Fe::One(), kT};
}

AffineNiels EdwardsPoint::ToAffineNiels() const {
  const Fe zinv = Invert(z);
  const Fe ax = x * zinv, ay = y * zinv;
  return {Reduce(ay + ax), ay - ax, ax * ay * fe_constants::kD2};
}

EdwardsPoint MulByPow2(const EdwardsPoint& p, int k) {
  ProjectivePoint r = p.ToProjective();
  for (int i = 0; i < k - 1; ++i) r = r.Double().ToProjective();
  return r.Double().ToExtended();
}

}  // namespace signet::crypto::ristretto
