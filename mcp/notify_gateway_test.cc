// NotifyApprovalGateway maps the tools' approval seam onto notify::ApprovalService faithfully.

#include "mcp/notify_gateway.h"

#include <gtest/gtest.h>

namespace signet::mcp {
namespace {

// RecordingService is a notify::ApprovalService whose answers the test sets.
class RecordingService final : public notify::ApprovalService {
 public:
  Result<notify::Submitted> Submit(const notify::ApprovalRequest& r) override {
    submitted = r;
    return notify::Submitted{"apr_1", 1234, true};
  }
  Result<notify::ApprovalStatus> Get(const TenantId& tenant, std::string_view id) override {
    if (tenant != TenantId("t_a") || id != "apr_1") return NotFound("no such request");
    return status;
  }
  Result<notify::ApprovalStatus> Wait(const TenantId&, std::string_view,
                                      std::chrono::milliseconds) override {
    return Unimplemented("unused");
  }
  Result<notify::ApprovalGrant> TakeGrant(const TenantId&, std::string_view) override {
    if (taken) return AlreadyExists("grant already taken");
    taken = true;
    notify::ApprovalGrant g;
    g.approval.id = "apr_1";
    g.keys = std::make_unique<notify::ReleasedKeys>(std::vector<notify::ReleasedKeys::Key>{});
    return g;
  }
  Result<notify::ApprovalStatus> HandleCallback(std::string_view,
                                                const notify::CallbackMessage&) override {
    return Unimplemented("unused");
  }
  Result<std::vector<notify::ApprovalStatus>> ListPending(const TenantId&, size_t) override {
    return Unimplemented("unused");
  }
  Result<std::string> Payload(const TenantId&, std::string_view) override {
    return Unimplemented("unused");
  }
  Result<size_t> ExpireDue(size_t) override { return Unimplemented("unused"); }

  notify::ApprovalRequest submitted;
  notify::ApprovalStatus status;
  bool taken = false;
};

TEST(NotifyApprovalGatewayTest, SubmitsTheRequestWithItsScopeAndTtl) {
  RecordingService service;
  NotifyApprovalGateway gateway(service);
  ApprovalRequest r;
  r.tenant = TenantId("t_a");
  r.report.actor_id = "agent:local";
  r.scope = {{"passport", 0, 3, "identity"}, {"email", 2, 1, ""}};
  r.ttl_seconds = 600;
  auto s = gateway.Submit(r);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, "apr_1");
  EXPECT_EQ(s->deadline, 1234);
  EXPECT_EQ(service.submitted.tenant, TenantId("t_a"));
  EXPECT_EQ(service.submitted.report.actor_id, "agent:local");
  ASSERT_EQ(service.submitted.scope.size(), 2u);
  EXPECT_EQ(service.submitted.scope[0], (notify::ScopeItem{"passport", 0, 3, "identity"}));
  EXPECT_EQ(service.submitted.scope[1], (notify::ScopeItem{"email", 2, 1, ""}));
  EXPECT_EQ(service.submitted.ttl, std::chrono::seconds(600));
}

TEST(NotifyApprovalGatewayTest, ReportsEveryStateAndPassesErrorsThrough) {
  RecordingService service;
  NotifyApprovalGateway gateway(service);
  const std::pair<notify::ApprovalState, ApprovalState> states[] = {
      {notify::ApprovalState::kPending, ApprovalState::kPending},
      {notify::ApprovalState::kApproved, ApprovalState::kApproved},
      {notify::ApprovalState::kDenied, ApprovalState::kDenied},
      {notify::ApprovalState::kExpired, ApprovalState::kExpired}};
  for (auto [from, to] : states) {
    service.status.state = from;
    service.status.deadline = 99;
    service.status.note = "ok";
    auto s = gateway.Status(TenantId("t_a"), "apr_1");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->state, to);
    EXPECT_EQ(s->deadline, 99);
    EXPECT_EQ(s->note, "ok");
  }
  auto other = gateway.Status(TenantId("t_b"), "apr_1");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
}

TEST(NotifyApprovalGatewayTest, HandsOutTheGrantOnce) {
  RecordingService service;
  NotifyApprovalGateway gateway(service);
  auto g = gateway.TakeGrant(TenantId("t_a"), "apr_1");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->approval.id, "apr_1");
  EXPECT_NE(g->keys, nullptr);
  auto again = gateway.TakeGrant(TenantId("t_a"), "apr_1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace signet::mcp
