#pragma once

// BlobStore: content-addressed storage for large opaque values (AEAD ciphertext). A blob's
// address is the SHA-256 of its bytes, so a backend learns only sizes and digests, and a blob
// cannot be swapped for another without detection: every read verifies the digest.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "storage/blind_id.h"

namespace signet::storage {

// ByteSource produces a stream of bytes for a streamed put. Not required to be thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Read fills up to `buf.size()` bytes and returns how many; 0 means end of stream.
  virtual Result<size_t> Read(std::span<uint8_t> buf) = 0;
};

// ByteSink consumes a stream of bytes for a streamed get. Not required to be thread-safe.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Write consumes `data`; an error aborts the transfer.
  virtual Status Write(ByteView data) = 0;
};

// ViewSource streams from a caller-owned view (which must outlive it).
class ViewSource final : public ByteSource {
 public:
  explicit ViewSource(ByteView data) : data_(data) {}
  Result<size_t> Read(std::span<uint8_t> buf) override;

 private:
  ByteView data_;
  size_t pos_ = 0;
};

// BytesSink appends everything written to an owned buffer, refusing to grow past `limit`.
class BytesSink final : public ByteSink {
 public:
  explicit BytesSink(uint64_t limit, uint64_t reserve = 0) : limit_(limit) {
    out_.reserve(static_cast<size_t>(std::min(limit, reserve)));
  }
  Status Write(ByteView data) override;
  Bytes& bytes() { return out_; }

 private:
  uint64_t limit_;
  Bytes out_;
};

// BlobInfo describes one stored blob for listings (the orphan sweeper).
struct BlobInfo {
  BlobDigest digest{};
  uint64_t size = 0;
  Time modified;  // last time the blob was written (a re-put of the same bytes refreshes it)
};

// BlobStore is content-addressed by SHA-256 (FIPS 180-4) of the bytes.
//
// Thread safety: every method may be called concurrently from any thread.
// Atomicity: a blob is either absent or complete and intact; a failed or interrupted put leaves
// nothing visible under the digest. Putting bytes that are already stored succeeds and refreshes
// the blob's modification time (the orphan sweeper relies on that).
// Failure modes: kNotFound (absent), kDataLoss (stored bytes do not match their digest),
// kTooLarge (over the configured maximum), kInvalidArgument (streamed bytes do not match the
// declared digest or size), kUnavailable (the backend is down or slow; bounded by its options).
class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Put stores `data` and returns its digest.
  virtual Result<BlobDigest> Put(ByteView data) = 0;
  // PutStream stores exactly `size` bytes read from `source`, which must hash to `expected`. The
  // digest is verified while streaming; on mismatch nothing becomes visible (kInvalidArgument).
  // Memory use is bounded by a small buffer, not by `size`.
  virtual Status PutStream(const BlobDigest& expected, uint64_t size, ByteSource& source) = 0;
  // Get returns the blob, verified against its digest (kDataLoss on mismatch).
  virtual Result<Bytes> Get(const BlobDigest& digest) = 0;
  // GetStream writes the blob to `sink` in chunks and verifies the digest at the end. On
  // kDataLoss the sink has received unverified bytes, which the caller must discard.
  virtual Status GetStream(const BlobDigest& digest, ByteSink& sink) = 0;
  // Delete removes the blob; deleting an absent blob is OK (idempotent).
  virtual Status Delete(const BlobDigest& digest) = 0;
  // Exists reports whether the blob is stored (without reading or verifying it).
  virtual Result<bool> Exists(const BlobDigest& digest) = 0;
  // List returns up to `limit` blobs with digests strictly after `after` (nullopt = from the
  // start), ordered by digest.
  virtual Result<std::vector<BlobInfo>> List(const std::optional<BlobDigest>& after,
                                             size_t limit) = 0;
  // Ping checks the backend is reachable (for /readyz).
  virtual Status Ping() = 0;
};

// GetIntoBytes runs store.GetStream into a BytesSink bounded by `limit` (shared helper).
// `expected_size` (if known) is reserved up front so a large blob is held once, not regrown.
Result<Bytes> GetIntoBytes(BlobStore& store, const BlobDigest& digest, uint64_t limit,
                           uint64_t expected_size = 0);

}  // namespace signet::storage
