// Conformance: AuditChainStore.

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "storage/testing/conformance.h"

namespace signet::storage::testing {
namespace {

TEST_P(StorageConformanceTest, AuditAppendReadHead) {
  AuditChainStore& a = store().audit();
  BlindId chain = TestId(200);
  EXPECT_EQ(a.Head(chain).value(), std::nullopt);
  for (uint64_t i = 0; i < 5; ++i) ASSERT_TRUE(a.Append(chain, i, PatternBytes(50, i)).ok());
  std::optional<AuditEntry> head = a.Head(chain).value();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->seq, 4u);
  EXPECT_EQ(head->entry, PatternBytes(50, 4));
  std::vector<AuditEntry> got = a.Read(chain, 1, 3).value();
  ASSERT_EQ(got.size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].seq, i + 1);
    EXPECT_EQ(got[i].entry, PatternBytes(50, i + 1));
  }
  EXPECT_TRUE(a.Read(chain, 5, 10).value().empty());
  EXPECT_TRUE(a.Read(TestId(201), 0, 10).value().empty());
}

TEST_P(StorageConformanceTest, AuditRefusesTakenSeqAndGaps) {
  AuditChainStore& a = store().audit();
  BlindId chain = TestId(202);
  ASSERT_TRUE(a.Append(chain, 0, PatternBytes(8, 1)).ok());
  Status taken = a.Append(chain, 0, PatternBytes(8, 2));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  Status gap = a.Append(chain, 2, PatternBytes(8, 3));
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().code(), ErrorCode::kFailedPrecondition);
  Status gap0 = a.Append(TestId(203), 1, PatternBytes(8, 4));
  EXPECT_EQ(gap0.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(a.Read(chain, 0, 10).value().size(), 1u);
  EXPECT_EQ(a.Read(chain, 0, 10).value()[0].entry, PatternBytes(8, 1));
}

TEST_P(StorageConformanceTest, AuditRejectsBadLimits) {
  EXPECT_EQ(store().audit().Read(TestId(204), 0, 0).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().audit().Read(TestId(204), 0, 100000).error().code(),
            ErrorCode::kInvalidArgument);
  Bytes big(AuditLimits{}.max_entry_size + 1);
  EXPECT_EQ(store().audit().Append(TestId(204), 0, big).error().code(), ErrorCode::kTooLarge);
}

// Eight writers race to extend one chain; each retries on kConflict after re-reading the head.
// The chain must end up with every entry exactly once, numbered 0..N-1 without a gap.
TEST_P(StorageConformanceTest, EightConcurrentAppendersNeverForkOrGap) {
  AuditChainStore& a = store().audit();
  BlindId chain = TestId(205);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 15;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Bytes entry = PatternBytes(24, static_cast<uint64_t>(t * 1000 + i));
        for (;;) {
          Result<std::optional<AuditEntry>> head = a.Head(chain);
          if (!head) {
            ++errors;
            return;
          }
          uint64_t next = head->has_value() ? (*head)->seq + 1 : 0;
          Status s = a.Append(chain, next, entry);
          if (s.ok()) break;
          ErrorCode c = s.error().code();
          if (c != ErrorCode::kConflict && c != ErrorCode::kFailedPrecondition) {
            ++errors;
            return;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(errors.load(), 0);
  std::vector<AuditEntry> all = a.Read(chain, 0, 1000).value();
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  std::set<Bytes> distinct;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, i);
    distinct.insert(all[i].entry);
  }
  EXPECT_EQ(distinct.size(), all.size());
}

}  // namespace
}  // namespace signet::storage::testing
