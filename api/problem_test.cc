#include "api/problem.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/ops.h"

namespace signet::api {
namespace {

nlohmann::json Body(const Response& r) { return nlohmann::json::parse(r.body); }

TEST(ProblemTest, RendersRfc9457Members) {
  Response r = HttpProblem(404, "no route for GET /nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.Get("content-type"), "application/problem+json");
  auto j = Body(r);
  EXPECT_EQ(j["type"], "about:blank");
  EXPECT_EQ(j["title"], "Not Found");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["detail"], "no route for GET /nope");
}

TEST(ProblemTest, MapsErrorCodesToStatuses) {
  EXPECT_EQ(FromError(InvalidArgument("x")).status, 400);
  EXPECT_EQ(FromError(Unauthenticated("x")).status, 401);
  EXPECT_EQ(FromError(PermissionDenied("x")).status, 403);
  EXPECT_EQ(FromError(NotFound("x")).status, 404);
  EXPECT_EQ(FromError(Conflict("x")).status, 409);
  EXPECT_EQ(FromError(TooLarge("x")).status, 413);
  EXPECT_EQ(FromError(ResourceExhausted("x")).status, 429);
  EXPECT_EQ(FromError(Unimplemented("x")).status, 501);
  EXPECT_EQ(FromError(Unavailable("x")).status, 503);
  EXPECT_EQ(FromError(DeadlineExceeded("x")).status, 504);
}

TEST(ProblemTest, AddsRetryAfterWhenUnavailable) {
  Response r = FromError(Unavailable("storage unavailable", "connection refused"));
  EXPECT_EQ(r.headers.Get("Retry-After"), "5");
  auto j = Body(r);
  EXPECT_EQ(j["type"], "urn:signet:problem:unavailable");
  EXPECT_EQ(j["detail"], "storage unavailable");
  EXPECT_EQ(r.body.find("connection refused"), std::string::npos) << "internal detail leaked";
}

TEST(ProblemTest, HidesInternalErrorText) {
  Response r = FromError(Internal("sqlite: disk I/O error at /var/lib/signet/db"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Body(r)["detail"], "internal error");
}

TEST(ProblemTest, SurvivesInvalidUtf8InDetail) {
  Response r = HttpProblem(404, std::string("no route for /\xff\xfe"));
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(OpsTest, HealthzIsOk) {
  Response r = Healthz(Request{});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["status"], "ok");
}

TEST(OpsTest, ReadyzReportsFailingDependencyAs503) {
  std::vector<ReadinessCheck> checks = {
      {"worker_pool", [] { return OkStatus(); }},
      {"storage", [] { return Status(Unavailable("postgres unreachable")); }}};
  Response r = Readyz(checks);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.headers.Get("Retry-After"), "5");
  auto j = Body(r);
  EXPECT_EQ(j["checks"]["worker_pool"], "ok");
  EXPECT_EQ(j["checks"]["storage"], "postgres unreachable");
}

TEST(OpsTest, ReadyzIsOkWhenAllChecksPass) {
  Response r = Readyz({{"a", [] { return OkStatus(); }}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["status"], "ready");
}

}  // namespace
}  // namespace signet::api
