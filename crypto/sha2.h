#pragma once

// SHA-256 and SHA-512 (FIPS 180-4) through OpenSSL's EVP interface, one-shot and incremental.

#include <array>
#include <cstdint>
#include <memory>

#include "base/bytes.h"

namespace signet::crypto {

using Sha256Digest = std::array<uint8_t, 32>;
using Sha512Digest = std::array<uint8_t, 64>;

// Sha256 returns SHA-256(data).
Sha256Digest Sha256(ByteView data);
// Sha512 returns SHA-512(data).
Sha512Digest Sha512(ByteView data);

// Sha256Hasher computes SHA-256 incrementally. Not thread-safe; cheap to create.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;

  // Update absorbs `data`.
  Sha256Hasher& Update(ByteView data);
  // Finish returns the digest; the hasher is reset for reuse.
  Sha256Digest Finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// Sha512Hasher computes SHA-512 incrementally. Not thread-safe.
class Sha512Hasher {
 public:
  Sha512Hasher();
  ~Sha512Hasher();
  Sha512Hasher(Sha512Hasher&&) noexcept;
  Sha512Hasher& operator=(Sha512Hasher&&) noexcept;

  Sha512Hasher& Update(ByteView data);
  Sha512Digest Finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace signet::crypto
