#pragma once

// Fe: an element of GF(2^255 - 19) in radix 2^51 (five 64-bit limbs, products in unsigned
// __int128). This is the base field of Curve25519/edwards25519 on which ristretto255 (RFC 9496)
// is built.
//
// Representation invariants ("loose" form): every Fe produced by these functions has limbs below
// 2^52 except the sum of two Fes (limbs below 2^53). Multiplication and squaring accept limbs up
// to 2^54, subtraction accepts a subtrahend up to 16p per limb, so any expression of the form
// (a + b) * (c - d) with loose inputs is safe. ToBytes gives the unique canonical encoding.
//
// Every function here is constant-time: no branch or memory index depends on limb values. The
// "choice" arguments are 0 or 1 and are turned into masks.

#include <cstdint>

namespace signet::crypto::ristretto {

__extension__ typedef unsigned __int128 Uint128;

struct Fe {
  uint64_t v[5];

  static constexpr Fe Zero() { return {{0, 0, 0, 0, 0}}; }
  static constexpr Fe One() { return {{1, 0, 0, 0, 0}}; }

  // FromBytes reads 32 little-endian bytes, ignoring bit 255 (RFC 9496 §4.3.1 step 1 and the
  // MAP input both mask it; decoding checks canonicity separately).
  static Fe FromBytes(const uint8_t in[32]);
  // ToBytes writes the canonical (fully reduced) 32-byte little-endian encoding.
  void ToBytes(uint8_t out[32]) const;
};

namespace fe_internal {
constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

// Mul64 widens a 64x64-bit product.
inline Uint128 Mul64(uint64_t a, uint64_t b) { return static_cast<Uint128>(a) * b; }

// CarryWide reduces five 128-bit column sums to a loose Fe (limbs < 2^51 + 2^15).
inline Fe CarryWide(Uint128 c0, Uint128 c1, Uint128 c2, Uint128 c3, Uint128 c4) {
  Fe r;
  c1 += static_cast<uint64_t>(c0 >> 51);
  r.v[0] = static_cast<uint64_t>(c0) & kMask51;
  c2 += static_cast<uint64_t>(c1 >> 51);
  r.v[1] = static_cast<uint64_t>(c1) & kMask51;
  c3 += static_cast<uint64_t>(c2 >> 51);
  r.v[2] = static_cast<uint64_t>(c2) & kMask51;
  c4 += static_cast<uint64_t>(c3 >> 51);
  r.v[3] = static_cast<uint64_t>(c3) & kMask51;
  const uint64_t carry = static_cast<uint64_t>(c4 >> 51);
  r.v[4] = static_cast<uint64_t>(c4) & kMask51;
  r.v[0] += carry * 19;
  r.v[1] += r.v[0] >> 51;
  r.v[0] &= kMask51;
  return r;
}
}  // namespace fe_internal

// Reduce carries every limb into 51 bits (plus a small excess in limb 0).
inline Fe Reduce(const Fe& a) {
  using fe_internal::kMask51;
  const uint64_t c0 = a.v[0] >> 51, c1 = a.v[1] >> 51, c2 = a.v[2] >> 51, c3 = a.v[3] >> 51,
                 c4 = a.v[4] >> 51;
  return {{(a.v[0] & kMask51) + c4 * 19, (a.v[1] & kMask51) + c0, (a.v[2] & kMask51) + c1,
           (a.v[3] & kMask51) + c2, (a.v[4] & kMask51) + c3}};
}

// a + b without carrying (limbs grow by at most one bit; see the bounds above).
inline Fe operator+(const Fe& a, const Fe& b) {
  return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3], a.v[4] + b.v[4]}};
}

// a - b computed as (a + 16p) - b, then reduced, so limbs never underflow.
inline Fe operator-(const Fe& a, const Fe& b) {
  constexpr uint64_t k16p0 = 36028797018963664ULL;  // 16 * (2^51 - 19)
  constexpr uint64_t k16pi = 36028797018963952ULL;  // 16 * (2^51 - 1)
  return Reduce({{a.v[0] + k16p0 - b.v[0], a.v[1] + k16pi - b.v[1], a.v[2] + k16pi - b.v[2],
                  a.v[3] + k16pi - b.v[3], a.v[4] + k16pi - b.v[4]}});
}

// -a, reduced.
inline Fe operator-(const Fe& a) { return Fe::Zero() - a; }

