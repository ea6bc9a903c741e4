#include "crypto/bls12_381/curves.h"

#include <gtest/gtest.h>

#include <random>

#include "crypto/bls12_381/glv.h"
#include "crypto/bls12_381/test_util.h"

namespace signet::crypto::bls12_381 {
namespace {

using testing::kOrderR;
using testing::RandomScalar;

// OnCurveOutsideG1 finds a point of E(Fp) that is not in G1 (the cofactor is large, so the
// first x with a square right-hand side almost surely works; we check it).
G1 OnCurveOutsideG1() {
  for (uint64_t x = 1;; ++x) {
    const Fp fx = Fp::FromU64(x);
    const auto y = FpSqrt(fx.Square() * fx + G1Curve::B());
    if (!y) continue;
    const G1 p{fx, *y, Fp::One()};
    if (!MulVartime(p, kOrderR).IsIdentity()) return p;
  }
}

G2 OnTwistOutsideG2() {
  for (uint64_t x = 1;; ++x) {
    const Fp2 fx{Fp::FromU64(x), Fp::One()};
    const auto y = Fp2Sqrt(fx.Square() * fx + G2Curve::B());
    if (!y) continue;
    const G2 q{fx, *y, Fp2::One()};
    if (!MulVartime(q, kOrderR).IsIdentity()) return q;
  }
}

TEST(CurvesTest, GeneratorsAreOnCurveAndHaveOrderR) {
  EXPECT_TRUE(G1Generator().IsOnCurve());
  EXPECT_TRUE(G2Generator().IsOnCurve());
  EXPECT_TRUE(MulVartime(G1Generator(), kOrderR).IsIdentity());
  EXPECT_TRUE(MulVartime(G2Generator(), kOrderR).IsIdentity());
  EXPECT_TRUE(G1IsInSubgroup(G1Generator()));
  EXPECT_TRUE(G2IsInSubgroup(G2Generator()));
}

TEST(CurvesTest, CompleteFormulasAgree) {
  const G1 g = G1Generator();
  const G1 g2 = g + g;
  EXPECT_EQ(g2, g.Double());
  EXPECT_EQ(g + G1::Identity(), g);
  EXPECT_TRUE((g - g).IsIdentity());
  EXPECT_TRUE(G1::Identity().Double().IsIdentity());
  EXPECT_EQ(g2.AddAffine(g.x, g.y), g2 + g);
  EXPECT_EQ(G1::Identity().AddAffine(g.x, g.y), g);
  const G2 h = G2Generator();
  EXPECT_EQ(h + h, h.Double());
  EXPECT_EQ((h + h) + h, h.Double().AddAffine(h.x, h.y));
  EXPECT_TRUE((g2 + g).IsOnCurve());
}

TEST(CurvesTest, ScalarMultiplicationsAgree) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 4; ++i) {
    const ScalarLimbs k = RandomScalar(&rng);
    const G1 a = MulVartime(G1Generator(), k);
    EXPECT_EQ(MulCt(G1Generator(), k), a);
    EXPECT_EQ(G1MulGenerator(k), a);
    const G2 b = MulVartime(G2Generator(), k);
    EXPECT_EQ(MulCt(G2Generator(), k), b);
    EXPECT_EQ(G2MulGenerator(k), b);
  }
  EXPECT_TRUE(G1MulGenerator({0, 0, 0, 0}).IsIdentity());
  ScalarLimbs r_minus_1 = kOrderR;
  r_minus_1[0] -= 1;
  EXPECT_EQ(G1MulGenerator(r_minus_1), -G1Generator());
  EXPECT_EQ(G2MulGenerator(r_minus_1), -G2Generator());
  const ScalarLimbs all_sixteens = {0x8421084210842108, 0x4210842108421084, 0x2108421084210842,
                                    0x0842108421084210};  // many windows equal to 16 or 17
  EXPECT_EQ(G1MulGenerator(all_sixteens), MulVartime(G1Generator(), all_sixteens));
  const FixedBaseTable<G1> table(G1Generator().Double());
  for (const ScalarLimbs& k : {r_minus_1, all_sixteens, RandomScalar(&rng)}) {
    G1 acc = G1Generator();
    table.AccumulateVartime(&acc, k);
    EXPECT_EQ(acc, G1Generator() + MulVartime(G1Generator().Double(), k));
  }
  EXPECT_TRUE(MulCt(G1Generator(), {0, 0, 0, 0}).IsIdentity());
}

