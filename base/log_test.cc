#include "base/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace signet::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSinkForTesting([this](std::string_view l) { lines_.emplace_back(l); });
  }
  void TearDown() override {
    SetSinkForTesting({});
    SetLevel(Level::kInfo);
  }
  std::vector<std::string> lines_;
};

TEST_F(LogTest, WritesOneJsonObjectPerLine) {
  Info("request done", {{"request_id", "abc"}, {"status", 200}, {"ok", true}});
  ASSERT_EQ(lines_.size(), 1u);
  const std::string& l = lines_[0];
  EXPECT_EQ(l.front(), '{');
  EXPECT_EQ(l.back(), '}');
  EXPECT_NE(l.find("\"level\":\"info\""), std::string::npos);
  EXPECT_NE(l.find("\"msg\":\"request done\""), std::string::npos);
  EXPECT_NE(l.find("\"request_id\":\"abc\",\"status\":200,\"ok\":true"), std::string::npos);
  EXPECT_NE(l.find("\"ts\":\"20"), std::string::npos);
}

TEST_F(LogTest, EscapesControlCharactersQuotesAndInvalidUtf8) {
  Info("x", {{"v", std::string("a\"b\\c\nd\x01\xff" "e")}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find(R"("v":"a\"b\\c\nd\u0001)" "\xEF\xBF\xBD" "e\""),
            std::string::npos)
      << lines_[0];
}

TEST_F(LogTest, KeepsValidUtf8) {
  Info("x", {{"v", "gr\xC3\xBC\xC3\x9F"}});
  EXPECT_NE(lines_[0].find("gr\xC3\xBC\xC3\x9F"), std::string::npos);
}

TEST_F(LogTest, DropsLinesBelowLevel) {
  SetLevel(Level::kWarn);
  Info("hidden");
  Warn("shown");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find("shown"), std::string::npos);
}

TEST(LogLevelTest, ParsesNames) {
  Level l = Level::kInfo;
  EXPECT_TRUE(ParseLevel("debug", &l));
  EXPECT_EQ(l, Level::kDebug);
  EXPECT_FALSE(ParseLevel("verbose", &l));
}

}  // namespace
}  // namespace signet::log
