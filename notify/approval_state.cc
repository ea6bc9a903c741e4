// ApprovalServiceImpl: loading requests, the one-decision rule, expiry, audit and the status
// queries (see approvals.h).

#include <algorithm>
#include <thread>

#include "base/log.h"
#include "notify/payload_internal.h"
#include "notify/service_impl.h"
#include "vault/audit.h"

namespace signet::notify::internal {
namespace {

bool PastDeadline(const Clock& clock, int64_t deadline) {
  return storage::UnixMillis(clock.Now()) >= deadline * 1000;
}

}  // namespace

Result<PendingRecord> ApprovalServiceImpl::LoadRecord(std::string_view id) {
  if (!ValidRequestId(id)) return NotFound("no such approval request");
  auto raw = deps_.storage.state().Get(kPendingNs, ReqKey(id));
  if (!raw) return std::move(raw).error();
  if (!*raw) return NotFound("no such approval request");
  auto doc = OpenJson(deps_.kek, "request", id, **raw);
  if (!doc) return std::move(doc).error();
  auto rec = PendingFromJson(*doc);
  if (rec && rec->id != id) return DataLoss("approval record names another request");
  return rec;
}

Result<std::optional<DecisionRecord>> ApprovalServiceImpl::LoadDecision(std::string_view id) {
  auto raw = deps_.storage.state().Get(kPendingNs, DecKey(id));
  if (!raw) return std::move(raw).error();
  if (!*raw) return std::optional<DecisionRecord>();
  auto doc = OpenJson(deps_.kek, "decision", id, **raw);
  if (!doc) return std::move(doc).error();
  auto d = DecisionFromJson(*doc);
  if (!d) return std::move(d).error();
  return std::optional<DecisionRecord>(std::move(*d));
}

Result<ApprovalServiceImpl::Loaded> ApprovalServiceImpl::Load(const TenantId* tenant,
                                                              std::string_view id) {
  auto rec = LoadRecord(id);
  if (!rec) return std::move(rec).error();
  if (tenant != nullptr && rec->tenant != *tenant) return NotFound("no such approval request");
  auto dec = LoadDecision(id);
  if (!dec) return std::move(dec).error();
  if (!*dec && PastDeadline(deps_.clock, rec->deadline)) {
    auto expired = Expire(*rec);
    if (!expired) return std::move(expired).error();
    *dec = std::move(*expired);
  }
  return Loaded{std::move(*rec), std::move(*dec)};
}

Status ApprovalServiceImpl::Decide(const PendingRecord& r, const DecisionRecord& d,
                                   const GrantRecord* grant, std::string_view audit_kind,
                                   std::string_view audit_detail) {
  const auto ttl = TtlFor(r);
  auto dec = SealJson(deps_.kek, "decision", r.id, DecisionToJson(d));
  if (!dec) return std::move(dec).error();
  std::vector<storage::StateWrite> batch = {
      {std::string(kPendingNs), DecKey(r.id), std::move(*dec), ttl}};
  if (grant != nullptr) {
    auto g = SealJson(deps_.kek, "grant", r.id, GrantToJson(*grant));
    if (!g) return std::move(g).error();
    batch.push_back({std::string(kPendingNs), GrantKey(r.id), std::move(*g), ttl});
  }
  if (Status s = deps_.storage.state().PutAllIfAbsent(batch); !s.ok()) return s;
  const bool keep_ephemeral = d.state == ApprovalState::kApproved && r.kind == ApprovalKind::kTier3;
  Cleanup(r, !keep_ephemeral);
  if (Status s = Audit(r.tenant, audit_kind, audit_detail); !s.ok()) {
    log::Error("audit of approval decision failed",
               {{"request", r.id}, {"error", s.error().message()}});
  }
  NotifyWaiters();
  return OkStatus();
}

Result<DecisionRecord> ApprovalServiceImpl::Expire(const PendingRecord& r) {
  DecisionRecord d;
  d.state = ApprovalState::kExpired;
  d.decided_at = deps_.clock.UnixSeconds();
  d.decided_by = "deadline";
  d.choice = policy::OwnerChoice::kDenyOnce;
  d.note = "no answer by the deadline";
  Status s = Decide(r, d, nullptr, "approval.expired", DescribeRequest(r, {}) + " decision=deny");
  if (s.ok()) return d;
  if (s.error().code() != ErrorCode::kAlreadyExists) return std::move(s).error();
  auto existing = LoadDecision(r.id);
  if (!existing) return std::move(existing).error();
  if (!*existing) return Internal("approval decision vanished");
  return std::move(**existing);
}

void ApprovalServiceImpl::Cleanup(const PendingRecord& r, bool drop_ephemeral) {
  auto& state = deps_.storage.state();
  (void)state.Delete(kPendingNs, DueKey(r.deadline * 1000, r.id));
  (void)state.Delete(kPendingNs, IdxKey(r.tenant, r.created_ms, r.id));
  if (drop_ephemeral) (void)state.Delete(kPendingNs, EskKey(r.id));
}

Status ApprovalServiceImpl::Audit(const TenantId& tenant, std::string_view kind,
                                  std::string_view detail) {
  auto keyring = deps_.tenants.Open(tenant);
  if (!keyring) return std::move(keyring).error();
  vault::AuditLog log(deps_.storage.audit(), *keyring, deps_.clock);
  auto head = log.Append(kind, std::nullopt, detail);
  if (!head) return std::move(head).error();
  return OkStatus();
}

void ApprovalServiceImpl::NotifyWaiters() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
  }
  cv_.notify_all();
}

