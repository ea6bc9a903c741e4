#pragma once

// BLAKE2b (RFC 7693), keyed or unkeyed, with a variable output length, through libsodium's
// crypto_generichash_blake2b. PASETO v4.local (credentials/paseto.h) uses it to split its key and
// as its MAC.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/bytes.h"
#include "base/result.h"

namespace signet::crypto {

// Blake2bHasher computes BLAKE2b incrementally. Not thread-safe; its state (which holds the key)
// is wiped on destruction. Move-only.
class Blake2bHasher {
 public:
  static constexpr size_t kMinOutput = 16;
  static constexpr size_t kMaxOutput = 64;
  static constexpr size_t kMaxKey = 64;

  // Create starts a hash with `output_size` bytes of output (16..64) and an optional key (empty,
  // or 16..64 bytes). InvalidArgument otherwise.
  static Result<Blake2bHasher> Create(ByteView key, size_t output_size);

  Blake2bHasher(Blake2bHasher&&) noexcept;
  Blake2bHasher& operator=(Blake2bHasher&&) noexcept;
  ~Blake2bHasher();

  // Update absorbs `data`.
  Blake2bHasher& Update(ByteView data);
  // Finish writes the digest into `out`, whose size must equal the output size (CHECKed). The
  // hasher cannot be reused afterwards.
  void Finish(std::span<uint8_t> out);

 private:
  struct State;
  Blake2bHasher(std::unique_ptr<State> state, size_t output_size);

  std::unique_ptr<State> state_;
  size_t output_size_;
};

// Blake2b returns BLAKE2b-`output_size`(data) keyed with `key` (see Blake2bHasher::Create).
Result<Bytes> Blake2b(ByteView data, ByteView key, size_t output_size);

}  // namespace signet::crypto
