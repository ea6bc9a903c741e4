#include "server/request_limits.h"

#include <gtest/gtest.h>

#include "storage/memory/memory_storage.h"

namespace signet::server {
namespace {

using std::chrono::seconds;

// DownStateStore fails every call, like a backend that is unreachable.
class DownStateStore final : public storage::StateStore {
 public:
  Status PutIfAbsent(std::string_view, std::string_view, ByteView, Duration) override {
    return Down();
  }
  Status Put(std::string_view, std::string_view, ByteView, Duration) override { return Down(); }
  Status CompareAndSwap(std::string_view, std::string_view, const std::optional<ByteView>&,
                        ByteView, Duration) override {
    return Down();
  }
  Result<std::optional<Bytes>> Get(std::string_view, std::string_view) override { return Down(); }
  Result<bool> Delete(std::string_view, std::string_view) override { return Down(); }
  Result<std::optional<Bytes>> ConsumeOnce(std::string_view, std::string_view) override {
    return Down();
  }
  Status PutAllIfAbsent(std::span<const storage::StateWrite>) override { return Down(); }
  Result<std::vector<storage::StateEntry>> Scan(std::string_view, std::string_view,
                                                size_t) override {
    return Down();
  }
  Result<int64_t> Increment(std::string_view, std::string_view, int64_t, Duration) override {
    return Down();
  }
  Result<uint64_t> PurgeExpired() override { return Down(); }
  Status Ping() override { return Down(); }

 private:
  static Error Down() { return Unavailable("state store down"); }
};

api::Request MakeRequest(std::string method, std::string path, std::string ip) {
  api::Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  req.target = req.path;
  req.client_ip = std::move(ip);
  return req;
}

class RequestLimitsTest : public ::testing::Test {
 protected:
  RequestLimitsTest() {
    clock_.Advance(seconds(20));
    router_.Add("GET", "/healthz",
                [](const api::Request&) { return api::Response::Text(200, "ok"); },
                {.inline_handler = true});
    router_.Add("GET", "/readyz",
                [](const api::Request&) { return api::Response::Text(200, "ok"); });
    router_.Add("POST", "/mcp",
                [](const api::Request&) { return api::Response::Text(200, "mcp"); });
    router_.Add("GET", "/status-lists/{id}",
                [](const api::Request&) { return api::Response::Text(200, "list"); });
  }

