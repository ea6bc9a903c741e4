// ApprovalService: submit (request + outbox in one batch), callbacks (approve / deny / modify,
// forged, replayed, late, escalation, Tier-3 device signature and key release), expiry, the
// one-time grant and its wipe, listing and persistence across service instances.

#include "notify/approvals.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "notify/approver.h"
#include "notify/notify_test_util.h"
#include "notify/outbox.h"
#include "notify/payload.h"
#include "notify/signing.h"
#include "policy/tracker.h"
#include "vault/vault.h"

namespace signet::notify {
namespace {

using testing::Report;
using testing::VaultFixture;

class ApprovalServiceTest : public ::testing::Test, public VaultFixture {
 protected:
  void SetUp() override { service_ = MakeService(); }

  std::unique_ptr<ApprovalService> MakeService(std::string webhook = "https://hooks.example/x") {
    ApprovalOptions o;
    o.public_url = "https://signet.example/base/";
    o.webhook_url = std::move(webhook);
    o.on_enqueue = [this] { ++enqueued_; };
    o.wait_poll = std::chrono::milliseconds(5);
    auto s = CreateApprovalService({*storage_, kek_, tenants_, clock_}, std::move(o));
    EXPECT_TRUE(s) << s.error().message();
    return std::move(s).value();
  }

  Submitted SubmitTier3() {
    ApprovalRequest req{tenant_,
                        Report("identity.passport", policy::Tier::k3),
                        {{"passport", 0, 3, "identity"}, {"birthdate", 0, 2, ""}},
                        std::chrono::seconds(120)};
    auto s = service_->Submit(req);
    EXPECT_TRUE(s) << s.error().message();
    return *s;
  }

  Submitted SubmitAnomaly() {
    ApprovalRequest req{tenant_,
                        Report("identity.birthdate", policy::Tier::k2),
                        {{"birthdate", 0, 2, ""}, {"address", 0, 2, ""}},
                        std::nullopt};
    auto s = service_->Submit(req);
    EXPECT_TRUE(s) << s.error().message();
    return *s;
  }

  ApprovalPayload PayloadOf(const std::string& id) {
    auto text = service_->Payload(tenant_, id);
    EXPECT_TRUE(text);
    auto p = ParsePayload(*text);
    EXPECT_TRUE(p) << p.error().message();
    return *p;
  }

  // Answer builds, signs and delivers an answer; returns the service's result.
  Result<ApprovalStatus> Answer(const std::string& id, ApproverAnswer answer, bool with_device) {
    const ApprovalPayload p = PayloadOf(id);
    vault::HolderSecrets secrets = Secrets();
    const vault::VaultIndex index = Index();
    auto body = BuildAnswer(p, answer, with_device ? &secrets : nullptr, &index);
    if (!body) return std::move(body).error();
    return Deliver(id, *body);
  }

  Result<ApprovalStatus> Deliver(const std::string& id, const CallbackBody& body) {
    const ApprovalPayload p = PayloadOf(id);
    auto call = SignCallback(p, body, clock_.UnixSeconds());
    EXPECT_TRUE(call);
    last_message_ = ToMessage(*call);
    return service_->HandleCallback(id, last_message_);
  }

  static CallbackMessage ToMessage(const HttpCall& call) {
    return {testing::Header(call, "webhook-id"), testing::Header(call, "webhook-timestamp"),
            testing::Header(call, "webhook-signature"), call.body};
  }

  int Count(const std::string& kind) {
    const auto kinds = AuditKinds();
    return static_cast<int>(std::count(kinds.begin(), kinds.end(), kind));
  }

