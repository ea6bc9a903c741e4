// Statistical unlinkability of BBS proofs (issue 6, point 4).
//
// Setup (fixed seeds, so the verdict is reproducible): one issuer key; 48 proofs derived from ONE
// credential ("same" group) and 48 proofs each derived from a DIFFERENT credential over the same
// disclosed messages ("different" group); every proof discloses messages 0 and 2 of 5, so all
// proofs have the same length and the disclosed part carries no information.
//
// Statistic: for every pair of proofs inside a group we count differing bits (Hamming distance
// over the whole 368-byte proof). If proofs from one credential were linkable, same-credential
// pairs would be closer than different-credential pairs. We compare the two distance samples
// with a two-sample Kolmogorov-Smirnov test and require D < 1.95 * sqrt((n + m) / (n m)), the
// critical value at alpha = 0.001 (pairs share proofs, so the nominal alpha is approximate;
// with fixed seeds the outcome is deterministic). We also check that both means are within
// 4 standard deviations of the ideal Binomial(2944, 1/2) mean (1472, sd ~= 27.1; a few bits of
// every encoding are fixed flags or high bits of values < p or < r, which lowers the mean by a
// handful of bits only).
//
// The test can fail: DetectsLinkableConstructionThatReusesRandomness runs the same statistic on
// a deliberately broken prover that reuses its blinding scalars, which makes Abar, D (and more)
// repeat across proofs of one credential, and the test must reject it.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

#include "crypto/bls12_381/field.h"
#include "crypto/sha2.h"
#include "proofs/bbs/bbs.h"

namespace signet::proofs::bbs {
namespace {

constexpr size_t kProofs = 48;
constexpr size_t kMessages = 5;
const std::vector<size_t> kDisclosed = {0, 2};

// CounterRng is a deterministic scalar source for tests: SHA-256(seed || counter), 2 blocks per
// scalar (48 bytes used) reduced mod r.
class CounterRng {
 public:
  explicit CounterRng(uint64_t seed) : seed_(seed) {}
  RandomScalars AsSource() {
    return [this](std::span<Fr> out) {
      for (Fr& s : out) s = Next();
    };
  }
  Fr Next() {
    uint8_t buf[64];
    for (int half = 0; half < 2; ++half) {
      Bytes in;
      AppendU64BE(&in, seed_);
      AppendU64BE(&in, counter_++);
      const auto d = crypto::Sha256(in);
      std::copy(d.begin(), d.end(), buf + 32 * half);
    }
    return crypto::bls12_381::FrFromWideBytes(ByteView(buf, 48));
  }

 private:
  uint64_t seed_;
  uint64_t counter_ = 0;
};

struct Issuer {
  crypto::SecretBytes sk = *KeyGen(Bytes(32, 42), ToBytes("unlinkability"));
  Bytes pk = *SkToPk(sk);
};

std::vector<Bytes> Messages(size_t holder) {
  std::vector<Bytes> m;
  for (size_t i = 0; i < kMessages; ++i) {
    // Disclosed messages are identical for everyone; the hidden ones identify the holder.
    const bool disclosed = std::find(kDisclosed.begin(), kDisclosed.end(), i) != kDisclosed.end();
    m.push_back(ToBytes(disclosed ? "shared-" + std::to_string(i)
                                  : "holder-" + std::to_string(holder) + "-" + std::to_string(i)));
  }
  return m;
}

std::vector<int> PairwiseDistances(const std::vector<Bytes>& proofs) {
  std::vector<int> out;
  for (size_t a = 0; a < proofs.size(); ++a) {
    for (size_t b = a + 1; b < proofs.size(); ++b) {
      int d = 0;
      for (size_t i = 0; i < proofs[a].size(); ++i) {
        d += std::popcount(static_cast<unsigned>(proofs[a][i] ^ proofs[b][i]));
      }
      out.push_back(d);
    }
  }
  return out;
}

// KsStatistic is the two-sample Kolmogorov-Smirnov D.
double KsStatistic(std::vector<int> x, std::vector<int> y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  size_t i = 0, j = 0;
  double d = 0;
  while (i < x.size() && j < y.size()) {
    const int v = std::min(x[i], y[j]);
    while (i < x.size() && x[i] == v) ++i;
    while (j < y.size() && y[j] == v) ++j;
    d = std::max(d,
                 std::fabs(static_cast<double>(i) / x.size() - static_cast<double>(j) / y.size()));
  }
  return d;
}

double Mean(const std::vector<int>& v) {
  double s = 0;
  for (int x : v) s += x;
  return s / static_cast<double>(v.size());
}

struct Verdict {
  double ks, critical, mean_same, mean_diff;
  size_t bits;
  bool Indistinguishable() const {
    const double ideal = static_cast<double>(bits) / 2, sd = std::sqrt(bits / 4.0);
    return ks < critical && std::fabs(mean_same - ideal) < 4 * sd &&
           std::fabs(mean_diff - ideal) < 4 * sd;
  }
};

// RunGroups derives both groups; `same_rng` supplies scalars for the same-credential group.
Verdict RunGroups(const RandomScalars& same_rng) {
  const Issuer issuer;
  const Bytes header = ToBytes("issuer-header"), ph = ToBytes("verifier-nonce");
  const std::vector<Bytes> holder0 = Messages(0);
  const Bytes sig0 = *Sign(issuer.sk, issuer.pk, header, holder0);
  std::vector<Bytes> same, diff;
  CounterRng diff_rng(2);
  for (size_t k = 0; k < kProofs; ++k) {
    same.push_back(*ProofGen(issuer.pk, sig0, header, ph, holder0, kDisclosed, same_rng));
    const std::vector<Bytes> m = Messages(k + 1);
    const Bytes sig = *Sign(issuer.sk, issuer.pk, header, m);
    diff.push_back(*ProofGen(issuer.pk, sig, header, ph, m, kDisclosed, diff_rng.AsSource()));
  }
  const auto ds = PairwiseDistances(same), dd = PairwiseDistances(diff);
  const double n = static_cast<double>(ds.size()), m = static_cast<double>(dd.size());
  return {KsStatistic(ds, dd), 1.95 * std::sqrt((n + m) / (n * m)), Mean(ds), Mean(dd),
          same[0].size() * 8};
}

TEST(BbsUnlinkabilityTest, SameAndDifferentCredentialProofsAreIndistinguishable) {
  CounterRng rng(1);
  const Verdict v = RunGroups(rng.AsSource());
  std::printf("unlinkability: KS D=%.4f (critical %.4f), mean distance same=%.1f diff=%.1f\n", v.ks,
              v.critical, v.mean_same, v.mean_diff);
  EXPECT_TRUE(v.Indistinguishable())
      << "KS D=" << v.ks << " critical=" << v.critical << " mean same=" << v.mean_same
      << " mean diff=" << v.mean_diff;
}

TEST(BbsUnlinkabilityTest, DetectsLinkableConstructionThatReusesRandomness) {
  // A broken prover: every proof reuses the first draw of blinding scalars.
  CounterRng base(3);
  std::vector<Fr> fixed;
  for (int i = 0; i < 16; ++i) fixed.push_back(base.Next());
  const RandomScalars reused = [fixed](std::span<Fr> out) {
    std::copy(fixed.begin(), fixed.begin() + static_cast<long>(out.size()), out.begin());
  };
  const Verdict v = RunGroups(reused);
  EXPECT_FALSE(v.Indistinguishable()) << "KS D=" << v.ks << " critical=" << v.critical;
  EXPECT_GT(v.ks, 0.9);
}

}  // namespace
}  // namespace signet::proofs::bbs
