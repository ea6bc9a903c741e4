#pragma once

// X25519 Diffie-Hellman (RFC 7748 §5, §6.1) through libsodium.
//
//   X25519PrivateKey mine = X25519PrivateKey::Generate();
//   Result<SecretBytes> shared = mine.SharedSecret(their_public_key);
//
// A shared secret that comes out all zero (the peer sent a small-order point, RFC 7748 §6.1)
// is rejected with InvalidArgument("x25519: invalid public key"), so a malicious peer cannot
// force a known key. The raw shared secret is not a key: run it through HKDF with both public
// keys bound in (see crypto/sealed_box.h).

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// X25519PublicKey is a 32-byte u-coordinate. Any 32 bytes are accepted as RFC 7748 §5 asks
// (the top bit is ignored); bad points are caught when a shared secret is computed. A value
// type; thread-safe.
class X25519PublicKey {
 public:
  static constexpr size_t kSize = 32;

  // FromBytes parses a public key; InvalidArgument unless exactly 32 bytes.
  static Result<X25519PublicKey> FromBytes(ByteView bytes);

  // bytes is the RFC 7748 encoding of the key.
  const std::array<uint8_t, kSize>& bytes() const { return bytes_; }

  friend bool operator==(const X25519PublicKey&, const X25519PublicKey&) = default;

 private:
  explicit X25519PublicKey(const std::array<uint8_t, kSize>& bytes) : bytes_(bytes) {}
  friend class X25519PrivateKey;

  std::array<uint8_t, kSize> bytes_;
};

// X25519PrivateKey is a 32-byte scalar in wiped memory with its public key. Immutable and
// thread-safe; move-only.
class X25519PrivateKey {
 public:
  static constexpr size_t kSize = 32;

  // FromBytes takes a 32-byte scalar (clamped by X25519 itself, RFC 7748 §5).
  // InvalidArgument unless exactly 32 bytes.
  static Result<X25519PrivateKey> FromBytes(const SecretBytes& scalar);
  // Generate makes a key pair from fresh CSPRNG bytes.
  static X25519PrivateKey Generate();

  // public_key is X25519(scalar, 9).
  const X25519PublicKey& public_key() const { return public_key_; }

  // SharedSecret returns X25519(scalar, peer). InvalidArgument("x25519: invalid public key") if
  // the result is all zero (a small-order peer key).
  Result<SecretBytes> SharedSecret(const X25519PublicKey& peer) const;

  // Export copies out the 32-byte scalar, e.g. to seal it at rest.
  SecretBytes Export(SecretAccess access) const { return scalar_.Clone(access); }

 private:
  X25519PrivateKey(SecretBytes scalar, const X25519PublicKey& pk)
      : scalar_(std::move(scalar)), public_key_(pk) {}

  SecretBytes scalar_;
  X25519PublicKey public_key_;
};

}  // namespace signet::crypto
