#include "notify/approver.h"

#include "base/encoding.h"
#include "crypto/random.h"
#include "notify/signing.h"
#include "vault/tenants.h"

namespace signet::notify {
namespace {

const ScopeItem* Find(const ApprovalPayload& p, std::string_view key) {
  for (const ScopeItem& s : p.scope) {
    if (s.Key() == key) return &s;
  }
  return nullptr;
}

Status CheckAgainstIndex(const ScopeItem& item, const vault::VaultIndex* index) {
  if (index == nullptr) return OkStatus();
  auto it = index->labels.find(item.label);
  if (it == index->labels.end() || it->second.tier != 3 ||
      it->second.compartment != item.compartment) {
    return PermissionDenied("the request's item " + item.Key() +
                            " is not a Tier-3 record of that compartment in your vault");
  }
  return OkStatus();
}

std::vector<std::string> Granted(const ApprovalPayload& p, const ApproverAnswer& a) {
  if (a.decision == CallbackDecision::kModify) return a.scope;
  std::vector<std::string> all;
  if (a.decision == CallbackDecision::kApprove) {
    for (const ScopeItem& s : p.scope) all.push_back(s.Key());
  }
  return all;
}

Result<DeviceRelease> Release(const ApprovalPayload& p, const std::vector<std::string>& granted,
                              const vault::HolderSecrets& holder, const vault::VaultIndex* index) {
  auto epk = crypto::X25519PublicKey::FromBytes(p.ephemeral_public);
  if (!epk) return std::move(epk).error();
  const vault::DelegatedKeyring keyring = holder.root.DeriveDelegatedKeyring();
  const vault::CompartmentRoot compartments = holder.root.DeriveCompartmentRoot();
  DeviceRelease release;
  release.device_id = holder.device.id;
  for (const std::string& key : granted) {
    const ScopeItem* item = Find(p, key);
    if (item == nullptr) return InvalidArgument("not an item of this request: " + key);
    if (item->tier != 3) continue;
    if (Status s = CheckAgainstIndex(*item, index); !s.ok()) return std::move(s).error();
    const crypto::SecretBytes record_key =
        compartments.RecordKey(item->compartment, keyring.Address(item->label, item->index));
    auto sealed = SealReleasedKey(*epk, p.request_id, key, record_key);
    if (!sealed) return std::move(sealed).error();
    release.keys.push_back({key, std::move(*sealed)});
  }
  return release;
}

}  // namespace

Result<CallbackBody> BuildAnswer(const ApprovalPayload& payload, const ApproverAnswer& answer,
                                 const vault::HolderSecrets* holder,
                                 const vault::VaultIndex* index) {
  CallbackBody body;
  body.request_id = payload.request_id;
  body.decision = answer.decision;
  body.scope =
      answer.decision == CallbackDecision::kModify ? answer.scope : std::vector<std::string>();
  body.note = answer.note;
  body.remember = answer.remember;
  const std::vector<std::string> granted = Granted(payload, answer);
  const bool releases =
      payload.kind == ApprovalKind::kTier3 && answer.decision != CallbackDecision::kDeny;
  if (holder == nullptr) {
    if (releases) return FailedPrecondition("approving Tier-3 data needs the vault root");
    return body;
  }
  const vault::DelegatedKeyring keyring = holder->root.DeriveDelegatedKeyring();
  if (vault::TenantIdFor(keyring.identity().public_key()) != payload.tenant) {
    return PermissionDenied("this request belongs to another vault");
  }
  DeviceRelease release;
  release.device_id = holder->device.id;
  if (releases) {
    auto r = Release(payload, granted, *holder, index);
    if (!r) return std::move(r).error();
    release = std::move(*r);
  }
  body.device = std::move(release);
  const Bytes message =
      DeviceSignedMessage(body, granted, payload.ephemeral_public, payload.deadline);
  body.device->signature = holder->device.signing.Sign(message);
  return body;
}

Result<HttpCall> SignCallback(const ApprovalPayload& payload, const CallbackBody& body,
                              int64_t now) {
  auto secret = WebhookSecret::Parse(payload.callback_secret);
  if (!secret) return std::move(secret).error();
  HttpCall call;
  call.method = "POST";
  call.url = payload.callback_url;
  call.body = CallbackBodyToJson(body);
  const std::string id = "cb_" + HexEncode(crypto::RandomBytes(16));
  call.headers = {{"Content-Type", "application/json"},
                  {"webhook-id", id},
                  {"webhook-timestamp", std::to_string(now)},
                  {"webhook-signature", secret->Sign(id, now, call.body)}};
  return call;
}

}  // namespace signet::notify
