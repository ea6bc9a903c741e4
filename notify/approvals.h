#pragma once

// Approvals: suspended requests that wait for the vault owner (ARCHITECTURE.md §5.4, issue 9).
//
// A caller (an MCP tool) whose policy decision is ANOMALY, or that needs Tier-3 data, submits an
// ApprovalRequest and gets a request id. The service
//   1. persists the pending request (sealed under the server KEK: it names actors and labels)
//      together with a fresh ephemeral X25519 key (sealed likewise), a per-request callback
//      secret and, when a webhook endpoint is configured, an outbox row carrying the signed
//      webhook payload — all in ONE StateStore::PutAllIfAbsent batch, so a request is never
//      stored without its notification or the other way round;
//   2. lets the dispatcher (notify/dispatcher.h) deliver the payload to the approver;
//   3. accepts the approver's answer at POST /callbacks/{id} (HandleCallback): approve, deny, or
//      modify to a strict subset of the requested scope; Tier-3 answers must be signed by a
//      registered holder device and carry the released record keys sealed to the ephemeral key;
//   4. reports the state to the waiting caller (Get / Wait) and hands an approval's grant out
//      exactly once (TakeGrant: the policy::Approval to evaluate with and, for Tier 3, the
//      released keys). No answer by the deadline is a DENY (fail closed), audited in the
//      tenant's vault audit chain like every decision.
//
// Every piece of state lives in the StateStore, so any replica can accept the callback, answer
// Get, dispatch the outbox or expire a request. A decision is a single PutAllIfAbsent of an
// immutable decision entry: of two concurrent answers (or an answer racing the deadline) exactly
// one wins, the other gets kAlreadyExists.
//
// Thread safety: every method may be called concurrently from any thread. Failure modes:
// kInvalidArgument (malformed request or callback), kNotFound (unknown id, or an id of another
// tenant), kUnauthenticated (bad callback signature or device signature), kPermissionDenied
// (scope escalation, unregistered device), kAlreadyExists (already decided, replayed callback,
// grant already taken), kFailedPrecondition (late callback, grant of a denied request),
// kDeadlineExceeded (Wait timed out), kUnavailable (storage down: nothing is decided).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "policy/decision.h"
#include "policy/model.h"
#include "storage/storage.h"
#include "vault/tenants.h"
#include "vault/vault.h"

namespace signet::notify {

// Limits on what a request may carry.
inline constexpr size_t kMaxScopeItems = 32;
inline constexpr size_t kMaxLabelBytes = 128;
inline constexpr size_t kMaxReasonBytes = 256;

// ApprovalKind says why a request waits: Tier-3 data (keys must be released) or an anomaly.
enum class ApprovalKind : uint8_t { kAnomaly, kTier3 };
// ApprovalKindName returns "anomaly" or "tier3".
std::string_view ApprovalKindName(ApprovalKind kind);

// ScopeItem is one vault record a suspended request would use: (label, index) of the vault, its
// tier and, for Tier 3, its compartment. Key() = "label#index" names it in payloads and
// callbacks. A request's scope is a set: items are unique by Key().
struct ScopeItem {
  std::string label;
  uint64_t index = 0;
  int tier = 2;             // 1..3
  std::string compartment;  // Tier 3 only (from the vault index)
  std::string Key() const;
  bool operator==(const ScopeItem&) const = default;
};

// ApprovalRequest is what a caller submits.
struct ApprovalRequest {
  TenantId tenant;
  // The policy engine's report: who asks, what, why it is unusual, the owner's options.
  // (Decision::anomaly; a Tier-3 request carries kinds = {kTier3Approval}.)
  policy::AnomalyReport report;
  // The records the request would read (1..kMaxScopeItems). Any Tier-3 item makes the request
  // kind kTier3: approving it then requires a device signature and released keys.
  std::vector<ScopeItem> scope;
  // How long the owner has to answer; nullopt = ApprovalOptions::default_ttl. Clamped to
  // [min_ttl, max_ttl].
  std::optional<std::chrono::seconds> ttl;
};

// ApprovalState is where a request stands. kExpired is a DENY by the deadline.
enum class ApprovalState : uint8_t { kPending, kApproved, kDenied, kExpired };
// ApprovalStateName returns "pending", "approved", "denied" or "expired".
std::string_view ApprovalStateName(ApprovalState state);

// ApprovalStatus is the caller's and the owner's view of one request. No secrets, no values.
struct ApprovalStatus {
  std::string id;
  TenantId tenant;
  ApprovalKind kind = ApprovalKind::kAnomaly;
  ApprovalState state = ApprovalState::kPending;
  bool modified = false;                      // approved with a narrower scope than requested
  std::vector<ScopeItem> requested;           // the submitted scope
  std::vector<ScopeItem> granted;             // approved: the scope the owner allowed; else empty
  int64_t created_at = 0;                     // Unix seconds
  int64_t deadline = 0;                       // Unix seconds; no answer by then = DENY
  int64_t decided_at = 0;                     // 0 while pending
  std::string decided_by;                     // device id, "callback" or "deadline"
  std::optional<policy::OwnerChoice> choice;  // the owner's answer in policy terms
  std::string note;                           // the approver's optional note (<= kMaxReasonBytes)
  bool grant_available = false;               // approved and TakeGrant not yet called
  policy::AnomalyReport report;               // the reasoning the owner saw

