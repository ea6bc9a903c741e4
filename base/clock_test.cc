#include "base/clock.h"

#include <gtest/gtest.h>

#include "base/ids.h"

namespace signet {
namespace {

TEST(FakeClockTest, AdvancesWallAndMonotonicTogether) {
  FakeClock clock;
  const auto t0 = clock.Now();
  const auto m0 = clock.Monotonic();
  clock.Advance(std::chrono::seconds(90));
  EXPECT_EQ(clock.Now() - t0, std::chrono::seconds(90));
  EXPECT_EQ(clock.Monotonic() - m0, std::chrono::seconds(90));
  EXPECT_EQ(clock.UnixSeconds(), 1'800'000'090);
}

TEST(RequestIdTest, GeneratesDistinctHexIds) {
  RequestId a = NewRequestId();
  RequestId b = NewRequestId();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.value().size(), 16u);
  EXPECT_TRUE(IsValidRequestId(a.value()));
}

TEST(RequestIdTest, AcceptsOnlySafeClientIds) {
  EXPECT_TRUE(IsValidRequestId("req-1.A_b"));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId("has space"));
  EXPECT_FALSE(IsValidRequestId("new\nline"));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
}

}  // namespace
}  // namespace signet
