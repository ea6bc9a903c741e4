#pragma once

// Scalar: an integer modulo the ristretto255 group order
//   l = 2^252 + 27742317777372353535851937790883648493   (RFC 9496 §4.1).
// Stored as five 52-bit limbs, always fully reduced (< l). Arithmetic uses Montgomery
// multiplication (R = 2^260) and is constant-time: no branch or memory index depends on values,
// so Scalars may hold secrets (blindings, witnesses). Secret holders wipe them with Wipe() or by
// keeping them in a SecretScalars container (which wipes on destruction).
//
// Encodings are 32-byte little-endian. FromCanonicalBytes rejects encodings >= l (including any
// with bit 255 set), as dalek's Scalar::from_canonical_bytes does.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "base/bytes.h"

namespace signet::crypto::ristretto {

class PreparedScalar;

// NafTerm is one non-zero digit of a sparse NAF: the scalar includes digit * 2^pos.
struct NafTerm {
  uint16_t pos;
  int16_t digit;
};

class Scalar {
 public:
  // Upper bound on the number of non-zero NAF digits of a reduced scalar (any width >= 2).
  static constexpr size_t kMaxNafTerms = 130;

  // Scalar() is zero.
  constexpr Scalar() : v_{0, 0, 0, 0, 0} {}

  // Zero and One return the additive and multiplicative identities.
  static Scalar Zero() { return Scalar(); }
  static Scalar One() { return FromU64(1); }
  // FromU64 embeds a 64-bit integer.
  static Scalar FromU64(uint64_t x);
  // FromBytesModOrder reduces a 32-byte little-endian integer mod l.
  static Scalar FromBytesModOrder(const std::array<uint8_t, 32>& bytes);
  // FromBytesModOrderWide reduces a 64-byte little-endian integer mod l (hash-to-scalar; the
  // Merlin challenge_scalar of dalek's bulletproofs).
  static Scalar FromBytesModOrderWide(const std::array<uint8_t, 64>& bytes);
  // FromCanonicalBytes accepts exactly the encodings of integers in [0, l).
  static std::optional<Scalar> FromCanonicalBytes(ByteView bytes);

  // ToBytes returns the canonical 32-byte little-endian encoding.
  std::array<uint8_t, 32> ToBytes() const;

  // Arithmetic mod l (constant-time).
  friend Scalar operator+(const Scalar& a, const Scalar& b);
  friend Scalar operator-(const Scalar& a, const Scalar& b);
  friend Scalar operator*(const Scalar& a, const Scalar& b);
  friend Scalar operator-(const Scalar& a) { return Zero() - a; }
  Scalar& operator+=(const Scalar& b) { return *this = *this + b; }
  Scalar& operator-=(const Scalar& b) { return *this = *this - b; }
  Scalar& operator*=(const Scalar& b) { return *this = *this * b; }

  // Invert returns 1/a (a^(l-2), constant-time); the inverse of zero is zero.
  Scalar Invert() const;
  // IsZero reports a == 0 (constant-time).
  bool IsZero() const;
  // operator== is constant-time equality.
  friend bool operator==(const Scalar& a, const Scalar& b);

  // Wipe overwrites the value with zero in a way the compiler keeps.
  void Wipe();

  // ToRadix16 writes 64 signed digits d_i in [-8, 8) with a = sum d_i 16^i (for constant-time
  // fixed-window multiplication; needs a < 2^255, true for every reduced scalar).
  std::array<int8_t, 64> ToRadix16() const;
  // ToNaf writes the width-w non-adjacent form (w in 2..8): 256 digits, each zero or odd with
  // |d| < 2^(w-1). Variable-time: only for public scalars.
  std::array<int8_t, 256> ToNaf(int w) const;
  // ToSparseNaf writes the non-zero digits of the width-w NAF (w in 2..8) in increasing
  // position order to out[0..count) and returns count (<= kMaxNafTerms). Variable-time.
  size_t ToSparseNaf(int w, NafTerm* out) const;
  // ToRadix2w writes ceil(256 / c) + 1 signed digits in [-2^(c-1), 2^(c-1)] (c in 4..15) with
  // a = sum d_i 2^(c i), for Pippenger's bucket method. Variable-time.
  std::vector<int16_t> ToRadix2w(int c) const;

 private:
  friend class ScalarInternals;
  friend class PreparedScalar;
  friend Scalar operator*(const Scalar& a, const PreparedScalar& b);
  // Words returns the value as little-endian 64-bit words (plus a zero word).
  std::array<uint64_t, 5> Words() const;
  uint64_t v_[5];
};

// PreparedScalar is a scalar b kept in Montgomery form (b R mod l), so that a * b costs one
// Montgomery reduction instead of two. For loops that multiply many scalars by the same b.
class PreparedScalar {
 public:
  PreparedScalar() : v_{0, 0, 0, 0, 0} {}
  explicit PreparedScalar(const Scalar& b);
  ~PreparedScalar();
  PreparedScalar(const PreparedScalar&) = default;
  PreparedScalar& operator=(const PreparedScalar&) = default;
  friend Scalar operator*(const Scalar& a, const PreparedScalar& b);
  // The product of two prepared scalars, still prepared (one reduction).
  friend PreparedScalar operator*(const PreparedScalar& a, const PreparedScalar& b);
  PreparedScalar& operator*=(const PreparedScalar& b) { return *this = *this * b; }

 private:
  uint64_t v_[5];
};

Scalar operator*(const Scalar& a, const PreparedScalar& b);

// BatchInvert replaces every element of `xs` with its inverse using one inversion (Montgomery's
// trick). Every element must be non-zero: returns false (and leaves xs unspecified) otherwise.
bool BatchInvert(std::span<Scalar> xs);

// SecretScalars is a fixed-size vector of scalars that is wiped when destroyed (for witness
// vectors). It never reallocates, so no unwiped copy is left behind.
class SecretScalars {
 public:
  SecretScalars() = default;
  explicit SecretScalars(size_t n) : v_(n) {}
  SecretScalars(SecretScalars&&) = default;
  SecretScalars& operator=(SecretScalars&& other) noexcept {
    Wipe();
    v_ = std::move(other.v_);
    return *this;
  }
  SecretScalars(const SecretScalars&) = delete;
  SecretScalars& operator=(const SecretScalars&) = delete;
  ~SecretScalars() { Wipe(); }

  size_t size() const { return v_.size(); }
  Scalar& operator[](size_t i) { return v_[i]; }
  const Scalar& operator[](size_t i) const { return v_[i]; }
  std::span<Scalar> span() { return v_; }
  std::span<const Scalar> span() const { return v_; }
  void Wipe() {
    for (Scalar& s : v_) s.Wipe();
  }

 private:
  std::vector<Scalar> v_;
};

}  // namespace signet::crypto::ristretto
