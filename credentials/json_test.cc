#include "credentials/json.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "credentials/reason.h"

namespace signet::credentials {
namespace {

std::string ReasonFor(std::string_view text, const JsonLimits& limits = {}) {
  Result<Json> j = ParseJson(text, limits);
  return j ? "ok" : std::string(ReasonOf(j.error()));
}

TEST(JsonTest, ParsesOrdinaryDocuments) {
  Result<Json> j = ParseJson(R"({"a":[1,-2,3.5,"x",true,null,{"b":{}}],"c":"\u00e9"})");
  ASSERT_TRUE(j) << j.error().ToString();
  EXPECT_EQ((*j)["a"][1], -2);
  EXPECT_EQ((*j)["c"], "\xc3\xa9");
  EXPECT_EQ(ReasonFor("[]"), "ok");
  EXPECT_EQ(ReasonFor("\"s\""), "ok");
}

TEST(JsonTest, RejectsDuplicateMemberNamesAtAnyDepth) {
  EXPECT_EQ(ReasonFor(R"({"a":1,"a":2})"), "json_duplicate_key");
  EXPECT_EQ(ReasonFor(R"({"x":{"a":1,"b":2,"a":1}})"), "json_duplicate_key");
  EXPECT_EQ(ReasonFor(R"([{"k":1},{"k":1,"k":1}])"), "json_duplicate_key");
  // An escaped spelling of the same name is the same name.
  EXPECT_EQ(ReasonFor(R"({"a":1,"\u0061":2})"), "json_duplicate_key");
  EXPECT_EQ(ReasonFor(R"([{"k":1},{"k":1}])"), "ok");
}

TEST(JsonTest, EnforcesTheDepthLimit) {
  JsonLimits limits;
  limits.max_depth = 4;
  EXPECT_EQ(ReasonFor("[[[[1]]]]", limits), "ok");
  EXPECT_EQ(ReasonFor("[[[[[1]]]]]", limits), "json_too_deep");
  EXPECT_EQ(ReasonFor(R"({"a":{"b":{"c":{"d":{}}}}})", limits), "json_too_deep");
  // A deeply nested attack document fails fast instead of exhausting the stack.
  EXPECT_EQ(ReasonFor(std::string(100000, '[') + std::string(100000, ']'),
                      {.max_bytes = 1 << 20}),
            "json_too_deep");
}

TEST(JsonTest, EnforcesSizeAndValueCountLimits) {
  EXPECT_EQ(ReasonFor(std::string(70000, ' ') + "1"), "input_too_large");
  JsonLimits limits;
  limits.max_values = 10;
  EXPECT_EQ(ReasonFor("[1,2,3,4,5,6,7,8,9]", limits), "ok");
  EXPECT_EQ(ReasonFor("[1,2,3,4,5,6,7,8,9,10]", limits), "input_too_large");
  Result<Json> big = ParseJson(std::string(70000, ' ') + "1");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), ErrorCode::kTooLarge);
}

TEST(JsonTest, RejectsMalformedTextTrailingDataBadUtf8AndNonFiniteNumbers) {
  for (const char* bad : {"", "{", "{\"a\":}", "[1,]", "{} {}", "[1] x", "tru", "01", "1e400",
                          "-1e400", "\"\xff\"", "\"\xc3\"", "\"\\ud800\"", "NaN", "{'a':1}",
                          "/* c */ 1"}) {
    EXPECT_EQ(ReasonFor(bad), "json_malformed") << bad;
  }
}

TEST(JsonTest, DumpRejectsInvalidUtf8InsteadOfThrowing) {
  Json j = {{"k", std::string("\xff\xfe")}};
  Result<std::string> s = DumpJson(j);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*DumpJson(Json{{"b", 1}, {"a", "x"}}), R"({"a":"x","b":1})");
}

TEST(JsonTest, NumericDatesAcceptIntegersAndTruncateFractions) {
  const Json j = Json::parse(R"({"i":1700000000,"f":1700000000.9,"neg":-1.5,"s":"1","big":1e300,
                                "u":18446744073709551615})");
  EXPECT_EQ(NumericDateMember(j, "i"), 1700000000);
  EXPECT_EQ(NumericDateMember(j, "f"), 1700000000);
  EXPECT_EQ(NumericDateMember(j, "neg"), -2);
  EXPECT_FALSE(NumericDateMember(j, "s"));
  EXPECT_FALSE(NumericDateMember(j, "big"));
  EXPECT_FALSE(NumericDateMember(j, "u"));
  EXPECT_FALSE(NumericDateMember(j, "missing"));
  EXPECT_FALSE(IntegerMember(j, "u"));
}

TEST(JsonTest, PointersResolveAndRequireClaimsNamesTheMissingOne) {
  const Json j = Json::parse(R"({"a/b":{"~x":[10,20]},"n":null})");
  EXPECT_EQ(*ResolvePointer(j, "/a~1b/~0x/1"), 20);
  EXPECT_EQ(ResolvePointer(j, "/a~1b/~0x/2"), nullptr);
  EXPECT_EQ(ResolvePointer(j, "/a~1b/~0x/01"), nullptr);
  EXPECT_EQ(ResolvePointer(j, "a"), nullptr);
  EXPECT_NE(ResolvePointer(j, "/n"), nullptr);
  const std::string required[] = {"n", "/a~1b/~0x/0", "missing"};
  Status s = RequireClaims(j, required);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(), "required_claim_missing: missing");
  std::string path;
  AppendPointerToken(path, "a/b~");
  EXPECT_EQ(path, "/a~1b~0");
}