  // decided is true once the state can no longer change.
  bool decided() const { return state != ApprovalState::kPending; }
  // permitted is true iff the owner approved (possibly modified).
  bool permitted() const { return state == ApprovalState::kApproved; }
};

// StatusToJson renders a status for signet_check_status and GET /approvals/{id}:
// {"id","tenant","kind","state","modified","requested":[...],"granted":[...],"created_at",
//  "deadline","decided_at","decided_by","choice","note","grant_available","report":{...}}.
std::string StatusToJson(const ApprovalStatus& status);

// ReleasedKeys is the Tier3Access for one approved request: the record keys the approver
// released, opened from their sealed boxes. It answers KeyFor only for the granted items (by
// compartment and blind id) and kPermissionDenied otherwise. The keys live in wipe-on-free
// buffers and are wiped when this object is destroyed: use it for this request only.
class ReleasedKeys final : public vault::Tier3Access {
 public:
  struct Key {
    std::string compartment;
    storage::BlindId id;
    crypto::SecretBytes key;
  };
  explicit ReleasedKeys(std::vector<Key> keys) : keys_(std::move(keys)) {}
  Result<crypto::SecretBytes> KeyFor(std::string_view compartment,
                                     const storage::BlindId& id) const override;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<Key> keys_;
};

// ApprovalGrant is what an approval yields, exactly once.
struct ApprovalGrant {
  // The owner's allow-once, bound to the actor, attribute, operation (and session) of the
  // report (policy::ApprovalForChoice), valid until the request's deadline. Put it in the
  // policy Context to re-evaluate: it turns the ANOMALY into PERMIT, never a DENY.
  policy::Approval approval;
  std::vector<ScopeItem> scope;  // what the owner allowed (narrower when modified)
  // Tier 3: the released keys (nullptr for anomaly requests).
  std::unique_ptr<ReleasedKeys> keys;
};

// Submitted is what Submit returns.
struct Submitted {
  std::string id;         // "apr_" + 32 hex digits
  int64_t deadline = 0;   // Unix seconds
  bool notified = false;  // an outbox row was written (a webhook endpoint is configured)
};

// CallbackMessage is one POST /callbacks/{id}: the Standard Webhooks headers of the approver's
// signed answer and the exact body bytes. See docs/approvals.md for the body.
struct CallbackMessage {
  std::string webhook_id;         // header webhook-id: unique per answer (replay nonce)
  std::string webhook_timestamp;  // header webhook-timestamp: Unix seconds
  std::string webhook_signature;  // header webhook-signature: "v1,<base64>" (space-separated)
  std::string body;
};

// ApprovalOptions tunes the service.
struct ApprovalOptions {
  std::chrono::seconds default_ttl{300};
  std::chrono::seconds min_ttl{5};
  std::chrono::seconds max_ttl{86'400};
  // How long a decided request stays queryable after its deadline.
  std::chrono::seconds retention{7 * 86'400};
  // Base URL of this server as approvers reach it (config server.public_url); the callback URL
  // is public_url + "/callbacks/" + id. Required.
  std::string public_url;
  // Where payloads are delivered (config notify.webhook_url); empty = no webhook, the owner
  // polls with `signet approvals list`.
  std::string webhook_url;
  // Accepted skew of a callback's webhook-timestamp.
  std::chrono::seconds callback_tolerance{300};
  // How long the policy::Approval handed out by TakeGrant stays valid.
  std::chrono::seconds grant_validity{60};
  // How often Wait re-reads the store (answers may arrive at another replica).
  std::chrono::milliseconds wait_poll{100};
  // Called after Submit wrote an outbox row, to wake the local dispatcher (may be empty).
  std::function<void()> on_enqueue;
};

// ApprovalDeps are the service's collaborators; all must outlive it.
struct ApprovalDeps {
  storage::Storage& storage;       // state (pending, outbox, nonces) and the audit chains
  const vault::Kek& kek;           // seals pending state at rest
  vault::TenantRegistry& tenants;  // tenant keyrings: audit chain, device list
  const Clock& clock;
};

// ApprovalService is the interface callers (MCP tools, the HTTP callback handler, the owner's
// listing) use. Create one with CreateApprovalService.
class ApprovalService {
 public:
  virtual ~ApprovalService() = default;

  // Submit persists a pending request (and its outbox row) and audits "approval.requested".
  virtual Result<Submitted> Submit(const ApprovalRequest& request) = 0;

  // Get returns the request's status. A pending request past its deadline is expired here (DENY,
  // audited) before it is returned, so no caller ever sees a stale "pending".
  virtual Result<ApprovalStatus> Get(const TenantId& tenant, std::string_view id) = 0;

  // Wait blocks until the request is decided or expired, or `timeout` passes
  // (kDeadlineExceeded; the request stays pending). Wakes at once for answers handled by this
  // process and within wait_poll for answers handled by another replica.
  virtual Result<ApprovalStatus> Wait(const TenantId& tenant, std::string_view id,
                                      std::chrono::milliseconds timeout) = 0;

  // TakeGrant hands out an approved request's grant exactly once (the one-time
  // TakeReleasedKeys of issue 9): of N concurrent callers one succeeds, the others get
  // kAlreadyExists. For Tier 3 it opens the released keys with the ephemeral key and then
  // deletes the ephemeral key, so the sealed keys can never be opened again.
  // kFailedPrecondition if the request is pending, denied or expired.
  virtual Result<ApprovalGrant> TakeGrant(const TenantId& tenant, std::string_view id) = 0;

  // HandleCallback verifies and applies an approver's answer to request `id` (the thin HTTP
  // handler is api/callbacks.h). Checks, in order: the request exists; Standard Webhooks
  // signature with the request's callback secret over the exact body; timestamp within
  // callback_tolerance; webhook-id not seen before (replay); the body names this request;
  // not past the deadline (late); modify scope a non-empty strict subset of the requested one
  // (escalation is refused and audited); for Tier 3 a valid device signature by a device
  // registered in the vault and exactly one sealed key per granted item. Returns the new status.
  virtual Result<ApprovalStatus> HandleCallback(std::string_view id,
                                                const CallbackMessage& message) = 0;

  // ListPending returns the tenant's requests that are still pending (oldest first, at most
  // `limit`, 1..100), expiring any that are past their deadline.
  virtual Result<std::vector<ApprovalStatus>> ListPending(const TenantId& tenant, size_t limit) = 0;

  // Payload returns the webhook payload of a request (the JSON the approver receives, including
  // the callback URL and secret and the ephemeral public key) for an authenticated owner who
  // polls instead of receiving webhooks. Never call it for an unauthenticated client.
  virtual Result<std::string> Payload(const TenantId& tenant, std::string_view id) = 0;

  // ExpireDue denies (and audits) up to `limit` pending requests whose deadline has passed and
  // returns how many. The dispatcher calls it periodically; Get and ListPending also expire
  // lazily, so correctness does not depend on it.
  virtual Result<size_t> ExpireDue(size_t limit) = 0;
};

// CreateApprovalService validates `options` (public_url and webhook_url must be absolute
// http(s) URLs) and builds the service.
Result<std::unique_ptr<ApprovalService>> CreateApprovalService(ApprovalDeps deps,
                                                               ApprovalOptions options);

}  // namespace signet::notify
