// The owner's answers feed the pattern tracker (policy/tracker.h): approve and modify count as
// approvals, deny as a denial, per (actor, attribute, operation, tier) of the request's anomaly
// report. A request that expired unanswered is not an answer and is not counted. The counters are
// the vault's system record "_signet.policy.patterns", MAC'd under the keyring's
// PolicyPatternsKey and updated with compare-and-swap; `signet policy suggestions` reads them.

#include <string>

#include "notify/service_impl.h"
#include "policy/tracker.h"
#include "vault/vault.h"

namespace signet::notify::internal {

Status ApprovalServiceImpl::RecordAnswer(const PendingRecord& r, bool approved) {
  auto keyring = deps_.tenants.Open(r.tenant);
  if (!keyring) return std::move(keyring).error();
  vault::Vault v(deps_.storage, *keyring, deps_.clock);
  const crypto::SecretBytes mac_key = keyring->PolicyPatternsKey();
  const int64_t now = deps_.clock.UnixSeconds();
  return v.UpdateSystemRecord(
      "policy.patterns",
      [&](const std::optional<crypto::SecretBytes>& current) -> Result<Bytes> {
        policy::PatternTracker tracker;
        if (current) {
          auto loaded = policy::PatternTracker::Load(
              AsStringView(current->Reveal(crypto::SecretAccess::Get())), mac_key);
          if (!loaded) return std::move(loaded).error();
          tracker = std::move(*loaded);
        }
        if (Status s = tracker.Record(policy::PatternKeyFor(r.report), approved, now); !s.ok()) {
          return std::move(s).error();
        }
        auto text = tracker.Serialize(mac_key);
        if (!text) return std::move(text).error();
        return ToBytes(*text);
      },
      "policy.answer_counted");
}

}  // namespace signet::notify::internal
