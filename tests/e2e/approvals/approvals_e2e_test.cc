// End-to-end tests of approvals (issue 9) through the real `signet` binary: webhook deliveries to
// a receiver on 127.0.0.1, the owner's answers through `signet approvals ...` and signed
// POST /callbacks/{id}, expiry by the deadline, retries and the circuit breaker, and a restart
// while a request is pending. See approvals_fixture.h for how requests are submitted.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "crypto/secret_bytes.h"
#include "notify/outbox.h"
#include "tests/e2e/approvals/approvals_fixture.h"
#include "vault/vault.h"

namespace signet::e2e {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

json StatusOf(const CommandResult& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << r.out << r.err;
  return j;
}

std::string CallbackBody(const std::string& id, const std::string& decision,
                         const std::vector<std::string>& scope = {}) {
  json j = {{"request_id", id}, {"decision", decision}};
  if (!scope.empty()) j["scope"] = scope;
  return j.dump();
}

// One server with a healthy receiver, shared by the tests of this suite.
class ApprovalsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    receiver_ = new Receiver();
    server_ = new ApprovalsServer({.webhook_url = receiver_->url()});
    ASSERT_TRUE(server_->Start());
    ASSERT_TRUE(server_->OpenReplica());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete receiver_;
  }

  // SubmitDelivered submits and waits for the delivery; returns (id, payload).
  static std::pair<std::string, notify::ApprovalPayload> SubmitDelivered(
      const std::vector<std::string>& labels, bool tier3 = false, seconds ttl = seconds(60)) {
    const std::string id = server_->Submit(labels, tier3, ttl);
    EXPECT_TRUE(
        receiver_->WaitFor([&](auto&) { return !receiver_->Delivered(id).empty(); }, seconds(10)))
        << server_->process().Log();
    auto delivered = receiver_->Delivered(id);
    if (delivered.empty()) return {id, {}};
    return {id, PayloadOf(delivered.front())};
  }

  static Receiver* receiver_;
  static ApprovalsServer* server_;
};
Receiver* ApprovalsE2eTest::receiver_ = nullptr;
ApprovalsServer* ApprovalsE2eTest::server_ = nullptr;

TEST_F(ApprovalsE2eTest, DeliveryIsSignedStructuredAndCarriesNoVaultValue) {
  auto [id, payload] = SubmitDelivered({"email"});
  const Delivery d = receiver_->Delivered(id).front();
  auto secret = notify::WebhookSecret::Parse(server_->secret_text());
  ASSERT_TRUE(secret);
  std::vector<notify::WebhookSecret> secrets;
  secrets.push_back(std::move(*secret));
  EXPECT_TRUE(notify::VerifyWebhook(secrets,
                                    {d.Header("webhook-id"), d.Header("webhook-timestamp"),
                                     d.Header("webhook-signature")},
                                    d.body, SystemClock::Default().UnixSeconds(), 60)
                  .ok());
  EXPECT_EQ(payload.request_id, id);
  EXPECT_EQ(payload.report.actor_id, "shop-bot");
  EXPECT_EQ(payload.callback_url, server_->base_url() + "/callbacks/" + id);
  EXPECT_EQ(payload.ephemeral_public.size(), 32u);
  for (const char* value : {"ada.lovelace", "PASSPORT-X77", "+44 20", "Analytical"}) {
    EXPECT_EQ(d.body.find(value), std::string::npos) << value;
  }
}

