#pragma once

// AuditChainStore: append-only sequences of opaque entries (invariant 5). The vault layer
// hash-chains and signs the entries; this store guarantees the sequence itself has no forks and
// no gaps, even with many writers on many replicas: entry n can be written exactly once, and only
// after entry n-1 exists.

#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "storage/blind_id.h"

namespace signet::storage {

// AuditEntry is one stored entry with its sequence number (the first entry of a chain is 0).
struct AuditEntry {
  uint64_t seq = 0;
  Bytes entry;
};

// AuditLimits bound entry sizes and read sizes.
struct AuditLimits {
  uint64_t max_entry_size = uint64_t{1024} * 1024;
  size_t max_read = 1000;
};

// AuditChainStore stores chains of entries addressed by a BlindId.
//
// Thread safety: every method may be called concurrently (also across processes sharing the
// backend). Append is atomic: exactly one of several concurrent appenders with the same
// `expected_seq` succeeds; the others get kConflict and must re-read the head, re-chain and retry.
// Failure modes: kConflict (seq taken), kFailedPrecondition (seq would leave a gap), kTooLarge,
// kInvalidArgument (limit out of range), kUnavailable.
class AuditChainStore {
 public:
  virtual ~AuditChainStore() = default;

  // Append stores `entry` as number `expected_seq` of `chain`; it must be Head().seq + 1, or 0
  // for an empty chain.
  virtual Status Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) = 0;
  // Read returns up to `limit` (1..max_read) entries with seq >= from_seq, in order.
  virtual Result<std::vector<AuditEntry>> Read(const BlindId& chain, uint64_t from_seq,
                                               size_t limit) = 0;
  // Head returns the last entry, or std::nullopt for an empty chain.
  virtual Result<std::optional<AuditEntry>> Head(const BlindId& chain) = 0;
  // Ping checks the backend is reachable (for /readyz).
  virtual Status Ping() = 0;
};

// CheckAppend validates the arguments of Append against the limits (shared by backends).
Status CheckAppend(const AuditLimits& limits, ByteView entry);
// CheckRead validates the arguments of Read against the limits (shared by backends).
Status CheckRead(const AuditLimits& limits, size_t limit);

}  // namespace signet::storage