  void Limit(LimitsConfig config, storage::StateStore& state) {
    ApplyRequestLimits(
        router_,
        std::make_shared<RequestLimits>(config, state, clock_, std::chrono::hours(1), metrics_),
        config);
  }

  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_ =
      storage::memory::CreateMemoryStorage({.clock = &clock_});
  Metrics metrics_{"test", "test"};
  Router router_;
};

TEST_F(RequestLimitsTest, AnswersTooManyRequestsWithRetryAfterPerClientAddress) {
  Limit({.ip_requests_per_minute = 2, .tenant_requests_per_minute = 0}, storage_->state());
  const auto req = MakeRequest("GET", "/status-lists/x", "203.0.113.5");
  EXPECT_EQ(router_.Dispatch(req).status, 200);
  EXPECT_EQ(router_.Dispatch(req).status, 200);
  api::Response r = router_.Dispatch(req);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers.Get("Retry-After").value_or(""), "40");
  EXPECT_EQ(r.headers.Get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(router_.Dispatch(MakeRequest("GET", "/status-lists/x", "203.0.113.6")).status, 200);
  EXPECT_NE(metrics_.Render().find("signet_ratelimit_rejected_total{scope=\"ip\"} 1"),
            std::string::npos);
}

TEST_F(RequestLimitsTest, NeverLimitsHealthAndReadinessProbes) {
  Limit({.ip_requests_per_minute = 1, .tenant_requests_per_minute = 1}, storage_->state());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(router_.Dispatch(MakeRequest("GET", "/healthz", "203.0.113.5")).status, 200);
    EXPECT_EQ(router_.Dispatch(MakeRequest("GET", "/readyz", "203.0.113.5")).status, 200);
  }
}

TEST_F(RequestLimitsTest, CountsMcpRequestsPerTenantAcrossAddresses) {
  mcp::SessionStore sessions(storage_->state(), clock_, std::chrono::hours(1));
  mcp::SessionState s;
  s.tenant = "t_00000000000000000001";
  auto id = sessions.Create(s);
  ASSERT_TRUE(id) << id.error().message();
  Limit({.ip_requests_per_minute = 100, .tenant_requests_per_minute = 2}, storage_->state());
  for (int i = 0; i < 3; ++i) {
    auto req = MakeRequest("POST", "/mcp", "203.0.113." + std::to_string(10 + i));
    req.headers.Add("Mcp-Session-Id", *id);
    EXPECT_EQ(router_.Dispatch(req).status, i < 2 ? 200 : 429) << i;
  }
  // Without a session (initialize) or with an unknown one, only the address limit applies.
  auto fresh = MakeRequest("POST", "/mcp", "203.0.113.50");
  EXPECT_EQ(router_.Dispatch(fresh).status, 200);
  fresh.headers.Add("Mcp-Session-Id", "mcps_" + std::string(43, 'A'));
  EXPECT_EQ(router_.Dispatch(fresh).status, 200);
}

TEST_F(RequestLimitsTest, RemembersASessionsTenantOnlyUntilTheSessionExpires) {
  mcp::SessionStore sessions(storage_->state(), clock_, std::chrono::seconds(90));
  mcp::SessionState s;
  s.tenant = "t_00000000000000000002";
  auto id = sessions.Create(s);
  ASSERT_TRUE(id) << id.error().message();
  Limit({.ip_requests_per_minute = 100, .tenant_requests_per_minute = 2}, storage_->state());
  auto req = MakeRequest("POST", "/mcp", "203.0.113.7");
  req.headers.Add("Mcp-Session-Id", *id);
  EXPECT_EQ(router_.Dispatch(req).status, 200);
  // Deleted behind the limiter's back (as by another replica): the remembered tenant is still
  // charged, the side that errs towards counting.
  ASSERT_TRUE(sessions.Delete(*id));
  EXPECT_EQ(router_.Dispatch(req).status, 200);
  EXPECT_EQ(router_.Dispatch(req).status, 429);
  // Past the session's expiry the entry is not used: the request is no longer the tenant's
  // (a new minute, and no live session), so only the address limit applies.
  clock_.Advance(std::chrono::seconds(91));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(router_.Dispatch(req).status, 200) << i;
}

TEST_F(RequestLimitsTest, FailsClosedWithServiceUnavailableWhenTheStoreIsDown) {
  DownStateStore down;
  Limit({.ip_requests_per_minute = 10, .tenant_requests_per_minute = 10}, down);
  api::Response r = router_.Dispatch(MakeRequest("GET", "/status-lists/x", "203.0.113.5"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.headers.Get("Retry-After").value_or(""), "5");
  EXPECT_NE(metrics_.Render().find("signet_ratelimit_errors_total 1"), std::string::npos);
  EXPECT_EQ(router_.Dispatch(MakeRequest("GET", "/healthz", "203.0.113.5")).status, 200);
}

TEST_F(RequestLimitsTest, ZeroLimitsLeaveHandlersUntouched) {
  DownStateStore down;
  Limit({.ip_requests_per_minute = 0, .tenant_requests_per_minute = 0, .tenant_sessions = 0}, down);
  EXPECT_EQ(router_.Dispatch(MakeRequest("GET", "/status-lists/x", "203.0.113.5")).status, 200);
  EXPECT_EQ(router_.Dispatch(MakeRequest("POST", "/mcp", "203.0.113.5")).status, 200);
}

// SessionQuotaTest runs a fake /mcp whose POST creates a session of the tenant named in the
// X-Tenant header (as initialize does) and whose DELETE ends the session it names.
class SessionQuotaTest : public ::testing::Test {
 protected:
  SessionQuotaTest() {
    router_.Add("POST", "/mcp", [this](const api::Request& req) {
      mcp::SessionState s;
      s.tenant = std::string(req.headers.Get("X-Tenant").value_or(""));
      auto id = sessions_.Create(s);
      api::Response r = api::Response::Json(200, "{}");
      if (id) r.headers.Set("Mcp-Session-Id", *id);
      if (id) last_id_ = *id;
      return r;
    });
    router_.Add("DELETE", "/mcp", [this](const api::Request& req) {
      auto deleted = sessions_.Delete(req.headers.Get("Mcp-Session-Id").value_or(""));
      return api::Response::Text(deleted && *deleted ? 204 : 404, "");
    });
    const LimitsConfig config{
        .ip_requests_per_minute = 0, .tenant_requests_per_minute = 0, .tenant_sessions = 2};
    ApplyRequestLimits(router_,
                       std::make_shared<RequestLimits>(config, storage_->state(), clock_,
                                                       std::chrono::hours(1), metrics_),
                       config);
  }

  api::Response Initialize(const std::string& tenant) {
    auto req = MakeRequest("POST", "/mcp", "203.0.113.5");
    req.headers.Add("X-Tenant", tenant);
    return router_.Dispatch(req);
  }
  int End(const std::string& id) {
    auto req = MakeRequest("DELETE", "/mcp", "203.0.113.5");
    req.headers.Add("Mcp-Session-Id", id);
    return router_.Dispatch(req).status;
  }

  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_ =
      storage::memory::CreateMemoryStorage({.clock = &clock_});
  mcp::SessionStore sessions_{storage_->state(), clock_, std::chrono::hours(1)};
  Metrics metrics_{"test", "test"};
  Router router_;
  std::string last_id_;  // the session the fake created last
};

TEST_F(SessionQuotaTest, RefusesASessionOverTheTenantsQuotaAndDeletesIt) {
  const std::string tenant = "t_00000000000000000001";
  ASSERT_EQ(Initialize(tenant).status, 200);
  api::Response second = Initialize(tenant);
  ASSERT_EQ(second.status, 200);
  api::Response third = Initialize(tenant);
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(third.headers.Get("Retry-After").value_or(""), "60");
  EXPECT_NE(third.body.find("too many live MCP sessions"), std::string::npos);
  // The refused session was deleted again and its id is not given to the client.
  EXPECT_FALSE(third.headers.Has("Mcp-Session-Id"));
  EXPECT_FALSE(*sessions_.Get(last_id_));
  // Another tenant has its own quota.
  EXPECT_EQ(Initialize("t_00000000000000000002").status, 200);
  EXPECT_NE(metrics_.Render().find("signet_ratelimit_rejected_total{scope=\"sessions\"} 1"),
            std::string::npos);
}

TEST_F(SessionQuotaTest, EndingOrExpiringASessionFreesItsSlot) {
  const std::string tenant = "t_00000000000000000001";
  ASSERT_EQ(Initialize(tenant).status, 200);
  api::Response second = Initialize(tenant);
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(Initialize(tenant).status, 429);
  EXPECT_EQ(End(std::string(second.headers.Get("Mcp-Session-Id").value_or(""))), 204);
  EXPECT_EQ(Initialize(tenant).status, 200);
  EXPECT_EQ(Initialize(tenant).status, 429);
  clock_.Advance(std::chrono::hours(1) + std::chrono::seconds(1));  // every session expired
  EXPECT_EQ(Initialize(tenant).status, 200);
  EXPECT_EQ(Initialize(tenant).status, 200);
}

}  // namespace
}  // namespace signet::server
