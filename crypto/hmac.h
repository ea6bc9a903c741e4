#pragma once

// HMAC-SHA-256 / HMAC-SHA-512 (RFC 2104) and HKDF-SHA-256 (RFC 5869), through OpenSSL.

#include <cstddef>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "crypto/sha2.h"

namespace signet::crypto {

// HmacSha256 returns HMAC-SHA-256(key, data).
Sha256Digest HmacSha256(ByteView key, ByteView data);
// HmacSha512 returns HMAC-SHA-512(key, data).
Sha512Digest HmacSha512(ByteView key, ByteView data);

// HkdfSha256 derives `length` bytes (1..8160) from input keying material `ikm` with `salt` and
// the context label `info` (RFC 5869 extract-then-expand). An empty salt means HashLen zeros.
Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length);

}  // namespace signet::crypto
