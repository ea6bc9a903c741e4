// Policy evaluation latency: the compiled engine (PolicyEngine::Evaluate) and, as the anchor in
// the same run, the naive scan over every rule (EvaluateNaive), on random documents of 10, 100
// and 1,000 rules shaped like an owner's policy (mostly narrow grants and denies, some
// thresholds, constraints and triggers scoped to a category) and a pool of requests, half of them
// inside some grant's scope (fixed seeds, RandomPolicyGenerator::OwnerDocument/OwnerRequest).
//
// Every evaluation is timed on its own (steady_clock around one call, minus the measured cost of
// the clock reads), so the p50 and p99 counters are a per-evaluation distribution, not a mean.
// Counters: p50_ns, p99_ns, mean_ns (clock overhead removed), permit/deny/anomaly shares.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "policy/engine.h"
#include "policy/random_policy.h"

namespace {

using signet::policy::Decision;
using signet::policy::PolicyEngine;
using signet::policy::RandomPolicyGenerator;
using signet::policy::Request;
using Clock = std::chrono::steady_clock;

constexpr size_t kRequests = 4096;

// Fixture holds one compiled document and its request pool.
struct Fixture {
  PolicyEngine engine;
  std::vector<Request> requests;
};

const RandomPolicyGenerator::Options kOptions{.actors = 64, .attributes_per_category = 24};

Fixture& FixtureFor(int rules) {
  static std::vector<std::pair<int, Fixture*>> cache;
  for (auto& [n, f] : cache) {
    if (n == rules) return *f;
  }
  RandomPolicyGenerator gen(0xbe11c0de + static_cast<uint64_t>(rules), kOptions);
  auto engine = PolicyEngine::Create(gen.OwnerDocument(static_cast<size_t>(rules)));
  auto* f = new Fixture{std::move(engine).value(), {}};
  for (size_t i = 0; i < kRequests; ++i) {
    f->requests.push_back(gen.OwnerRequest(f->engine.document()));
  }
  cache.emplace_back(rules, f);
  return *f;
}

// ClockOverheadNs is the median cost of two back-to-back clock reads.
double ClockOverheadNs() {
  static const double overhead = [] {
    std::vector<int64_t> d(20001);
    for (auto& x : d) {
      const auto a = Clock::now();
      const auto b = Clock::now();
      x = std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
    }
    std::nth_element(d.begin(), d.begin() + 10000, d.end());
    return static_cast<double>(d[10000]);
  }();
  return overhead;
}

double Percentile(std::vector<int64_t>& v, double p) {
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]);
}

void Run(benchmark::State& state, bool naive) {
  Fixture& f = FixtureFor(static_cast<int>(state.range(0)));
  const double overhead = ClockOverheadNs();
  std::vector<int64_t> samples;
  samples.reserve(1 << 20);
  int64_t effects[3] = {0, 0, 0};
  size_t i = 0;
  for (auto _ : state) {
    const Request& r = f.requests[i++ % kRequests];
    const auto t0 = Clock::now();
    Decision d = naive ? f.engine.EvaluateNaive(r) : f.engine.Evaluate(r);
    const auto t1 = Clock::now();
    benchmark::DoNotOptimize(d);
    samples.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    ++effects[static_cast<int>(d.effect)];
  }
  if (samples.empty()) return;
  double sum = 0;
  for (int64_t s : samples) sum += static_cast<double>(s);
  const double n = static_cast<double>(samples.size());
  state.counters["p50_ns"] = std::max(0.0, Percentile(samples, 0.50) - overhead);
  state.counters["p99_ns"] = std::max(0.0, Percentile(samples, 0.99) - overhead);
  state.counters["mean_ns"] = std::max(0.0, sum / n - overhead);
  state.counters["permit"] = static_cast<double>(effects[0]) / n;
  state.counters["deny"] = static_cast<double>(effects[1]) / n;
  state.counters["anomaly"] = static_cast<double>(effects[2]) / n;
}

void BM_PolicyCompiled(benchmark::State& state) { Run(state, /*naive=*/false); }
void BM_PolicyNaive(benchmark::State& state) { Run(state, /*naive=*/true); }

BENCHMARK(BM_PolicyCompiled)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_PolicyNaive)->Arg(10)->Arg(100)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
