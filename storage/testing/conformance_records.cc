// Conformance: RecordStore and BlobStore.

#include <atomic>
#include <thread>
#include <vector>

#include "crypto/sha2.h"
#include "storage/testing/conformance.h"

namespace signet::storage::testing {
namespace {

constexpr uint64_t kInlineMax = RecordLimits{}.inline_max;

TEST_P(StorageConformanceTest, PutGetDeleteExistsRoundTrip) {
  RecordStore& r = store().records();
  BlindId id = TestId(1);
  Bytes value = PatternBytes(100, 1);
  ASSERT_TRUE(r.Put(id, value).ok());
  EXPECT_EQ(r.Exists(id).value(), true);
  EXPECT_EQ(r.Get(id).value(), value);
  Bytes other = PatternBytes(7, 2);
  ASSERT_TRUE(r.Put(id, other).ok());
  EXPECT_EQ(r.Get(id).value(), other);
  ASSERT_TRUE(r.Delete(id).ok());
  EXPECT_EQ(r.Exists(id).value(), false);
  EXPECT_EQ(r.Get(id).value(), std::nullopt);
  EXPECT_TRUE(r.Delete(id).ok());
}

TEST_P(StorageConformanceTest, StoresEmptyValue) {
  BlindId id = TestId(2);
  ASSERT_TRUE(store().records().Put(id, Bytes{}).ok());
  std::optional<Bytes> got = store().records().Get(id).value();
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->empty());
}

TEST_P(StorageConformanceTest, KeepsSmallValuesInlineAndLargeOnesInBlobs) {
  RecordStore& r = store().records();
  Bytes small = PatternBytes(kInlineMax, 3);
  Bytes large = PatternBytes(kInlineMax + 1, 4);
  ASSERT_TRUE(r.Put(TestId(3), small).ok());
  ASSERT_TRUE(r.Put(TestId(4), large).ok());
  EXPECT_FALSE(store().blobs().Exists(crypto::Sha256(small)).value());
  EXPECT_TRUE(store().blobs().Exists(crypto::Sha256(large)).value());
  EXPECT_EQ(r.Get(TestId(3)).value(), small);
  EXPECT_EQ(r.Get(TestId(4)).value(), large);
}

TEST_P(StorageConformanceTest, RefusesRecordOverMaximum) {
  Bytes huge(RecordLimits{}.max_record_size + 1);
  Status s = store().records().Put(TestId(5), huge);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kTooLarge);
  EXPECT_FALSE(store().records().Exists(TestId(5)).value());
}

TEST_P(StorageConformanceTest, CompareAndSwapChecksExpectedValue) {
  RecordStore& r = store().records();
  BlindId id = TestId(6);
  Bytes a = PatternBytes(10, 5);
  Bytes b = PatternBytes(10, 6);
  ASSERT_TRUE(r.CompareAndSwap(id, std::nullopt, a).ok());
  Status again = r.CompareAndSwap(id, std::nullopt, b);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  Status wrong = r.CompareAndSwap(id, ByteView(b), a);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kConflict);
  ASSERT_TRUE(r.CompareAndSwap(id, ByteView(a), b).ok());
  EXPECT_EQ(r.Get(id).value(), b);
  Status absent = r.CompareAndSwap(TestId(7), ByteView(a), b);
  EXPECT_EQ(absent.error().code(), ErrorCode::kConflict);
  EXPECT_FALSE(r.Exists(TestId(7)).value());
}

TEST_P(StorageConformanceTest, CompareAndSwapWorksOnBlobBackedValues) {
  RecordStore& r = store().records();
  BlindId id = TestId(8);
  Bytes a = PatternBytes(kInlineMax + 10, 7);
  Bytes b = PatternBytes(kInlineMax * 2, 8);
  ASSERT_TRUE(r.Put(id, a).ok());
  Status wrong = r.CompareAndSwap(id, ByteView(b), a);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kConflict);
  ASSERT_TRUE(r.CompareAndSwap(id, ByteView(a), b).ok());
  EXPECT_EQ(r.Get(id).value(), b);
}

TEST_P(StorageConformanceTest, CompareAndSwapRaceHasExactlyOneWinner) {
  RecordStore& r = store().records();
  constexpr int kThreads = 8;
  constexpr int kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    BlindId id = TestId(100 + round);
    Bytes start = PatternBytes(16, 9);
    ASSERT_TRUE(r.Put(id, start).ok());
    std::atomic<int> wins{0};
    std::atomic<int> conflicts{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Status s = r.CompareAndSwap(id, ByteView(start), PatternBytes(16, 1000 + t));
        if (s.ok()) ++wins;
        if (!s.ok() && s.error().code() == ErrorCode::kConflict) ++conflicts;
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(conflicts.load(), kThreads - 1);
  }
}

