#pragma once

// MontField: arithmetic modulo an odd prime m < 2^(64N - 2) held as N little-endian 64-bit limbs
// in Montgomery form (x stored as x*R mod m, R = 2^(64N)). Used for the BLS12-381 base field Fp
// (N = 6) and scalar field Fr (N = 4).
//
// Every operation except Pow's dependence on its (public) exponent runs in time independent of
// the values: carries come from unsigned __int128 arithmetic, the final reductions use masks, and
// there are no branches on element data. Multiplication is CIOS (Koc et al.) with the
// "no final carry" shortcut, valid because the top limb of each modulus leaves two spare bits.
// No heap, no globals; values are trivially copyable and thread-compatible.

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace signet::crypto::bls12_381 {

// u128 is the compiler's 128-bit unsigned integer (__extension__ keeps -Wpedantic quiet).
__extension__ typedef unsigned __int128 u128;

namespace internal {

// AddCarry / SubBorrow are one step of a multi-limb carry chain (adc / sbb on x86-64).
inline uint64_t AddCarry(uint64_t a, uint64_t b, uint64_t carry_in, uint64_t* out) {
#if defined(__x86_64__)
  unsigned long long r;
  const unsigned char c = _addcarry_u64(static_cast<unsigned char>(carry_in), a, b, &r);
  *out = r;
  return c;
#else
  const u128 s = static_cast<u128>(a) + b + carry_in;
  *out = static_cast<uint64_t>(s);
  return static_cast<uint64_t>(s >> 64);
#endif
}
inline uint64_t SubBorrow(uint64_t a, uint64_t b, uint64_t borrow_in, uint64_t* out) {
#if defined(__x86_64__)
  unsigned long long r;
  const unsigned char c = _subborrow_u64(static_cast<unsigned char>(borrow_in), a, b, &r);
  *out = r;
  return c;
#else
  const u128 d = static_cast<u128>(a) - b - borrow_in;
  *out = static_cast<uint64_t>(d);
  return static_cast<uint64_t>(d >> 64) & 1;
#endif
}

}  // namespace internal

// CtAnd combines comparison results without short-circuit branches (constant time).
inline bool CtAnd(bool a, bool b) {
  return (static_cast<unsigned>(a) & static_cast<unsigned>(b)) != 0;
}
inline bool CtAnd(bool a, bool b, bool c) { return CtAnd(CtAnd(a, b), c); }

// MontField<P> needs P::kN (limb count), P::kModulus, P::kR2 (R^2 mod m), P::kOne (R mod m) and
// P::kInv (-m^-1 mod 2^64), all as little-endian limb arrays.
template <typename P>
class MontField {
 public:
  static constexpr size_t kN = P::kN;
  using Limbs = std::array<uint64_t, kN>;

  // The default value is zero.
  constexpr MontField() : l_{} {}

  // Zero and One are the additive and multiplicative identities.
  static constexpr MontField Zero() { return MontField(); }
  static constexpr MontField One() { return FromRaw(P::kOne); }
  // FromRaw wraps limbs that are already in Montgomery form.
  static constexpr MontField FromRaw(const Limbs& l) {
    MontField r;
    r.l_ = l;
    return r;
  }
  // FromCanonical converts a value < m (the caller guarantees it) into Montgomery form.
  static MontField FromCanonical(const Limbs& a) { return Mul(FromRaw(a), FromRaw(P::kR2)); }
  // FromU64 converts a small integer.
  static MontField FromU64(uint64_t v) {
    Limbs a{};
    a[0] = v;
    return FromCanonical(a);
  }
  // IsCanonical reports whether the integer `a` is < m (constant time).
  static bool IsCanonical(const Limbs& a) {
    uint64_t borrow = 0;
    for (size_t i = 0; i < kN; ++i) {
      const u128 d = static_cast<u128>(a[i]) - P::kModulus[i] - borrow;
      borrow = static_cast<uint64_t>(d >> 64) & 1;
    }
    return borrow == 1;
  }

  // ToCanonical returns the integer value in [0, m).
  Limbs ToCanonical() const {
    Limbs one{};
    one[0] = 1;
    return Mul(*this, FromRaw(one)).l_;
  }
  // raw exposes the Montgomery-form limbs (for tests and the assembly routine).
  const Limbs& raw() const { return l_; }

  // operator+ / operator- / operator* are modular addition, subtraction and Montgomery
  // multiplication; results are fully reduced.
  friend MontField operator+(const MontField& a, const MontField& b) {
    MontField r{Uninit{}};
    uint64_t carry = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < kN; ++i) carry = internal::AddCarry(a.l_[i], b.l_[i], carry, &r.l_[i]);
    return ReduceOnce(r);
  }
  friend MontField operator-(const MontField& a, const MontField& b) {
    MontField r{Uninit{}};
    uint64_t borrow = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < kN; ++i) {
      borrow = internal::SubBorrow(a.l_[i], b.l_[i], borrow, &r.l_[i]);
    }
    // Add m back when the subtraction borrowed.
    const uint64_t mask = 0 - borrow;
    uint64_t carry = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < kN; ++i) {
      carry = internal::AddCarry(r.l_[i], P::kModulus[i] & mask, carry, &r.l_[i]);
    }
    return r;
  }
  MontField operator-() const { return Zero() - *this; }
  friend MontField operator*(const MontField& a, const MontField& b) { return Mul(a, b); }
  MontField& operator+=(const MontField& b) { return *this = *this + b; }
  MontField& operator-=(const MontField& b) { return *this = *this - b; }
  MontField& operator*=(const MontField& b) { return *this = Mul(*this, b); }

  // Square and Double return this^2 and 2 * this.
  MontField Square() const { return Mul(*this, *this); }
  MontField Double() const { return *this + *this; }

  // IsZero is constant time.
  bool IsZero() const {
    uint64_t acc = 0;
    for (size_t i = 0; i < kN; ++i) acc |= l_[i];
    return acc == 0;
  }
  // Equals is constant time.
  bool Equals(const MontField& b) const {
    uint64_t acc = 0;
    for (size_t i = 0; i < kN; ++i) acc |= l_[i] ^ b.l_[i];
    return acc == 0;
  }
  friend bool operator==(const MontField& a, const MontField& b) { return a.Equals(b); }

  // Select returns `b` when mask is all ones and `a` when mask is zero (constant time).
  static MontField Select(const MontField& a, const MontField& b, uint64_t mask) {
    MontField r{Uninit{}};
    for (size_t i = 0; i < kN; ++i) r.l_[i] = a.l_[i] ^ ((a.l_[i] ^ b.l_[i]) & mask);
    return r;
  }

  // Pow returns this^e for an exponent given as little-endian limbs, with fixed 4-bit windows
  // (table entries are looked up by exponent digits only). The sequence of operations depends
  // on `e` only, so e must be public (it is a fixed constant everywhere we use it).
  template <size_t M>
  MontField Pow(const std::array<uint64_t, M>& e) const {
    MontField table[16];
    table[0] = One();
    for (size_t i = 1; i < 16; ++i) table[i] = table[i - 1] * *this;
    MontField r = One();
    bool started = false;
    for (size_t w = 16 * M; w-- > 0;) {
      const uint64_t d = (e[w / 16] >> (4 * (w % 16))) & 15;
      if (started) r = r.Square().Square().Square().Square();
      if (d != 0) {
        r = started ? r * table[d] : table[d];
        started = true;
      }
    }
    return r;
  }
  // Inverse returns this^(m-2), i.e. 1/this, and 0 for 0 (constant time, Fermat).
  MontField Inverse() const {
    Limbs e = P::kModulus;
    e[0] -= 2;  // m is odd and > 2, so no borrow.
    return Pow(e);
  }

 private:
  // Uninit is a tag for results whose limbs are all written before use (skips zeroing).
  struct Uninit {};
  explicit MontField(Uninit) {}  // NOLINT(cppcoreguidelines-pro-type-member-init)

  static MontField ReduceOnce(const MontField& a) {
    uint64_t s[kN];
    uint64_t borrow = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < kN; ++i) {
      borrow = internal::SubBorrow(a.l_[i], P::kModulus[i], borrow, &s[i]);
    }
    // Keep a when a - m borrowed (a < m).
    const uint64_t mask = 0 - borrow;
    MontField r{Uninit{}};
