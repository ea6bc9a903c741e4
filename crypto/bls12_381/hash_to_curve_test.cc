#include "crypto/bls12_381/hash_to_curve.h"

#include <gtest/gtest.h>

#include "crypto/bls12_381/test_util.h"

namespace signet::crypto::bls12_381 {
namespace {

void ExpectPoint(const G1& p, const nlohmann::json& want) {
  const G1Affine a = p.ToAffine();
  ASSERT_FALSE(a.infinity);
  EXPECT_EQ(a.x, testing::FpFrom0x(want["x"]));
  EXPECT_EQ(a.y, testing::FpFrom0x(want["y"]));
}

TEST(HashToCurveTest, ExpandMessageXmdMatchesRfcVectors) {
  int count = 0;
  for (const char* file : {"hash-to-curve/expand_message_xmd_SHA256_38.json",
                           "hash-to-curve/expand_message_xmd_SHA256_256.json"}) {
    const auto v = testing::LoadVector(file);
    const std::string dst = v["DST"];
    for (const auto& t : v["tests"]) {
      const std::string msg = t["msg"];
      const size_t len = std::stoul(t["len_in_bytes"].get<std::string>(), nullptr, 16);
      auto out = ExpandMessageXmd(AsBytes(msg), AsBytes(dst), len);
      ASSERT_TRUE(out.has_value());
      EXPECT_EQ(HexEncode(*out), t["uniform_bytes"].get<std::string>()) << file << " " << msg;
      ++count;
    }
  }
  EXPECT_EQ(count, 20);
}

TEST(HashToCurveTest, ExpandMessageXmdRejectsBadLengths) {
  EXPECT_FALSE(ExpandMessageXmd(AsBytes("x"), AsBytes("d"), 0).has_value());
  EXPECT_FALSE(ExpandMessageXmd(AsBytes("x"), AsBytes("d"), 255 * 32 + 1).has_value());
  EXPECT_TRUE(ExpandMessageXmd(AsBytes("x"), AsBytes("d"), 255 * 32).has_value());
}

TEST(HashToCurveTest, HashToG1MatchesRfcVectors) {
  const auto v = testing::LoadVector("hash-to-curve/BLS12381G1_XMD-SHA-256_SSWU_RO_.json");
  const std::string dst = v["dst"];
  int count = 0;
  for (const auto& t : v["vectors"]) {
    const std::string msg = t["msg"];
    auto uniform = ExpandMessageXmd(AsBytes(msg), AsBytes(dst), 128);
    ASSERT_TRUE(uniform.has_value());
    const Fp u0 = FpFromWideBytes(ByteView(uniform->data(), 64));
    const Fp u1 = FpFromWideBytes(ByteView(uniform->data() + 64, 64));
    EXPECT_EQ(u0, testing::FpFrom0x(t["u"][0]));
    EXPECT_EQ(u1, testing::FpFrom0x(t["u"][1]));
    ExpectPoint(MapToCurveG1(u0), t["Q0"]);
    ExpectPoint(MapToCurveG1(u1), t["Q1"]);
    auto p = HashToG1(AsBytes(msg), AsBytes(dst));
    ASSERT_TRUE(p.has_value());
    ExpectPoint(*p, t["P"]);
    EXPECT_TRUE(G1IsInSubgroup(*p));
    ++count;
  }
  EXPECT_EQ(count, 5);
}

}  // namespace
}  // namespace signet::crypto::bls12_381
