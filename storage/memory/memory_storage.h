#pragma once

// In-memory stores for unit tests of domain logic (and the reference the conformance suite is
// first written against). Thread-safe (one mutex per store); nothing persists; Ping is always OK.

#include <memory>

#include "base/clock.h"
#include "storage/audit_chain_store.h"
#include "storage/blob_store.h"
#include "storage/record_store.h"
#include "storage/state_store.h"
#include "storage/storage.h"

namespace signet::storage::memory {

// MemoryOptions configures the in-memory stores.
struct MemoryOptions {
  const Clock* clock = &SystemClock::Default();  // must outlive the stores
  RecordLimits record_limits;
  AuditLimits audit_limits;
  StateLimits state_limits;
  uint64_t max_blob_size = 64ull * 1024 * 1024;
};

// CreateMemoryBlobStore returns an empty in-memory BlobStore.
std::shared_ptr<BlobStore> CreateMemoryBlobStore(const MemoryOptions& options);
// CreateMemoryAuditChainStore returns an empty in-memory AuditChainStore.
std::shared_ptr<AuditChainStore> CreateMemoryAuditChainStore(const MemoryOptions& options);
// CreateMemoryStateStore returns an empty in-memory StateStore.
std::shared_ptr<StateStore> CreateMemoryStateStore(const MemoryOptions& options);
// CreateMemoryStorage returns a bundle of empty in-memory stores.
std::unique_ptr<Storage> CreateMemoryStorage(const MemoryOptions& options = {});

}  // namespace signet::storage::memory

namespace signet::storage::memory {
// CorruptMemoryBlobForTesting flips a bit of a blob in a store made by CreateMemoryBlobStore
// (to test kDataLoss). Passing any other store is a programmer error.
void CorruptMemoryBlobForTesting(BlobStore& store, const BlobDigest& digest);
}  // namespace signet::storage::memory
