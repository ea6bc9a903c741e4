#include "server/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "storage/embedded/embedded_storage.h"
#include "storage/memory/memory_storage.h"

namespace signet::server {
namespace {

using std::chrono::seconds;

// The fake clock starts at 1'800'000'000 s, which is a multiple of 60: the start of a window.
constexpr Time kWindowStart{seconds(1'800'000'000)};

enum class Backend { kMemory, kEmbedded };

class RateLimiterTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    clock_.Set(kWindowStart);
    if (GetParam() == Backend::kMemory) {
      storage_ = storage::memory::CreateMemoryStorage({.clock = &clock_});
      return;
    }
    char tmpl[] = "/tmp/signet_ratelimit_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto opened = storage::embedded::OpenEmbeddedStorage({.data_dir = dir_, .clock = &clock_});
    ASSERT_TRUE(opened) << opened.error().message();
    storage_ = std::move(*opened);
  }
  void TearDown() override {
    storage_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  FakeClock clock_;
  std::string dir_;
  std::unique_ptr<storage::Storage> storage_;
};

TEST_P(RateLimiterTest, AllowsUpToTheLimitThenRefusesWithRetryAfterToTheWindowEnd) {
  RateLimiter limiter(storage_->state(), clock_);
  clock_.Advance(seconds(15));
  for (int i = 1; i <= 3; ++i) {
    auto d = limiter.Hit("ip:203.0.113.5", 3);
    ASSERT_TRUE(d) << d.error().message();
    EXPECT_TRUE(d->allowed) << i;
    EXPECT_EQ(d->count, i);
  }
  auto d = limiter.Hit("ip:203.0.113.5", 3);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->allowed);
  EXPECT_EQ(d->count, 4);
  EXPECT_EQ(d->retry_after_seconds, 45);
}

TEST_P(RateLimiterTest, WindowRollOverStartsAFreshCount) {
  RateLimiter limiter(storage_->state(), clock_);
  clock_.Advance(seconds(59));
  ASSERT_TRUE(limiter.Hit("tenant:t_a", 1)->allowed);
  auto refused = limiter.Hit("tenant:t_a", 1);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->allowed);
  EXPECT_EQ(refused->retry_after_seconds, 1);
  clock_.Advance(seconds(1));  // the next window begins
  auto d = limiter.Hit("tenant:t_a", 1);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->allowed);
  EXPECT_EQ(d->count, 1);
  EXPECT_EQ(d->retry_after_seconds, 60);
}

TEST_P(RateLimiterTest, SubjectsAreCountedSeparately) {
  RateLimiter limiter(storage_->state(), clock_);
  ASSERT_TRUE(limiter.Hit("ip:203.0.113.5", 1)->allowed);
  EXPECT_FALSE(limiter.Hit("ip:203.0.113.5", 1)->allowed);
  EXPECT_TRUE(limiter.Hit("ip:203.0.113.6", 1)->allowed);
}

TEST_P(RateLimiterTest, TwoLimitersOnOneStoreShareTheCountLikeTwoReplicas) {
  RateLimiter a(storage_->state(), clock_);
  RateLimiter b(storage_->state(), clock_);
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> allowed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      RateLimiter& l = t % 2 == 0 ? a : b;
      for (int i = 0; i < kEach; ++i) {
        auto d = l.Hit("ip:198.51.100.7", 60);
        if (d && d->allowed) ++allowed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 60);
  auto d = b.Hit("ip:198.51.100.7", 60);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->allowed);
  EXPECT_GT(d->count, 60);  // refused requests are not all written, so no exact total
}

TEST_P(RateLimiterTest, BatchesWritesForLargeLimitsAndStillHoldsThem) {
  RateLimiter limiter(storage_->state(), clock_);
  constexpr uint64_t kLimit = 1000;  // batches of 20
  int allowed = 0;
  for (int i = 0; i < 1500; ++i) {
    auto d = limiter.Hit("ip:192.0.2.1", kLimit);
    ASSERT_TRUE(d) << d.error().message();
    allowed += d->allowed ? 1 : 0;
  }
  EXPECT_EQ(allowed, 1000);
  // The shared counter holds exactly the admitted requests (refused ones are never written).
  auto stored = storage_->state().Increment(
      storage::ns::kRate, "ip:192.0.2.1:" + std::to_string(clock_.UnixSeconds() / 60), 0,
      std::chrono::seconds(120));
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, 1000);
}

TEST_P(RateLimiterTest, AnotherReplicaSeesBatchedCountsWithinTheFlushInterval) {
  RateLimiter a(storage_->state(), clock_);
  RateLimiter b(storage_->state(), clock_);
  constexpr uint64_t kLimit = 500;  // batches of 10
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(a.Hit("tenant:t_x", kLimit)->allowed);
  clock_.Advance(RateLimiter::kFlushInterval);
  ASSERT_TRUE(a.Hit("tenant:t_x", kLimit)->allowed);  // flushes what a still held
  // b has never written: its first request reads the shared count back.
  auto first = b.Hit("tenant:t_x", kLimit);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->count, 302);
  int allowed_b = 1;
  for (int i = 0; i < 400; ++i) allowed_b += b.Hit("tenant:t_x", kLimit)->allowed ? 1 : 0;
  EXPECT_EQ(allowed_b, 500 - 301);
}

TEST_P(RateLimiterTest, RejectsEmptySubjectAndZeroLimit) {
  RateLimiter limiter(storage_->state(), clock_);
  EXPECT_EQ(limiter.Hit("", 5).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(limiter.Hit("ip:1.2.3.4", 0).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(limiter.Hit(std::string(201, 'x'), 5).error().code(), ErrorCode::kInvalidArgument);
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& p) {
  return p.param == Backend::kMemory ? "Memory" : "EmbeddedSqlite";
}

INSTANTIATE_TEST_SUITE_P(Backends, RateLimiterTest,
                         ::testing::Values(Backend::kMemory, Backend::kEmbedded), BackendName);

TEST(IpSubjectTest, CountsIpv6PerSlash64AndIpv4PerAddress) {
  EXPECT_EQ(IpSubject("203.0.113.5"), "ip:203.0.113.5");
  EXPECT_EQ(IpSubject("2001:db8:1:2:aaaa::1"), IpSubject("2001:db8:1:2:bbbb::9"));
  EXPECT_NE(IpSubject("2001:db8:1:2::1"), IpSubject("2001:db8:1:3::1"));
  EXPECT_EQ(IpSubject("2001:db8:1:2::1"), "ip:2001:db8:1:2::/64");
  EXPECT_EQ(IpSubject("not an address"), "ip:not an address");
}

}  // namespace
}  // namespace signet::server
