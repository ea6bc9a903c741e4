// Google Benchmark suite for range proofs and multi-scalar multiplication.
//   BM_Prove/64/1, BM_Verify/64/1     single 64-bit range proof
//   BM_Prove/64/4, BM_Verify/64/4     4 x 64-bit aggregated proof
//   BM_Straus/N, BM_Pippenger/N       variable-time MSM of N random points (picks the switch)
//   BM_ConstantTimeMsm/N              the prover's constant-time MSM
// Run through bench/bulletproofs/run.sh to compare with the WASM anchor in the same run.

#include <benchmark/benchmark.h>

#include <random>

#include "crypto/ristretto/msm.h"
#include "crypto/ristretto/precomputed.h"
#include "proofs/bulletproofs/range_proof.h"

namespace signet::proofs::bulletproofs {
namespace {

using crypto::ristretto::RistrettoPoint;

Scalar SeededScalar(std::mt19937_64& rng) {
  std::array<uint8_t, 64> b;
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return Scalar::FromBytesModOrderWide(b);
}

struct Witness {
  std::vector<uint64_t> values;
  std::vector<Scalar> blindings;
};

Witness MakeWitness(size_t m) {
  std::mt19937_64 rng(42);
  Witness w;
  for (size_t j = 0; j < m; ++j) {
    w.values.push_back(rng());
    w.blindings.push_back(SeededScalar(rng));
  }
  return w;
}

void BM_Prove(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0)), m = static_cast<size_t>(state.range(1));
  const Witness w = MakeWitness(m);
  const auto& bp = DefaultBulletproofGens();
  const auto& pc = DefaultPedersenGens();
  for (auto _ : state) {
    MerlinTranscript t("bench");
    auto out = RangeProof::Prove(bp, pc, t, w.values, w.blindings, n);
    benchmark::DoNotOptimize(out);
  }
}

void BM_Verify(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0)), m = static_cast<size_t>(state.range(1));
  const Witness w = MakeWitness(m);
  const auto& bp = DefaultBulletproofGens();
  const auto& pc = DefaultPedersenGens();
  MerlinTranscript pt("bench");
  auto out = RangeProof::Prove(bp, pc, pt, w.values, w.blindings, n).value();
  for (auto _ : state) {
    MerlinTranscript t("bench");
    if (!out.proof.Verify(bp, pc, t, out.commitments, n).ok()) state.SkipWithError("rejected");
  }
}

struct MsmInput {
  std::vector<Scalar> scalars;
  std::vector<RistrettoPoint> points;
};

MsmInput MakeMsm(size_t count) {
  std::mt19937_64 rng(7);
  MsmInput in;
  for (size_t i = 0; i < count; ++i) {
    std::array<uint8_t, 64> b;
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    in.points.push_back(RistrettoPoint::FromUniformBytes(b));
    in.scalars.push_back(SeededScalar(rng));
  }
  return in;
}

void BM_Straus(benchmark::State& state) {
  const MsmInput in = MakeMsm(static_cast<size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(crypto::ristretto::StrausVartime(in.scalars, in.points));
}

void BM_Pippenger(benchmark::State& state) {
  const MsmInput in = MakeMsm(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::ristretto::PippengerVartime(in.scalars, in.points));
  }
}

void BM_ConstantTimeMsmPrecomputed(benchmark::State& state) {
  const MsmInput in = MakeMsm(static_cast<size_t>(state.range(0)));
  const auto tables = crypto::ristretto::Radix16Table::BuildMany(in.points);
  std::vector<const crypto::ristretto::Radix16Table*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::ristretto::MultiscalarMulPrecomputed(in.scalars, ptrs));
  }
}

void BM_ConstantTimeMsm(benchmark::State& state) {
  const MsmInput in = MakeMsm(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::ristretto::MultiscalarMul(in.scalars, in.points));
  }
}

// BM_MixedMsm/S/D: S precomputed (generator) points and D decoded points, the shape of the
// verification equation (64-bit single proof: 130 + 17).
void BM_MixedMsm(benchmark::State& state) {
  const size_t s = static_cast<size_t>(state.range(0)), d = static_cast<size_t>(state.range(1));
  const MsmInput in = MakeMsm(s + d);
  const auto tables = crypto::ristretto::GeneratorTable::BuildMany(std::span(in.points).first(s));
  std::vector<const crypto::ristretto::GeneratorTable*> table_ptrs;
  for (const auto& t : tables) table_ptrs.push_back(&t);
  const auto scalars = std::span(in.scalars);
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::ristretto::VartimeMultiscalarMulMixed(
        scalars.first(s), table_ptrs, scalars.subspan(s), std::span(in.points).subspan(s)));
  }
}

BENCHMARK(BM_Prove)->Args({64, 1})->Args({64, 4})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify)->Args({64, 1})->Args({64, 4})->Unit(benchmark::kMillisecond);
// Sizes bracket the Straus/Pippenger switch (kPippengerThreshold).
void MsmSizes(benchmark::internal::Benchmark* b) {
  for (int n : {64, 128, 192, 256, 384, 512, 768, 1024, 2048}) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_Straus)->Apply(MsmSizes);
BENCHMARK(BM_Pippenger)->Apply(MsmSizes);
BENCHMARK(BM_MixedMsm)
    ->Args({65, 0})
    ->Args({96, 0})
    ->Args({130, 17})
    ->Args({514, 19})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConstantTimeMsmPrecomputed)->Arg(2)->Arg(129)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConstantTimeMsm)->Arg(1)->Arg(2)->Arg(129)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace signet::proofs::bulletproofs

BENCHMARK_MAIN();
