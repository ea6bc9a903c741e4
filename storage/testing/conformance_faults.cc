// Conformance: behaviour while the backend's dependency is down (fault injection).

#include <chrono>
#include <thread>

#include "crypto/sha2.h"
#include "storage/testing/conformance.h"

namespace signet::storage::testing {
namespace {

using Steady = std::chrono::steady_clock;

// ExpectUnavailableWithin runs `call` and checks it fails with kUnavailable within `bound`.
template <typename F>
void ExpectUnavailableWithin(Duration bound, const char* what, F&& call) {
  Steady::time_point start = Steady::now();
  auto result = call();
  Duration took = Steady::now() - start;
  ASSERT_FALSE(result.has_value()) << what << " succeeded while the dependency was down";
  EXPECT_EQ(result.error().code(), ErrorCode::kUnavailable)
      << what << ": " << result.error().ToString();
  EXPECT_LE(took, bound) << what << " took too long";
}

// RecoverWithin retries `call` until it succeeds or `limit` passes.
template <typename F>
bool RecoverWithin(Duration limit, F&& call) {
  Steady::time_point deadline = Steady::now() + limit;
  while (Steady::now() < deadline) {
    if (call().has_value()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

TEST_P(StorageConformanceTest, DependencyOutageIsUnavailableAndRecovers) {
  const BackendFactory& f = GetParam();
  if (!f.stop_dependency) GTEST_SKIP() << "backend has no dependency to stop";
  Bytes before = PatternBytes(100, 1);
  Bytes large = PatternBytes(RecordLimits{}.inline_max + 5, 2);
  ASSERT_TRUE(store().records().Put(TestId(300), before).ok());
  ASSERT_TRUE(store().state().Put(ns::kSessions, "s", before, kNoExpiry).ok());

  ASSERT_TRUE(store().records().Put(TestId(304), large).ok());
  f.stop_dependency();
  Duration bound = f.unavailable_bound;
  ExpectUnavailableWithin(bound, "Ping", [&] { return store().Ping(); });
  ExpectUnavailableWithin(bound, "Put large",
                          [&] { return store().records().Put(TestId(302), large); });
  ExpectUnavailableWithin(bound, "Get large", [&] { return store().records().Get(TestId(304)); });
  if (f.dependency_holds_rows) {
    ExpectUnavailableWithin(bound, "Get", [&] { return store().records().Get(TestId(300)); });
    ExpectUnavailableWithin(bound, "Put",
                            [&] { return store().records().Put(TestId(301), before); });
    ExpectUnavailableWithin(bound, "Append",
                            [&] { return store().audit().Append(TestId(303), 0, before); });
    ExpectUnavailableWithin(bound, "ConsumeOnce",
                            [&] { return store().state().ConsumeOnce(ns::kSessions, "s"); });
  }
  f.start_dependency();

  ASSERT_TRUE(RecoverWithin(std::chrono::seconds(30), [&] { return store().Ping(); }))
      << "storage did not recover after the dependency came back";
  EXPECT_EQ(store().records().Get(TestId(300)).value(), before);
  EXPECT_EQ(store().state().Get(ns::kSessions, "s").value(), before);
  // Nothing that failed became visible, neither as a row nor as a dangling reference.
  EXPECT_FALSE(store().records().Exists(TestId(301)).value());
  EXPECT_FALSE(store().records().Exists(TestId(302)).value());
  EXPECT_EQ(store().audit().Head(TestId(303)).value(), std::nullopt);
  EXPECT_EQ(store().records().Get(TestId(304)).value(), large);
  ASSERT_TRUE(store().records().Put(TestId(302), large).ok());
  EXPECT_EQ(store().records().Get(TestId(302)).value(), large);
}

}  // namespace
}  // namespace signet::storage::testing