TEST(JsonTest, ValidatesUtf8AndEscapesExactly) {
  EXPECT_EQ(*ParseJson("\"\\ud83d\\ude00 \xf0\x9f\x98\x80 \xc3\xa9\""),
            Json("\xf0\x9f\x98\x80 \xf0\x9f\x98\x80 \xc3\xa9"));
  EXPECT_EQ(*ParseJson(R"("\"\\\/\b\f\n\r\t\u0000")"), Json(std::string("\"\\/\b\f\n\r\t\0", 9)));
  for (const char* bad : {"\"\xc0\x80\"", "\"\xe0\x80\x80\"", "\"\xed\xa0\x80\"",
                          "\"\xf4\x90\x80\x80\"", "\"\xf8\x88\x80\x80\x80\"", "\"\x80\"",
                          "\"\xe2\x82\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\u12\"",
                          "\"\\x41\"", "\"a\nb\"", "\"\t\"", "\"abc"}) {
    EXPECT_EQ(ReasonFor(bad), "json_malformed") << bad;
  }
}

// Strings are scanned eight bytes at a time: put every kind of byte the scan must stop at (and
// some it must not) at every offset around a word boundary, inside a long plain run.
TEST(JsonTest, FindsEverySpecialByteWhereverItFallsInAWord) {
  const std::string tail(9, 'b');
  for (size_t k = 0; k <= 24; ++k) {
    const std::string head(k, 'a');
    const std::pair<std::string, std::string> good[] = {
        {"\\n", "\n"},         {"\\u0041", "A"}, {"\\\"", "\""},  {"\xc3\xa9", "\xc3\xa9"},
        {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"}, {"\x7f", "\x7f"}, {"~", "~"},
        {" ", " "},             {"!", "!"},        {"#", "#"},        {"[", "["},
        {"]", "]"}};
    for (const auto& [text, value] : good) {
      Result<Json> j = ParseJson("\"" + head + text + tail + "\"");
      ASSERT_TRUE(j) << k << " " << text;
      EXPECT_EQ(*j, Json(head + value + tail)) << k << " " << text;
    }
    for (const char* bad : {"\x01", "\x1f", "\n", "\t", "\x80", "\xbf", "\xff", "\xc3"}) {
      EXPECT_EQ(ReasonFor("\"" + head + bad + tail + "\""), "json_malformed") << k << " " << bad;
    }
    EXPECT_EQ(*ParseJson("[\"" + head + "\", \"" + tail + "\"]"), Json::array({head, tail})) << k;
    EXPECT_EQ(ReasonFor("\"" + head + tail), "json_malformed") << k;
  }
}

TEST(JsonTest, NumbersFollowTheGrammarAndNlohmannTyping) {
  EXPECT_TRUE(ParseJson("0")->is_number_unsigned());
  EXPECT_TRUE(ParseJson("-0")->is_number_integer());
  EXPECT_EQ(*ParseJson("-9223372036854775808"), INT64_MIN);
  EXPECT_TRUE(ParseJson("18446744073709551615")->is_number_unsigned());
  EXPECT_TRUE(ParseJson("18446744073709551616")->is_number_float());
  EXPECT_TRUE(ParseJson("-9223372036854775809")->is_number_float());
  EXPECT_EQ(*ParseJson("1.5e3"), 1500.0);
  EXPECT_EQ(*ParseJson("2E-2"), 0.02);
  for (const char* bad : {"+1", ".5", "1.", "-", "1e", "1e+", "00", "-01", "0x1", "1 2", "Infinity"}) {
    EXPECT_EQ(ReasonFor(bad), "json_malformed") << bad;
  }
}

// Differential check against nlohmann's parser on random documents (fixed seed): both must read
// the same values.
TEST(JsonTest, AgreesWithNlohmannOnRandomDocuments) {
  std::mt19937_64 rng(20240501);
  std::function<Json(int)> gen = [&](int depth) -> Json {
    switch (rng() % (depth > 4 ? 5 : 7)) {
      case 0: return nullptr;
      case 1: return rng() % 2 == 0;
      case 2: return static_cast<int64_t>(rng()) >> (rng() % 64);
      case 3: return static_cast<double>(rng() % 100000) / 7.0;
      case 4: {
        std::string s;
        for (int i = 0, n = static_cast<int>(rng() % 12); i < n; ++i) {
          const char* pieces[] = {"a", "\"", "\\", "/", "\n", "\x01", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "~"};
          s += pieces[rng() % 10];
        }
        return s;
      }
      case 5: {
        Json a = Json::array();
        for (int i = 0, n = static_cast<int>(rng() % 5); i < n; ++i) a.push_back(gen(depth + 1));
        return a;
      }
      default: {
        Json o = Json::object();
        for (int i = 0, n = static_cast<int>(rng() % 5); i < n; ++i) o["k" + std::to_string(rng() % 50)] = gen(depth + 1);
        return o;
      }
    }
  };
  for (int i = 0; i < 500; ++i) {
    const Json doc = gen(0);
    for (int indent : {-1, 2}) {
      const std::string text = doc.dump(indent);
      Result<Json> ours = ParseJson(text);
      ASSERT_TRUE(ours) << text << ": " << ours.error().ToString();
      EXPECT_EQ(*ours, Json::parse(text)) << text;
    }
  }
}

}  // namespace
}  // namespace signet::credentials
