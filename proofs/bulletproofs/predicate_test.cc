#include "proofs/bulletproofs/predicate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <random>

#include "crypto/keccak.h"

namespace signet::proofs::bulletproofs {
namespace {

RandomSource SeededSource(uint64_t seed) {
  auto shake = std::make_shared<crypto::Shake256>();
  uint8_t s[8];
  for (int i = 0; i < 8; ++i) s[i] = static_cast<uint8_t>(seed >> (8 * i));
  shake->Absorb(s);
  return [shake](std::span<uint8_t> out) { shake->Squeeze(out); };
}

const Bytes kDomain = ToBytes("shop.example");
const Bytes kNonce = ToBytes("nonce-0123456789abcdef");

class PredicateTest : public ::testing::Test {
 protected:
  IssuedCommitment Issue(uint64_t value) { return CommitToValue(value, rng_); }
  Result<Bytes> Prove(const Predicate& p, const IssuedCommitment& c) {
    return ProvePredicate(p, c.opening, kDomain, kNonce, rng_);
  }
  RandomSource rng_ = SeededSource(99);
};

TEST_F(PredicateTest, ProvesAndVerifiesEveryKindIncludingBoundaries) {
  const IssuedCommitment c = Issue(18);
  for (const Predicate& p : {Predicate::AtLeast(18), Predicate::AtLeast(0), Predicate::AtMost(18),
                             Predicate::AtMost(~uint64_t{0}), Predicate::Between(18, 18),
                             Predicate::Between(0, 65), Predicate::Between(10, ~uint64_t{0})}) {
    auto proof = Prove(p, c);
    ASSERT_TRUE(proof.has_value()) << p.ToString();
    EXPECT_EQ(proof->size(), p.kind == PredicateKind::kBetween ? 18u + 736u : 10u + 672u);
    auto proven = VerifyPredicate(c.commitment, kDomain, kNonce, *proof);
    ASSERT_TRUE(proven.has_value()) << p.ToString();
    EXPECT_EQ(*proven, p);
    EXPECT_TRUE(VerifyExpectedPredicate(p, c.commitment, kDomain, kNonce, *proof).ok());
  }
}

TEST_F(PredicateTest, WorksAtTheEdgesOfTheValueRange) {
  for (uint64_t v : {uint64_t{0}, ~uint64_t{0}}) {
    const IssuedCommitment c = Issue(v);
    for (const Predicate& p : {Predicate::AtLeast(v), Predicate::AtMost(v)}) {
      auto proof = Prove(p, c);
      ASSERT_TRUE(proof.has_value());
      EXPECT_TRUE(VerifyExpectedPredicate(p, c.commitment, kDomain, kNonce, *proof).ok());
    }
  }
}

TEST_F(PredicateTest, RefusesToProveAFalsePredicate) {
  const IssuedCommitment c = Issue(17);
  for (const Predicate& p : {Predicate::AtLeast(18), Predicate::AtMost(16),
                             Predicate::Between(18, 30), Predicate::Between(0, 16)}) {
    auto proof = Prove(p, c);
    ASSERT_FALSE(proof.has_value()) << p.ToString();
    EXPECT_EQ(proof.error().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(Prove(Predicate::Between(30, 10), Issue(20)).has_value());  // a > b
  Predicate bad = Predicate::AtLeast(1);
  bad.upper = 5;  // a bound the kind does not use
  EXPECT_FALSE(Prove(bad, c).has_value());
}

TEST_F(PredicateTest, DoesNotVerifyForAnotherCommitmentPredicateDomainOrNonce) {
  const IssuedCommitment c = Issue(42);
  const Predicate p = Predicate::AtLeast(18);
  const Bytes proof = Prove(p, c).value();
  ASSERT_TRUE(VerifyExpectedPredicate(p, c.commitment, kDomain, kNonce, proof).ok());

  // Another commitment, even to the same value.
  EXPECT_FALSE(VerifyPredicate(Issue(42).commitment, kDomain, kNonce, proof).has_value());
  // Another domain or nonce.
  EXPECT_FALSE(VerifyPredicate(c.commitment, ToBytes("evil.example"), kNonce, proof).has_value());
  EXPECT_FALSE(
      VerifyPredicate(c.commitment, kDomain, ToBytes("nonce-0123456789abcdeF"), proof).has_value());
  // Another predicate: rewrite the bound in the header (the proof is bound to the original).
  Bytes weaker = proof;
  weaker[2] = 17;
  EXPECT_FALSE(VerifyPredicate(c.commitment, kDomain, kNonce, weaker).has_value());
  // A valid proof for a different predicate than the one the relying party expects.
  EXPECT_FALSE(
      VerifyExpectedPredicate(Predicate::AtLeast(21), c.commitment, kDomain, kNonce, proof).ok());
  // An AtMost proof cannot be replayed as AtLeast with the same bound.
  Bytes kind_swapped = proof;
  kind_swapped[1] = static_cast<uint8_t>(PredicateKind::kAtMost);
  EXPECT_FALSE(VerifyPredicate(c.commitment, kDomain, kNonce, kind_swapped).has_value());
}

TEST_F(PredicateTest, ParserIsStrict) {
  const IssuedCommitment c = Issue(5);
  const Bytes proof = Prove(Predicate::Between(1, 9), c).value();
  auto verify = [&](const Bytes& b) {
    return VerifyPredicate(c.commitment, kDomain, kNonce, b).has_value();
  };
  ASSERT_TRUE(verify(proof));
  EXPECT_FALSE(verify({}));
  EXPECT_FALSE(verify(Bytes(proof.begin(), proof.end() - 1)));
  Bytes longer = proof;
  longer.push_back(0);
  EXPECT_FALSE(verify(longer));
  Bytes version = proof;
  version[0] = 2;
  EXPECT_FALSE(verify(version));
  Bytes kind = proof;
  kind[1] = 4;
  EXPECT_FALSE(verify(kind));
  Bytes inverted = proof;  // a = 10 > b = 9
  inverted[2] = 10;
  EXPECT_FALSE(verify(inverted));
  // Context limits.
  EXPECT_FALSE(VerifyPredicate(c.commitment, {}, kNonce, proof).has_value());
  EXPECT_FALSE(VerifyPredicate(c.commitment, kDomain, ToBytes("short"), proof).has_value());
  EXPECT_FALSE(
      ProvePredicate(Predicate::AtMost(9), c.opening, kDomain, ToBytes("short"), rng_).has_value());
  // An invalid commitment encoding.
  RistrettoBytes bad = c.commitment;
  bad[31] |= 0x80;
  EXPECT_FALSE(VerifyPredicate(bad, kDomain, kNonce, proof).has_value());
}

TEST_F(PredicateTest, RejectsSampledBitFlips) {
  const IssuedCommitment c = Issue(1000);
  const Bytes proof = Prove(Predicate::AtMost(5000), c).value();
  std::mt19937_64 rng(5);
  for (int k = 0; k < 200; ++k) {
    const size_t bit = (k < 80) ? static_cast<size_t>(k) : rng() % (8 * proof.size());
    Bytes flipped = proof;
    flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(VerifyPredicate(c.commitment, kDomain, kNonce, flipped).has_value()) << bit;
  }
}

TEST_F(PredicateTest, PredicateRendersAndEncodes) {
  EXPECT_EQ(Predicate::AtLeast(18).ToString(), "value >= 18");
  EXPECT_EQ(Predicate::AtMost(7).ToString(), "value <= 7");
  EXPECT_EQ(Predicate::Between(1, 2).ToString(), "1 <= value <= 2");
  EXPECT_EQ(Predicate::Between(1, 2).Encode(),
            (Bytes{3, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Predicate::AtMost(0x0102).Encode(), (Bytes{2, 2, 1, 0, 0, 0, 0, 0, 0}));
}

TEST_F(PredicateTest, OpeningSerialisesForTheVault) {
  const IssuedCommitment c = Issue(0x0102030405060708);
  const crypto::SecretBytes bytes = c.opening.Serialize();
  ASSERT_EQ(bytes.size(), CommitmentOpening::kSerializedSize);
  const ByteView raw = bytes.Reveal(crypto::SecretAccess::Get());
  EXPECT_EQ(raw[0], 0x08);
  auto parsed = CommitmentOpening::Parse(raw);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->value, c.opening.value);
  EXPECT_EQ(parsed->blinding, c.opening.blinding);
  EXPECT_FALSE(CommitmentOpening::Parse(raw.first(39)).has_value());
  Bytes non_canonical(raw.begin(), raw.end());
  std::fill(non_canonical.begin() + 8, non_canonical.end(), 0xff);
  EXPECT_FALSE(CommitmentOpening::Parse(non_canonical).has_value());
}

TEST_F(PredicateTest, OpeningRecomputesTheIssuedCommitment) {
  const IssuedCommitment c = Issue(123);
  EXPECT_EQ(CommitmentFor(c.opening), c.commitment);
  CommitmentOpening copy = c.opening;
  copy.Wipe();
  EXPECT_EQ(copy.value, 0u);
  EXPECT_TRUE(copy.blinding.IsZero());
}

TEST(PredicateFuzzSeedTest, PredicateSeedsOfTheFuzzCorpusVerify) {
  // The fuzz target verifies predicate seeds against this opening, domain and nonce; the seeds
  // must stay valid so mutations exercise the whole verifier.
  std::array<uint8_t, 64> b;
  b.fill(0x07);
  const RistrettoBytes commitment =
      CommitmentFor(CommitmentOpening(42, Scalar::FromBytesModOrderWide(b)));
  for (const char* name : {"predicate_at_least", "predicate_at_most", "predicate_between"}) {
    std::ifstream in(std::string(SIGNET_SOURCE_DIR) +
                         "/proofs/bulletproofs/testdata/bulletproofs_proof_fuzz/" + name,
                     std::ios::binary);
    const Bytes seed{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    ASSERT_GT(seed.size(), 1u) << name;
    EXPECT_EQ(seed[0], 0x80);
    EXPECT_TRUE(VerifyPredicate(commitment, ToBytes("fuzz.example"),
                                ToBytes("fuzz-nonce-0123456789"), ByteView(seed).subspan(1))
                    .has_value())
        << name;
  }
}

}  // namespace
}  // namespace signet::proofs::bulletproofs
