#include "crypto/ristretto/msm.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <vector>

#include "base/encoding.h"
#include "crypto/ristretto/precomputed.h"
#include "crypto/ristretto/test_util.h"

namespace signet::crypto::ristretto {
namespace {

using testing::Rng;

std::string Hex(const RistrettoPoint& p) { return HexEncode(p.Encode()); }

struct Instance {
  std::vector<Scalar> scalars;
  std::vector<RistrettoPoint> points;
  std::string want;  // computed with libsodium, one scalar multiplication at a time
};

Instance MakeInstance(Rng& rng, size_t n) {
  Instance in;
  uint8_t acc[32] = {};  // libsodium's identity encoding is all zeros
  for (size_t i = 0; i < n; ++i) {
    uint8_t p[32], q[32];
    crypto_core_ristretto255_from_hash(p, rng.Bytes<64>().data());
    // Mix in small and special scalars so edge digits are exercised.
    Scalar s = rng.RandomScalar();
    if (i % 7 == 3) s = Scalar::FromU64(i);
    if (i % 11 == 5) s = -Scalar::One();
    if (i % 13 == 6) s = Scalar::Zero();
    in.scalars.push_back(s);
    in.points.push_back(RistrettoPoint::Decode(ByteView(p, 32)).value());
    const auto sb = s.ToBytes();
    if (crypto_scalarmult_ristretto255(q, sb.data(), p) != 0) std::fill(q, q + 32, 0);
    crypto_core_ristretto255_add(acc, acc, q);
  }
  in.want = HexEncode(ByteView(acc, 32));
  return in;
}

class MsmTest : public ::testing::TestWithParam<size_t> {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

TEST_P(MsmTest, AllAlgorithmsAgreeWithLibsodium) {
  Rng rng(31 + GetParam());
  const Instance in = MakeInstance(rng, GetParam());
  EXPECT_EQ(Hex(MultiscalarMul(in.scalars, in.points)), in.want);
  EXPECT_EQ(Hex(StrausVartime(in.scalars, in.points)), in.want);
  EXPECT_EQ(Hex(PippengerVartime(in.scalars, in.points)), in.want);
  EXPECT_EQ(Hex(VartimeMultiscalarMul(in.scalars, in.points)), in.want);
}

TEST_P(MsmTest, PrecomputedTablesAgreeWithLibsodium) {
  Rng rng(131 + GetParam());
  const Instance in = MakeInstance(rng, GetParam());
  const std::vector<GeneratorTable> naf = GeneratorTable::BuildMany(in.points);
  const std::vector<Radix16Table> ct = Radix16Table::BuildMany(in.points);
  std::vector<const GeneratorTable*> naf_ptrs;
  std::vector<const Radix16Table*> ct_ptrs;
  for (size_t i = 0; i < in.points.size(); ++i) {
    naf_ptrs.push_back(&naf[i]);
    ct_ptrs.push_back(&ct[i]);
  }
  EXPECT_EQ(Hex(MultiscalarMulPrecomputed(in.scalars, ct_ptrs)), in.want);
  EXPECT_EQ(Hex(VartimeMultiscalarMulMixed(in.scalars, naf_ptrs, {}, {})), in.want);
  // Split the same sum between precomputed and plain points at every third index.
  const size_t split = in.points.size() / 3;
  EXPECT_EQ(Hex(VartimeMultiscalarMulMixed(
                std::span(in.scalars).first(split), std::span(naf_ptrs).first(split),
                std::span(in.scalars).subspan(split), std::span(in.points).subspan(split))),
            in.want);
}

INSTANTIATE_TEST_SUITE_P(Sizes, MsmTest, ::testing::Values(0, 1, 2, 3, 16, 65, 200, 520, 900));

TEST(MsmEdgeTest, AllZeroScalarsGiveIdentity) {
  std::vector<Scalar> s(5);
  std::vector<RistrettoPoint> p(5, RistrettoPoint::Basepoint());
  EXPECT_TRUE(StrausVartime(s, p).IsIdentity());
  EXPECT_TRUE(PippengerVartime(s, p).IsIdentity());
  EXPECT_TRUE(MultiscalarMul(s, p).IsIdentity());
}

}  // namespace
}  // namespace signet::crypto::ristretto
