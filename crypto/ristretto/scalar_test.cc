#include "crypto/ristretto/scalar.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "base/encoding.h"
#include "crypto/ristretto/test_util.h"

namespace signet::crypto::ristretto {
namespace {

using testing::Rng;

std::string Hex(const Scalar& s) { return HexEncode(s.ToBytes()); }

class ScalarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(ScalarTest, ArithmeticMatchesLibsodium) {
  Rng rng(11);
  for (int i = 0; i < 300; ++i) {
    const auto wa = rng.Bytes<64>(), wb = rng.Bytes<64>();
    const Scalar a = Scalar::FromBytesModOrderWide(wa), b = Scalar::FromBytesModOrderWide(wb);
    uint8_t sa[32], sb[32], out[32];
    crypto_core_ristretto255_scalar_reduce(sa, wa.data());
    crypto_core_ristretto255_scalar_reduce(sb, wb.data());
    ASSERT_EQ(Hex(a), HexEncode(ByteView(sa, 32)));
    crypto_core_ristretto255_scalar_add(out, sa, sb);
    EXPECT_EQ(Hex(a + b), HexEncode(ByteView(out, 32)));
    crypto_core_ristretto255_scalar_sub(out, sa, sb);
    EXPECT_EQ(Hex(a - b), HexEncode(ByteView(out, 32)));
    crypto_core_ristretto255_scalar_mul(out, sa, sb);
    EXPECT_EQ(Hex(a * b), HexEncode(ByteView(out, 32)));
    crypto_core_ristretto255_scalar_negate(out, sa);
    EXPECT_EQ(Hex(-a), HexEncode(ByteView(out, 32)));
    ASSERT_EQ(crypto_core_ristretto255_scalar_invert(out, sa), 0);
    EXPECT_EQ(Hex(a.Invert()), HexEncode(ByteView(out, 32)));
    // 32-byte reduction: libsodium's reduce of the zero-extended input.
    std::array<uint8_t, 32> a32;
    std::copy(wa.begin(), wa.begin() + 32, a32.begin());
    uint8_t wide[64] = {};
    std::copy(a32.begin(), a32.end(), wide);
    crypto_core_ristretto255_scalar_reduce(out, wide);
    EXPECT_EQ(Hex(Scalar::FromBytesModOrder(a32)), HexEncode(ByteView(out, 32)));
  }
}

TEST_F(ScalarTest, ExtremeWideInputsReduce) {
  std::array<uint8_t, 64> ff;
  ff.fill(0xff);
  uint8_t out[32];
  crypto_core_ristretto255_scalar_reduce(out, ff.data());
  EXPECT_EQ(Hex(Scalar::FromBytesModOrderWide(ff)), HexEncode(ByteView(out, 32)));
  std::array<uint8_t, 32> ff32;
  ff32.fill(0xff);
  uint8_t wide[64] = {};
  std::fill(wide, wide + 32, 0xff);
  crypto_core_ristretto255_scalar_reduce(out, wide);
  EXPECT_EQ(Hex(Scalar::FromBytesModOrder(ff32)), HexEncode(ByteView(out, 32)));
}

TEST_F(ScalarTest, CanonicalBytesRejectsValuesAtOrAboveOrder) {
  const Bytes l = testing::Hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  Bytes l_minus_1 = l;
  l_minus_1[0] -= 1;
  EXPECT_FALSE(Scalar::FromCanonicalBytes(l).has_value());
  ASSERT_TRUE(Scalar::FromCanonicalBytes(l_minus_1).has_value());
  EXPECT_EQ(*Scalar::FromCanonicalBytes(l_minus_1), -Scalar::One());
  Bytes high_bit(32, 0);
  high_bit[31] = 0x80;
  EXPECT_FALSE(Scalar::FromCanonicalBytes(high_bit).has_value());
  EXPECT_FALSE(Scalar::FromCanonicalBytes(Bytes(31, 0)).has_value());
  EXPECT_TRUE(Scalar::FromCanonicalBytes(Bytes(32, 0)).has_value());
}

// Recompose evaluates sum d_i base^i as a Scalar.
template <typename Digits>
Scalar Recompose(const Digits& d, uint64_t base) {
  Scalar acc;
  for (size_t i = d.size(); i-- > 0;) {
    const Scalar digit = d[i] >= 0 ? Scalar::FromU64(static_cast<uint64_t>(d[i]))
                                   : -Scalar::FromU64(static_cast<uint64_t>(-d[i]));
    acc = acc * Scalar::FromU64(base) + digit;
  }
  return acc;
}

TEST_F(ScalarTest, DigitRecodingsReconstructTheScalar) {
  Rng rng(12);
  for (int i = 0; i < 50; ++i) {
    const Scalar s = i == 0 ? -Scalar::One() : rng.RandomScalar();
    const auto r16 = s.ToRadix16();
    for (int8_t d : r16) {
      EXPECT_GE(d, -8);
      EXPECT_LE(d, 8);
    }
    EXPECT_EQ(Recompose(r16, 16), s);
    for (int w = 2; w <= 8; ++w) {
      const auto naf = s.ToNaf(w);
      for (size_t k = 0; k < naf.size(); ++k) {
        if (naf[k] == 0) continue;
        EXPECT_EQ(naf[k] & 1, 1);
        EXPECT_LT(std::abs(naf[k]), 1 << (w - 1));
        for (int z = 1; z < w && k + z < naf.size(); ++z) EXPECT_EQ(naf[k + z], 0);
      }
      EXPECT_EQ(Recompose(naf, 2), s) << w;
    }
    for (int c = 4; c <= 12; ++c) {
      const auto d = s.ToRadix2w(c);
      for (int16_t x : d) EXPECT_LE(std::abs(x), 1 << (c - 1));
      EXPECT_EQ(Recompose(d, uint64_t{1} << c), s) << c;
    }
  }
}

TEST_F(ScalarTest, PreparedMultiplicationMatchesPlain) {
  Rng rng(14);
  for (int i = 0; i < 50; ++i) {
    const Scalar a = rng.RandomScalar(), b = rng.RandomScalar(), c = rng.RandomScalar();
    const PreparedScalar pb(b), pc(c);
    EXPECT_EQ(a * pb, a * b);
    EXPECT_EQ(a * (pb * pc), a * b * c);
    PreparedScalar acc(Scalar::One());
    acc *= pb;
    EXPECT_EQ(Scalar::One() * acc, b);
  }
}

TEST_F(ScalarTest, BatchInvertMatchesSingleInversions) {
  Rng rng(13);
  std::vector<Scalar> xs(17), want(17);
  for (size_t i = 0; i < xs.size(); ++i) {
    xs[i] = rng.RandomScalar();
    want[i] = xs[i].Invert();
  }
  ASSERT_TRUE(BatchInvert(xs));
  EXPECT_EQ(xs, want);
  xs[3] = Scalar::Zero();
  EXPECT_FALSE(BatchInvert(xs));
  EXPECT_TRUE(Scalar::Zero().Invert().IsZero());
}

TEST_F(ScalarTest, WipeZeroesAndSecretScalarsWipeOnMove) {
  Scalar s = Scalar::FromU64(42);
  s.Wipe();
  EXPECT_TRUE(s.IsZero());
  SecretScalars a(3);
  a[0] = Scalar::FromU64(1);
  SecretScalars b = std::move(a);
  EXPECT_EQ(b[0], Scalar::One());
  b.Wipe();
  EXPECT_TRUE(b[0].IsZero());
}

}  // namespace
}  // namespace signet::crypto::ristretto