TEST_F(ApprovalsE2eTest, ApproveFromTheCliReachesTheWaitingCaller) {
  auto [id, payload] = SubmitDelivered({"email"});
  CommandResult list = server_->Cli({"approvals", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(id), std::string::npos) << list.out;
  CommandResult show = server_->Cli({"approvals", "show", id});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("shop-bot"), std::string::npos) << show.out;

  CommandResult r = server_->Cli({"approvals", "approve", id, "--note", "ok once", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(StatusOf(r)["state"], "approved");
  auto status = server_->service().Wait(server_->tenant(), id, seconds(5));
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ(status->state, notify::ApprovalState::kApproved);
  EXPECT_EQ(status->note, "ok once");
  auto grant = server_->service().TakeGrant(server_->tenant(), id);
  ASSERT_TRUE(grant) << grant.error().message();
  EXPECT_EQ(server_->service().TakeGrant(server_->tenant(), id).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(Contains(server_->AuditKinds(), "approval.approved"));
}

TEST_F(ApprovalsE2eTest, DenyFromTheCliIsFinal) {
  auto [id, payload] = SubmitDelivered({"email"});
  CommandResult r = server_->Cli({"approvals", "deny", id, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(StatusOf(r)["state"], "denied");
  EXPECT_EQ(server_->service().TakeGrant(server_->tenant(), id).error().code(),
            ErrorCode::kFailedPrecondition);
  CommandResult again = server_->Cli({"approvals", "approve", id});
  EXPECT_NE(again.exit_code, 0);
  auto status = server_->service().Get(server_->tenant(), id);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, notify::ApprovalState::kDenied);
}

TEST_F(ApprovalsE2eTest, ModifyNarrowsTheGrantedScope) {
  auto [id, payload] = SubmitDelivered({"email", "phone"});
  CommandResult r = server_->Cli({"approvals", "modify", id, "--scope", "email#0", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json st = StatusOf(r);
  EXPECT_EQ(st["state"], "approved");
  EXPECT_EQ(st["modified"], true);
  auto grant = server_->service().TakeGrant(server_->tenant(), id);
  ASSERT_TRUE(grant) << grant.error().message();
  ASSERT_EQ(grant->scope.size(), 1u);
  EXPECT_EQ(grant->scope[0].Key(), "email#0");
  EXPECT_TRUE(Contains(server_->AuditKinds(), "approval.modified"));
}

TEST_F(ApprovalsE2eTest, ScopeEscalationIsRefusedAndAudited) {
  auto [id, payload] = SubmitDelivered({"email", "phone"});
  auto r = PostCallback(server_->port(), id, CallbackBody(id, "modify", {"email#0", "address#0"}),
                        payload.callback_secret, "esc-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  auto same = PostCallback(server_->port(), id, CallbackBody(id, "modify", {"email#0", "phone#0"}),
                           payload.callback_secret, "esc-2");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 403) << "modify must narrow: " << same->body;
  EXPECT_TRUE(Contains(server_->AuditKinds(), "approval.escalation_refused"));
  auto status = server_->service().Get(server_->tenant(), id);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, notify::ApprovalState::kPending);
}

TEST_F(ApprovalsE2eTest, ForgedSignatureIsRejected) {
  auto [id, payload] = SubmitDelivered({"email"});
  const std::string forged = notify::WebhookSecret::Generate().Encode(crypto::SecretAccess::Get());
  auto r = PostCallback(server_->port(), id, CallbackBody(id, "approve"), forged, "forged-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401) << r->body;
  // The webhook signing secret is not the request's callback secret either.
  auto r2 = PostCallback(server_->port(), id, CallbackBody(id, "approve"), server_->secret_text(),
                         "forged-2");
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 401) << r2->body;
  // A callback secret of another request does not answer this one.
  auto [other, other_payload] = SubmitDelivered({"phone"});
  auto r3 = PostCallback(server_->port(), id, CallbackBody(id, "approve"),
                         other_payload.callback_secret, "forged-3");
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->status, 401) << r3->body;
  auto status = server_->service().Get(server_->tenant(), id);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, notify::ApprovalState::kPending);
}

TEST_F(ApprovalsE2eTest, ReplayedAndSecondAnswersAreRejected) {
  auto [id, payload] = SubmitDelivered({"email"});
  const std::string body = CallbackBody(id, "approve");
  auto first = PostCallback(server_->port(), id, body, payload.callback_secret, "answer-1");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200) << first->body;
  auto replay = PostCallback(server_->port(), id, body, payload.callback_secret, "answer-1");
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 409) << replay->body;
  auto second = PostCallback(server_->port(), id, CallbackBody(id, "deny"), payload.callback_secret,
                             "answer-2");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409) << second->body;
  auto status = server_->service().Get(server_->tenant(), id);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, notify::ApprovalState::kApproved);
}

