#pragma once

// Internal to signet_notify: the stored form of approval state, all of it sealed under the
// server KEK (AES-256-GCM, AAD = "signet/v1/approvals/" || purpose || 0x00 || request id), since
// it names actors, labels and secrets that the storage backend must not see (invariant 1).
//
// StateStore layout (namespace "pending"), every entry with ttl = deadline + retention:
//   req/<id>                     PendingRecord        written once by Submit
//   esk/<id>                     ephemeral X25519 key deleted when the grant is taken or denied
//   due/<deadline ms>/<id>       (empty)              deadline order, for ExpireDue
//   idx/<tenant>/<created ms>/<id> (empty)            the tenant's pending list
//   dec/<id>                     DecisionRecord       written once: the arbiter of the answer
//   grant/<id>                   GrantRecord          consumed once by TakeGrant

#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/ids.h"
#include "base/result.h"
#include "notify/approvals.h"
#include "notify/json_util.h"
#include "notify/signing.h"
#include "vault/tenants.h"

namespace signet::notify::internal {

// Entry keys.
std::string ReqKey(std::string_view id);
std::string EskKey(std::string_view id);
std::string DecKey(std::string_view id);
std::string GrantKey(std::string_view id);
std::string DueKey(int64_t deadline_ms, std::string_view id);
std::string IdxPrefix(const TenantId& tenant);
std::string IdxKey(const TenantId& tenant, int64_t created_ms, std::string_view id);

// ValidRequestId reports whether `id` looks like "apr_" + 32 lower-case hex digits.
bool ValidRequestId(std::string_view id);
// NewRequestId returns a fresh random request id.
std::string NewRequestId();

// Seal / Open wrap KEK sealing with the purpose-and-id AAD.
Result<Bytes> Seal(const vault::Kek& kek, std::string_view purpose, std::string_view id,
                   std::string_view plaintext);
Result<crypto::SecretBytes> Open(const vault::Kek& kek, std::string_view purpose,
                                 std::string_view id, ByteView sealed);
// SealJson / OpenJson seal a JSON document (OpenJson parses strictly; kDataLoss if not JSON).
Result<Bytes> SealJson(const vault::Kek& kek, std::string_view purpose, std::string_view id,
                       const json& doc);
Result<json> OpenJson(const vault::Kek& kek, std::string_view purpose, std::string_view id,
                      ByteView sealed);

// PendingRecord is a submitted request.
struct PendingRecord {
  std::string id;
  TenantId tenant;
  ApprovalKind kind = ApprovalKind::kAnomaly;
  policy::AnomalyReport report;
  std::vector<ScopeItem> scope;
  int64_t created_ms = 0;
  int64_t deadline = 0;  // Unix seconds
  std::string callback_url;
  std::string callback_secret;   // "whsec_..." (secret; only ever stored sealed)
  std::string ephemeral_public;  // base64url X25519 public key
};
json PendingToJson(const PendingRecord& r);
Result<PendingRecord> PendingFromJson(const json& j);

// DecisionRecord is the one answer a request gets.
struct DecisionRecord {
  ApprovalState state = ApprovalState::kDenied;
  bool modified = false;
  std::vector<std::string> granted;  // scope item keys
  int64_t decided_at = 0;
  std::string decided_by;
  std::optional<policy::OwnerChoice> choice;
  std::string note;
};
json DecisionToJson(const DecisionRecord& r);
Result<DecisionRecord> DecisionFromJson(const json& j);

// GrantRecord is an approval's one-time grant: the released keys, still sealed to the
// ephemeral key (item key -> sealed box).
struct GrantRecord {
  std::vector<std::pair<std::string, Bytes>> sealed_keys;
};
json GrantToJson(const GrantRecord& r);
Result<GrantRecord> GrantFromJson(const json& j);

// Scope items and the policy report, as stored and as shown in payloads and statuses.
json ScopeItemJson(const ScopeItem& item);
Result<ScopeItem> ScopeItemFromJson(const json& j, std::string path);
json ReportToJson(const policy::AnomalyReport& r);
Result<policy::AnomalyReport> ReportFromJson(const json& j);

// ValidateScope checks 1..kMaxScopeItems valid, distinct items.
Status ValidateScope(const std::vector<ScopeItem>& scope);

// BuildStatus combines a request and its decision (if any) into the public status.
ApprovalStatus BuildStatus(const PendingRecord& r, const std::optional<DecisionRecord>& d,
                           bool grant_available);

}  // namespace signet::notify::internal
