#pragma once

// Ed25519 signatures (RFC 8032 §5.1, pure Ed25519 without context) through libsodium.
//
//   Ed25519PrivateKey key = Ed25519PrivateKey::Generate();
//   Ed25519Signature sig = key.Sign(message);
//   Status ok = key.public_key().Verify(message, sig);
//
// Verification is strict, as libsodium 1.0.18 implements it: it rejects a signature whose S is
// not reduced (S >= L), a small-order R, a non-canonical or small-order public key, and it
// compares R in constant time. Public keys are also checked when they are parsed: FromBytes
// accepts only canonical encodings of points in the prime-order subgroup (honest keys always
// are), so a bad key fails early with "invalid public key". Every verification failure returns
// the same InvalidArgument("invalid signature").

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// Ed25519Signature is R || S, 64 bytes (RFC 8032 §5.1.6).
using Ed25519Signature = std::array<uint8_t, 64>;

// Ed25519PublicKey is a validated 32-byte public key. A value type; thread-safe.
class Ed25519PublicKey {
 public:
  static constexpr size_t kSize = 32;

  // FromBytes parses a public key: 32 bytes, a canonical encoding of a point of prime order.
  // InvalidArgument("ed25519: invalid public key") otherwise.
  static Result<Ed25519PublicKey> FromBytes(ByteView bytes);

  // bytes is the RFC 8032 encoding of the key.
  const std::array<uint8_t, kSize>& bytes() const { return bytes_; }

  // Verify checks `signature` over `message` strictly (see the file comment). Returns
  // InvalidArgument("invalid signature") on any failure, including a wrong signature length.
  Status Verify(ByteView message, ByteView signature) const;

  friend bool operator==(const Ed25519PublicKey&, const Ed25519PublicKey&) = default;

 private:
  explicit Ed25519PublicKey(const std::array<uint8_t, kSize>& bytes) : bytes_(bytes) {}
  friend class Ed25519PrivateKey;

  std::array<uint8_t, kSize> bytes_;
};

// Ed25519PrivateKey signs. It holds the expanded secret key in wiped memory. Immutable and
// thread-safe; move-only.
class Ed25519PrivateKey {
 public:
  static constexpr size_t kSeedSize = 32;

  // FromSeed derives the key pair from a 32-byte seed (the RFC 8032 "private key").
  // InvalidArgument if the seed is not 32 bytes.
  static Result<Ed25519PrivateKey> FromSeed(const SecretBytes& seed);
  // Generate makes a key pair from a fresh CSPRNG seed.
  static Ed25519PrivateKey Generate();

  // public_key is the matching public key.
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // Sign returns the deterministic RFC 8032 signature of `message`.
  Ed25519Signature Sign(ByteView message) const;

  // ExportSeed copies out the 32-byte seed, e.g. to seal it at rest.
  SecretBytes ExportSeed(SecretAccess access) const;

 private:
  Ed25519PrivateKey(SecretBytes expanded, const Ed25519PublicKey& pk)
      : expanded_(std::move(expanded)), public_key_(pk) {}

  SecretBytes expanded_;  // libsodium's 64-byte secret key: seed || public key
  Ed25519PublicKey public_key_;
};

}  // namespace signet::crypto
