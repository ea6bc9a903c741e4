#include "base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace signet {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return InvalidArgument("odd value " + std::to_string(v));
  return v / 2;
}

Result<int> Quarter(int v) {
  Result<int> h = Half(v);
  if (!h) return std::move(h).error().WithContext("quarter");
  return Half(*h);
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = Half(8);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 4);
  EXPECT_EQ(r.value_or(-1), 4);
}

TEST(ResultTest, HoldsErrorWithCodeAndMessage) {
  Result<int> r = Half(3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "odd value 3");
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(ResultTest, PropagatesErrorWithContext) {
  Result<int> r = Quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "odd value 3");
  Result<int> r2 = Quarter(5);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().message(), "quarter: odd value 5");
}

TEST(ResultTest, SupportsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, ConvertsFromConvertibleValue) {
  Result<std::string> r = "text";
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "text");
  EXPECT_EQ(r->size(), 4u);
}

TEST(ResultTest, KeepsInternalDetailOutOfMessage) {
  Error e = Unavailable("storage unavailable", "pq: connection refused on 10.0.0.3");
  EXPECT_EQ(e.message(), "storage unavailable");
  EXPECT_EQ(e.detail(), "pq: connection refused on 10.0.0.3");
  EXPECT_EQ(e.ToString(), "unavailable: storage unavailable");
}

TEST(StatusTest, OkAndError) {
  Status ok = OkStatus();
  EXPECT_TRUE(ok.ok());
  Status bad = NotFound("no such record");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kNotFound);
}

TEST(ResultDeathTest, AccessingValueOfErrorAborts) {
  Result<int> r = Half(3);
  EXPECT_DEATH((void)r.value(), "Result::value\\(\\) on error");
}

TEST(ErrorCodeTest, HasStableNames) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnavailable), "unavailable");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kTooLarge), "too_large");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kDataLoss), "data_loss");
}

}  // namespace
}  // namespace signet
