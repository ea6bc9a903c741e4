#include "crypto/bls12_381/pairing.h"

#include <gtest/gtest.h>

#include <random>

#include "crypto/bls12_381/test_util.h"

namespace signet::crypto::bls12_381 {
namespace {

using testing::RandomScalar;

TEST(PairingTest, GeneratorPairingMatchesVector) {
  const auto v = testing::LoadVector("bls12-381/pairing-generators.json")["gt"];
  const Gt e = Pairing(G1Generator(), G2Generator());
  const Fp6* halves[2] = {&e.c0, &e.c1};
  for (int a = 0; a < 2; ++a) {
    const Fp2* c[3] = {&halves[a]->c0, &halves[a]->c1, &halves[a]->c2};
    for (int b = 0; b < 3; ++b) {
      const std::string key = "c" + std::to_string(a) + ".c" + std::to_string(b) + ".c";
      EXPECT_EQ(testing::FpHex(c[b]->c0), v[key + "0"].get<std::string>()) << key;
      EXPECT_EQ(testing::FpHex(c[b]->c1), v[key + "1"].get<std::string>()) << key;
    }
  }
}

TEST(PairingTest, IsBilinearAndNonDegenerate) {
  std::mt19937_64 rng(21);
  const ScalarLimbs a = RandomScalar(&rng), b = RandomScalar(&rng);
  const G1 p = G1Generator();
  const G2 q = G2Generator();
  const Gt base = Pairing(p, q);
  EXPECT_FALSE(base.IsOne());
  const Gt lhs = Pairing(MulVartime(p, a), MulVartime(q, b));
  const Fr ab = Fr::FromCanonical(a) * Fr::FromCanonical(b);
  EXPECT_EQ(lhs, Pairing(MulVartime(p, ab.ToCanonical()), q));
  EXPECT_EQ(Pairing(MulVartime(p, a), q), Pairing(p, MulVartime(q, a)));
  EXPECT_EQ(Pairing(p + p, q), base * base);
}

TEST(PairingTest, MultiPairingSharesFinalExponentiation) {
  std::mt19937_64 rng(22);
  const ScalarLimbs a = RandomScalar(&rng);
  const G1 ps[2] = {MulVartime(G1Generator(), a), -G1Generator()};
  const G2 qs[2] = {G2Generator(), MulVartime(G2Generator(), a)};
  EXPECT_TRUE(MultiPairing(ps, qs).IsOne());
  const G2 wrong[2] = {G2Generator(), MulVartime(G2Generator(), RandomScalar(&rng))};
  EXPECT_FALSE(MultiPairing(ps, wrong).IsOne());
  EXPECT_EQ(MultiPairing(std::span(ps, 1), std::span(qs, 1)), Pairing(ps[0], qs[0]));
  const G1 with_identity[2] = {G1::Identity(), G1Generator()};
  EXPECT_EQ(MultiPairing(with_identity, qs), Pairing(G1Generator(), qs[1]));
}

}  // namespace
}  // namespace signet::crypto::bls12_381

namespace signet::crypto::bls12_381 {
namespace {

TEST(PairingTest, PreparedMatchesOnTheFly) {
  std::mt19937_64 rng(23);
  const G1 ps[2] = {G1MulGenerator(testing::RandomScalar(&rng)), G1Generator()};
  const G2 qs[2] = {G2MulGenerator(testing::RandomScalar(&rng)), -G2Generator()};
  const G2Prepared a(qs[0]), b(qs[1]);
  const G2Prepared* prepared[2] = {&a, &b};
  EXPECT_EQ(MultiPairingPrepared(ps, prepared), MultiPairing(ps, qs));
  const G2Prepared inf(G2::Identity());
  EXPECT_TRUE(inf.infinity());
  const G2Prepared* with_inf[2] = {&a, &inf};
  EXPECT_EQ(MultiPairingPrepared(ps, with_inf), Pairing(ps[0], qs[0]));
}

}  // namespace
}  // namespace signet::crypto::bls12_381
