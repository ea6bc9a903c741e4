// ApprovalServiceImpl::HandleCallback: the approver's signed answer (approvals.h, callback.h).

#include <algorithm>
#include <set>

#include "base/encoding.h"
#include "base/log.h"
#include "notify/service_impl.h"
#include "notify/signing.h"
#include "vault/vault.h"

namespace signet::notify::internal {
namespace {

bool Offered(const PendingRecord& r, policy::OwnerChoice c) {
  return std::find(r.report.options.begin(), r.report.options.end(), c) != r.report.options.end();
}

std::optional<policy::OwnerChoice> ChoiceFor(const PendingRecord& r, const CallbackBody& b) {
  using policy::OwnerChoice;
  switch (b.decision) {
    case CallbackDecision::kDeny:
      return b.remember && Offered(r, OwnerChoice::kDenyAlways) ? OwnerChoice::kDenyAlways
                                                                : OwnerChoice::kDenyOnce;
    case CallbackDecision::kApprove:
      return b.remember && Offered(r, OwnerChoice::kAllowAlways) ? OwnerChoice::kAllowAlways
                                                                 : OwnerChoice::kAllowOnce;
    case CallbackDecision::kModify:
      return OwnerChoice::kAllowOnce;
  }
  return OwnerChoice::kDenyOnce;
}

std::string_view AuditKind(CallbackDecision d) {
  switch (d) {
    case CallbackDecision::kApprove:
      return "approval.approved";
    case CallbackDecision::kModify:
      return "approval.modified";
    case CallbackDecision::kDeny:
      return "approval.denied";
  }
  return "approval.denied";
}

const ScopeItem* FindItem(const PendingRecord& r, std::string_view key) {
  for (const ScopeItem& s : r.scope) {
    if (s.Key() == key) return &s;
  }
  return nullptr;
}

}  // namespace

Result<std::vector<std::string>> ApprovalServiceImpl::GrantedItems(const PendingRecord& r,
                                                                   const CallbackBody& b) {
  std::vector<std::string> all;
  for (const ScopeItem& s : r.scope) all.push_back(s.Key());
  if (b.decision == CallbackDecision::kDeny) return std::vector<std::string>();
  if (b.decision == CallbackDecision::kApprove) return all;
  if (b.scope.empty()) return InvalidArgument("modify needs a non-empty scope (use deny)");
  const std::set<std::string> unique(b.scope.begin(), b.scope.end());
  bool subset = unique.size() == b.scope.size();
  for (const std::string& item : b.scope) subset = subset && FindItem(r, item) != nullptr;
  if (!subset || unique.size() >= all.size()) {
    (void)Audit(r.tenant, "approval.escalation_refused",
                DescribeRequest(r, b.scope) + " reason=modify must narrow the requested scope");
    return PermissionDenied("modify must be a strict subset of the requested scope");
  }
  return b.scope;
}

Result<std::vector<vault::DeviceEntry>> ApprovalServiceImpl::Devices(const TenantId& tenant) {
  auto keyring = deps_.tenants.Open(tenant);
  if (!keyring) return std::move(keyring).error();
  vault::Vault v(deps_.storage, *keyring, deps_.clock);
  auto index = v.ReadIndex();
  if (!index) return std::move(index).error();
  return std::move(index->devices);
}

Status ApprovalServiceImpl::CheckDevice(const PendingRecord& r, const CallbackBody& body,
                                        const std::vector<std::string>& granted) {
  auto devices = Devices(r.tenant);
  if (!devices) return std::move(devices).error();
  const auto it = std::find_if(devices->begin(), devices->end(), [&](const vault::DeviceEntry& d) {
    return d.id == body.device->device_id;
  });
  const std::string who = DescribeRequest(r, granted) + " device=" + body.device->device_id;
  if (it == devices->end()) {
    (void)Audit(r.tenant, "approval.device_rejected", who + " reason=not registered");
    return PermissionDenied("device is not registered in this vault");
  }
  auto raw = HexDecode(it->ed25519_public);
  if (!raw) return DataLoss("device key in the vault index is malformed");
  auto key = crypto::Ed25519PublicKey::FromBytes(*raw);
  auto epk = Base64UrlDecode(r.ephemeral_public);
  if (!key || !epk) return DataLoss("device or ephemeral key is malformed");
  const Bytes message = DeviceSignedMessage(body, granted, *epk, r.deadline);
  const auto& sig = body.device->signature;
  if (Status s = key->Verify(message, ByteView(sig.data(), sig.size())); !s.ok()) {
    (void)Audit(r.tenant, "approval.device_rejected", who + " reason=invalid signature");
    return Unauthenticated("invalid signature");
  }
  return OkStatus();
}

Result<GrantRecord> ApprovalServiceImpl::CheckRelease(const PendingRecord& r,
                                                      const CallbackBody& body,
                                                      const std::vector<std::string>& granted) {
  std::set<std::string> needed;
  for (const std::string& g : granted) {
    if (FindItem(r, g)->tier == 3) needed.insert(g);
  }
  const auto& keys = body.device ? body.device->keys : std::vector<ReleasedKey>();
  if (keys.size() != needed.size()) {
    return InvalidArgument("exactly one released key per granted Tier-3 item is required");
  }
  GrantRecord grant;
  if (needed.empty()) return grant;
  auto esk = LoadEphemeral(r.id);
  if (!esk) return std::move(esk).error();
  for (const ReleasedKey& k : keys) {
    if (needed.erase(k.item) != 1) {
      return InvalidArgument("released key for an item that is not granted Tier 3: " + k.item);
    }
    // Check the box opens to a 32-byte key now; the key itself is wiped at once.
    if (auto opened = OpenReleasedKey(*esk, r.id, k.item, k.sealed); !opened) {
      return InvalidArgument("released key for " + k.item + " does not open");
    }
    grant.sealed_keys.emplace_back(k.item, k.sealed);
  }
  return grant;
}

Result<crypto::X25519PrivateKey> ApprovalServiceImpl::LoadEphemeral(std::string_view id) {
  auto raw = deps_.storage.state().Get(kPendingNs, EskKey(id));
  if (!raw) return std::move(raw).error();
  if (!*raw) return FailedPrecondition("the request's ephemeral key is gone");
  auto scalar = Open(deps_.kek, "esk", id, **raw);
  if (!scalar) return std::move(scalar).error();
  return crypto::X25519PrivateKey::FromBytes(*scalar);
}

Result<ApprovalStatus> ApprovalServiceImpl::HandleCallback(std::string_view id,
                                                           const CallbackMessage& msg) {
  auto rec = LoadRecord(id);
  if (!rec) return std::move(rec).error();
  if (Status s = VerifyCallback(*rec, msg); !s.ok()) return std::move(s).error();
  auto body = ParseCallbackBody(msg.body);
  if (!body) return std::move(body).error();
  if (body->request_id != id) return InvalidArgument("callback names another request");
  auto dec = LoadDecision(id);
  if (!dec) return std::move(dec).error();
  if (*dec) return AlreadyExists("approval request already decided");
  if (storage::UnixMillis(deps_.clock.Now()) >= rec->deadline * 1000) {
    (void)Expire(*rec);
    return FailedPrecondition("callback after the deadline: the request was denied");
  }
  return Apply(*rec, *body);
}

Status ApprovalServiceImpl::VerifyCallback(const PendingRecord& r, const CallbackMessage& msg) {
  auto secret = WebhookSecret::Parse(r.callback_secret);
  if (!secret) return Internal("stored callback secret is malformed");
  const WebhookHeaders headers{msg.webhook_id, msg.webhook_timestamp, msg.webhook_signature};
  Status ok = VerifyWebhook(std::span<const WebhookSecret>(&*secret, 1), headers, msg.body,
                            deps_.clock.UnixSeconds(), options_.callback_tolerance.count());
  if (!ok.ok()) {
    log::Warn("approval callback rejected", {{"request", r.id}, {"reason", ok.error().message()}});
    return ok;
  }
  // Replay: each webhook-id is accepted once per request within the tolerance window.
  const auto ttl = 2 * options_.callback_tolerance + std::chrono::seconds(1);
  Status fresh =
      deps_.storage.state().PutIfAbsent(kNoncesNs, "cb/" + r.id + "/" + msg.webhook_id, {}, ttl);
  if (!fresh.ok() && fresh.error().code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("callback already processed (replayed webhook-id)");
  }
  return fresh;
}

Result<ApprovalStatus> ApprovalServiceImpl::Apply(const PendingRecord& r, const CallbackBody& b) {
  auto granted = GrantedItems(r, b);
  if (!granted) return std::move(granted).error();
  const bool approve = b.decision != CallbackDecision::kDeny;
  const bool tier3 = r.kind == ApprovalKind::kTier3;
  if (approve && tier3 && !b.device) {
    (void)Audit(r.tenant, "approval.device_rejected",
                DescribeRequest(r, *granted) + " reason=Tier-3 approval without device");
    return PermissionDenied("a Tier-3 approval must be signed by a registered device");
  }
  if (b.device) {
    if (Status s = CheckDevice(r, b, *granted); !s.ok()) return std::move(s).error();
  }
  GrantRecord grant;
  if (approve) {
    auto g = CheckRelease(r, b, *granted);
    if (!g) return std::move(g).error();
    grant = std::move(*g);
  } else if (b.device && !b.device->keys.empty()) {
    return InvalidArgument("a denial releases no keys");
  }
  DecisionRecord d;
  d.state = approve ? ApprovalState::kApproved : ApprovalState::kDenied;
  d.modified = b.decision == CallbackDecision::kModify;
  d.granted = *granted;
  d.decided_at = deps_.clock.UnixSeconds();
  d.decided_by = b.device ? b.device->device_id : "callback";
  d.choice = ChoiceFor(r, b);
  d.note = b.note;
  const std::string detail = DescribeRequest(r, *granted) + " by=" + d.decided_by;
  Status s = Decide(r, d, approve ? &grant : nullptr, AuditKind(b.decision), detail);
  if (!s.ok() && s.error().code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("approval request already decided");
  }
  if (!s.ok()) return std::move(s).error();
  // The decision stands whatever happens to the counters; a failure is logged (tampered counters
  // are left as they are, for the owner to see).
  if (Status counted = RecordAnswer(r, approve); !counted.ok()) {
    log::Error("owner answer not counted",
               {{"request", r.id}, {"reason", counted.error().message()}});
  }
  return BuildStatus(r, d, approve);
}

}  // namespace signet::notify::internal
