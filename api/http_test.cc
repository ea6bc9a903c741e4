#include "api/http.h"

#include <gtest/gtest.h>

namespace signet::api {
namespace {

TEST(HeadersTest, LooksUpCaseInsensitively) {
  Headers h;
  h.Add("Content-Type", "a");
  h.Add("X-Forwarded-For", "1.1.1.1");
  h.Add("x-forwarded-for", "2.2.2.2");
  EXPECT_EQ(h.Get("content-type"), "a");
  EXPECT_EQ(h.Count("X-FORWARDED-FOR"), 2u);
  h.Set("X-Forwarded-For", "3.3.3.3");
  EXPECT_EQ(h.Count("x-forwarded-for"), 1u);
  EXPECT_FALSE(h.Get("missing"));
}

TEST(PercentDecodeTest, DecodesAndRejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_FALSE(PercentDecode("%2", false));
  EXPECT_FALSE(PercentDecode("%zz", false));
  EXPECT_FALSE(PercentDecode("a%00b", false));
}

TEST(RequestTest, ReadsQueryParameters) {
  Request r;
  r.query = "a=1&b=x%2Fy&c&b=2";
  EXPECT_EQ(r.QueryParam("a"), "1");
  EXPECT_EQ(r.QueryParam("b"), "x/y");
  EXPECT_EQ(r.QueryParam("c"), "");
  EXPECT_FALSE(r.QueryParam("d"));
}

}  // namespace
}  // namespace signet::api
