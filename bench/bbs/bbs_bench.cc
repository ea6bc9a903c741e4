// Google Benchmark suite for BLS12-381 and BBS (10 messages, proofs disclosing 3 of 10). The
// anchors (blst, @digitalbazaar/bbs-signatures) are measured by anchors.mjs in the same run.sh.

#include <benchmark/benchmark.h>

#include "crypto/bls12_381/pairing.h"
#include "proofs/bbs/bbs.h"

namespace {

namespace bls = signet::crypto::bls12_381;
namespace bbs = signet::proofs::bbs;

struct Fixture {
  signet::crypto::SecretBytes sk;
  signet::Bytes pk, sig, proof;
  std::vector<signet::Bytes> msgs, disclosed;
  std::vector<size_t> idx = {0, 4, 8};
  signet::Bytes header = signet::ToBytes("bench-header");
  signet::Bytes ph = signet::ToBytes("bench-presentation-header");

  Fixture() {
    sk = *bbs::KeyGen(signet::Bytes(32, 7), {});
    pk = *bbs::SkToPk(sk);
    for (int i = 0; i < 10; ++i)
      msgs.push_back(signet::ToBytes("message number " + std::to_string(i)));
    sig = *bbs::Sign(sk, pk, header, msgs);
    proof = *bbs::ProofGen(pk, sig, header, ph, msgs, idx);
    for (size_t i : idx) disclosed.push_back(msgs[i]);
  }
};

const Fixture& F() {
  static const Fixture f;
  return f;
}

void BM_Pairing(benchmark::State& state) {
  const bls::G1 p = bls::G1MulGenerator({12345, 0, 0, 0});
  const bls::G2 q = bls::G2MulGenerator({67890, 0, 0, 0});
  for (auto _ : state) benchmark::DoNotOptimize(bls::Pairing(p, q));
}
BENCHMARK(BM_Pairing)->Unit(benchmark::kMicrosecond);

void BM_MultiPairing2(benchmark::State& state) {
  const bls::G1 ps[2] = {bls::G1MulGenerator({12345, 0, 0, 0}), bls::G1Generator()};
  const bls::G2 qs[2] = {bls::G2Generator(), bls::G2MulGenerator({67890, 0, 0, 0})};
  for (auto _ : state) benchmark::DoNotOptimize(bls::MultiPairing(ps, qs));
}
BENCHMARK(BM_MultiPairing2)->Unit(benchmark::kMicrosecond);

void BM_FpMul(benchmark::State& state) {
  bls::Fp a = bls::Fp::FromU64(3), b = bls::Fp::FromU64(5);
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpMul)->Unit(benchmark::kNanosecond);

void BM_G1MulCt(benchmark::State& state) {
  const bls::G1 p = bls::G1MulGenerator({12345, 0, 0, 0});
  const bls::ScalarLimbs k = {0x1234567890abcdef, 0xfedcba0987654321, 0x1111222233334444,
                              0x0123456789abcdef};
  for (auto _ : state) benchmark::DoNotOptimize(bls::MulCt(p, k));
}
BENCHMARK(BM_G1MulCt)->Unit(benchmark::kMicrosecond);

void BM_BbsSign10(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) benchmark::DoNotOptimize(bbs::Sign(f.sk, f.pk, f.header, f.msgs));
}
BENCHMARK(BM_BbsSign10)->Unit(benchmark::kMicrosecond);

void BM_BbsVerify10(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) benchmark::DoNotOptimize(bbs::Verify(f.pk, f.sig, f.header, f.msgs));
}
BENCHMARK(BM_BbsVerify10)->Unit(benchmark::kMicrosecond);

void BM_BbsProofGen3of10(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) {
    benchmark::DoNotOptimize(bbs::ProofGen(f.pk, f.sig, f.header, f.ph, f.msgs, f.idx));
  }
}
BENCHMARK(BM_BbsProofGen3of10)->Unit(benchmark::kMicrosecond);

void BM_BbsProofVerify3of10(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) {
    benchmark::DoNotOptimize(bbs::ProofVerify(f.pk, f.proof, f.header, f.ph, f.disclosed, f.idx));
  }
}
BENCHMARK(BM_BbsProofVerify3of10)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
