// Storage throughput and tail latency: record Put/Get per second and p99 for the embedded
// backend (SQLite + blob files) and the hosted backend (Postgres rows + S3 blobs) on loopback,
// 1 KiB and 64 KiB values (inline rows) and 256 KiB values (blob-backed), 1 and 8 threads.
// Prints one "RESULT backend op size threads ops_per_s p99_us" line per cell; bench/storage/
// run.sh starts the services, runs this and `pgbench -S` on the same Postgres, and prints the
// table with ratios.
//
// Environment: BENCH_SECONDS (per cell, default 2), SIGNET_PG_DSN, SIGNET_S3_ENDPOINT,
// SIGNET_S3_ACCESS_KEY, SIGNET_S3_SECRET_KEY, SIGNET_S3_REGION (hosted is skipped without them).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "crypto/sha2.h"
#include "storage/embedded/embedded_storage.h"
#include "storage/postgres/postgres_storage.h"
#include "storage/s3/s3_blob_store.h"

namespace signet::storage {
namespace {

using Clock = std::chrono::steady_clock;

std::string Env(const char* name, const char* fallback = "") {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

BlindId Id(int i) {
  Bytes b = ToBytes("bench");
  AppendU64BE(&b, static_cast<uint64_t>(i));
  return BlindId(crypto::Sha256(b));
}

struct Cell {
  double ops_per_s = 0;
  double p99_us = 0;
};

// RunCell runs `op(thread, i)` on `threads` threads for `seconds` and measures each call.
template <typename Op>
Cell RunCell(int threads, int keys, double seconds, Op op) {
  std::vector<std::vector<double>> lat(threads);
  std::atomic<bool> failed{false};
  Clock::time_point end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(seconds));
  std::vector<std::thread> ts;
  Clock::time_point start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t + 1));
      while (Clock::now() < end) {
        Clock::time_point a = Clock::now();
        if (!op(static_cast<int>(rng() % static_cast<unsigned>(keys)))) failed = true;
        lat[t].push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
      }
    });
  }
  for (auto& th : ts) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  if (failed || all.empty()) std::fprintf(stderr, "some operations failed\n");
  Cell c;
  c.ops_per_s = static_cast<double>(all.size()) / elapsed;
  c.p99_us = all.empty() ? 0 : all[std::min(all.size() - 1, all.size() * 99 / 100)];
  return c;
}

void Bench(const char* name, Storage& s, double seconds) {
  for (size_t size : {size_t{1024}, size_t{64 * 1024}, size_t{256 * 1024}}) {
    std::vector<Bytes> values(16);
    for (size_t v = 0; v < values.size(); ++v) values[v] = Bytes(size, static_cast<uint8_t>(v));
    int keys = size > 64 * 1024 ? 200 : 2000;  // blob-backed cells use fewer, larger values
    for (int i = 0; i < keys; ++i) (void)s.records().Put(Id(i), values[i % values.size()]);
    for (int threads : {1, 8}) {
      Cell put = RunCell(threads, keys, seconds, [&](int i) {
        return s.records().Put(Id(i), values[(i + 1) % values.size()]).ok();
      });
      std::printf("RESULT %s put %zu %d %.0f %.0f\n", name, size, threads, put.ops_per_s,
                  put.p99_us);
      Cell get = RunCell(threads, keys, seconds, [&](int i) {
        Result<std::optional<Bytes>> r = s.records().Get(Id(i));
        return r.has_value() && r->has_value();
      });
      std::printf("RESULT %s get %zu %d %.0f %.0f\n", name, size, threads, get.ops_per_s,
                  get.p99_us);
      std::fflush(stdout);
    }
  }
}

int Main() {
  double seconds = std::atof(Env("BENCH_SECONDS", "2").c_str());
  std::string dir = std::filesystem::temp_directory_path().string() + "/signet_bench_" +
                    std::to_string(::getpid());
  {
    embedded::EmbeddedOptions o;
    o.data_dir = dir;
    o.connections = 8;
    std::unique_ptr<Storage> s = embedded::OpenEmbeddedStorage(o).value();
    Bench("embedded", *s, seconds);
  }
  std::filesystem::remove_all(dir);
  if (Env("SIGNET_PG_DSN").empty() || Env("SIGNET_S3_ENDPOINT").empty()) {
    std::fprintf(stderr, "hosted skipped: SIGNET_PG_DSN / SIGNET_S3_ENDPOINT not set\n");
    return 0;
  }
  s3::S3Options so;
  so.endpoint = Env("SIGNET_S3_ENDPOINT");
  so.allow_http = so.endpoint.starts_with("http://127.0.0.1");
  so.region = Env("SIGNET_S3_REGION", "us-east-1");
  so.bucket = "signet-bench";
  so.access_key_id = Env("SIGNET_S3_ACCESS_KEY");
  so.secret_access_key = crypto::SecretBytes::CopyFrom(AsBytes(Env("SIGNET_S3_SECRET_KEY")));
  std::shared_ptr<BlobStore> blobs = s3::CreateS3BlobStore(std::move(so)).value();
  Status bucket = s3::EnsureBucket(*blobs);
  if (!bucket) {
    std::fprintf(stderr, "bucket: %s\n", bucket.error().ToString().c_str());
    return 1;
  }
  postgres::PgOptions po;
  po.dsn = crypto::SecretBytes::CopyFrom(AsBytes(Env("SIGNET_PG_DSN")));
  po.pool_size = 8;
  std::unique_ptr<Storage> hosted = postgres::OpenHostedStorage(po, blobs).value();
  Bench("hosted", *hosted, seconds);
  return 0;
}

}  // namespace
}  // namespace signet::storage

int main() { return signet::storage::Main(); }