#pragma GCC unroll 8
    for (size_t i = 0; i < kN; ++i) r.l_[i] = s[i] ^ ((s[i] ^ a.l_[i]) & mask);
    return r;
  }

  static MontField Mul(const MontField& a, const MontField& b) {
    if constexpr (requires { P::AsmMul; }) {
      if (P::AsmAvailable()) {
        MontField r{Uninit{}};
        P::AsmMul(r.l_.data(), a.l_.data(), b.l_.data());
        return ReduceOnce(r);
      }
    }
    uint64_t t[kN] = {};
#pragma GCC unroll 8
    for (size_t i = 0; i < kN; ++i) {
      u128 acc = static_cast<u128>(a.l_[0]) * b.l_[i] + t[0];
      t[0] = static_cast<uint64_t>(acc);
      uint64_t carry = static_cast<uint64_t>(acc >> 64);
#pragma GCC unroll 8
      for (size_t j = 1; j < kN; ++j) {
        acc = static_cast<u128>(a.l_[j]) * b.l_[i] + t[j] + carry;
        t[j] = static_cast<uint64_t>(acc);
        carry = static_cast<uint64_t>(acc >> 64);
      }
      const uint64_t top = carry;
      const uint64_t k = t[0] * P::kInv;
      acc = static_cast<u128>(k) * P::kModulus[0] + t[0];
      carry = static_cast<uint64_t>(acc >> 64);
#pragma GCC unroll 8
      for (size_t j = 1; j < kN; ++j) {
        acc = static_cast<u128>(k) * P::kModulus[j] + t[j] + carry;
        t[j - 1] = static_cast<uint64_t>(acc);
        carry = static_cast<uint64_t>(acc >> 64);
      }
      t[kN - 1] = top + carry;
    }
    MontField r{Uninit{}};
    for (size_t i = 0; i < kN; ++i) r.l_[i] = t[i];
    return ReduceOnce(r);
  }

  Limbs l_;
};

}  // namespace signet::crypto::bls12_381