TEST_P(StorageConformanceTest, BlobPutGetDeleteAndAbsentIsNotFound) {
  BlobStore& b = store().blobs();
  Bytes data = PatternBytes(1000, 10);
  BlobDigest d = b.Put(data).value();
  EXPECT_EQ(d, crypto::Sha256(data));
  EXPECT_TRUE(b.Exists(d).value());
  EXPECT_EQ(b.Get(d).value(), data);
  ASSERT_TRUE(b.Put(data).has_value());  // idempotent
  ASSERT_TRUE(b.Delete(d).ok());
  EXPECT_FALSE(b.Exists(d).value());
  Result<Bytes> gone = b.Get(d);
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(b.Delete(d).ok());
}

TEST_P(StorageConformanceTest, StreamedPutRejectsWrongDigestOrSize) {
  BlobStore& b = store().blobs();
  Bytes data = PatternBytes(200000, 11);
  BlobDigest wrong = crypto::Sha256(PatternBytes(10, 12));
  ViewSource src(data);
  Status s = b.PutStream(wrong, data.size(), src);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument) << s.error().ToString();
  EXPECT_FALSE(b.Exists(wrong).value());
  BlobDigest right = crypto::Sha256(data);
  ViewSource short_src(ByteView(data).first(1000));
  EXPECT_FALSE(b.PutStream(right, data.size(), short_src).ok());
  EXPECT_FALSE(b.Exists(right).value());
}

TEST_P(StorageConformanceTest, StreamsFiftyMebibyteBlob) {
  BlobStore& b = store().blobs();
  Bytes data = PatternBytes(50u << 20, 13);
  BlobDigest d = crypto::Sha256(data);
  ViewSource src(data);
  ASSERT_TRUE(b.PutStream(d, data.size(), src).ok());
  crypto::Sha256Hasher h;
  struct HashSink : ByteSink {
    crypto::Sha256Hasher* h;
    uint64_t n = 0;
    Status Write(ByteView chunk) override {
      h->Update(chunk);
      n += chunk.size();
      return OkStatus();
    }
  } sink;
  sink.h = &h;
  ASSERT_TRUE(b.GetStream(d, sink).ok());
  EXPECT_EQ(sink.n, data.size());
  EXPECT_EQ(h.Finish(), d);
  ASSERT_TRUE(b.Delete(d).ok());
}

TEST_P(StorageConformanceTest, DetectsCorruptBlobOnRead) {
  if (!GetParam().corrupt_blob) GTEST_SKIP() << "backend cannot corrupt blobs";
  Bytes data = PatternBytes(kInlineMax + 100, 14);
  ASSERT_TRUE(store().records().Put(TestId(9), data).ok());
  BlobDigest d = crypto::Sha256(data);
  GetParam().corrupt_blob(store(), d);
  Result<Bytes> blob = store().blobs().Get(d);
  ASSERT_FALSE(blob.has_value());
  EXPECT_EQ(blob.error().code(), ErrorCode::kDataLoss);
  Result<std::optional<Bytes>> rec = store().records().Get(TestId(9));
  ASSERT_FALSE(rec.has_value());
  EXPECT_EQ(rec.error().code(), ErrorCode::kDataLoss);
}

TEST_P(StorageConformanceTest, SweeperDeletesOnlyOldUnreferencedBlobs) {
  RecordStore& r = store().records();
  Bytes kept = PatternBytes(kInlineMax + 1, 15);
  Bytes dropped = PatternBytes(kInlineMax + 2, 16);
  ASSERT_TRUE(r.Put(TestId(10), kept).ok());
  ASSERT_TRUE(r.Put(TestId(11), dropped).ok());
  ASSERT_TRUE(r.Delete(TestId(11)).ok());
  SweepStats young = r.SweepOrphanBlobs(std::chrono::hours(1)).value();
  EXPECT_EQ(young.deleted, 0u);
  EXPECT_TRUE(store().blobs().Exists(crypto::Sha256(dropped)).value());
  clock_.Advance(std::chrono::hours(2));
  SweepStats old = r.SweepOrphanBlobs(std::chrono::hours(1)).value();
  EXPECT_GE(old.examined, 2u);
  EXPECT_EQ(old.deleted, 1u);
  EXPECT_FALSE(store().blobs().Exists(crypto::Sha256(dropped)).value());
  EXPECT_EQ(r.Get(TestId(10)).value(), kept);
}

TEST_P(StorageConformanceTest, ListsBlobsInDigestOrderWithPaging) {
  BlobStore& b = store().blobs();
  std::vector<BlobDigest> digests;
  for (int i = 0; i < 5; ++i) digests.push_back(b.Put(PatternBytes(100 + i, 20 + i)).value());
  std::sort(digests.begin(), digests.end());
  std::vector<BlobDigest> seen;
  std::optional<BlobDigest> after;
  for (;;) {
    std::vector<BlobInfo> page = b.List(after, 2).value();
    for (const BlobInfo& info : page) seen.push_back(info.digest);
    if (page.size() < 2) break;
    after = page.back().digest;
  }
  EXPECT_EQ(seen, digests);
}

}  // namespace
}  // namespace signet::storage::testing
