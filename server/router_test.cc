#include "server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace signet::server {
namespace {

api::Response Echo(const api::Request& r) {
  std::string s = r.method + " " + r.path;
  for (const auto& [k, v] : r.path_params) s += " " + k + "=" + v;
  return api::Response::Text(200, s);
}

api::Request Req(std::string method, std::string path) {
  api::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/healthz", Echo);
    router_.Add("GET", "/callbacks/{id}", Echo);
    router_.Add("POST", "/callbacks/{id}", Echo, {.max_body_bytes = 4096});
    router_.Add("GET", "/a/{x}/b/{y}", Echo);
    router_.Add("DELETE", "/mcp", Echo);
    router_.Add("POST", "/mcp", Echo);
  }
  Router router_;
};

TEST_F(RouterTest, DispatchesLiteralRoute) {
  api::Response r = router_.Dispatch(Req("GET", "/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "GET /healthz");
}

TEST_F(RouterTest, CapturesDecodedParameters) {
  api::Response r = router_.Dispatch(Req("GET", "/a/one%20two/b/3"));
  EXPECT_EQ(r.body, "GET /a/one%20two/b/3 x=one two y=3");
}

TEST_F(RouterTest, AnswersHeadThroughGet) {
  Match m = router_.Find("HEAD", "/healthz");
  ASSERT_EQ(m.kind, Match::Kind::kFound);
  EXPECT_EQ(m.route->method, "GET");
}

TEST_F(RouterTest, UnknownPathIs404Problem) {
  api::Response r = router_.Dispatch(Req("GET", "/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/problem+json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["detail"], "no route for GET /nope");
}

TEST_F(RouterTest, WrongMethodIs405WithSortedAllow) {
  api::Response r = router_.Dispatch(Req("PUT", "/callbacks/abc"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "GET, HEAD, POST");
  api::Response r2 = router_.Dispatch(Req("GET", "/mcp"));
  EXPECT_EQ(r2.headers.Get("Allow"), "DELETE, POST");
}

TEST_F(RouterTest, DoesNotNormaliseDotSegmentsOrSlashes) {
  EXPECT_EQ(router_.Find("GET", "/healthz/").kind, Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("GET", "//healthz").kind, Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("GET", "/callbacks/../healthz").kind, Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("GET", "/callbacks/x/y").kind, Match::Kind::kNotFound);
}

TEST_F(RouterTest, RejectsEncodedSlashNulAndEmptyParameters) {
  EXPECT_EQ(router_.Find("GET", "/callbacks/a%2Fb").kind, Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("GET", "/callbacks/a%00b").kind, Match::Kind::kBadPath);
  EXPECT_EQ(router_.Find("GET", "/callbacks/%zz").kind, Match::Kind::kBadPath);
  EXPECT_EQ(router_.Find("GET", "/callbacks/").kind, Match::Kind::kNotFound);
  EXPECT_EQ(router_.Dispatch(Req("GET", "/callbacks/%zz")).status, 400);
}

TEST_F(RouterTest, RejectsPathWithoutLeadingSlash) {
  EXPECT_EQ(router_.Find("GET", "healthz").kind, Match::Kind::kBadPath);
  EXPECT_EQ(router_.Find("GET", "").kind, Match::Kind::kBadPath);
}

TEST_F(RouterTest, KeepsRouteOptions) {
  Match m = router_.Find("POST", "/callbacks/x");
  ASSERT_EQ(m.kind, Match::Kind::kFound);
  EXPECT_EQ(m.route->options.max_body_bytes, 4096u);
  EXPECT_EQ(m.route->pattern, "/callbacks/{id}");
}

TEST_F(RouterTest, TruncatesLongPathsInProblemDetail) {
  api::Response r = router_.Dispatch(Req("GET", "/" + std::string(5000, 'a')));
  EXPECT_LT(r.body.size(), 400u);
}

TEST(RouterDeathTest, RefusesDuplicateRoutes) {
  Router r;
  r.Add("GET", "/x", Echo);
  EXPECT_DEATH(r.Add("GET", "/x", Echo), "duplicate route");
}

}  // namespace
}  // namespace signet::server