TEST_F(ApprovalsE2eTest, NoAnswerByTheDeadlineIsADeny) {
  // Two seconds: long enough for the delivery on a loaded machine, short for the test.
  auto [id, payload] = SubmitDelivered({"email"}, false, seconds(2));
  // The server's expiry runs every second; wait (bounded) until it has run past the deadline.
  for (int i = 0; i < 100; ++i) {
    auto st = server_->service().Get(server_->tenant(), id);
    if (st && st->state == notify::ApprovalState::kExpired) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  CommandResult show = server_->Cli({"approvals", "show", id});
  EXPECT_NE(show.exit_code, 0);
  EXPECT_NE(show.err.find("expired"), std::string::npos) << show.err;
  auto late = PostCallback(server_->port(), id, CallbackBody(id, "approve"),
                           payload.callback_secret, "late-1");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 409) << late->body;
  auto status = server_->service().Get(server_->tenant(), id);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, notify::ApprovalState::kExpired);
  EXPECT_FALSE(status->permitted());
  EXPECT_TRUE(Contains(server_->AuditKinds(), "approval.expired"));
}

TEST_F(ApprovalsE2eTest, Tier3ApprovalReleasesTheKeyOnceForThisRequest) {
  auto [id, payload] = SubmitDelivered({}, true);
  ASSERT_TRUE(payload.device_signature_required);
  // Without the device signature and keys, approving Tier 3 is refused.
  auto unsigned_answer = PostCallback(server_->port(), id, CallbackBody(id, "approve"),
                                      payload.callback_secret, "t3-unsigned");
  ASSERT_TRUE(unsigned_answer);
  EXPECT_NE(unsigned_answer->status, 200) << unsigned_answer->body;

  CommandResult r = server_->Cli({"approvals", "approve", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 key(s) released"), std::string::npos) << r.out;
  auto grant = server_->service().TakeGrant(server_->tenant(), id);
  ASSERT_TRUE(grant) << grant.error().message();
  ASSERT_NE(grant->keys, nullptr);
  EXPECT_EQ(grant->keys->size(), 1u);
  vault::Vault v(server_->storage(), server_->keyring(), SystemClock::Default());
  auto rec = v.Get("passport", 0, grant->keys.get(), "approval e2e");
  ASSERT_TRUE(rec) << rec.error().message();
  const auto access = crypto::SecretAccess::Get();
  const auto value = rec->value.Reveal(access);
  EXPECT_EQ(std::string(value.begin(), value.end()), "PASSPORT-X7734219");
  grant->keys.reset();  // wiped (SecretBytes) as the grant goes away
  // The ephemeral key is gone: nobody can take (open) the released keys again.
  EXPECT_EQ(server_->service().TakeGrant(server_->tenant(), id).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(Contains(server_->AuditKinds(), "approval.grant_taken"));
}

// Delivery failures: a receiver that is down, slow, or gone while the server restarts.
class ApprovalsDeliveryE2eTest : public ::testing::Test {};

TEST_F(ApprovalsDeliveryE2eTest, ReceiverDownRetriesThenTheBreakerOpensAndClosesOnRecovery) {
  Receiver receiver;
  receiver.set_status(503);
  ApprovalsServer server({.webhook_url = receiver.url(),
                          .initial_backoff = "50ms",
                          .max_backoff = "100ms",
                          .breaker_failures = 2,
                          .breaker_open = "1500ms"});
  ASSERT_TRUE(server.Start());
  ASSERT_TRUE(server.OpenReplica());
  const std::string id = server.Submit({"email"});
  ASSERT_TRUE(
      receiver.WaitFor([&](auto&) { return receiver.Attempts(id).size() >= 3; }, seconds(10)));
  auto attempts = receiver.Attempts(id);
  // Retries carry the same webhook-id (the receiver's idempotency key).
  for (const auto& a : attempts)
    EXPECT_EQ(a.Header("webhook-id"), attempts[0].Header("webhook-id"));
  // After two failures the breaker is open: the third attempt waits for the open period
  // (1.5 s), far longer than the 100 ms maximum backoff.
  const auto gap = attempts[2].at - attempts[1].at;
  EXPECT_GE(gap, milliseconds(1'200));
  receiver.set_status(204);
  ASSERT_TRUE(receiver.WaitFor([&](auto&) { return !receiver.Delivered(id).empty(); }, seconds(10)))
      << server.process().Log();
  // Closed again: the next request goes out at once.
  const auto before = std::chrono::steady_clock::now();
  const std::string next = server.Submit({"phone"});
  ASSERT_TRUE(
      receiver.WaitFor([&](auto&) { return !receiver.Delivered(next).empty(); }, seconds(5)));
  EXPECT_EQ(receiver.Attempts(next).size(), 1u);
  EXPECT_LT(receiver.Delivered(next)[0].at - before, milliseconds(1'400));  // < one open period
}

TEST_F(ApprovalsDeliveryE2eTest, SlowReceiverGetsTheSameMessageTwiceAndOneAnswerWins) {
  Receiver receiver;
  receiver.set_delay(milliseconds(1'200));
  ApprovalsServer server({.webhook_url = receiver.url(), .request_timeout = "300ms"});
  ASSERT_TRUE(server.Start());
  ASSERT_TRUE(server.OpenReplica());
  const std::string id = server.Submit({"email"});
  ASSERT_TRUE(
      receiver.WaitFor([&](auto&) { return receiver.Attempts(id).size() >= 2; }, seconds(10)));
  receiver.set_delay(milliseconds(0));
  auto attempts = receiver.Attempts(id);
  EXPECT_EQ(attempts[0].Header("webhook-id"), attempts[1].Header("webhook-id"));
  EXPECT_EQ(attempts[0].body, attempts[1].body);
  // The approver acts on both copies: the first answer decides, the second is refused.
  const notify::ApprovalPayload p = PayloadOf(attempts[0]);
  auto a = PostCallback(server.port(), id, CallbackBody(id, "approve"), p.callback_secret, "c-1");
  auto b = PostCallback(server.port(), id, CallbackBody(id, "approve"), p.callback_secret, "c-2");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->status, 200) << a->body;
  EXPECT_EQ(b->status, 409) << b->body;
}

TEST_F(ApprovalsDeliveryE2eTest, RestartWhileARequestIsPendingLosesNothing) {
  Receiver receiver;
  receiver.set_status(503);
  // A long backoff: when the server stops, the failed row waits unleased in the outbox.
  ApprovalsServer server(
      {.webhook_url = receiver.url(), .initial_backoff = "2s", .max_backoff = "2s"});
  ASSERT_TRUE(server.Start());
  ASSERT_TRUE(server.OpenReplica());
  const std::string id = server.Submit({"email", "phone"});
  ASSERT_TRUE(receiver.WaitFor([&](auto&) { return !receiver.Attempts(id).empty(); }, seconds(10)));
  // Wait (bounded) until the server has recorded the failed attempt and released the row, so the
  // restart finds it waiting in the outbox rather than leased by the stopped process.
  bool released = false;
  for (int i = 0; i < 100 && !released; ++i) {
    auto rows = server.storage().state().Scan(notify::kOutboxNamespace, "", 100);
    ASSERT_TRUE(rows) << rows.error().message();
    for (const storage::StateEntry& e : *rows) {
      auto row = notify::DecodeOutboxRow(e.value);
      if (row && row->request_id == id && row->attempts >= 1 && row->lease_owner.empty()) {
        released = true;
      }
    }
    if (!released) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_TRUE(released) << server.process().Log();
  ASSERT_TRUE(server.Restart());
  receiver.set_status(204);
  ASSERT_TRUE(receiver.WaitFor([&](auto&) { return !receiver.Delivered(id).empty(); }, seconds(10)))
      << server.process().Log();
  const notify::ApprovalPayload p = PayloadOf(receiver.Delivered(id).front());
  CommandResult list = server.Cli({"approvals", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(id), std::string::npos) << list.out;
  // The stored callback URL names the old port; the answer goes to the restarted server.
  auto r = PostCallback(server.port(), id, CallbackBody(id, "modify", {"phone#0"}),
                        p.callback_secret, "after-restart");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  auto status = server.service().Wait(server.tenant(), id, seconds(5));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, notify::ApprovalState::kApproved);
  EXPECT_TRUE(status->modified);
}

}  // namespace
}  // namespace signet::e2e