  std::unique_ptr<ApprovalService> service_;
  int enqueued_ = 0;
  CallbackMessage last_message_;
};

TEST_F(ApprovalServiceTest, SubmitPersistsRequestAndOutboxRowTogether) {
  const Submitted s = SubmitTier3();
  EXPECT_TRUE(s.notified);
  EXPECT_EQ(enqueued_, 1);
  EXPECT_EQ(s.deadline, clock_.UnixSeconds() + 120);
  auto rows = storage_->state().Scan(kOutboxNamespace, "", 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  auto row = DecodeOutboxRow((*rows)[0].value);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->request_id, s.id);
  auto content = OpenOutboxContent(kek_, row->msg_id, row->sealed);
  ASSERT_TRUE(content);
  EXPECT_EQ(content->url, "https://hooks.example/x");
  auto payload = ParsePayload(content->body);
  ASSERT_TRUE(payload) << payload.error().message();
  EXPECT_EQ(payload->request_id, s.id);
  EXPECT_EQ(payload->callback_url, "https://signet.example/base/callbacks/" + s.id);
  EXPECT_EQ(payload->kind, ApprovalKind::kTier3);
  EXPECT_TRUE(payload->device_signature_required);
  EXPECT_EQ(payload->ephemeral_public.size(), 32u);
  EXPECT_EQ(Count("approval.requested"), 1);

  auto status = service_->Get(tenant_, s.id);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, ApprovalState::kPending);
  EXPECT_EQ(status->requested.size(), 2u);
}

TEST_F(ApprovalServiceTest, StoredStateRevealsNoLabelsOrSecrets) {
  const Submitted s = SubmitTier3();
  for (const std::string ns : {"pending", "outbox"}) {
    auto rows = storage_->state().Scan(ns, "", 100);
    ASSERT_TRUE(rows);
    for (const auto& e : *rows) {
      const std::string v(e.value.begin(), e.value.end());
      EXPECT_EQ(v.find("passport"), std::string::npos) << ns << " " << e.key;
      EXPECT_EQ(v.find("whsec_"), std::string::npos) << ns << " " << e.key;
      EXPECT_EQ(v.find("shop-bot"), std::string::npos) << ns << " " << e.key;
      EXPECT_EQ(e.key.find("passport"), std::string::npos);
    }
  }
  EXPECT_FALSE(s.id.empty());
}

TEST_F(ApprovalServiceTest, SubmitWithoutWebhookWritesNoOutboxRow) {
  service_ = MakeService("");
  const Submitted s = SubmitAnomaly();
  EXPECT_FALSE(s.notified);
  EXPECT_TRUE(storage_->state().Scan(kOutboxNamespace, "", 10)->empty());
  EXPECT_EQ(enqueued_, 0);
}

TEST_F(ApprovalServiceTest, RejectsMalformedRequests) {
  ApprovalRequest req{tenant_, Report("identity.birthdate", policy::Tier::k2), {}, std::nullopt};
  EXPECT_EQ(service_->Submit(req).error().code(), ErrorCode::kInvalidArgument);
  req.scope = {{"a", 0, 2, ""}, {"a", 0, 2, ""}};
  EXPECT_EQ(service_->Submit(req).error().code(), ErrorCode::kInvalidArgument);
  req.scope = {{"passport", 0, 3, ""}};
  EXPECT_EQ(service_->Submit(req).error().code(), ErrorCode::kInvalidArgument);
  req.scope = {{"_signet.index", 0, 2, ""}};
  EXPECT_EQ(service_->Submit(req).error().code(), ErrorCode::kInvalidArgument);
  req.scope = {{"birthdate", 0, 2, ""}};
  req.tenant = TenantId("t_00000000000000000000");
  EXPECT_EQ(service_->Submit(req).error().code(), ErrorCode::kNotFound);
}

TEST_F(ApprovalServiceTest, ApproveReachesWaiterAndGrantIsTakenOnce) {
  const Submitted s = SubmitAnomaly();
  std::thread approver([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto st = Answer(s.id, {CallbackDecision::kApprove}, false);
    EXPECT_TRUE(st) << st.error().message();
  });
  auto waited = service_->Wait(tenant_, s.id, std::chrono::seconds(10));
  approver.join();
  ASSERT_TRUE(waited) << waited.error().message();
  EXPECT_EQ(waited->state, ApprovalState::kApproved);
  EXPECT_TRUE(waited->permitted());
  EXPECT_EQ(waited->granted.size(), 2u);
  EXPECT_EQ(waited->choice, policy::OwnerChoice::kAllowOnce);
  EXPECT_TRUE(waited->grant_available);

  auto grant = service_->TakeGrant(tenant_, s.id);
  ASSERT_TRUE(grant) << grant.error().message();
  EXPECT_EQ(grant->approval.id, s.id);
  EXPECT_EQ(grant->approval.actor_id, "shop-bot");
  EXPECT_EQ(grant->approval.attribute, "identity.birthdate");
  EXPECT_EQ(grant->approval.session, "s-1");
  EXPECT_EQ(grant->keys, nullptr);
  EXPECT_EQ(service_->TakeGrant(tenant_, s.id).error().code(), ErrorCode::kAlreadyExists);
  EXPECT_FALSE(service_->Get(tenant_, s.id)->grant_available);
  EXPECT_EQ(Count("approval.approved"), 1);
  EXPECT_EQ(Count("approval.grant_taken"), 1);
}

TEST_F(ApprovalServiceTest, DenyIsFinalAndHasNoGrant) {
  const Submitted s = SubmitAnomaly();
  auto st = Answer(s.id, {CallbackDecision::kDeny, {}, "not now", true}, false);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(st->state, ApprovalState::kDenied);
  EXPECT_EQ(st->choice, policy::OwnerChoice::kDenyAlways);  // offered in the report
  EXPECT_EQ(st->note, "not now");
  EXPECT_EQ(service_->TakeGrant(tenant_, s.id).error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Answer(s.id, {CallbackDecision::kApprove}, false).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(Count("approval.denied"), 1);
}

TEST_F(ApprovalServiceTest, ModifyNarrowsTheScope) {
  const Submitted s = SubmitAnomaly();
  auto st = Answer(s.id, {CallbackDecision::kModify, {"birthdate#0"}}, false);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(st->state, ApprovalState::kApproved);
  EXPECT_TRUE(st->modified);
  ASSERT_EQ(st->granted.size(), 1u);
  EXPECT_EQ(st->granted[0].label, "birthdate");
  auto grant = service_->TakeGrant(tenant_, s.id);
  ASSERT_TRUE(grant);
  ASSERT_EQ(grant->scope.size(), 1u);
  EXPECT_EQ(Count("approval.modified"), 1);
}

TEST_F(ApprovalServiceTest, OwnerAnswersFeedThePatternCountersAndSuggestions) {
  for (int i = 0; i < 3; ++i) {
    const Submitted s = SubmitAnomaly();
    ASSERT_TRUE(Answer(s.id, {CallbackDecision::kDeny}, false));
  }
  vault::Vault v(*storage_, keyring_, clock_);
  auto stored = v.GetSystemRecord("policy.patterns");
  ASSERT_TRUE(stored && *stored);
  auto tracker = policy::PatternTracker::Load(
      AsStringView((*stored)->Reveal(crypto::SecretAccess::Get())), keyring_.PolicyPatternsKey());
  ASSERT_TRUE(tracker) << tracker.error().message();
  ASSERT_EQ(tracker->entries().size(), 1u);
  const auto& [key, counts] = *tracker->entries().begin();
  EXPECT_EQ(key.actor_id, "shop-bot");
  EXPECT_EQ(key.attribute, "identity.birthdate");
  EXPECT_EQ(counts.denials, 3u);
  EXPECT_EQ(counts.approvals, 0u);
  // Three denials and no approval: "deny always" is suggested to the owner, not applied.
  const auto suggestions = tracker->Suggest(policy::PolicyDocument{});
  ASSERT_EQ(suggestions.size(), 1u);
  EXPECT_EQ(suggestions[0].choice, policy::OwnerChoice::kDenyAlways);
  EXPECT_EQ(Count("policy.answer_counted"), 3);
}

TEST_F(ApprovalServiceTest, TamperedPatternCountersDoNotBlockTheDecision) {
  vault::Vault v(*storage_, keyring_, clock_);
  ASSERT_TRUE(
      v.PutSystemRecord("policy.patterns", VaultFixture::ToBytes("{\"version\":1}"), "t").ok());
  const Submitted s = SubmitAnomaly();
  auto st = Answer(s.id, {CallbackDecision::kApprove}, false);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(st->state, ApprovalState::kApproved);
  // The tampered record is left as it was, for the owner to see.
  auto after = v.GetSystemRecord("policy.patterns");
  ASSERT_TRUE(after && *after);
  EXPECT_EQ(ToString((*after)->Reveal(crypto::SecretAccess::Get())), "{\"version\":1}");
}

TEST_F(ApprovalServiceTest, RefusesAndAuditsScopeEscalation) {
  const Submitted s = SubmitAnomaly();
  // Not a subset (an item that was never asked for), the same set, and a duplicate.
  for (const std::vector<std::string>& scope :
       {std::vector<std::string>{"birthdate#0", "passport#0"},
        std::vector<std::string>{"passport#0"},
        std::vector<std::string>{"address#0", "birthdate#0"},
        std::vector<std::string>{"birthdate#0", "birthdate#0"}}) {
    auto st = Answer(s.id, {CallbackDecision::kModify, scope}, false);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(Count("approval.escalation_refused"), 4);
  EXPECT_EQ(service_->Get(tenant_, s.id)->state, ApprovalState::kPending);
  EXPECT_EQ(Answer(s.id, {CallbackDecision::kModify, {}}, false).error().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(ApprovalServiceTest, RejectsForgedAndTamperedCallbacks) {
  const Submitted s = SubmitAnomaly();
  const ApprovalPayload p = PayloadOf(s.id);
  CallbackBody body{s.id, CallbackDecision::kApprove, {}, "", false, std::nullopt};
  auto call = SignCallback(p, body, clock_.UnixSeconds());
  ASSERT_TRUE(call);
  CallbackMessage m = ToMessage(*call);

  CallbackMessage tampered = m;
  tampered.body.replace(tampered.body.find("approve"), 7, "approve");  // same text: control
  tampered.body += " ";
  EXPECT_EQ(service_->HandleCallback(s.id, tampered).error().code(), ErrorCode::kUnauthenticated);
  CallbackMessage forged = m;
  forged.webhook_signature =
      WebhookSecret::Generate().Sign(m.webhook_id, clock_.UnixSeconds(), m.body);
  EXPECT_EQ(service_->HandleCallback(s.id, forged).error().code(), ErrorCode::kUnauthenticated);
  CallbackMessage unsigned_msg = m;
  unsigned_msg.webhook_signature = "";
  EXPECT_EQ(service_->HandleCallback(s.id, unsigned_msg).error().code(),
            ErrorCode::kUnauthenticated);
  // A message signed for another request does not verify here.
  const Submitted other = SubmitAnomaly();
  EXPECT_EQ(service_->HandleCallback(other.id, m).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Get(tenant_, s.id)->state, ApprovalState::kPending);
  // The genuine one still works.
  EXPECT_TRUE(service_->HandleCallback(s.id, m));
}

TEST_F(ApprovalServiceTest, RejectsReplayedAndStaleCallbacks) {
  const Submitted s = SubmitAnomaly();
  const ApprovalPayload p = PayloadOf(s.id);
  CallbackBody deny{s.id, CallbackDecision::kDeny, {}, "", false, std::nullopt};
  // Stale timestamp (outside the 5-minute tolerance).
  auto old = SignCallback(p, deny, clock_.UnixSeconds() - 400);
  EXPECT_EQ(service_->HandleCallback(s.id, ToMessage(*old)).error().code(),
            ErrorCode::kUnauthenticated);
  // A body naming another request, correctly signed.
  CallbackBody other = deny;
  other.request_id = "apr_00000000000000000000000000000000";
  auto wrong = SignCallback(p, other, clock_.UnixSeconds());
  EXPECT_EQ(service_->HandleCallback(s.id, ToMessage(*wrong)).error().code(),
            ErrorCode::kInvalidArgument);
  // Replay of the same webhook-id is refused even before anything was decided.
  auto once = SignCallback(p, deny, clock_.UnixSeconds());
  const CallbackMessage m = ToMessage(*once);
  CallbackMessage first = m;
  first.body = "{";  // malformed body, correctly signed below
  first.webhook_signature = WebhookSecret::Parse(p.callback_secret)
                                ->Sign(m.webhook_id, std::stoll(m.webhook_timestamp), first.body);
  EXPECT_EQ(service_->HandleCallback(s.id, first).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->HandleCallback(s.id, m).error().code(), ErrorCode::kAlreadyExists);
  auto fresh = SignCallback(p, deny, clock_.UnixSeconds());
  EXPECT_TRUE(service_->HandleCallback(s.id, ToMessage(*fresh)));
  EXPECT_EQ(service_->HandleCallback(s.id, ToMessage(*fresh)).error().code(),
            ErrorCode::kAlreadyExists);
}

TEST_F(ApprovalServiceTest, DeadlinePassingIsAnAuditedDeny) {
  const Submitted s = SubmitAnomaly();
  const ApprovalPayload p = PayloadOf(s.id);
  clock_.Advance(std::chrono::seconds(301));
  auto st = service_->Get(tenant_, s.id);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->state, ApprovalState::kExpired);
  EXPECT_FALSE(st->permitted());
  EXPECT_EQ(st->decided_by, "deadline");
  EXPECT_EQ(Count("approval.expired"), 1);
  // A late answer is refused, and nothing is audited twice.
  CallbackBody approve{s.id, CallbackDecision::kApprove, {}, "", false, std::nullopt};
  auto late = SignCallback(p, approve, clock_.UnixSeconds());
  EXPECT_EQ(service_->HandleCallback(s.id, ToMessage(*late)).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(service_->Get(tenant_, s.id)->state, ApprovalState::kExpired);
  EXPECT_EQ(Count("approval.expired"), 1);
  EXPECT_EQ(service_->TakeGrant(tenant_, s.id).error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(ApprovalServiceTest, LateCallbackBeforeAnyReadIsRefused) {
  const Submitted s = SubmitAnomaly();
  const ApprovalPayload p = PayloadOf(s.id);
  clock_.Advance(std::chrono::seconds(300));
  CallbackBody approve{s.id, CallbackDecision::kApprove, {}, "", false, std::nullopt};
  auto late = SignCallback(p, approve, clock_.UnixSeconds());
  EXPECT_EQ(service_->HandleCallback(s.id, ToMessage(*late)).error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Get(tenant_, s.id)->state, ApprovalState::kExpired);
}

TEST_F(ApprovalServiceTest, ExpireDueSweepsInDeadlineOrder) {
  const Submitted a = SubmitAnomaly();
  clock_.Advance(std::chrono::seconds(10));
  const Submitted b = SubmitAnomaly();
  clock_.Advance(std::chrono::seconds(295));  // a is past its deadline, b is not
  EXPECT_EQ(*service_->ExpireDue(10), 1u);
  clock_.Advance(std::chrono::seconds(10));
  EXPECT_EQ(*service_->ExpireDue(10), 1u);
  EXPECT_EQ(*service_->ExpireDue(10), 0u);
  EXPECT_EQ(Count("approval.expired"), 2);
  EXPECT_EQ(service_->Get(tenant_, a.id)->state, ApprovalState::kExpired);
  EXPECT_EQ(service_->Get(tenant_, b.id)->state, ApprovalState::kExpired);
}

TEST_F(ApprovalServiceTest, WaitTimesOutWhilePendingAndSeesTheDeadline) {
  const Submitted s = SubmitAnomaly();
  auto st = service_->Wait(tenant_, s.id, std::chrono::milliseconds(30));
  EXPECT_EQ(st.error().code(), ErrorCode::kDeadlineExceeded);
  clock_.Advance(std::chrono::seconds(400));
  auto done = service_->Wait(tenant_, s.id, std::chrono::milliseconds(30));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, ApprovalState::kExpired);
}

TEST_F(ApprovalServiceTest, Tier3ApprovalReleasesKeysOnceAndTheyOpenTheRecord) {
  const Submitted s = SubmitTier3();
  auto st = Answer(s.id, {CallbackDecision::kApprove}, true);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(st->decided_by, device_.id);
  auto grant = service_->TakeGrant(tenant_, s.id);
  ASSERT_TRUE(grant) << grant.error().message();
  ASSERT_NE(grant->keys, nullptr);
  EXPECT_EQ(grant->keys->size(), 1u);  // only the Tier-3 item needs a key
  vault::Vault v(*storage_, keyring_, clock_);
  auto value = v.Get("passport", 0, grant->keys.get(), "approved request");
  ASSERT_TRUE(value) << value.error().message();
  EXPECT_EQ(ToString(value->value.Reveal(crypto::SecretAccess::Get())), "P123456");
  // Keys for anything else are refused.
  EXPECT_EQ(grant->keys->KeyFor("identity", keyring_.Address("ssn", 0)).error().code(),
            ErrorCode::kPermissionDenied);
  // One time: the grant is gone and so is the ephemeral key.
  EXPECT_EQ(service_->TakeGrant(tenant_, s.id).error().code(), ErrorCode::kAlreadyExists);
  auto esk = storage_->state().Get("pending", "esk/" + s.id);
  ASSERT_TRUE(esk);
  EXPECT_FALSE(esk->has_value());
  EXPECT_EQ(Count("approval.grant_taken"), 1);
}

TEST_F(ApprovalServiceTest, Tier3ModifyToTier2ItemsReleasesNoKeys) {
  const Submitted s = SubmitTier3();
  auto st = Answer(s.id, {CallbackDecision::kModify, {"birthdate#0"}}, true);
  ASSERT_TRUE(st) << st.error().message();
  auto grant = service_->TakeGrant(tenant_, s.id);
  ASSERT_TRUE(grant);
  ASSERT_NE(grant->keys, nullptr);
  EXPECT_EQ(grant->keys->size(), 0u);
}

TEST_F(ApprovalServiceTest, Tier3ApprovalNeedsARegisteredDeviceSignature) {
  const Submitted s = SubmitTier3();
  const ApprovalPayload p = PayloadOf(s.id);
  // Without a device: the approver helper refuses, and a hand-made body is refused by the server.
  EXPECT_FALSE(BuildAnswer(p, {CallbackDecision::kApprove}, nullptr, nullptr));
  CallbackBody bare{s.id, CallbackDecision::kApprove, {}, "", false, std::nullopt};
  EXPECT_EQ(Deliver(s.id, bare).error().code(), ErrorCode::kPermissionDenied);

  vault::HolderSecrets secrets = Secrets();
  auto good = BuildAnswer(p, {CallbackDecision::kApprove}, &secrets, nullptr);
  ASSERT_TRUE(good);
  // A flipped signature bit.
  CallbackBody bad_sig = *good;
  bad_sig.device->signature[5] ^= 1;
  EXPECT_EQ(Deliver(s.id, bad_sig).error().code(), ErrorCode::kUnauthenticated);
  // A device that is not registered (signature valid for its own key).
  vault::HolderSecrets stranger = Secrets();
  stranger.device = vault::DeviceKeys::Generate("stranger");
  auto foreign = BuildAnswer(p, {CallbackDecision::kApprove}, &stranger, nullptr);
  ASSERT_TRUE(foreign);
  EXPECT_EQ(Deliver(s.id, *foreign).error().code(), ErrorCode::kPermissionDenied);
  // Keys swapped out after signing break the signature.
  CallbackBody swapped = *good;
  swapped.device->keys[0].sealed[40] ^= 1;
  EXPECT_EQ(Deliver(s.id, swapped).error().code(), ErrorCode::kUnauthenticated);
  // A missing key (signed consistently) is refused as incomplete.
  CallbackBody missing = *good;
  missing.device->keys.clear();
  missing.device->signature = secrets.device.signing.Sign(
      DeviceSignedMessage(missing, {"passport#0", "birthdate#0"}, p.ephemeral_public, p.deadline));
  EXPECT_EQ(Deliver(s.id, missing).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->Get(tenant_, s.id)->state, ApprovalState::kPending);
  const auto kinds = AuditKinds();
  EXPECT_GE(Count("approval.device_rejected"), 3);
  // The genuine answer works.
  EXPECT_TRUE(Deliver(s.id, *good));
}

TEST_F(ApprovalServiceTest, Tier3KeyReleasedUnderAWrongCompartmentIsRefused) {
  const Submitted s = SubmitTier3();
  ApprovalPayload p = PayloadOf(s.id);
  // The approver checks its own index: a request claiming another compartment gets no key.
  p.scope[0].compartment = "medical";
  vault::HolderSecrets secrets = Secrets();
  const vault::VaultIndex index = Index();
  EXPECT_EQ(BuildAnswer(p, {CallbackDecision::kApprove}, &secrets, &index).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(ApprovalServiceTest, AnswersFromAnotherVaultAreRefusedByTheApprover) {
  const Submitted s = SubmitTier3();
  ApprovalPayload p = PayloadOf(s.id);
  p.tenant = TenantId("t_someoneelse00000000");
  vault::HolderSecrets secrets = Secrets();
  EXPECT_EQ(BuildAnswer(p, {CallbackDecision::kApprove}, &secrets, nullptr).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(ApprovalServiceTest, OtherTenantsCannotSeeARequest) {
  const Submitted s = SubmitAnomaly();
  const TenantId other("t_00000000000000000000");
  EXPECT_EQ(service_->Get(other, s.id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->Payload(other, s.id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->TakeGrant(other, s.id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(tenant_, "apr_nothex").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(tenant_, "apr_00000000000000000000000000000000").error().code(),
            ErrorCode::kNotFound);
}

TEST_F(ApprovalServiceTest, ListPendingShowsOnlyUndecidedRequests) {
  const Submitted a = SubmitAnomaly();
  clock_.Advance(std::chrono::milliseconds(5));
  const Submitted b = SubmitTier3();
  auto list = service_->ListPending(tenant_, 10);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, a.id);  // oldest first
  ASSERT_TRUE(Answer(a.id, {CallbackDecision::kDeny}, false));
  list = service_->ListPending(tenant_, 10);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, b.id);
  EXPECT_EQ(service_->ListPending(tenant_, 0).error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ApprovalServiceTest, StateSurvivesANewServiceInstance) {
  const Submitted s = SubmitTier3();
  service_.reset();  // a restart: nothing lives in memory
  service_ = MakeService();
  EXPECT_EQ(service_->Get(tenant_, s.id)->state, ApprovalState::kPending);
  ASSERT_TRUE(Answer(s.id, {CallbackDecision::kApprove}, true));
  service_ = MakeService();
  auto grant = service_->TakeGrant(tenant_, s.id);
  ASSERT_TRUE(grant) << grant.error().message();
  EXPECT_EQ(grant->keys->size(), 1u);
}

TEST_F(ApprovalServiceTest, ConcurrentAnswersDecideExactlyOnce) {
  const Submitted s = SubmitAnomaly();
  const ApprovalPayload p = PayloadOf(s.id);
  std::vector<CallbackMessage> messages;
  for (int i = 0; i < 8; ++i) {
    CallbackBody b{s.id,  i % 2 ? CallbackDecision::kDeny : CallbackDecision::kApprove,
                   {},    "",
                   false, std::nullopt};
    messages.push_back(ToMessage(*SignCallback(p, b, clock_.UnixSeconds())));
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (const auto& m : messages) {
    threads.emplace_back([&, m] { ok += service_->HandleCallback(s.id, m).has_value() ? 1 : 0; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(Count("approval.approved") + Count("approval.denied"), 1);
}

TEST(ApprovalOptionsTest, RejectsBadUrlsAndTtls) {
  VaultFixture f;
  ApprovalDeps deps{*f.storage_, f.kek_, f.tenants_, f.clock_};
  ApprovalOptions o;
  o.public_url = "ftp://x";
  EXPECT_FALSE(CreateApprovalService(deps, o));
  o.public_url = "https://signet.example";
  o.webhook_url = "https://user:pw@hooks.example/";
  EXPECT_FALSE(CreateApprovalService(deps, o));
  o.webhook_url = "";
  o.min_ttl = std::chrono::seconds(600);
  EXPECT_FALSE(CreateApprovalService(deps, o));
}

}  // namespace
}  // namespace signet::notify
