#pragma once

// Storage: the bundle of stores the server's composition root owns (ARCHITECTURE.md §5.1). Each
// backend's factory returns one: memory::CreateMemoryStorage, embedded::OpenEmbeddedStorage,
// postgres::OpenHostedStorage (Postgres rows + any BlobStore, normally s3::S3BlobStore).

#include <functional>
#include <memory>
#include <utility>

#include "base/result.h"
#include "storage/audit_chain_store.h"
#include "storage/blob_store.h"
#include "storage/record_store.h"
#include "storage/state_store.h"

namespace signet::storage {

// Storage owns one backend's stores and whatever they share (a connection pool, a database
// handle). Thread-safe: the stores are; the accessors are const after construction. The stores
// live as long as the Storage.
class Storage {
 public:
  Storage(std::shared_ptr<RecordStore> records, std::shared_ptr<BlobStore> blobs,
          std::shared_ptr<AuditChainStore> audit, std::shared_ptr<StateStore> state)
      : records_(std::move(records)),
        blobs_(std::move(blobs)),
        audit_(std::move(audit)),
        state_(std::move(state)) {}

  RecordStore& records() const { return *records_; }
  BlobStore& blobs() const { return *blobs_; }
  AuditChainStore& audit() const { return *audit_; }
  StateStore& state() const { return *state_; }

  // Ping checks every dependency (rows, blobs, audit, state) for /readyz and returns the first
  // failure (kUnavailable when a dependency is down, within the backends' timeouts).
  Status Ping() const;

 private:
  std::shared_ptr<RecordStore> records_;
  std::shared_ptr<BlobStore> blobs_;
  std::shared_ptr<AuditChainStore> audit_;
  std::shared_ptr<StateStore> state_;
};

}  // namespace signet::storage
