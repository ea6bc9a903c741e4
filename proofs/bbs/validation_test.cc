// Round trips and rejection of malformed input for the BBS API.

#include <gtest/gtest.h>

#include <thread>

#include "base/encoding.h"
#include "crypto/bls12_381/curves.h"
#include "proofs/bbs/bbs.h"

namespace signet::proofs::bbs {
namespace {

namespace bls = crypto::bls12_381;

struct Credential {
  crypto::SecretBytes sk;
  Bytes pk, sig;
  std::vector<Bytes> msgs;
  Bytes header = ToBytes("hdr");
};

Credential MakeCredential(size_t l, uint8_t seed = 1) {
  Credential c;
  c.sk = *KeyGen(Bytes(32, seed), ToBytes("validation"));
  c.pk = *SkToPk(c.sk);
  for (size_t i = 0; i < l; ++i) c.msgs.push_back(ToBytes("msg-" + std::to_string(i)));
  c.sig = *Sign(c.sk, c.pk, c.header, c.msgs);
  return c;
}

Bytes RBytes() {
  Bytes r(32);
  bls::FromLimbsBE<4>(bls::FrParams::kModulus, r.data());
  return r;
}

// TwistPointOutsideG2 returns the encoding of a point on E' that is not in G2.
Bytes TwistPointOutsideG2() {
  for (uint64_t x = 1;; ++x) {
    const bls::Fp2 fx{bls::Fp::FromU64(x), bls::Fp::One()};
    const auto y = bls::Fp2Sqrt(fx.Square() * fx + bls::G2Curve::B());
    if (!y) continue;
    const bls::G2 q{fx, *y, bls::Fp2::One()};
    if (bls::G2IsInSubgroup(q)) continue;
    const auto e = bls::G2Compress(q);
    return Bytes(e.begin(), e.end());
  }
}

TEST(BbsValidationTest, SignVerifyRoundTripsForSeveralMessageCounts) {
  for (size_t l : {0, 1, 5}) {
    const Credential c = MakeCredential(l);
    EXPECT_TRUE(Verify(c.pk, c.sig, c.header, c.msgs).has_value()) << l;
    EXPECT_FALSE(Verify(c.pk, c.sig, ToBytes("other"), c.msgs).has_value()) << l;
  }
}

TEST(BbsValidationTest, ProofRoundTripsForEverySubset) {
  const Credential c = MakeCredential(3);
  const Bytes ph = ToBytes("nonce");
  for (unsigned mask = 0; mask < 8; ++mask) {
    std::vector<size_t> idx;
    std::vector<Bytes> disclosed;
    for (size_t i = 0; i < 3; ++i) {
      if (mask & (1U << i)) {
        idx.push_back(i);
        disclosed.push_back(c.msgs[i]);
      }
    }
    auto proof = ProofGen(c.pk, c.sig, c.header, ph, c.msgs, idx);
    ASSERT_TRUE(proof.has_value()) << mask;
    EXPECT_EQ(proof->size(), kProofBaseSize + kScalarSize * (3 - idx.size()));
    auto st = ProofVerify(c.pk, *proof, c.header, ph, disclosed, idx);
    EXPECT_TRUE(st.has_value()) << mask << " " << (st ? "" : st.error().ToString());
  }
}

TEST(BbsValidationTest, VerificationFailuresAreGeneric) {
  const Credential c = MakeCredential(2);
  const std::vector<Bytes> swapped = {c.msgs[1], c.msgs[0]};
  auto st = Verify(c.pk, c.sig, c.header, swapped);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(st.error().message(), "invalid signature");
}

TEST(BbsValidationTest, RejectsMalformedSignatures) {
  const Credential c = MakeCredential(2);
  auto bad = [&](const Bytes& sig) {
    auto st = Verify(c.pk, sig, c.header, c.msgs);
    return !st.has_value() && st.error().code() == ErrorCode::kInvalidArgument;
  };
  EXPECT_TRUE(bad(Bytes(c.sig.begin(), c.sig.end() - 1)));  // short
  Bytes trailing = c.sig;
  trailing.push_back(0);
  EXPECT_TRUE(bad(trailing));
  Bytes e_zero = c.sig;
  for (size_t i = 48; i < e_zero.size(); ++i) e_zero[i] = 0;
  EXPECT_TRUE(bad(e_zero));
  Bytes e_r = c.sig;
  const Bytes r = RBytes();
  std::copy(r.begin(), r.end(), e_r.begin() + 48);
  EXPECT_TRUE(bad(e_r));
  Bytes a_identity = c.sig;
  for (size_t i = 0; i < 48; ++i) a_identity[i] = 0;
  a_identity[0] = 0xc0;
  EXPECT_TRUE(bad(a_identity));
  Bytes a_uncompressed = c.sig;
  a_uncompressed[0] &= 0x7f;
  EXPECT_TRUE(bad(a_uncompressed));
}

TEST(BbsValidationTest, RejectsMalformedPublicKeys) {
  const Credential c = MakeCredential(1);
  Bytes identity(96, 0);
  identity[0] = 0xc0;
  for (const Bytes& pk : {Bytes(c.pk.begin(), c.pk.end() - 1), identity, TwistPointOutsideG2()}) {
    auto st = Verify(pk, c.sig, c.header, c.msgs);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_FALSE(ProofVerify(pk, Bytes(kProofBaseSize + 32, 1), c.header, {}, {}, {}).has_value());
  }
  // ProofGen only hashes the key (as the draft does), so it checks the size alone.
  EXPECT_FALSE(ProofGen(Bytes(95, 1), c.sig, c.header, {}, c.msgs, {}).has_value());
}

TEST(BbsValidationTest, RejectsBadSecretKeys) {
  const Credential c = MakeCredential(1);
  for (const Bytes& sk : {Bytes(32, 0), RBytes(), Bytes(31, 1), Bytes(33, 1)}) {
    auto sig = Sign(crypto::SecretBytes::CopyFrom(sk), c.pk, c.header, c.msgs);
    EXPECT_FALSE(sig.has_value());
    EXPECT_FALSE(SkToPk(crypto::SecretBytes::CopyFrom(sk)).has_value());
  }
}

TEST(BbsValidationTest, RejectsMalformedProofs) {
  const Credential c = MakeCredential(3);
  const std::vector<size_t> idx = {1};
  const std::vector<Bytes> disclosed = {c.msgs[1]};
  const Bytes proof = *ProofGen(c.pk, c.sig, c.header, {}, c.msgs, idx);
  ASSERT_TRUE(ProofVerify(c.pk, proof, c.header, {}, disclosed, idx).has_value());
  auto code = [&](const Bytes& p, std::span<const Bytes> d, std::span<const size_t> i) {
    auto st = ProofVerify(c.pk, p, c.header, {}, d, i);
    return st.has_value() ? std::string("ok") : std::string(ErrorCodeName(st.error().code()));
  };
  EXPECT_EQ(code(Bytes(proof.begin(), proof.end() - 1), disclosed, idx), "invalid_argument");
  Bytes extra = proof;
  extra.push_back(1);
  EXPECT_EQ(code(extra, disclosed, idx), "invalid_argument");
  EXPECT_EQ(code(Bytes(100), disclosed, idx), "invalid_argument");
  EXPECT_EQ(code(Bytes(kMaxProofSize + 32), disclosed, idx), "too_large");
  // Appending a scalar makes the proof claim one more hidden message: well formed, invalid.
  Bytes longer = proof;
  longer.insert(longer.end() - 32, proof.end() - 32, proof.end());
  EXPECT_EQ(code(longer, disclosed, idx), "unauthenticated");
  Bytes scalar_r = proof;
  const Bytes r = RBytes();
  std::copy(r.begin(), r.end(), scalar_r.begin() + 144);
  EXPECT_EQ(code(scalar_r, disclosed, idx), "invalid_argument");
  Bytes scalar_zero = proof;
  for (size_t i = scalar_zero.size() - 32; i < scalar_zero.size(); ++i) scalar_zero[i] = 0;
  EXPECT_EQ(code(scalar_zero, disclosed, idx), "invalid_argument");
  Bytes point_identity = proof;
  for (size_t i = 49; i < 96; ++i) point_identity[i] = 0;
  point_identity[48] = 0xc0;
  EXPECT_EQ(code(point_identity, disclosed, idx), "invalid_argument");
  Bytes flipped = proof;
  flipped[proof.size() - 1] ^= 1;
  EXPECT_EQ(code(flipped, disclosed, idx), "unauthenticated");
  // Index errors.
  const std::vector<size_t> out_of_range = {3};
  EXPECT_EQ(code(proof, disclosed, out_of_range), "invalid_argument");
  const std::vector<size_t> two = {1, 2};
  EXPECT_EQ(code(proof, disclosed, two), "invalid_argument");  // count mismatch
}

TEST(BbsValidationTest, RejectsBadDisclosedIndexes) {
  const Credential c = MakeCredential(3);
  for (const std::vector<size_t>& idx :
       {std::vector<size_t>{3}, std::vector<size_t>{2, 1}, std::vector<size_t>{1, 1}}) {
    auto p = ProofGen(c.pk, c.sig, c.header, {}, c.msgs, idx);
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(BbsValidationTest, EnforcesSizeLimits) {
  const Credential c = MakeCredential(1);
  std::vector<Bytes> many(kMaxMessages + 1, Bytes{1});
  auto st = Verify(c.pk, c.sig, c.header, many);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code(), ErrorCode::kTooLarge);
  auto big_header = Sign(c.sk, c.pk, Bytes(kMaxHeaderBytes + 1), c.msgs);
  ASSERT_FALSE(big_header.has_value());
  EXPECT_EQ(big_header.error().code(), ErrorCode::kTooLarge);
  EXPECT_FALSE(CreateGenerators(kMaxMessages + 2).has_value());
}

TEST(BbsValidationTest, GeneratorCacheIsConsistentAcrossThreads) {
  std::vector<std::vector<Bytes>> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&results, t] { results[t] = *CreateGenerators(20 + 5 * t); });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < results.size(); ++t) {
    for (size_t i = 0; i < results[t].size(); ++i) EXPECT_EQ(results[t][i], results[3][i]);
  }
}

}  // namespace
}  // namespace signet::proofs::bbs
