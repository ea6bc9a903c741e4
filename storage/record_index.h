#pragma once

// RecordIndex: the row-level half of a RecordStore, implemented once per backend (SQLite,
// Postgres, memory). BlobBackedRecordStore composes an index with a BlobStore into a RecordStore
// so the inline-or-blob rule, the size limits and the sweeper are written once.

#include <memory>
#include <optional>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "storage/blind_id.h"
#include "storage/blob_store.h"
#include "storage/record_store.h"

namespace signet::storage {

// RecordRow is what a backend stores per record: the value inline, or the digest of the blob
// that holds it; plus the value's size.
struct RecordRow {
  std::optional<Bytes> inline_value;  // set for inline rows
  BlobDigest digest{};                // the blob's digest for blob-backed rows
  uint64_t size = 0;                  // the value's size in bytes

  bool is_blob() const { return !inline_value.has_value(); }
};

// RowMatches reports whether `row` stores exactly the value `expected` (for CompareAndSwap). A
// blob-backed row matches when SHA-256(expected) equals its digest.
bool RowMatches(const RecordRow& row, ByteView expected);

// RecordIndex stores RecordRows by BlindId. Thread-safe; each method is atomic.
class RecordIndex {
 public:
  virtual ~RecordIndex() = default;
  // Upsert inserts or replaces the row for `id`.
  virtual Status Upsert(const BlindId& id, const RecordRow& row) = 0;
  // Find returns the row, or std::nullopt.
  virtual Result<std::optional<RecordRow>> Find(const BlindId& id) = 0;
  // Remove deletes the row (OK if absent).
  virtual Status Remove(const BlindId& id) = 0;
  // Contains reports whether a row exists.
  virtual Result<bool> Contains(const BlindId& id) = 0;
  // Swap atomically replaces the row with `desired` if the current row matches `expected`
  // (RowMatches; std::nullopt = absent), else kConflict.
  virtual Status Swap(const BlindId& id, const std::optional<ByteView>& expected,
                      const RecordRow& desired) = 0;
  // References reports whether any row points at the blob `digest`.
  virtual Result<bool> References(const BlobDigest& digest) = 0;
  // Ping checks the backend is reachable.
  virtual Status Ping() = 0;
};

// BlobBackedRecordStore implements RecordStore over a RecordIndex and a BlobStore: values over
// limits.inline_max go to the blob store first, then the row is written (so a visible row never
// points at a missing blob; a crash in between leaves an orphan blob for the sweeper).
class BlobBackedRecordStore final : public RecordStore {
 public:
  // `clock` must outlive the store; the index and blobs are shared with the owning bundle.
  BlobBackedRecordStore(std::shared_ptr<RecordIndex> index, std::shared_ptr<BlobStore> blobs,
                        RecordLimits limits, const Clock& clock);

  Status Put(const BlindId& id, ByteView value) override;
  Result<std::optional<Bytes>> Get(const BlindId& id) override;
  Status Delete(const BlindId& id) override;
  Result<bool> Exists(const BlindId& id) override;
  Status CompareAndSwap(const BlindId& id, const std::optional<ByteView>& expected,
                        ByteView desired) override;
  Result<SweepStats> SweepOrphanBlobs(Duration grace) override;
  Status Ping() override;

 private:
  // MakeRow checks the size and, for large values, writes the blob.
  Result<RecordRow> MakeRow(ByteView value);

  std::shared_ptr<RecordIndex> index_;
  std::shared_ptr<BlobStore> blobs_;
  RecordLimits limits_;
  const Clock& clock_;
};

}  // namespace signet::storage
