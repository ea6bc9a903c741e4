#pragma once

// Argon2id (RFC 9106, version 0x13) through libsodium's crypto_pwhash, for turning a passphrase
// into a key that seals the vault root at rest.
//
// libsodium fixes the parallelism to p = 1 and takes no secret or associated data, so the
// tunable parameters are the pass count t ("ops") and the memory size m. Defaults: t = 3,
// m = 64 MiB, p = 1 — stronger than the OWASP Password Storage Cheat Sheet's minimum for
// Argon2id (m = 19 MiB, t = 2, p = 1), and about 0.1-0.2 s on a current x86 core. Parameters
// below that minimum are rejected unless `allow_weak_for_testing` is set (tests only: it lets
// them run in milliseconds). Upper limits (t <= 16, m <= 1 GiB) keep parameters read back from
// disk from being turned into a denial of service.
//
//   Argon2idParams params;                                   // t = 3, m = 64 MiB
//   Result<SecretBytes> key = Argon2idDeriveKey(passphrase, salt16, params);

#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// Argon2idParams are the cost parameters. Store them next to the salt so a key can be derived
// again after the defaults change.
struct Argon2idParams {
  // ops is the number of passes over memory (Argon2 t).
  uint32_t ops = 3;
  // mem_bytes is the memory size in bytes (Argon2 m = mem_bytes / 1024 KiB); a multiple of 1024.
  uint64_t mem_bytes = uint64_t{64} << 20;
  // allow_weak_for_testing accepts parameters below the OWASP minimum (down to libsodium's own
  // minimum: t = 1, m = 8 KiB). Never set it outside tests.
  bool allow_weak_for_testing = false;
};

// The OWASP minimum (Password Storage Cheat Sheet, Argon2id: m = 19 MiB, t = 2, p = 1).
inline constexpr uint32_t kArgon2idOwaspMinOps = 2;
inline constexpr uint64_t kArgon2idOwaspMinMemBytes = uint64_t{19} << 20;
// Limits on every input.
inline constexpr uint32_t kArgon2idMaxOps = 16;
inline constexpr uint64_t kArgon2idMaxMemBytes = uint64_t{1} << 30;
inline constexpr size_t kArgon2idSaltSize = 16;
inline constexpr size_t kArgon2idMaxPassphraseSize = 4096;

// ValidateArgon2idParams checks `params` against the limits above. InvalidArgument with the
// reason otherwise.
Status ValidateArgon2idParams(const Argon2idParams& params);

// Argon2idDeriveKey derives `key_size` (16..64) bytes from `passphrase` and a 16-byte random
// `salt` under `params`. Errors: InvalidArgument for bad parameters or sizes, TooLarge for a
// passphrase over 4096 bytes, ResourceExhausted if the memory cannot be allocated.
// Thread-safe; each call allocates mem_bytes.
Result<SecretBytes> Argon2idDeriveKey(const SecretBytes& passphrase, ByteView salt,
                                      const Argon2idParams& params, size_t key_size = 32);

}  // namespace signet::crypto