// a * b: schoolbook 5x5 limbs with the 2^255 = 19 wrap folded into the b limbs, then one carry
// pass.
inline Fe operator*(const Fe& a, const Fe& b) {
  using fe_internal::Mul64;
  const uint64_t b1 = b.v[1] * 19, b2 = b.v[2] * 19, b3 = b.v[3] * 19, b4 = b.v[4] * 19;
  const uint64_t* x = a.v;
  const uint64_t* y = b.v;
  const Uint128 c0 =
      Mul64(x[0], y[0]) + Mul64(x[4], b1) + Mul64(x[3], b2) + Mul64(x[2], b3) + Mul64(x[1], b4);
  const Uint128 c1 =
      Mul64(x[1], y[0]) + Mul64(x[0], y[1]) + Mul64(x[4], b2) + Mul64(x[3], b3) + Mul64(x[2], b4);
  const Uint128 c2 =
      Mul64(x[2], y[0]) + Mul64(x[1], y[1]) + Mul64(x[0], y[2]) + Mul64(x[4], b3) + Mul64(x[3], b4);
  const Uint128 c3 = Mul64(x[3], y[0]) + Mul64(x[2], y[1]) + Mul64(x[1], y[2]) + Mul64(x[0], y[3]) +
                     Mul64(x[4], b4);
  const Uint128 c4 = Mul64(x[4], y[0]) + Mul64(x[3], y[1]) + Mul64(x[2], y[2]) + Mul64(x[1], y[3]) +
                     Mul64(x[0], y[4]);
  return fe_internal::CarryWide(c0, c1, c2, c3, c4);
}

// Square returns a^2 (cheaper than a * a).
inline Fe Square(const Fe& a) {
  using fe_internal::Mul64;
  const uint64_t* x = a.v;
  const uint64_t d0 = 2 * x[0], d1 = 2 * x[1];
  const uint64_t x3_19 = 19 * x[3], x4_19 = 19 * x[4];
  const Uint128 c0 = Mul64(x[0], x[0]) + Mul64(d1, x4_19) + Mul64(2 * x[2], x3_19);
  const Uint128 c1 = Mul64(d0, x[1]) + Mul64(2 * x[2], x4_19) + Mul64(x[3], x3_19);
  const Uint128 c2 = Mul64(d0, x[2]) + Mul64(x[1], x[1]) + Mul64(2 * x[3], x4_19);
  const Uint128 c3 = Mul64(d0, x[3]) + Mul64(d1, x[2]) + Mul64(x[4], x4_19);
  const Uint128 c4 = Mul64(d0, x[4]) + Mul64(d1, x[3]) + Mul64(x[2], x[2]);
  return fe_internal::CarryWide(c0, c1, c2, c3, c4);
}

// Square2 returns 2 * a^2.
inline Fe Square2(const Fe& a) {
  const Fe s = Square(a);
  return s + s;
}

// Pow2k returns a^(2^k) for k >= 1.
Fe Pow2k(const Fe& a, int k);
// Invert returns a^(p-2), which is 1/a for a != 0 and 0 for a = 0.
Fe Invert(const Fe& a);
// Pow22523 returns a^((p-5)/8), the exponentiation at the heart of square roots.
Fe Pow22523(const Fe& a);

// IsNegative is 1 if the canonical encoding of a is odd (RFC 9496 §4.2 IS_NEGATIVE), else 0.
uint64_t IsNegative(const Fe& a);
// IsZero is 1 if a == 0 (mod p), else 0.
uint64_t IsZero(const Fe& a);
// CtEq is 1 if a == b (mod p), else 0.
uint64_t CtEq(const Fe& a, const Fe& b);

// CondAssign sets *a = b when choice == 1 and leaves it unchanged when choice == 0.
inline void CondAssign(Fe* a, const Fe& b, uint64_t choice) {
  const uint64_t mask = 0 - choice;
  for (int i = 0; i < 5; ++i) a->v[i] ^= mask & (a->v[i] ^ b.v[i]);
}
// CondNegate sets *a = -a when choice == 1.
inline void CondNegate(Fe* a, uint64_t choice) { CondAssign(a, -*a, choice); }
// Abs returns |a|: a or -a, whichever is non-negative (RFC 9496 CT_ABS).
inline Fe Abs(const Fe& a) {
  Fe r = a;
  CondNegate(&r, IsNegative(a));
  return r;
}

// SqrtRatioM1 implements RFC 9496 §4.2 SQRT_RATIO_M1(u, v): sets *r to the non-negative square
// root of u/v if it exists (returns 1), otherwise to sqrt(SQRT_M1 * u / v) (returns 0).
uint64_t SqrtRatioM1(const Fe& u, const Fe& v, Fe* r);

// Curve constants (RFC 9496 §4.1), checked against their definitions by the tests.
namespace fe_constants {
inline constexpr Fe kD = {
    {929955233495203, 466365720129213, 1662059464998953, 2033849074728123, 1442794654840575}};
inline constexpr Fe kD2 = {
    {1859910466990425, 932731440258426, 1072319116312658, 1815898335770999, 633789495995903}};
inline constexpr Fe kSqrtM1 = {
    {1718705420411056, 234908883556509, 2233514472574048, 2117202627021982, 765476049583133}};
inline constexpr Fe kSqrtAdMinusOne = {
    {2241493124984347, 425987919032274, 2207028919301688, 1220490630685848, 974799131293748}};
inline constexpr Fe kInvSqrtAMinusD = {
    {278908739862762, 821645201101625, 8113234426968, 1777959178193151, 2118520810568447}};
inline constexpr Fe kOneMinusDSq = {
    {1136626929484150, 1998550399581263, 496427632559748, 118527312129759, 45110755273534}};
inline constexpr Fe kDMinusOneSq = {
    {1507062230895904, 1572317787530805, 683053064812840, 317374165784489, 1572899562415810}};
}  // namespace fe_constants

}  // namespace signet::crypto::ristretto
