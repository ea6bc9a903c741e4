#include "base/contention.h"

#include <gtest/gtest.h>

#include <set>

namespace signet {
namespace {

TEST(ConflictPauseTest, GrowsFromTheFirstAttemptAndStaysWithinTheCap) {
  for (int round = 0; round < 200; ++round) {
    const auto first = ConflictPause(0).count();
    EXPECT_GE(first, 12);
    EXPECT_LE(first, 25);
    const auto third = ConflictPause(2).count();
    EXPECT_GE(third, 50);
    EXPECT_LE(third, 100);
    for (int attempt : {7, 8, 31, 1000}) {
      const auto capped = ConflictPause(attempt).count();
      EXPECT_GE(capped, 1000) << attempt;
      EXPECT_LE(capped, 2000) << attempt;
    }
    EXPECT_EQ(ConflictPause(-3).count() <= 25, true);
  }
}

TEST(ConflictPauseTest, IsJittered) {
  std::set<int64_t> seen;
  for (int i = 0; i < 100; ++i) seen.insert(ConflictPause(6).count());
  EXPECT_GT(seen.size(), 10u);
}

}  // namespace
}  // namespace signet
