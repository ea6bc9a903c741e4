#pragma once

// The approver's side of an approval (what `signet approvals approve|deny|modify` does, and what
// any approver implementation must do): turn a payload and a decision into a signed callback.
//
//   auto payload = ParsePayload(json);
//   auto body = BuildAnswer(*payload, {CallbackDecision::kApprove}, &holder_secrets, &index);
//   auto call = SignCallback(*payload, *body, now);      // POST it to payload.callback_url
//
// For a Tier-3 request, approving needs the holder's root: for each granted Tier-3 item the
// device derives the record key (compartment root -> HKDF with compartment and blind id, where
// the blind id comes from the root's own addressing key, never from the payload), seals it to
// the request's ephemeral X25519 key and signs the whole answer with its device key.

#include <string>
#include <vector>

#include "base/result.h"
#include "notify/callback.h"
#include "notify/http_sender.h"
#include "notify/payload.h"
#include "vault/holder.h"
#include "vault/index.h"

namespace signet::notify {

// ApproverAnswer is the owner's decision.
struct ApproverAnswer {
  CallbackDecision decision = CallbackDecision::kDeny;
  std::vector<std::string> scope;  // modify: the items to allow ("label#index")
  std::string note;
  bool remember = false;
};

// BuildAnswer builds the callback body. With `holder` the answer is device-signed (required to
// approve Tier 3; then the keys are released): the payload's tenant must be the holder's vault.
// With `index` (the holder's decrypted vault index) every Tier-3 item must be a Tier-3 label of
// that compartment in the owner's own index, so a server cannot ask for keys under a wrong
// compartment. FailedPrecondition if Tier 3 is approved without `holder`.
Result<CallbackBody> BuildAnswer(const ApprovalPayload& payload, const ApproverAnswer& answer,
                                 const vault::HolderSecrets* holder,
                                 const vault::VaultIndex* index);

// SignCallback renders the body and signs it with the payload's callback secret (Standard
// Webhooks headers, a fresh random webhook-id) as an HttpCall to the callback URL.
Result<HttpCall> SignCallback(const ApprovalPayload& payload, const CallbackBody& body,
                              int64_t now);

}  // namespace signet::notify
