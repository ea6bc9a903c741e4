#pragma once

// Internal to signet_notify: the ApprovalService implementation, split over
// approval_service.cc (submit, status, expiry, listing), approval_callback.cc (answers) and
// approval_grant.cc (the one-time grant).

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "crypto/x25519.h"
#include "notify/approvals.h"
#include "notify/callback.h"
#include "notify/records.h"
#include "notify/url.h"
#include "storage/state_store.h"

namespace signet::notify::internal {

inline constexpr std::string_view kPendingNs = "pending";
inline constexpr std::string_view kNoncesNs = "nonces";

class ApprovalServiceImpl final : public ApprovalService {
 public:
  ApprovalServiceImpl(ApprovalDeps deps, ApprovalOptions options, WebhookUrl public_url);

  Result<Submitted> Submit(const ApprovalRequest& request) override;
  Result<ApprovalStatus> Get(const TenantId& tenant, std::string_view id) override;
  Result<ApprovalStatus> Wait(const TenantId& tenant, std::string_view id,
                              std::chrono::milliseconds timeout) override;
  Result<ApprovalGrant> TakeGrant(const TenantId& tenant, std::string_view id) override;
  Result<ApprovalStatus> HandleCallback(std::string_view id,
                                        const CallbackMessage& message) override;
  Result<std::vector<ApprovalStatus>> ListPending(const TenantId& tenant, size_t limit) override;
  Result<std::string> Payload(const TenantId& tenant, std::string_view id) override;
  Result<size_t> ExpireDue(size_t limit) override;

 private:
  struct Loaded {
    PendingRecord record;
    std::optional<DecisionRecord> decision;
  };

  // Load reads a request (any tenant when `tenant` is null) and its decision; NotFound if absent
  // or of another tenant. Expires it if it is pending past its deadline.
  Result<Loaded> Load(const TenantId* tenant, std::string_view id);
  Result<PendingRecord> LoadRecord(std::string_view id);
  Result<std::optional<DecisionRecord>> LoadDecision(std::string_view id);
  // Decide writes `d` (and the grant, if any) as the request's one decision, cleans up and
  // audits. kAlreadyExists if another decision won.
  Status Decide(const PendingRecord& r, const DecisionRecord& d, const GrantRecord* grant,
                std::string_view audit_kind, std::string_view audit_detail);
  // Expire denies a pending request past its deadline (idempotent) and returns the decision.
  Result<DecisionRecord> Expire(const PendingRecord& r);
  void Cleanup(const PendingRecord& r, bool drop_ephemeral);
  Status Audit(const TenantId& tenant, std::string_view kind, std::string_view detail);
  // RecordAnswer counts the owner's answer in the vault's pattern counters (policy/tracker.h).
  Status RecordAnswer(const PendingRecord& r, bool approved);
  Result<std::vector<vault::DeviceEntry>> Devices(const TenantId& tenant);
  Status CheckDevice(const PendingRecord& r, const CallbackBody& body,
                     const std::vector<std::string>& granted);
  Result<GrantRecord> CheckRelease(const PendingRecord& r, const CallbackBody& body,
                                   const std::vector<std::string>& granted);
  Result<crypto::X25519PrivateKey> LoadEphemeral(std::string_view id);
  Result<std::unique_ptr<ReleasedKeys>> OpenGrantKeys(const PendingRecord& r, const GrantRecord& g);
  Status VerifyCallback(const PendingRecord& r, const CallbackMessage& msg);
  Result<ApprovalStatus> Apply(const PendingRecord& r, const CallbackBody& b);
  Result<std::vector<std::string>> GrantedItems(const PendingRecord& r, const CallbackBody& b);
  std::chrono::seconds TtlFor(const PendingRecord& r) const;
  Result<std::vector<storage::StateWrite>> SubmitBatch(const PendingRecord& r,
                                                       const crypto::X25519PrivateKey& ephemeral);
  Result<storage::StateWrite> OutboxWrite(const PendingRecord& r);
  void NotifyWaiters();

  ApprovalDeps deps_;
  ApprovalOptions options_;
  WebhookUrl public_url_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;  // bumped by every local decision (guarded by mu_)
};

// Describe renders a short audit detail: "id=apr_... kind=tier3 actor=... items=a#0,b#1".
std::string DescribeRequest(const PendingRecord& r, const std::vector<std::string>& items);

}  // namespace signet::notify::internal
