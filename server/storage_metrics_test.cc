#include "server/storage_metrics.h"

#include <gtest/gtest.h>

#include <string>

#include "storage/memory/memory_storage.h"

namespace signet::server {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(StorageMetricsTest, TimesEveryCallAndCountsErrorsByStoreOperationAndCode) {
  Metrics metrics("test", "test");
  auto storage = InstrumentStorage(storage::memory::CreateMemoryStorage(), metrics);
  storage::BlindId::Array bytes{};
  bytes[0] = 7;
  const storage::BlindId id(bytes);
  const Bytes value = {1, 2, 3};
  ASSERT_TRUE(storage->records().Put(id, value).ok());
  auto got = storage->records().Get(id);
  ASSERT_TRUE(got && *got && **got == value);  // calls are forwarded unchanged
  ASSERT_TRUE(storage->state().Put("sessions", "k", value, storage::kNoExpiry).ok());
  EXPECT_EQ(storage->state().PutIfAbsent("sessions", "k", value, storage::kNoExpiry).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(storage->state().Increment("sessions", "k", 1, storage::kNoExpiry).error().code(),
            ErrorCode::kFailedPrecondition);

  const std::string text = metrics.Render();
  EXPECT_TRUE(
      Has(text, R"(signet_storage_operation_duration_seconds_count{op="put",store="records"} 1)"))
      << text;
  EXPECT_TRUE(
      Has(text, R"(signet_storage_operation_duration_seconds_count{op="get",store="records"} 1)"));
  EXPECT_TRUE(Has(
      text,
      R"(signet_storage_operation_duration_seconds_count{op="put_if_absent",store="state"} 1)"));
  EXPECT_TRUE(Has(
      text,
      R"(signet_storage_errors_total{code="already_exists",op="put_if_absent",store="state"} 1)"));
  EXPECT_TRUE(Has(
      text,
      R"(signet_storage_errors_total{code="failed_precondition",op="increment",store="state"} 1)"));
  EXPECT_EQ(text.find(R"(signet_storage_errors_total{code="already_exists",op="put",)"),
            std::string::npos);  // successful calls are not errors
}

TEST(StorageMetricsTest, PingGoesThroughEveryStore) {
  Metrics metrics("test", "test");
  auto storage = InstrumentStorage(storage::memory::CreateMemoryStorage(), metrics);
  ASSERT_TRUE(storage->Ping().ok());
  const std::string text = metrics.Render();
  for (const char* store : {"records", "audit", "state"}) {
    EXPECT_TRUE(Has(
        text, std::string(R"(signet_storage_operation_duration_seconds_count{op="ping",store=")") +
                  store + "\"} 1"))
        << store;
  }
}

}  // namespace
}  // namespace signet::server
