// Dispatcher over a fake HttpSender and a FakeClock: signing, deletion on success, backoff with
// jitter, dead letters, Retry-After, the circuit breaker's three states, lease-based claiming
// between two dispatchers, and the backoff/breaker primitives.

#include "notify/dispatcher.h"

#include <gtest/gtest.h>

#include "notify/notify_test_util.h"
#include "notify/payload.h"

namespace signet::notify {
namespace {

using testing::FakeSender;
using testing::Header;
using testing::Report;
using testing::VaultFixture;

class DispatcherTest : public ::testing::Test, public VaultFixture {
 protected:
  void SetUp() override {
    ApprovalOptions o;
    o.public_url = "https://signet.example";
    o.webhook_url = "https://hooks.example/approvals";
    approvals_ = std::move(CreateApprovalService({*storage_, kek_, tenants_, clock_}, o)).value();
    options_.max_attempts = 3;
    options_.initial_backoff = Millis(1'000);
    options_.max_backoff = Millis(8'000);
    options_.lease = Millis(20'000);
    options_.breaker = {2, Millis(10'000), Millis(60'000)};
    dispatcher_ = Make();
  }

  std::unique_ptr<Dispatcher> Make() {
    std::vector<WebhookSecret> secrets;
    secrets.push_back(WebhookSecret::Parse(kSecret).value());
    auto d = Dispatcher::Create(storage_->state(), kek_, clock_, sender_, std::move(secrets),
                                options_, approvals_.get());
    EXPECT_TRUE(d) << d.error().message();
    return std::move(d).value();
  }

  std::string Submit() {
    ApprovalRequest req{tenant_,
                        Report("identity.birthdate", policy::Tier::k2),
                        {{"birthdate", 0, 2, ""}},
                        std::chrono::seconds(3600)};
    return approvals_->Submit(req).value().id;
  }

  std::optional<OutboxRow> Row() {
    auto rows = storage_->state().Scan(kOutboxNamespace, "", 10);
    if (!rows || rows->empty()) return std::nullopt;
    return DecodeOutboxRow((*rows)[0].value).value();
  }
  size_t Dead() { return storage_->state().Scan(kDeadLetterNamespace, "", 100)->size(); }

  static constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  FakeSender sender_;
  std::unique_ptr<ApprovalService> approvals_;
  DispatcherOptions options_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, DeliversASignedPayloadAndDeletesTheRow) {
  const std::string id = Submit();
  dispatcher_->RunOnce();
  ASSERT_EQ(sender_.pending(), 1u);
  const HttpCall call = sender_.Front();
  EXPECT_EQ(call.url, "https://hooks.example/approvals");
  EXPECT_EQ(Header(call, "Content-Type"), "application/json");
  EXPECT_TRUE(Header(call, "webhook-id").starts_with("msg_"));
  EXPECT_EQ(Header(call, "webhook-timestamp"), std::to_string(clock_.UnixSeconds()));
  std::vector<WebhookSecret> secrets;
  secrets.push_back(WebhookSecret::Parse(kSecret).value());
  EXPECT_TRUE(VerifyWebhook(secrets,
                            {Header(call, "webhook-id"), Header(call, "webhook-timestamp"),
                             Header(call, "webhook-signature")},
                            call.body, clock_.UnixSeconds(), 300)
                  .ok());
  EXPECT_EQ(ParsePayload(call.body)->request_id, id);
  // Claimed, not yet delivered: a second round sends nothing more.
  dispatcher_->RunOnce();
  EXPECT_EQ(sender_.pending(), 1u);
  sender_.CompleteStatus(204);
  dispatcher_->RunOnce();
  EXPECT_FALSE(Row());
  EXPECT_EQ(dispatcher_->stats().delivered, 1u);
  EXPECT_EQ(dispatcher_->stats().in_flight, 0u);
}

TEST_F(DispatcherTest, RetriesWithJitteredBackoffThenDeadLetters) {
  options_.breaker.failure_threshold = 10;  // keep the breaker out of this test
  dispatcher_ = Make();
  Submit();
  dispatcher_->RunOnce();
  const std::string msg_id = Header(sender_.Front(), "webhook-id");
  sender_.CompleteStatus(500);
  const int64_t failed_at = storage::UnixMillis(clock_.Now());
  dispatcher_->RunOnce();
  auto row = Row();
  ASSERT_TRUE(row);
  EXPECT_EQ(row->attempts, 1);
  EXPECT_EQ(row->last_error, "HTTP 500");
  EXPECT_GE(row->next_at_ms, failed_at + 500);  // equal jitter: between d/2 and d
  EXPECT_LE(row->next_at_ms, failed_at + 1000);
  EXPECT_EQ(sender_.pending(), 0u);  // not due yet
  clock_.Advance(Millis(1000));
  dispatcher_->RunOnce();
  ASSERT_EQ(sender_.pending(), 1u);
  EXPECT_EQ(Header(sender_.Front(), "webhook-id"), msg_id);  // same id: idempotency key
  sender_.Complete(Unavailable("connection refused"));
  dispatcher_->RunOnce();
  EXPECT_EQ(Row()->attempts, 2);
  clock_.Advance(Millis(2000));
  dispatcher_->RunOnce();
  ASSERT_EQ(sender_.pending(), 1u);
  sender_.CompleteStatus(502);
  dispatcher_->RunOnce();
  EXPECT_FALSE(Row());
  EXPECT_EQ(Dead(), 1u);
  EXPECT_EQ(dispatcher_->stats().dead_lettered, 1u);
  EXPECT_EQ(dispatcher_->stats().failed_attempts, 3u);
}

TEST_F(DispatcherTest, PermanentFailuresDeadLetterAtOnce) {
  Submit();
  Submit();
  dispatcher_->RunOnce();
  ASSERT_EQ(sender_.pending(), 2u);
  sender_.CompleteStatus(410);
  sender_.Complete(PermissionDenied("webhook target address not allowed (loopback)"));
  dispatcher_->RunOnce();
  EXPECT_EQ(Dead(), 2u);
  EXPECT_FALSE(Row());
}

TEST_F(DispatcherTest, HonoursALongerRetryAfter) {
  Submit();
  dispatcher_->RunOnce();
  sender_.Complete(HttpReply{429, "", 5});
  const int64_t now = storage::UnixMillis(clock_.Now());
  dispatcher_->RunOnce();
  EXPECT_GE(Row()->next_at_ms, now + 5000);
}

TEST_F(DispatcherTest, BreakerOpensThenProbesThenCloses) {
  for (int i = 0; i < 3; ++i) Submit();
  dispatcher_->RunOnce();
  ASSERT_EQ(sender_.pending(), 3u);
  for (int i = 0; i < 3; ++i) sender_.CompleteStatus(503);
  dispatcher_->RunOnce();
  const std::string endpoint = "hooks.example:443";
  EXPECT_EQ(dispatcher_->BreakerState(endpoint), CircuitBreaker::State::kOpen);
  clock_.Advance(Millis(2000));  // rows are due again, but the breaker is open
  dispatcher_->RunOnce();
  EXPECT_EQ(sender_.pending(), 0u);
  EXPECT_GT(dispatcher_->stats().breaker_skips, 0u);
  clock_.Advance(Millis(10'000));  // half-open: exactly one probe
  dispatcher_->RunOnce();
  EXPECT_EQ(dispatcher_->BreakerState(endpoint), CircuitBreaker::State::kHalfOpen);
  ASSERT_EQ(sender_.pending(), 1u);
  sender_.CompleteStatus(200);
  dispatcher_->RunOnce();  // closed again: the other two go out
  EXPECT_EQ(dispatcher_->BreakerState(endpoint), CircuitBreaker::State::kClosed);
  EXPECT_EQ(sender_.pending(), 2u);
  sender_.CompleteStatus(200);
  sender_.CompleteStatus(200);
  dispatcher_->RunOnce();
  EXPECT_EQ(dispatcher_->stats().delivered, 3u);
  EXPECT_EQ(Dead(), 0u);
}

TEST_F(DispatcherTest, AFailedProbeReopensForLonger) {
  Submit();
  Submit();
  dispatcher_->RunOnce();
  sender_.CompleteStatus(500);
  sender_.CompleteStatus(500);
  dispatcher_->RunOnce();
  clock_.Advance(Millis(10'000));
  dispatcher_->RunOnce();
  ASSERT_EQ(sender_.pending(), 1u);
  sender_.Complete(DeadlineExceeded("timeout"));
  dispatcher_->RunOnce();
  const std::string endpoint = "hooks.example:443";
  EXPECT_EQ(dispatcher_->BreakerState(endpoint), CircuitBreaker::State::kOpen);
  clock_.Advance(Millis(10'000));  // first open period would be over; the second is 20 s
  EXPECT_EQ(dispatcher_->BreakerState(endpoint), CircuitBreaker::State::kOpen);
  clock_.Advance(Millis(10'000));
  EXPECT_EQ(dispatcher_->BreakerState(endpoint), CircuitBreaker::State::kHalfOpen);
}

TEST_F(DispatcherTest, TwoDispatchersNeverHoldTheSameRowAndALostLeaseIsRetaken) {
  Submit();
  FakeSender other_sender;
  std::vector<WebhookSecret> secrets;
  secrets.push_back(WebhookSecret::Parse(kSecret).value());
  auto other = Dispatcher::Create(storage_->state(), kek_, clock_, other_sender, std::move(secrets),
                                  options_, nullptr)
                   .value();
  dispatcher_->RunOnce();
  other->RunOnce();
  EXPECT_EQ(sender_.pending(), 1u);
  EXPECT_EQ(other_sender.pending(), 0u);
  // The first dispatcher "crashes" (never completes); after the lease the other one delivers.
  clock_.Advance(options_.lease + Millis(1));
  other->RunOnce();
  ASSERT_EQ(other_sender.pending(), 1u);
  other_sender.CompleteStatus(200);
  other->RunOnce();
  EXPECT_FALSE(Row());
}

TEST_F(DispatcherTest, DropsRowsPastTheRequestDeadlineAndExpiresRequests) {
  const std::string id = Submit();
  clock_.Advance(std::chrono::seconds(3601));
  dispatcher_->RunOnce();
  EXPECT_EQ(sender_.pending(), 0u);
  EXPECT_FALSE(Row());
  EXPECT_EQ(approvals_->Get(tenant_, id)->state, ApprovalState::kExpired);
}

TEST_F(DispatcherTest, CreateRejectsBadOptions) {
  auto make = [&](DispatcherOptions o, size_t nsecrets) {
    std::vector<WebhookSecret> s;
    for (size_t i = 0; i < nsecrets; ++i) s.push_back(WebhookSecret::Generate());
    return Dispatcher::Create(storage_->state(), kek_, clock_, sender_, std::move(s), o, nullptr)
        .has_value();
  };
  EXPECT_TRUE(make(options_, 2));
  EXPECT_TRUE(make(options_, 0));  // expiry only
  EXPECT_FALSE(make(options_, 3));
  DispatcherOptions o = options_;
  o.lease = o.request_timeout;
  EXPECT_FALSE(make(o, 1));
  o = options_;
  o.max_attempts = 0;
  EXPECT_FALSE(make(o, 1));
}

TEST(BackoffTest, GrowsExponentiallyWithinJitterBounds) {
  const Millis initial(1000), max(60'000);
  for (int failures = 1; failures <= 10; ++failures) {
    const int64_t d = std::min<int64_t>(60'000, int64_t{1000} << (failures - 1));
    for (uint64_t r : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, uint64_t{123456789}}) {
      const Millis got = BackoffDelay(initial, max, failures, r);
      EXPECT_GE(got.count(), d / 2);
      EXPECT_LE(got.count(), d);
    }
  }
  EXPECT_EQ(BackoffDelay(initial, max, 1, 0).count(), 500);
  EXPECT_LE(BackoffDelay(initial, max, 1000, 7).count(), 60'000);
}

TEST(CircuitBreakerTest, FollowsClosedOpenHalfOpen) {
  CircuitBreaker b({3, Millis(100), Millis(1000)});
  EXPECT_TRUE(b.Allow(0));
  b.OnFailure(0);
  b.OnFailure(0);
  EXPECT_EQ(b.state(0), CircuitBreaker::State::kClosed);
  b.OnSuccess();  // resets the count
  b.OnFailure(0);
  b.OnFailure(0);
  b.OnFailure(0);
  EXPECT_EQ(b.state(0), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(b.Allow(50));
  EXPECT_TRUE(b.Allow(100));   // the probe
  EXPECT_FALSE(b.Allow(101));  // only one
  b.Release();                 // a probe that was not sent
  EXPECT_TRUE(b.Allow(102));
  b.OnFailure(102);
  EXPECT_EQ(b.state(250), CircuitBreaker::State::kOpen);  // reopened for 200 ms
  EXPECT_TRUE(b.Allow(302));
  b.OnSuccess();
  EXPECT_EQ(b.state(302), CircuitBreaker::State::kClosed);
  EXPECT_STREQ(StateName(CircuitBreaker::State::kHalfOpen), "half_open");
}

}  // namespace
}  // namespace signet::notify
