// Small public pieces of approvals.h: names, scope keys, the status JSON, ReleasedKeys and the
// factory.

#include "notify/approvals.h"

#include "notify/json_util.h"
#include "notify/records.h"
#include "notify/service_impl.h"
#include "policy/time_window.h"

namespace signet::notify {

using internal::json;

std::string_view ApprovalKindName(ApprovalKind kind) {
  return kind == ApprovalKind::kTier3 ? "tier3" : "anomaly";
}

std::string_view ApprovalStateName(ApprovalState state) {
  switch (state) {
    case ApprovalState::kPending:
      return "pending";
    case ApprovalState::kApproved:
      return "approved";
    case ApprovalState::kDenied:
      return "denied";
    case ApprovalState::kExpired:
      return "expired";
  }
  return "denied";
}

std::string ScopeItem::Key() const { return label + "#" + std::to_string(index); }

std::string StatusToJson(const ApprovalStatus& s) {
  json requested = json::array(), granted = json::array();
  for (const ScopeItem& i : s.requested) requested.push_back(internal::ScopeItemJson(i));
  for (const ScopeItem& i : s.granted) granted.push_back(internal::ScopeItemJson(i));
  json j{
      {"id", s.id},
      {"tenant", s.tenant.value()},
      {"kind", ApprovalKindName(s.kind)},
      {"state", ApprovalStateName(s.state)},
      {"permitted", s.permitted()},
      {"modified", s.modified},
      {"requested", std::move(requested)},
      {"granted", std::move(granted)},
      {"created_at", policy::FormatRfc3339(s.created_at)},
      {"deadline", policy::FormatRfc3339(s.deadline)},
      {"decided_at", s.decided_at == 0 ? json(nullptr) : json(policy::FormatRfc3339(s.decided_at))},
      {"decided_by", s.decided_by},
      {"choice", s.choice ? json(policy::OwnerChoiceName(*s.choice)) : json(nullptr)},
      {"note", s.note},
      {"grant_available", s.grant_available},
      {"report", internal::ReportToJson(s.report)}};
  return internal::Dump(j);
}

Result<crypto::SecretBytes> ReleasedKeys::KeyFor(std::string_view compartment,
                                                 const storage::BlindId& id) const {
  for (const Key& k : keys_) {
    if (k.compartment == compartment && k.id == id) return k.key.Clone(crypto::SecretAccess::Get());
  }
  return PermissionDenied("record key was not released for this request");
}

Result<std::unique_ptr<ApprovalService>> CreateApprovalService(ApprovalDeps deps,
                                                               ApprovalOptions options) {
  auto pub = ParseWebhookUrl(options.public_url);
  if (!pub) return pub.error().WithContext("public_url");
  if (pub->target.find('?') != std::string::npos) {
    return InvalidArgument("public_url: must not have a query");
  }
  if (!options.webhook_url.empty()) {
    auto hook = ParseWebhookUrl(options.webhook_url);
    if (!hook) return hook.error().WithContext("webhook_url");
  }
  if (options.min_ttl.count() < 1 || options.min_ttl > options.max_ttl ||
      options.default_ttl < options.min_ttl || options.default_ttl > options.max_ttl) {
    return InvalidArgument("approval ttl options must satisfy 1s <= min <= default <= max");
  }
  return std::unique_ptr<ApprovalService>(
      new internal::ApprovalServiceImpl(deps, std::move(options), std::move(*pub)));
}

}  // namespace signet::notify
