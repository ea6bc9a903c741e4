#pragma once

// RistrettoPoint: an element of the ristretto255 prime-order group (RFC 9496), held internally
// as an extended Edwards point so that group operations never re-encode. Encode/Decode implement
// RFC 9496 §4.3.1-4.3.2 exactly: Decode rejects every non-canonical or invalid encoding (with one
// generic error, it reveals nothing about why). FromUniformBytes is the one-way map of §4.3.4.
//
// Values are immutable, copyable and thread-compatible. Group operations and Encode/Decode are
// constant-time; operator*(Scalar) is a constant-time fixed-window multiplication and may be used
// with secret scalars. Variable-time multi-scalar multiplication lives in msm.h.

#include <array>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/ristretto/edwards.h"
#include "crypto/ristretto/scalar.h"

namespace signet::crypto::ristretto {

// RistrettoBytes is the 32-byte canonical encoding of a group element.
using RistrettoBytes = std::array<uint8_t, 32>;

class RistrettoPoint {
 public:
  // RistrettoPoint() is the identity element.
  RistrettoPoint() : p_(EdwardsPoint::Identity()) {}
  explicit RistrettoPoint(const EdwardsPoint& p) : p_(p) {}

  static RistrettoPoint Identity() { return RistrettoPoint(); }
  // Basepoint returns the ristretto255 generator (RFC 9496 §4.4).
  static RistrettoPoint Basepoint();

  // Decode parses a 32-byte encoding (RFC 9496 §4.3.1). Fails with kInvalidArgument on a wrong
  // length, a non-canonical field element, a negative s, or a non-square/invalid point.
  static Result<RistrettoPoint> Decode(ByteView bytes);
  // Encode returns the canonical encoding (RFC 9496 §4.3.2).
  RistrettoBytes Encode() const;
  // FromUniformBytes maps 64 uniformly random bytes to an element (RFC 9496 §4.3.4).
  static RistrettoPoint FromUniformBytes(const std::array<uint8_t, 64>& bytes);

  friend RistrettoPoint operator+(const RistrettoPoint& a, const RistrettoPoint& b) {
    return RistrettoPoint(a.p_ + b.p_);
  }
  friend RistrettoPoint operator-(const RistrettoPoint& a, const RistrettoPoint& b) {
    return RistrettoPoint(a.p_ - b.p_);
  }
  friend RistrettoPoint operator-(const RistrettoPoint& a) { return RistrettoPoint(a.p_.Neg()); }
  RistrettoPoint& operator+=(const RistrettoPoint& b) { return *this = *this + b; }
  RistrettoPoint& operator-=(const RistrettoPoint& b) { return *this = *this - b; }
  // Double returns 2 * this.
  RistrettoPoint Double() const { return RistrettoPoint(p_.Double().ToExtended()); }

  // operator* multiplies by a (possibly secret) scalar in constant time.
  friend RistrettoPoint operator*(const Scalar& s, const RistrettoPoint& p);
  friend RistrettoPoint operator*(const RistrettoPoint& p, const Scalar& s) { return s * p; }

  // Group equality (RFC 9496 §4.3.3), constant-time; does not encode.
  friend bool operator==(const RistrettoPoint& a, const RistrettoPoint& b);
  // IsIdentity reports whether this is the identity element.
  bool IsIdentity() const { return *this == Identity(); }

  const EdwardsPoint& edwards() const { return p_; }

 private:
  EdwardsPoint p_;
};

}  // namespace signet::crypto::ristretto