Result<ApprovalStatus> ApprovalServiceImpl::Get(const TenantId& tenant, std::string_view id) {
  auto loaded = Load(&tenant, id);
  if (!loaded) return std::move(loaded).error();
  bool grant = false;
  if (loaded->decision && loaded->decision->state == ApprovalState::kApproved) {
    auto g = deps_.storage.state().Get(kPendingNs, GrantKey(id));
    if (!g) return std::move(g).error();
    grant = g->has_value();
  }
  return BuildStatus(loaded->record, loaded->decision, grant);
}

Result<ApprovalStatus> ApprovalServiceImpl::Wait(const TenantId& tenant, std::string_view id,
                                                 std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    uint64_t seen = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen = generation_;
    }
    auto status = Get(tenant, id);
    if (!status || status->decided()) return status;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return DeadlineExceeded("approval request is still pending");
    const auto to_deadline = std::chrono::milliseconds(
        std::max<int64_t>(status->deadline * 1000 - storage::UnixMillis(deps_.clock.Now()), 0) + 5);
    const auto slice = std::min({std::chrono::duration_cast<std::chrono::milliseconds>(until - now),
                                 options_.wait_poll, to_deadline});
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, slice, [&] { return generation_ != seen; });
  }
}

Result<std::vector<ApprovalStatus>> ApprovalServiceImpl::ListPending(const TenantId& tenant,
                                                                     size_t limit) {
  if (limit < 1 || limit > 100) return InvalidArgument("limit must be 1..100");
  const std::string prefix = IdxPrefix(tenant);
  auto rows = deps_.storage.state().Scan(kPendingNs, prefix, limit);
  if (!rows) return std::move(rows).error();
  std::vector<ApprovalStatus> out;
  for (const storage::StateEntry& e : *rows) {
    if (!e.key.starts_with(prefix)) break;
    const std::string id = e.key.substr(e.key.rfind('/') + 1);
    auto status = Get(tenant, id);
    if (!status && status.error().code() != ErrorCode::kNotFound) return std::move(status).error();
    if (status && !status->decided()) {
      out.push_back(std::move(*status));
    } else {
      (void)deps_.storage.state().Delete(kPendingNs, e.key);
    }
  }
  return out;
}

Result<std::string> ApprovalServiceImpl::Payload(const TenantId& tenant, std::string_view id) {
  auto rec = LoadRecord(id);
  if (!rec) return std::move(rec).error();
  if (rec->tenant != tenant) return NotFound("no such approval request");
  return BuildPayload(*rec, deps_.clock.UnixSeconds());
}

Result<size_t> ApprovalServiceImpl::ExpireDue(size_t limit) {
  auto rows = deps_.storage.state().Scan(kPendingNs, "due/", std::max<size_t>(limit, 1));
  if (!rows) return std::move(rows).error();
  const int64_t now_ms = storage::UnixMillis(deps_.clock.Now());
  size_t expired = 0;
  for (const storage::StateEntry& e : *rows) {
    // "due/" + 16 digits + "/" + id
    if (!e.key.starts_with("due/") || e.key.size() < 21) break;
    const int64_t due = std::strtoll(e.key.substr(4, 16).c_str(), nullptr, 10);
    if (due > now_ms) break;
    const std::string id = e.key.substr(21);
    auto loaded = Load(nullptr, id);  // expires it if still pending
    if (!loaded && loaded.error().code() != ErrorCode::kNotFound) return std::move(loaded).error();
    if (loaded && loaded->decision && loaded->decision->state == ApprovalState::kExpired) ++expired;
    (void)deps_.storage.state().Delete(kPendingNs, e.key);
  }
  return expired;
}

}  // namespace signet::notify::internal
