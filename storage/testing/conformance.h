#pragma once

// The storage conformance suite: one set of TEST_Ps that every backend must pass (memory,
// embedded, hosted). A backend's test binary links signet_storage_testing and instantiates it:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, StorageConformanceTest,
//                            ::testing::Values(MemoryBackend()), BackendName);
//
// The suite covers put/get/delete/exists, CAS races, concurrent audit appends, TTLs with a
// FakeClock, consume-once under contention, batch atomicity, scan order, counters, a 50 MiB blob,
// inline vs blob-backed records, the orphan sweeper, and, for backends that can stop their
// dependency, fault injection (Unavailable within a bound, nothing half-visible, recovery).

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "storage/storage.h"

namespace signet::storage::testing {

// BackendFactory describes one backend under test.
struct BackendFactory {
  std::string name;
  // open returns a fresh, empty Storage that reads time from `clock` (which outlives it).
  std::function<Result<std::unique_ptr<Storage>>(const Clock& clock)> open;
  // corrupt_blob (optional) flips a bit of a stored blob, to test kDataLoss on read.
  std::function<void(Storage& storage, const BlobDigest& digest)> corrupt_blob;
  // stop_dependency / start_dependency (optional) make the backend's server unavailable and
  // bring it back, for fault injection.
  std::function<void()> stop_dependency;
  std::function<void()> start_dependency;
  // dependency_holds_rows: the stopped dependency holds rows and state (Postgres), so every
  // call must fail; otherwise (object storage) only calls that touch blobs must.
  bool dependency_holds_rows = true;
  // unavailable_bound is how long any call may take while the dependency is down.
  Duration unavailable_bound = std::chrono::seconds(10);
};

// PrintTo prints a factory as its name (gtest would otherwise dump its bytes).
inline void PrintTo(const BackendFactory& f, std::ostream* os) { *os << f.name; }

// BackendName names an instantiation after its factory (for INSTANTIATE_TEST_SUITE_P).
std::string BackendName(const ::testing::TestParamInfo<BackendFactory>& info);

// StorageConformanceTest opens a fresh Storage per test with a FakeClock that starts at the real
// time (so backends that stamp blobs with the real time agree with it).
class StorageConformanceTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Storage& store() { return *storage_; }

  FakeClock clock_{SystemClock::Default().Now()};
  std::unique_ptr<Storage> storage_;
};

// TestId returns a BlindId derived from `n` and a per-process random salt, so tests that share a
// database never collide.
BlindId TestId(uint64_t n);
// PatternBytes returns `size` deterministic bytes derived from `seed`.
Bytes PatternBytes(size_t size, uint64_t seed);

}  // namespace signet::storage::testing