TEST(CurvesTest, MultiScalarMultiplicationsMatchNaiveSum) {
  std::mt19937_64 rng(12);
  for (size_t n : {1, 3, 10, 40}) {
    std::vector<G1> pts;
    std::vector<ScalarLimbs> ks;
    G1 expect = G1::Identity();
    for (size_t i = 0; i < n; ++i) {
      pts.push_back(G1MulGenerator(RandomScalar(&rng)));
      ks.push_back(RandomScalar(&rng));
      expect = expect + MulVartime(pts.back(), ks.back());
    }
    EXPECT_EQ(MsmVartime<G1>(pts, ks), expect) << n;
    EXPECT_EQ(MsmCt<G1>(pts, ks), expect) << n;
  }
}

TEST(CurvesTest, SubgroupChecksRejectPointsOfWrongOrder) {
  const G1 p = OnCurveOutsideG1();
  EXPECT_TRUE(p.IsOnCurve());
  EXPECT_FALSE(G1IsInSubgroup(p));
  const G2 q = OnTwistOutsideG2();
  EXPECT_TRUE(q.IsOnCurve());
  EXPECT_FALSE(G2IsInSubgroup(q));
  // Random subgroup points pass.
  std::mt19937_64 rng(13);
  EXPECT_TRUE(G1IsInSubgroup(G1MulGenerator(RandomScalar(&rng))));
  EXPECT_TRUE(G2IsInSubgroup(G2MulGenerator(RandomScalar(&rng))));
}

TEST(CurvesTest, CompressedGeneratorsMatchKnownEncodings) {
  EXPECT_EQ(HexEncode(G1Compress(G1Generator())),
            "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af"
            "00adb22c6bb");
  EXPECT_EQ(HexEncode(G2Compress(G2Generator())).substr(0, 16), "93e02b6052719f60");
}

TEST(CurvesTest, SerializationRoundTrips) {
  std::mt19937_64 rng(14);
  for (int i = 0; i < 5; ++i) {
    const G1 p = G1MulGenerator(RandomScalar(&rng));
    const auto enc = G1Compress(p);
    auto back = G1Decompress(enc);
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_EQ(*back, p);
    const G2 q = G2MulGenerator(RandomScalar(&rng));
    auto q_back = G2Decompress(G2Compress(q));
    ASSERT_TRUE(q_back.has_value()) << q_back.error().ToString();
    EXPECT_EQ(*q_back, q);
  }
  auto inf = G1Decompress(G1Compress(G1::Identity()));
  ASSERT_TRUE(inf.has_value());
  EXPECT_TRUE(inf->IsIdentity());
  auto inf2 = G2Decompress(G2Compress(G2::Identity()));
  ASSERT_TRUE(inf2.has_value());
  EXPECT_TRUE(inf2->IsIdentity());
}

