#include "proofs/bulletproofs/range_proof.h"

#include <gtest/gtest.h>

#include <memory>

#include "crypto/keccak.h"

namespace signet::proofs::bulletproofs {
namespace {

// SeededSource is a deterministic RandomSource (SHAKE256 of a seed) for reproducible tests.
RandomSource SeededSource(uint64_t seed) {
  auto shake = std::make_shared<crypto::Shake256>();
  uint8_t s[8];
  for (int i = 0; i < 8; ++i) s[i] = static_cast<uint8_t>(seed >> (8 * i));
  shake->Absorb(s);
  return [shake](std::span<uint8_t> out) { shake->Squeeze(out); };
}

struct Witness {
  std::vector<uint64_t> values;
  std::vector<Scalar> blindings;
};

Witness MakeWitness(size_t n, size_t m, const RandomSource& rng) {
  Witness s;
  for (size_t j = 0; j < m; ++j) {
    uint64_t v;
    rng(std::span(reinterpret_cast<uint8_t*>(&v), sizeof(v)));
    if (n < 64) v &= (uint64_t{1} << n) - 1;
    if (j == 0) v = 0;
    if (j == 1) v = (n == 64) ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    s.values.push_back(v);
    s.blindings.push_back(RandomScalar(rng));
  }
  return s;
}

Result<RangeProof::ProveOutput> ProveWith(const Witness& s, size_t n, const RandomSource& rng,
                                          std::string_view label = "RangeProofTest") {
  MerlinTranscript t(label);
  return RangeProof::Prove(DefaultBulletproofGens(), DefaultPedersenGens(), t, s.values,
                           s.blindings, n, rng);
}

Status VerifyWith(const RangeProof& proof, std::span<const RistrettoBytes> commitments, size_t n,
                  std::string_view label = "RangeProofTest") {
  MerlinTranscript t(label);
  return proof.Verify(DefaultBulletproofGens(), DefaultPedersenGens(), t, commitments, n);
}

TEST(RangeProofTest, ProvesAndVerifiesEveryBitSizeAndAggregation) {
  const RandomSource rng = SeededSource(1);
  for (size_t n : {8, 16, 32, 64}) {
    for (size_t m : {1, 2, 4, 8}) {
      const Witness s = MakeWitness(n, m, rng);
      auto out = ProveWith(s, n, rng);
      ASSERT_TRUE(out.has_value()) << out.error().ToString();
      ASSERT_EQ(out->commitments.size(), m);
      for (size_t j = 0; j < m; ++j) {
        EXPECT_EQ(
            out->commitments[j],
            DefaultPedersenGens().Commit(Scalar::FromU64(s.values[j]), s.blindings[j]).Encode());
      }
      const Bytes bytes = out->proof.ToBytes();
      size_t lg = 0;
      while ((size_t{1} << lg) < n * m) ++lg;
      EXPECT_EQ(bytes.size(), 32 * (9 + 2 * lg));
      auto parsed = RangeProof::FromBytes(bytes);
      ASSERT_TRUE(parsed.has_value());
      EXPECT_TRUE(VerifyWith(*parsed, out->commitments, n).ok()) << n << "x" << m;
    }
  }
}

TEST(RangeProofTest, RefusesToProveOutOfRangeValues) {
  const RandomSource rng = SeededSource(2);
  for (size_t n : {8, 16, 32}) {
    Witness s = MakeWitness(n, 2, rng);
    s.values[1] = uint64_t{1} << n;
    auto out = ProveWith(s, n, rng);
    ASSERT_FALSE(out.has_value());
    EXPECT_EQ(out.error().code(), ErrorCode::kInvalidArgument);
    s.values[1] = ~uint64_t{0};
    EXPECT_FALSE(ProveWith(s, n, rng).has_value());
  }
}

TEST(RangeProofTest, RejectsBadParameters) {
  const RandomSource rng = SeededSource(3);
  Witness s = MakeWitness(32, 3, rng);
  EXPECT_FALSE(ProveWith(s, 32, rng).has_value());  // m = 3 is not a power of two
  s = MakeWitness(8, 16, rng);
  EXPECT_FALSE(ProveWith(s, 8, rng).has_value());  // more parties than generators
  s = MakeWitness(32, 1, rng);
  EXPECT_FALSE(ProveWith(s, 12, rng).has_value());
  EXPECT_FALSE(ProveWith(s, 128, rng).has_value());
  s.blindings.push_back(Scalar::One());
  EXPECT_FALSE(ProveWith(s, 32, rng).has_value());  // blinding count mismatch
  s = Witness{};
  EXPECT_FALSE(ProveWith(s, 32, rng).has_value());  // no values
}

TEST(RangeProofTest, InjectedRandomnessMakesProofsReproducible) {
  const Witness s = MakeWitness(16, 2, SeededSource(4));
  auto a = ProveWith(s, 16, SeededSource(5));
  auto b = ProveWith(s, 16, SeededSource(5));
  auto c = ProveWith(s, 16, SeededSource(6));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->proof.ToBytes(), b->proof.ToBytes());
  EXPECT_NE(a->proof.ToBytes(), c->proof.ToBytes());
  EXPECT_EQ(a->commitments, c->commitments);
}

TEST(RangeProofTest, DoesNotVerifyForOtherCommitmentsBitSizeOrTranscript) {
  const RandomSource rng = SeededSource(7);
  const Witness s = MakeWitness(32, 2, rng);
  auto out = ProveWith(s, 32, rng);
  ASSERT_TRUE(out.has_value());
  const RangeProof& proof = out->proof;
  EXPECT_TRUE(VerifyWith(proof, out->commitments, 32).ok());
  std::vector<RistrettoBytes> swapped = {out->commitments[1], out->commitments[0]};
  EXPECT_FALSE(VerifyWith(proof, swapped, 32).ok());
  std::vector<RistrettoBytes> other = out->commitments;
  other[0] =
      DefaultPedersenGens().Commit(Scalar::FromU64(s.values[0] + 1), s.blindings[0]).Encode();
  EXPECT_FALSE(VerifyWith(proof, other, 32).ok());
  EXPECT_FALSE(VerifyWith(proof, out->commitments, 16).ok());
  EXPECT_FALSE(VerifyWith(proof, out->commitments, 64).ok());
  EXPECT_FALSE(VerifyWith(proof, out->commitments, 32, "another protocol").ok());
  EXPECT_FALSE(VerifyWith(proof, std::span(out->commitments).first(1), 32).ok());
  std::vector<RistrettoBytes> invalid = out->commitments;
  invalid[1][31] |= 0x80;  // not a canonical encoding
  EXPECT_FALSE(VerifyWith(proof, invalid, 32).ok());
}

TEST(RangeProofTest, ParserRejectsMalformedLayouts) {
  const RandomSource rng = SeededSource(8);
  auto out = ProveWith(MakeWitness(8, 1, rng), 8, rng);
  ASSERT_TRUE(out.has_value());
  const Bytes good = out->proof.ToBytes();
  EXPECT_FALSE(RangeProof::FromBytes({}).has_value());
  EXPECT_FALSE(RangeProof::FromBytes(ByteView(good).first(good.size() - 1)).has_value());
  EXPECT_FALSE(RangeProof::FromBytes(ByteView(good).first(good.size() - 32)).has_value());
  Bytes longer = good;
  longer.insert(longer.end(), 32, 0);
  EXPECT_FALSE(RangeProof::FromBytes(longer).has_value());  // odd number of IPP elements
  Bytes huge(RangeProof::kMaxSize + 64, 0);
  EXPECT_FALSE(RangeProof::FromBytes(huge).has_value());
  for (size_t scalar_index : {4, 5, 6}) {
    Bytes bad = good;
    std::fill(bad.begin() + 32 * scalar_index, bad.begin() + 32 * (scalar_index + 1), 0xff);
    EXPECT_FALSE(RangeProof::FromBytes(bad).has_value()) << scalar_index;
  }
  // An identity A is parsed (dalek defers point checks) but never verifies.
  Bytes identity_a = good;
  std::fill(identity_a.begin(), identity_a.begin() + 32, 0);
  auto parsed = RangeProof::FromBytes(identity_a);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_FALSE(VerifyWith(*parsed, out->commitments, 8).ok());
}

}  // namespace
}  // namespace signet::proofs::bulletproofs
