#pragma once

// RecordStore: opaque values (AEAD ciphertext) addressed by blind id (ARCHITECTURE.md §5.1,
// invariant 1). A row holds nothing but the id, the value or the SHA-256 digest of a blob that
// holds it, the value's size and the time of the last write. There is no tenant column and there
// are no references between rows, so the server learns only: how many records exist, their
// sizes, when each was last written, and which ids are read or written when.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "storage/blind_id.h"

namespace signet::storage {

// RecordLimits are the size rules shared by every record store.
struct RecordLimits {
  // Values larger than this are stored by reference in the BlobStore.
  uint64_t inline_max = uint64_t{64} * 1024;
  // Values larger than this are refused with kTooLarge.
  uint64_t max_record_size = 64ull * 1024 * 1024;
};

// SweepStats reports what SweepOrphanBlobs did.
struct SweepStats {
  uint64_t examined = 0;  // blobs listed
  uint64_t deleted = 0;   // unreferenced blobs older than the grace period that were removed
};

// RecordStore stores opaque values by BlindId.
//
// Thread safety: every method may be called concurrently from any thread and from several
// processes/replicas sharing the backend. Each method is atomic: a concurrent reader sees either
// the old or the new value, never a mix, and a failed call changes nothing visible.
// Get of an absent id returns std::nullopt (not an error); Delete of an absent id is OK.
// Failure modes: kTooLarge (value over max_record_size), kConflict (CompareAndSwap mismatch),
// kDataLoss (a blob-backed value no longer matches its digest or is missing), kUnavailable
// (backend down or slow, within the backend's configured bound).
class RecordStore {
 public:
  virtual ~RecordStore() = default;

  // Put stores `value` under `id`, replacing any previous value (upsert).
  virtual Status Put(const BlindId& id, ByteView value) = 0;
  // Get returns the value, or std::nullopt if `id` is absent.
  virtual Result<std::optional<Bytes>> Get(const BlindId& id) = 0;
  // Delete removes `id` (OK if absent). A blob it referenced is left to the sweeper, because
  // content addressing may share it with other rows.
  virtual Status Delete(const BlindId& id) = 0;
  // Exists reports whether `id` holds a value.
  virtual Result<bool> Exists(const BlindId& id) = 0;
  // CompareAndSwap writes `desired` only if the current value equals `expected`
  // (std::nullopt: only if `id` is absent); otherwise kConflict and nothing changes.
  virtual Status CompareAndSwap(const BlindId& id, const std::optional<ByteView>& expected,
                                ByteView desired) = 0;
  // SweepOrphanBlobs deletes blobs that no row references and that were last written more than
  // `grace` ago (the grace period must exceed the longest put: a put writes the blob first and
  // the row after). Safe to run concurrently with writers and on several replicas.
  virtual Result<SweepStats> SweepOrphanBlobs(Duration grace) = 0;
  // Ping checks the backend is reachable (for /readyz).
  virtual Status Ping() = 0;
};

}  // namespace signet::storage