TEST(CurvesTest, DecompressRejectsMalformedEncodings) {
  auto enc = G1Compress(G1Generator());
  EXPECT_FALSE(G1Decompress(ByteView(enc.data(), 47)).has_value());
  auto no_flag = enc;
  no_flag[0] &= 0x7f;
  EXPECT_FALSE(G1Decompress(no_flag).has_value());
  std::array<uint8_t, 48> inf{};
  inf[0] = 0xc0;
  EXPECT_TRUE(G1Decompress(inf).has_value());
  inf[0] = 0xe0;  // infinity with sort flag
  EXPECT_FALSE(G1Decompress(inf).has_value());
  inf[0] = 0xc0;
  inf[47] = 1;  // infinity with nonzero x
  EXPECT_FALSE(G1Decompress(inf).has_value());
  // x = p (not reduced).
  std::array<uint8_t, 48> big{};
  FromLimbsBE<6>(FpParams::kModulus, big.data());
  big[0] |= 0x80;
  EXPECT_FALSE(G1Decompress(big).has_value());
  // x with no curve point.
  for (uint64_t x = 1;; ++x) {
    const Fp fx = Fp::FromU64(x);
    if (FpSqrt(fx.Square() * fx + G1Curve::B())) continue;
    std::array<uint8_t, 48> e{};
    FpToBytes(fx, e.data());
    e[0] |= 0x80;
    auto r = G1Decompress(e);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message().find("not on the curve"), std::string::npos);
    break;
  }
  // On the curve, outside the subgroup.
  auto r = G1Decompress(G1Compress(OnCurveOutsideG1()));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("subgroup"), std::string::npos);
  auto r2 = G2Decompress(G2Compress(OnTwistOutsideG2()));
  ASSERT_FALSE(r2.has_value());
  EXPECT_NE(r2.error().message().find("subgroup"), std::string::npos);
  std::array<uint8_t, 96> inf96{};
  inf96[0] = 0xe0;
  EXPECT_FALSE(G2Decompress(inf96).has_value());
}

}  // namespace
}  // namespace signet::crypto::bls12_381

namespace signet::crypto::bls12_381 {
namespace {

TEST(GlvTest, SplitRecombines) {
  std::mt19937_64 rng(31);
  for (int i = 0; i < 20; ++i) {
    ScalarLimbs k = {rng(), rng(), rng(), rng()};
    std::array<uint64_t, 2> k0;
    std::array<uint64_t, 3> q;
    GlvSplit(k, &k0, &q);
    // q * s + k0 == k, checked with 128-bit pieces.
    const u128 s = (static_cast<u128>(0xac45a4010001a402) << 64) | 0x0000000100000000;
    const u128 slo = static_cast<uint64_t>(s), shi = s >> 64;
    uint64_t out[5] = {};
    for (int a = 0; a < 3; ++a) {
      for (int b = 0; b < 2; ++b) {
        u128 prod = static_cast<u128>(q[a]) * static_cast<uint64_t>(b == 0 ? slo : shi);
        for (int c = a + b; c < 5 && prod != 0; ++c) {
          const u128 sum = static_cast<u128>(out[c]) + static_cast<uint64_t>(prod);
          out[c] = static_cast<uint64_t>(sum);
          prod = (prod >> 64) + (sum >> 64);
        }
      }
    }
    u128 carry = 0;
    for (int c = 0; c < 5; ++c) {
      const u128 sum = static_cast<u128>(out[c]) + (c < 2 ? k0[c] : 0) + carry;
      out[c] = static_cast<uint64_t>(sum);
      carry = sum >> 64;
    }
    for (int c = 0; c < 4; ++c) EXPECT_EQ(out[c], k[c]);
    EXPECT_EQ(out[4], 0u);
    EXPECT_TRUE(k0[1] < 0xac45a4010001a402 || (k0[1] == 0xac45a4010001a402 && k0[0] < 0x100000000));
  }
}

TEST(GlvTest, MatchesPlainScalarMultiplication) {
  std::mt19937_64 rng(32);
  std::vector<ScalarLimbs> ks = {
      {0, 0, 0, 0},
      {1, 0, 0, 0},
      {0x100000000, 0xac45a4010001a402, 0, 0},
      {0xffffffff00000000, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48}};
  for (int i = 0; i < 6; ++i) ks.push_back(testing::RandomScalar(&rng));
  std::vector<G1> pts;
  G1 expect = G1::Identity();
  for (const auto& k : ks) {
    const G1 p = G1MulGenerator(testing::RandomScalar(&rng));
    EXPECT_EQ(G1MulGlvCt(p, k), MulVartime(p, k));
    pts.push_back(p);
    expect = expect + MulVartime(p, k);
  }
  EXPECT_EQ(G1MsmGlvCt(pts, ks), expect);
  EXPECT_EQ(G1MsmGlvVartime(pts, ks), expect);
}

}  // namespace
}  // namespace signet::crypto::bls12_381
