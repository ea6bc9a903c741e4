#include "crypto/ristretto/field.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/ristretto/edwards.h"
#include "crypto/ristretto/test_util.h"

namespace signet::crypto::ristretto {
namespace {

using testing::Rng;

std::string Hex(const Fe& a) {
  uint8_t b[32];
  a.ToBytes(b);
  return HexEncode(ByteView(b, 32));
}

Fe Small(uint64_t x) { return {{x, 0, 0, 0, 0}}; }

Fe RandomFe(Rng& rng) {
  const auto b = rng.Bytes<32>();
  return Fe::FromBytes(b.data());
}

TEST(FieldTest, EncodingIsCanonical) {
  // p - 1, p, p + 1 and 2^255 - 1 (bit 255 ignored on input) reduce to canonical form.
  Bytes p_minus_1 =
      testing::Hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  Bytes p = testing::Hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  Bytes p_plus_1 = testing::Hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  Bytes all = testing::Hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  EXPECT_EQ(Hex(Fe::FromBytes(p_minus_1.data())), HexEncode(p_minus_1));
  EXPECT_EQ(Hex(Fe::FromBytes(p.data())), Hex(Fe::Zero()));
  EXPECT_EQ(Hex(Fe::FromBytes(p_plus_1.data())), Hex(Fe::One()));
  EXPECT_EQ(Hex(Fe::FromBytes(all.data())), Hex(Small(18)));
  EXPECT_EQ(Hex(-Fe::One()), HexEncode(p_minus_1));
  EXPECT_EQ(IsZero(Fe::FromBytes(p.data())), 1u);
}

TEST(FieldTest, ConstantsMatchTheirDefinitions) {
  using namespace fe_constants;  // NOLINT(google-build-using-namespace)
  const Fe one = Fe::One();
  EXPECT_EQ(Hex(kD * Small(121666)), Hex(-Small(121665)));
  EXPECT_EQ(Hex(kD2), Hex(kD + kD));
  EXPECT_EQ(Hex(Square(kSqrtM1)), Hex(-one));
  EXPECT_EQ(IsNegative(kSqrtM1), 0u);
  // a = -1: SQRT_AD_MINUS_ONE^2 = -d - 1, INVSQRT_A_MINUS_D^2 * (-1 - d) = 1.
  EXPECT_EQ(Hex(Square(kSqrtAdMinusOne)), Hex(-kD - one));
  EXPECT_EQ(Hex(Square(kInvSqrtAMinusD) * (-one - kD)), Hex(one));
  EXPECT_EQ(Hex(kOneMinusDSq), Hex(one - Square(kD)));
  EXPECT_EQ(Hex(kDMinusOneSq), Hex(Square(kD - one)));
}

TEST(FieldTest, BasepointIsOnCurveWithYFourFifths) {
  const EdwardsPoint b = EdwardsPoint::Basepoint();
  EXPECT_EQ(Hex(b.y * Small(5)), Hex(Small(4)));
  EXPECT_EQ(Hex(b.x * b.y), Hex(b.t));
  const Fe xx = Square(b.x), yy = Square(b.y);
  EXPECT_EQ(Hex(yy - xx), Hex(Fe::One() + fe_constants::kD * xx * yy));
}

TEST(FieldTest, ArithmeticSatisfiesFieldLaws) {
  Rng rng(1);
  for (int i = 0; i < 200; ++i) {
    const Fe a = RandomFe(rng), b = RandomFe(rng), c = RandomFe(rng);
    EXPECT_EQ(Hex(a * (b + c)), Hex(a * b + a * c));
    EXPECT_EQ(Hex((a - b) + b), Hex(a));
    EXPECT_EQ(Hex(Square(a)), Hex(a * a));
    EXPECT_EQ(Hex(Square2(a)), Hex(a * a + a * a));
    EXPECT_EQ(Hex(Pow2k(a, 3)), Hex(Square(Square(Square(a)))));
    EXPECT_EQ(Hex(a * Invert(a)), Hex(Fe::One()));
    EXPECT_EQ(Hex(-(-a)), Hex(a));
  }
  EXPECT_EQ(Hex(Invert(Fe::Zero())), Hex(Fe::Zero()));
}

TEST(FieldTest, LooseLimbsAtTheirBoundsStillMultiplyCorrectly) {
  // Limbs near 2^54 (the documented input bound) multiply like their reduced values.
  Rng rng(2);
  for (int i = 0; i < 50; ++i) {
    const Fe a = RandomFe(rng), b = RandomFe(rng);
    Fe a_loose = a, b_loose = b;
    for (int k = 0; k < 5; ++k) {
      // Add 7p limb-wise: 7 * (2^51 - 19, 2^51 - 1, ...) keeps the value and makes limbs ~2^54.
      a_loose.v[k] += 7 * ((uint64_t{1} << 51) - (k == 0 ? 19 : 1));
      b_loose.v[k] += 7 * ((uint64_t{1} << 51) - (k == 0 ? 19 : 1));
    }
    EXPECT_EQ(Hex(a_loose * b_loose), Hex(a * b));
    EXPECT_EQ(Hex(Square(a_loose)), Hex(Square(a)));
    EXPECT_EQ(Hex(a_loose - b), Hex(a - b));
  }
}

TEST(FieldTest, SqrtRatioM1FindsRootsAndFlagsNonSquares) {
  Rng rng(3);
  int squares = 0;
  for (int i = 0; i < 100; ++i) {
    const Fe u = RandomFe(rng), v = RandomFe(rng);
    Fe r;
    const uint64_t ok = SqrtRatioM1(u, v, &r);
    EXPECT_EQ(IsNegative(r), 0u);
    if (ok) {
      ++squares;
      EXPECT_EQ(Hex(Square(r) * v), Hex(u));
    } else {
      EXPECT_EQ(Hex(Square(r) * v), Hex(fe_constants::kSqrtM1 * u));
    }
  }
  EXPECT_GT(squares, 20);
  EXPECT_LT(squares, 80);
  Fe r;
  EXPECT_EQ(SqrtRatioM1(Fe::Zero(), Fe::One(), &r), 1u);  // sqrt(0) = 0
  EXPECT_EQ(SqrtRatioM1(Fe::One(), Fe::Zero(), &r), 0u);  // division by zero is not square
}

}  // namespace
}  // namespace signet::crypto::ristretto
