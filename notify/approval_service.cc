// ApprovalServiceImpl: submit, status, wait, expiry and listing (see approvals.h).

#include <algorithm>

#include "base/encoding.h"
#include "base/log.h"
#include "crypto/x25519.h"
#include "notify/outbox.h"
#include "notify/payload_internal.h"
#include "notify/service_impl.h"
#include "notify/signing.h"
#include "storage/state_store.h"
#include "vault/audit.h"

namespace signet::notify::internal {
namespace {

constexpr size_t kMaxReportText = 1024;

int64_t NowMs(const Clock& clock) { return storage::UnixMillis(clock.Now()); }

Status ValidateReport(const policy::AnomalyReport& r) {
  for (const std::string* s :
       {&r.actor_id, &r.actor_domain, &r.purpose, &r.destination_domain, &r.session}) {
    if (s->size() > kMaxReportText || !IsValidUtf8(*s)) {
      return InvalidArgument("report: text fields must be UTF-8 of at most 1024 bytes");
    }
  }
  if (r.actor_id.empty()) return InvalidArgument("report: actor id is required");
  if (!policy::ValidAttribute(r.predicate.attribute)) {
    return InvalidArgument("report: invalid attribute");
  }
  if (r.kinds.size() > 8 || r.options.size() > 8 || r.rule_ids.size() > 64) {
    return InvalidArgument("report: too many kinds, options or rules");
  }
  for (const std::string& rule : r.rule_ids) {
    if (rule.size() > kMaxReportText || !IsValidUtf8(rule))
      return InvalidArgument("report: bad rule id");
  }
  if (r.amount && (r.amount->currency.size() != 3)) return InvalidArgument("report: bad currency");
  return OkStatus();
}

std::string CallbackUrl(const WebhookUrl& pub, std::string_view id) {
  std::string base = pub.target;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return pub.Origin() + base + "/callbacks/" + std::string(id);
}

}  // namespace

std::string DescribeRequest(const PendingRecord& r, const std::vector<std::string>& items) {
  std::string d = "id=" + r.id + " kind=" + std::string(ApprovalKindName(r.kind)) +
                  " actor=" + r.report.actor_id + " attribute=" + r.report.predicate.attribute +
                  " items=";
  for (size_t i = 0; i < items.size(); ++i) d += (i ? "," : "") + items[i];
  return d;
}

ApprovalServiceImpl::ApprovalServiceImpl(ApprovalDeps deps, ApprovalOptions options,
                                         WebhookUrl public_url)
    : deps_(deps), options_(std::move(options)), public_url_(std::move(public_url)) {}

std::chrono::seconds ApprovalServiceImpl::TtlFor(const PendingRecord& r) const {
  const int64_t left = r.deadline - deps_.clock.UnixSeconds();
  return std::chrono::seconds(std::max<int64_t>(left, 1)) + options_.retention;
}

Result<storage::StateWrite> ApprovalServiceImpl::OutboxWrite(const PendingRecord& r) {
  OutboxRow row;
  row.msg_id = NewMessageId(r.created_ms);
  row.request_id = r.id;
  row.tenant = r.tenant;
  row.created_ms = row.next_at_ms = r.created_ms;
  row.deadline_ms = r.deadline * 1000;
  OutboxContent content{options_.webhook_url, BuildPayload(r, r.created_ms / 1000)};
  auto sealed = SealOutboxContent(deps_.kek, row.msg_id, content);
  crypto::SecureWipe(content.body.data(), content.body.size());  // it holds the callback secret
  if (!sealed) return std::move(sealed).error();
  row.sealed = std::move(*sealed);
  const int64_t left_ms = std::max<int64_t>(row.deadline_ms - r.created_ms, 1000);
  return storage::StateWrite{std::string(kOutboxNamespace), row.msg_id, EncodeOutboxRow(row),
                             std::chrono::milliseconds(left_ms)};
}

Result<Submitted> ApprovalServiceImpl::Submit(const ApprovalRequest& req) {
  if (Status s = ValidateScope(req.scope); !s.ok()) return std::move(s).error();
  if (Status s = ValidateReport(req.report); !s.ok()) return std::move(s).error();
  auto tenant = deps_.tenants.Get(req.tenant);
  if (!tenant) return std::move(tenant).error();
  const auto ttl =
      std::clamp(req.ttl.value_or(options_.default_ttl), options_.min_ttl, options_.max_ttl);
  PendingRecord r;
  r.id = NewRequestId();
  r.tenant = req.tenant;
  const bool tier3 = std::any_of(req.scope.begin(), req.scope.end(),
                                 [](const ScopeItem& s) { return s.tier == 3; });
  r.kind = tier3 ? ApprovalKind::kTier3 : ApprovalKind::kAnomaly;
  r.report = req.report;
  r.scope = req.scope;
  r.created_ms = NowMs(deps_.clock);
  // Rounded up to the second, so a request always lives at least its whole TTL.
  r.deadline = (r.created_ms + ttl.count() * 1000 + 999) / 1000;
  r.callback_url = CallbackUrl(public_url_, r.id);
  const crypto::X25519PrivateKey ephemeral = crypto::X25519PrivateKey::Generate();
  r.ephemeral_public = Base64UrlEncode(ephemeral.public_key().bytes());
  r.callback_secret = WebhookSecret::Generate().Encode(crypto::SecretAccess::Get());

  auto batch = SubmitBatch(r, ephemeral);
  crypto::SecureWipe(r.callback_secret.data(), r.callback_secret.size());
  if (!batch) return std::move(batch).error();
  if (Status s = deps_.storage.state().PutAllIfAbsent(*batch); !s.ok()) {
    return std::move(s).error();
  }
  std::vector<std::string> items;
  for (const ScopeItem& s : r.scope) items.push_back(s.Key());
  if (Status s = Audit(r.tenant, "approval.requested", DescribeRequest(r, items)); !s.ok()) {
    log::Error("audit of approval request failed",
               {{"request", r.id}, {"error", s.error().message()}});
  }
  const bool notified = !options_.webhook_url.empty();
  if (notified && options_.on_enqueue) options_.on_enqueue();
  return Submitted{r.id, r.deadline, notified};
}

Result<std::vector<storage::StateWrite>> ApprovalServiceImpl::SubmitBatch(
    const PendingRecord& r, const crypto::X25519PrivateKey& ephemeral) {
  auto sealed = SealJson(deps_.kek, "request", r.id, PendingToJson(r));
  if (!sealed) return std::move(sealed).error();
  const crypto::SecretBytes scalar = ephemeral.Export(crypto::SecretAccess::Get());
  auto esk = Seal(deps_.kek, "esk", r.id, AsStringView(scalar.Reveal(crypto::SecretAccess::Get())));
  if (!esk) return std::move(esk).error();
  const auto ttl = TtlFor(r);
  const std::string ns(kPendingNs);
  std::vector<storage::StateWrite> batch = {{ns, ReqKey(r.id), std::move(*sealed), ttl},
                                            {ns, EskKey(r.id), std::move(*esk), ttl},
                                            {ns, DueKey(r.deadline * 1000, r.id), {}, ttl},
                                            {ns, IdxKey(r.tenant, r.created_ms, r.id), {}, ttl}};
  if (!options_.webhook_url.empty()) {
    auto row = OutboxWrite(r);
    if (!row) return std::move(row).error();
    batch.push_back(std::move(*row));
  }
  return batch;
}

}  // namespace signet::notify::internal
