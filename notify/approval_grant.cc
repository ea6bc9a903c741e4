// ApprovalServiceImpl::TakeGrant: an approval's one-time grant (approvals.h).

#include "base/log.h"
#include "notify/service_impl.h"
#include "policy/choices.h"

namespace signet::notify::internal {

Result<ApprovalGrant> ApprovalServiceImpl::TakeGrant(const TenantId& tenant, std::string_view id) {
  auto loaded = Load(&tenant, id);
  if (!loaded) return std::move(loaded).error();
  const PendingRecord& r = loaded->record;
  if (!loaded->decision) return FailedPrecondition("approval request is still pending");
  if (loaded->decision->state != ApprovalState::kApproved) {
    return FailedPrecondition("approval request was " +
                              std::string(ApprovalStateName(loaded->decision->state)));
  }
  auto taken = deps_.storage.state().ConsumeOnce(kPendingNs, GrantKey(id));
  if (!taken) return std::move(taken).error();
  if (!*taken) return AlreadyExists("the grant of this approval was already taken");
  auto doc = OpenJson(deps_.kek, "grant", id, **taken);
  if (!doc) return std::move(doc).error();
  auto record = GrantFromJson(*doc);
  if (!record) return std::move(record).error();

  ApprovalGrant grant;
  const ApprovalStatus status = BuildStatus(r, loaded->decision, false);
  grant.scope = status.granted;
  grant.approval = policy::ApprovalForChoice(
      r.report, r.id, deps_.clock.UnixSeconds() + options_.grant_validity.count(),
      !r.report.session.empty());
  if (r.kind == ApprovalKind::kTier3) {
    auto keys = OpenGrantKeys(r, *record);
    if (!keys) return std::move(keys).error();
    grant.keys = std::move(*keys);
  }
  std::vector<std::string> items;
  for (const ScopeItem& s : grant.scope) items.push_back(s.Key());
  const std::string detail =
      DescribeRequest(r, items) + " keys=" + std::to_string(grant.keys ? grant.keys->size() : 0);
  // Every disclosure is audited: without the audit entry the grant is not handed out (the
  // opened keys are wiped when `grant` goes out of scope).
  if (Status s = Audit(r.tenant, "approval.grant_taken", detail); !s.ok()) {
    return std::move(s).error();
  }
  return grant;
}

Result<std::unique_ptr<ReleasedKeys>> ApprovalServiceImpl::OpenGrantKeys(const PendingRecord& r,
                                                                         const GrantRecord& g) {
  auto keyring = deps_.tenants.Open(r.tenant);
  if (!keyring) return std::move(keyring).error();
  auto esk = LoadEphemeral(r.id);
  // The ephemeral key goes away whatever happens next: the sealed keys can never be opened again.
  (void)deps_.storage.state().Delete(kPendingNs, EskKey(r.id));
  if (!esk) return std::move(esk).error();
  std::vector<ReleasedKeys::Key> keys;
  for (const auto& [item, box] : g.sealed_keys) {
    const ScopeItem* scope = nullptr;
    for (const ScopeItem& s : r.scope) scope = s.Key() == item ? &s : scope;
    if (scope == nullptr) return DataLoss("grant names an item outside the request");
    auto key = OpenReleasedKey(*esk, r.id, item, box);
    if (!key) return std::move(key).error();
    keys.push_back(
        {scope->compartment, keyring->Address(scope->label, scope->index), std::move(*key)});
  }
  return std::make_unique<ReleasedKeys>(std::move(keys));
}

}  // namespace signet::notify::internal
