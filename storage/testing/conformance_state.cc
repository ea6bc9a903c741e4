// Conformance: StateStore.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/testing/conformance.h"

namespace signet::storage::testing {
namespace {

using std::chrono::seconds;

Bytes B(std::string_view s) { return ToBytes(s); }

TEST_P(StorageConformanceTest, StatePutIfAbsentGetDelete) {
  StateStore& s = store().state();
  ASSERT_TRUE(s.PutIfAbsent(ns::kSessions, "k1", B("v1"), seconds(60)).ok());
  Status again = s.PutIfAbsent(ns::kSessions, "k1", B("v2"), seconds(60));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(s.Get(ns::kSessions, "k1").value(), B("v1"));
  EXPECT_EQ(s.Get(ns::kNonces, "k1").value(), std::nullopt);  // namespaces are separate
  ASSERT_TRUE(s.Put(ns::kSessions, "k1", B("v3"), kNoExpiry).ok());
  EXPECT_EQ(s.Get(ns::kSessions, "k1").value(), B("v3"));
  EXPECT_TRUE(s.Delete(ns::kSessions, "k1").value());
  EXPECT_FALSE(s.Delete(ns::kSessions, "k1").value());
  EXPECT_EQ(s.Get(ns::kSessions, "k1").value(), std::nullopt);
}

TEST_P(StorageConformanceTest, StateRejectsBadNamespaceKeyAndTtl) {
  StateStore& s = store().state();
  EXPECT_EQ(s.Put("Bad-NS", "k", B("v"), kNoExpiry).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.Put("ok", "", B("v"), kNoExpiry).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.Put("ok", std::string(StateLimits{}.max_key_size + 1, 'k'), B("v"), kNoExpiry)
                .error()
                .code(),
            ErrorCode::kTooLarge);
  EXPECT_EQ(s.Put("ok", "k", B("v"), seconds(-1)).error().code(), ErrorCode::kInvalidArgument);
  Bytes big(StateLimits{}.max_value_size + 1);
  EXPECT_EQ(s.Put("ok", "k", big, kNoExpiry).error().code(), ErrorCode::kTooLarge);
}

TEST_P(StorageConformanceTest, StateEntriesExpireWithTheClock) {
  StateStore& s = store().state();
  ASSERT_TRUE(s.PutIfAbsent(ns::kOauthCodes, "code", B("x"), seconds(10)).ok());
  ASSERT_TRUE(s.Put(ns::kOauthCodes, "forever", B("y"), kNoExpiry).ok());
  clock_.Advance(seconds(9));
  EXPECT_EQ(s.Get(ns::kOauthCodes, "code").value(), B("x"));
  clock_.Advance(seconds(2));
  EXPECT_EQ(s.Get(ns::kOauthCodes, "code").value(), std::nullopt);
  EXPECT_EQ(s.ConsumeOnce(ns::kOauthCodes, "code").value(), std::nullopt);
  EXPECT_EQ(s.Scan(ns::kOauthCodes, "", 10).value().size(), 1u);
  ASSERT_TRUE(s.PutIfAbsent(ns::kOauthCodes, "code", B("z"), seconds(10)).ok());
  clock_.Advance(seconds(11));
  EXPECT_EQ(s.PurgeExpired().value(), 1u);
  EXPECT_EQ(s.Get(ns::kOauthCodes, "forever").value(), B("y"));
}

TEST_P(StorageConformanceTest, StateCompareAndSwap) {
  StateStore& s = store().state();
  ASSERT_TRUE(s.CompareAndSwap(ns::kLedger, "k", std::nullopt, B("a"), seconds(5)).ok());
  EXPECT_EQ(s.CompareAndSwap(ns::kLedger, "k", std::nullopt, B("b"), kNoExpiry).error().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(s.CompareAndSwap(ns::kLedger, "k", ByteView(B("z")), B("b"), kNoExpiry).error().code(),
            ErrorCode::kConflict);
  ASSERT_TRUE(s.CompareAndSwap(ns::kLedger, "k", ByteView(B("a")), B("b"), kNoExpiry).ok());
  clock_.Advance(seconds(10));
  EXPECT_EQ(s.Get(ns::kLedger, "k").value(), B("b"));  // the swap replaced the ttl
}

TEST_P(StorageConformanceTest, ConsumeOnceHasExactlyOneWinnerUnderContention) {
  StateStore& s = store().state();
  constexpr int kThreads = 8;
  constexpr int kKeys = 10;
  for (int k = 0; k < kKeys; ++k) {
    std::string key = "nonce" + std::to_string(k);
    ASSERT_TRUE(s.PutIfAbsent(ns::kNonces, key, B("once"), seconds(60)).ok());
    std::atomic<int> winners{0};
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        Result<std::optional<Bytes>> r = s.ConsumeOnce(ns::kNonces, key);
        if (!r)
          ++errors;
        else if (r->has_value() && **r == B("once"))
          ++winners;
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(winners.load(), 1);
    EXPECT_EQ(errors.load(), 0);
  }
}

TEST_P(StorageConformanceTest, PutAllIfAbsentIsAtomicAcrossNamespaces) {
  StateStore& s = store().state();
  ASSERT_TRUE(s.Put(ns::kOutbox, "taken", B("old"), kNoExpiry).ok());
  std::vector<StateWrite> batch = {{"pending", "req1", B("p"), seconds(60)},
                                   {"outbox", "msg1", B("m"), kNoExpiry},
                                   {"outbox", "taken", B("new"), kNoExpiry}};
  Status s1 = s.PutAllIfAbsent(batch);
  ASSERT_FALSE(s1.ok());
  EXPECT_EQ(s1.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(s.Get(ns::kPending, "req1").value(), std::nullopt);
  EXPECT_EQ(s.Get(ns::kOutbox, "msg1").value(), std::nullopt);
  EXPECT_EQ(s.Get(ns::kOutbox, "taken").value(), B("old"));
  batch.pop_back();
  ASSERT_TRUE(s.PutAllIfAbsent(batch).ok());
  EXPECT_EQ(s.Get(ns::kPending, "req1").value(), B("p"));
  EXPECT_EQ(s.Get(ns::kOutbox, "msg1").value(), B("m"));
}

TEST_P(StorageConformanceTest, ConcurrentOverlappingBatchesHaveOneWinner) {
  StateStore& s = store().state();
  constexpr int kThreads = 8;
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<StateWrite> batch = {{"pending", "own" + std::to_string(t), B("x"), kNoExpiry},
                                       {"outbox", "shared", B(std::to_string(t)), kNoExpiry}};
      if (s.PutAllIfAbsent(batch).ok()) ++wins;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(s.Scan(ns::kPending, "", 100).value().size(), 1u);
}

TEST_P(StorageConformanceTest, ScanReturnsKeysInBytewiseOrder) {
  StateStore& s = store().state();
  std::vector<std::string> keys = {
      "b", "a", std::string("\xff", 1), std::string("\x01", 1), "ab", std::string("a\0b", 3)};
  for (const std::string& k : keys) ASSERT_TRUE(s.Put(ns::kOutbox, k, B(k), kNoExpiry).ok());
  ASSERT_TRUE(s.Put(ns::kPending, "a", B("other namespace"), kNoExpiry).ok());
  std::vector<StateEntry> all = s.Scan(ns::kOutbox, "", 100).value();
  std::vector<std::string> want = {std::string("\x01", 1), "a", std::string("a\0b", 3), "ab", "b",
                                   std::string("\xff", 1)};
  ASSERT_EQ(all.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(all[i].key, want[i]);
    EXPECT_EQ(all[i].value, B(want[i]));
  }
  std::vector<StateEntry> page = s.Scan(ns::kOutbox, "ab", 2).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].key, "ab");
  EXPECT_EQ(page[1].key, "b");
  EXPECT_EQ(s.Scan(ns::kOutbox, "", 0).error().code(), ErrorCode::kInvalidArgument);
}

TEST_P(StorageConformanceTest, IncrementIsAtomicAcrossThreads) {
  StateStore& s = store().state();
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        if (!s.Increment(ns::kRate, "client", 1, seconds(60)).has_value()) ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(s.Increment(ns::kRate, "client", 0, seconds(60)).value(), kThreads * kEach);
  EXPECT_EQ(s.Get(ns::kRate, "client").value(), EncodeCounter(kThreads * kEach));
  clock_.Advance(seconds(61));
  EXPECT_EQ(s.Increment(ns::kRate, "client", 5, seconds(60)).value(), 5);
  ASSERT_TRUE(s.Put(ns::kRate, "text", B("abc"), kNoExpiry).ok());
  EXPECT_EQ(s.Increment(ns::kRate, "text", 1, kNoExpiry).error().code(),
            ErrorCode::kFailedPrecondition);
}

TEST_P(StorageConformanceTest, IncrementKeepsExpiryOfLiveCounter) {
  StateStore& s = store().state();
  ASSERT_EQ(s.Increment(ns::kRate, "w", 1, seconds(10)).value(), 1);
  clock_.Advance(seconds(8));
  ASSERT_EQ(s.Increment(ns::kRate, "w", 1, seconds(10)).value(), 2);
  clock_.Advance(seconds(3));
  EXPECT_EQ(s.Increment(ns::kRate, "w", 1, seconds(10)).value(), 1);
}

}  // namespace
}  // namespace signet::storage::testing
