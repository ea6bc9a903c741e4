#pragma once

// AuditLog: the vault's append-only, hash-chained, signed audit trail (invariant 5). One chain per
// vault at the blind id of "_signet.audit". Each stored entry is
//
//   "SAE1" || seq (u64be) || prev_hash (32) || nonce (12) || u32be(len) || ciphertext || sig (64)
//
// where ciphertext = AES-256-GCM(audit key, AAD = "signet/v1/audit" || chain id || seq ||
// prev_hash) of the event JSON {"t": unix seconds, "kind": ..., "target": blind id hex | null,
// "detail": ...}, sig = Ed25519(identity key, "signet/v1/audit-sig" || everything before sig),
// and prev_hash is the SHA-256 of the previous stored entry (for seq 0: SHA-256(
// "signet/v1/audit-genesis" || chain id)). Chaining over the signed bytes makes modification
// (signature), deletion and reordering (seq / prev_hash) detectable; the store refuses forks
// (Append with an expected sequence), and the checkpoint kept in the vault index detects a
// truncated tail. Events never contain record values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/audit_chain_store.h"
#include "vault/index.h"
#include "vault/keys.h"

namespace signet::vault {

inline constexpr char kAuditLabel[] = "_signet.audit";

// AuditEvent is one decoded entry.
struct AuditEvent {
  uint64_t seq = 0;
  int64_t time = 0;
  std::string kind;    // e.g. "record.store", "record.get", "vault.init"
  std::string target;  // blind id hex, or empty
  std::string detail;  // human-readable, never a value
  std::string hash;    // hex SHA-256 of the stored entry
};

// AuditReport is the outcome of Verify.
struct AuditReport {
  bool ok = false;
  uint64_t entries = 0;           // entries checked
  std::optional<AuditCheckpoint> head;
  std::string problem;            // first problem found, empty when ok
};

class AuditLog {
 public:
  // The log appends with `keyring`'s audit and identity keys; `store` and `clock` must outlive it.
  AuditLog(storage::AuditChainStore& store, const DelegatedKeyring& keyring, const Clock& clock);

  // Append adds an event (retrying when a concurrent writer took the sequence number) and returns
  // the new head.
  Result<AuditCheckpoint> Append(std::string_view kind, const std::optional<BlindId>& target,
                                 std::string_view detail);
  // List decodes up to `limit` events from `from_seq`, checking each entry's signature and link.
  Result<std::vector<AuditEvent>> List(uint64_t from_seq, size_t limit);
  // Verify checks the whole chain against the identity key, and against `checkpoint` if given
  // (the chain must still contain that entry, unchanged). Problems are reported, not errors;
  // errors are only for storage failures.
  Result<AuditReport> Verify(const std::optional<AuditCheckpoint>& checkpoint);

  const BlindId& chain() const { return chain_; }

 private:
  Result<AuditEvent> Decode(const storage::AuditEntry& e, ByteView expected_prev,
                            std::string* problem) const;

  storage::AuditChainStore& store_;
  const DelegatedKeyring& keyring_;
  const Clock& clock_;
  BlindId chain_;
};

}  // namespace signet::vault
