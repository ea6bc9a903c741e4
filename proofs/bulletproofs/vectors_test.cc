// Dalek compatibility: the 16 proofs of dalek's tests/range_proof.rs (deserialize_and_verify)
// and the generator cross-check, from tests/vectors/bulletproofs/.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "base/encoding.h"
#include "proofs/bulletproofs/generators.h"
#include "proofs/bulletproofs/range_proof.h"

namespace signet::proofs::bulletproofs {
namespace {

using nlohmann::json;

json LoadVectors() {
  std::ifstream in(std::string(SIGNET_SOURCE_DIR) +
                   "/tests/vectors/bulletproofs/range-proof-deserialize-and-verify.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str(), nullptr, false);
}

RistrettoBytes ToPoint(const std::string& hex) {
  const Bytes b = HexDecode(hex).value();
  RistrettoBytes out;
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

struct VectorCase {
  size_t n, m;
  Bytes proof;
};

class DalekVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const json v = LoadVectors();
    ASSERT_FALSE(v.is_discarded());
    label_ = v["transcript_label"].get<std::string>();
    for (const json& c : v["value_commitments"]) commitments_.push_back(ToPoint(c));
    for (const json& p : v["proofs"]) {
      cases_.push_back({p["n_bits"].get<size_t>(), p["m_aggregated"].get<size_t>(),
                        HexDecode(p["proof"].get<std::string>()).value()});
    }
    crosscheck_ = v["derived_generators_crosscheck"];
  }

 public:
  // Check parses and verifies `bytes` as an (n, m) proof over the first m commitments.
  Status Check(const Bytes& bytes, size_t n, size_t m) const {
    auto proof = RangeProof::FromBytes(bytes);
    if (!proof) return proof.error();
    MerlinTranscript t(label_);
    return proof->Verify(DefaultBulletproofGens(), DefaultPedersenGens(), t,
                         std::span(commitments_).first(m), n);
  }

 protected:
  std::string label_;
  std::vector<RistrettoBytes> commitments_;
  std::vector<VectorCase> cases_;
  json crosscheck_;
};

TEST_F(DalekVectorsTest, GeneratorsMatchCrosscheck) {
  const PedersenGens& pc = DefaultPedersenGens();
  EXPECT_EQ(HexEncode(pc.B().Encode()), crosscheck_["B"].get<std::string>());
  EXPECT_EQ(HexEncode(pc.B_blinding().Encode()), crosscheck_["B_blinding"].get<std::string>());
  const BulletproofGens& bp = DefaultBulletproofGens();
  for (size_t i = 0; i < crosscheck_["G_party0"].size(); ++i) {
    EXPECT_EQ(HexEncode(bp.G(0, i).Encode()), crosscheck_["G_party0"][i].get<std::string>());
    EXPECT_EQ(HexEncode(bp.H(0, i).Encode()), crosscheck_["H_party0"][i].get<std::string>());
  }
}

TEST_F(DalekVectorsTest, VerifiesAllSixteenProofs) {
  ASSERT_EQ(cases_.size(), 16u);
  for (const VectorCase& c : cases_) {
    EXPECT_TRUE(Check(c.proof, c.n, c.m).ok()) << "n=" << c.n << " m=" << c.m;
    auto parsed = RangeProof::FromBytes(c.proof);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->ToBytes(), c.proof);  // re-encoding is byte-identical
  }
}

TEST_F(DalekVectorsTest, RejectsProofsForWrongBitSizeOrCommitments) {
  for (const VectorCase& c : cases_) {
    if (c.n != 64) {
      EXPECT_FALSE(Check(c.proof, c.n * 2, c.m).ok());
    }
    if (c.m < 8) {
      std::vector<RistrettoBytes> shifted(commitments_.begin() + 1, commitments_.begin() + 1 + c.m);
      auto proof = RangeProof::FromBytes(c.proof).value();
      MerlinTranscript t(label_);
      EXPECT_FALSE(
          proof.Verify(DefaultBulletproofGens(), DefaultPedersenGens(), t, shifted, c.n).ok());
    }
    auto proof = RangeProof::FromBytes(c.proof).value();
    MerlinTranscript other("another label");
    EXPECT_FALSE(proof
                     .Verify(DefaultBulletproofGens(), DefaultPedersenGens(), other,
                             std::span(commitments_).first(c.m), c.n)
                     .ok());
  }
}

// FlipRejected flips `bit` of the proof and reports whether parse-or-verify rejects it.
bool FlipRejected(const DalekVectorsTest& t, const VectorCase& c, size_t bit) {
  Bytes flipped = c.proof;
  flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return !t.Check(flipped, c.n, c.m).ok();
}

TEST_F(DalekVectorsTest, RejectsEverySingleBitFlipOfSingleProofs) {
  // Every bit of the smallest proof (8-bit) and of the single 64-bit proof, the one the
  // predicates use.
  for (const VectorCase& c : cases_) {
    if (c.m != 1 || (c.n != 8 && c.n != 64)) continue;
    for (size_t bit = 0; bit < 8 * c.proof.size(); ++bit) {
      EXPECT_TRUE(FlipRejected(*this, c, bit)) << c.n << "x" << c.m << " bit " << bit;
    }
  }
}

TEST_F(DalekVectorsTest, RejectsSampledBitFlipsOfEveryOtherProof) {
  // The other 14 proofs: the lowest and the highest bit of every 32-byte element (a changed
  // value, and a non-canonical encoding), plus a fixed-seed random sample of 24 bits each.
  std::mt19937_64 rng(0xb17f11b5);
  for (const VectorCase& c : cases_) {
    if (c.m == 1 && (c.n == 8 || c.n == 64)) continue;
    std::vector<size_t> bits;
    for (size_t elem = 0; elem < c.proof.size() / 32; ++elem) {
      bits.push_back(elem * 256);
      bits.push_back(elem * 256 + 255);
    }
    for (int k = 0; k < 24; ++k) bits.push_back(rng() % (8 * c.proof.size()));
    for (size_t bit : bits) {
      EXPECT_TRUE(FlipRejected(*this, c, bit)) << c.n << "x" << c.m << " bit " << bit;
    }
  }
}

}  // namespace
}  // namespace signet::proofs::bulletproofs
