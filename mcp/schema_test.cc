#include "mcp/schema.h"

#include <gtest/gtest.h>

namespace signet::mcp {
namespace {

const Json kSchema = Json::parse(R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 4},
    "kind": {"type": "string", "enum": ["a", "b"]},
    "n": {"type": "integer", "minimum": 1, "maximum": 10},
    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2, "uniqueItems": true},
    "inner": {"type": "object", "properties": {"x": {"type": "boolean"}}, "required": ["x"],
              "additionalProperties": false}
  },
  "required": ["name"],
  "additionalProperties": false
})");

std::string Problem(const char* json) {
  Status s = ValidateAgainstSchema(kSchema, Json::parse(json));
  return s.ok() ? "" : s.error().message();
}

TEST(SchemaTest, AcceptsValidArguments) {
  EXPECT_EQ(Problem(R"({"name":"abc","kind":"a","n":3,"tags":["x"],"inner":{"x":true}})"), "");
  EXPECT_EQ(Problem(R"({"name":"ab","n":2.0})"), "");
}

TEST(SchemaTest, ReportsTheOffendingPath) {
  EXPECT_EQ(Problem(R"({})"), "/name: is required");
  EXPECT_EQ(Problem(R"({"name":"a"})"), "/name: must be at least 2 characters");
  EXPECT_EQ(Problem(R"({"name":"abcde"})"), "/name: must be at most 4 characters");
  EXPECT_EQ(Problem(R"({"name":"ab","kind":"c"})"), "/kind: must be one of [\"a\",\"b\"]");
  EXPECT_EQ(Problem(R"({"name":"ab","n":0})"), "/n: must be at least 1");
  EXPECT_EQ(Problem(R"({"name":"ab","n":2.5})"), "/n: must be of type integer");
  EXPECT_EQ(Problem(R"({"name":"ab","tags":["x","x"]})"), "/tags: items must be unique");
  EXPECT_EQ(Problem(R"({"name":"ab","tags":["x",1]})"), "/tags/1: must be of type string");
  EXPECT_EQ(Problem(R"({"name":"ab","inner":{}})"), "/inner/x: is required");
  EXPECT_EQ(Problem(R"({"name":"ab","inner":{"x":true,"y":1}})"),
            "/inner/y: is not an allowed property");
  EXPECT_EQ(Problem(R"({"name":"ab","extra":1})"), "/extra: is not an allowed property");
  EXPECT_EQ(Problem(R"([])"), "arguments: must be of type object");
}

TEST(SchemaTest, CountsCharactersNotBytes) {
  EXPECT_EQ(Problem(R"({"name":"\u00e9\u00e9\u00e9"})"), "");
}

TEST(SchemaTest, RefusesSchemasWithUnenforcedKeywords) {
  std::string problem;
  EXPECT_TRUE(SchemaUsesOnlySupportedKeywords(kSchema, &problem)) << problem;
  EXPECT_FALSE(SchemaUsesOnlySupportedKeywords(
      Json::parse(R"({"type":"object","properties":{"a":{"pattern":"x"}}})"), &problem));
  EXPECT_EQ(problem, "unsupported keyword pattern");
  EXPECT_FALSE(SchemaUsesOnlySupportedKeywords(
      Json::parse(R"({"type":"object","additionalProperties":{"type":"string"}})"), &problem));
}

}  // namespace
}  // namespace signet::mcp
