#pragma once

// AES-256-GCM (NIST SP 800-38D) through OpenSSL's EVP interface, in the shape of Tink's `Aead`:
// a small immutable object made by a factory, safe to share between threads.
//
//   Result<Aes256Gcm> aead = Aes256Gcm::Create(key);          // key: 32-byte SecretBytes
//   Result<Bytes> sealed = aead->Seal(plaintext, blind_id);    // nonce || ciphertext || tag
//   Result<SecretBytes> opened = aead->Open(*sealed, blind_id);
//
// Seal draws a fresh random 96-bit nonce from the OS CSPRNG for every call, so one key may seal
// up to 2^32 messages before the nonce-collision bound of SP 800-38D §8.3 is a concern; callers
// that seal more under one key must rotate it. Every failure to open (wrong key, wrong associated
// data, any flipped bit, truncation) returns the same DataLoss error "decryption failed", so a
// caller learns nothing about which check failed.

#include <cstddef>
#include <utility>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// Aes256Gcm seals and opens messages under one 256-bit key. Immutable and thread-safe: each call
// uses its own OpenSSL context. Move-only (it owns the key).
class Aes256Gcm {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kTagSize = 16;
  // kOverhead is the number of bytes Seal adds to the plaintext.
  static constexpr size_t kOverhead = kNonceSize + kTagSize;
  // Size limits: larger inputs are rejected with a TooLarge error before any work is done.
  static constexpr size_t kMaxPlaintextSize = size_t{64} << 20;  // 64 MiB
  static constexpr size_t kMaxAadSize = size_t{1} << 20;         // 1 MiB
  // kMaxExplicitNonceSize bounds the IV of the explicit-nonce calls (GCM allows any length;
  // only 12 bytes is recommended, and it is the only length Seal uses).
  static constexpr size_t kMaxExplicitNonceSize = 128;

  // Create copies `key`, which must be exactly 32 bytes (InvalidArgument otherwise).
  static Result<Aes256Gcm> Create(const SecretBytes& key);

  // Seal encrypts `plaintext` and authenticates it together with `aad`. Returns
  // nonce (12) || ciphertext || tag (16). TooLarge if a size limit is exceeded.
  Result<Bytes> Seal(ByteView plaintext, ByteView aad) const;
  // Open reverses Seal. Any mismatch returns DataLoss("decryption failed"); the plaintext is
  // returned as a secret because it usually is one.
  Result<SecretBytes> Open(ByteView sealed, ByteView aad) const;

  // SealWithNonce encrypts under a caller-chosen nonce and returns ciphertext || tag (the nonce
  // is not included). For known-answer tests and for formats that derive a single-use key per
  // message. Reusing a nonce under one key destroys both confidentiality and authenticity:
  // prefer Seal. The nonce may be 1..128 bytes (GCM hashes non-96-bit IVs).
  Result<Bytes> SealWithNonce(ByteView nonce, ByteView plaintext, ByteView aad) const;
  // OpenWithNonce reverses SealWithNonce; the same generic error as Open on any mismatch.
  Result<SecretBytes> OpenWithNonce(ByteView nonce, ByteView ciphertext_and_tag,
                                    ByteView aad) const;

 private:
  explicit Aes256Gcm(SecretBytes key) : key_(std::move(key)) {}

  SecretBytes key_;
};

}  // namespace signet::crypto
