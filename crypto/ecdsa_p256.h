#pragma once

// ECDSA over NIST P-256 with SHA-256, in the JWS form "ES256" (RFC 7518 §3.4): signatures are
// the fixed-width concatenation R || S (32 bytes each, big-endian), not DER. Through OpenSSL 3.
//
//   EcdsaP256PrivateKey key = EcdsaP256PrivateKey::Generate();
//   std::array<uint8_t, 64> sig = key.Sign(message).value();
//   Status ok = key.public_key().Verify(message, sig);
//
// Public keys are parsed from affine coordinates (the JWK "x"/"y" members, RFC 7518 §6.2.1) and
// must be a point on the curve (P-256 has cofactor 1, so that is the whole subgroup check).
// Verification accepts both low-S and high-S signatures, as JWS does; every failure returns the
// same InvalidArgument("invalid signature"). Signing is randomised (OpenSSL's nonce generation)
// and is provided for tests and peers; Signet's own credentials are signed with Ed25519.

#include <array>
#include <cstdint>
#include <memory>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// EcdsaP256Signature is R || S, 64 bytes (RFC 7518 §3.4).
using EcdsaP256Signature = std::array<uint8_t, 64>;

// EcdsaP256PublicKey is a validated P-256 public key. Immutable, cheap to copy (shared handle),
// thread-safe.
class EcdsaP256PublicKey {
 public:
  static constexpr size_t kCoordinateSize = 32;

  // FromCoordinates parses the affine coordinates x and y (32 bytes each, big-endian).
  // InvalidArgument("p256: invalid public key") unless the point is on the curve.
  static Result<EcdsaP256PublicKey> FromCoordinates(ByteView x, ByteView y);

  // x / y are the affine coordinates (32 bytes, big-endian).
  const std::array<uint8_t, kCoordinateSize>& x() const { return x_; }
  const std::array<uint8_t, kCoordinateSize>& y() const { return y_; }

  // Verify checks an ES256 `signature` (R || S) over `message` (hashed here with SHA-256).
  // InvalidArgument("invalid signature") on any failure, including a wrong length, R or S out
  // of range.
  Status Verify(ByteView message, ByteView signature) const;

  friend bool operator==(const EcdsaP256PublicKey& a, const EcdsaP256PublicKey& b) {
    return a.x_ == b.x_ && a.y_ == b.y_;
  }

 private:
  struct Handle;
  EcdsaP256PublicKey(std::shared_ptr<const Handle> h, const std::array<uint8_t, 32>& x,
                     const std::array<uint8_t, 32>& y)
      : handle_(std::move(h)), x_(x), y_(y) {}
  friend class EcdsaP256PrivateKey;

  std::shared_ptr<const Handle> handle_;
  std::array<uint8_t, kCoordinateSize> x_;
  std::array<uint8_t, kCoordinateSize> y_;
};

// EcdsaP256PrivateKey signs ES256. Move-only; the OpenSSL key object is freed (and its scalar
// cleared) on destruction. Thread-safe for concurrent Sign calls.
class EcdsaP256PrivateKey {
 public:
  static constexpr size_t kScalarSize = 32;

  // FromScalar builds the key from the 32-byte big-endian private scalar d (the JWK "d"), which
  // must satisfy 0 < d < n. The public key is computed from d.
  static Result<EcdsaP256PrivateKey> FromScalar(const SecretBytes& d);
  // Generate makes a fresh key from the OS CSPRNG.
  static EcdsaP256PrivateKey Generate();

  EcdsaP256PrivateKey(EcdsaP256PrivateKey&&) noexcept = default;
  EcdsaP256PrivateKey& operator=(EcdsaP256PrivateKey&&) noexcept = default;

  // public_key is the matching public key.
  const EcdsaP256PublicKey& public_key() const { return public_key_; }

  // Sign returns an ES256 signature R || S over `message`. Internal error only if OpenSSL fails.
  Result<EcdsaP256Signature> Sign(ByteView message) const;

 private:
  struct Handle;
  EcdsaP256PrivateKey(std::shared_ptr<const Handle> h, EcdsaP256PublicKey pk)
      : handle_(std::move(h)), public_key_(std::move(pk)) {}

  std::shared_ptr<const Handle> handle_;
  EcdsaP256PublicKey public_key_;
};

}  // namespace signet::crypto
