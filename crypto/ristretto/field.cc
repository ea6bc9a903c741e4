#include "crypto/ristretto/field.h"

namespace signet::crypto::ristretto {
namespace {

using fe_internal::kMask51;

uint64_t Load64(const uint8_t* p) {
  uint64_t r = 0;
  for (int i = 7; i >= 0; --i) r = (r << 8) | p[i];
  return r;
}

// Pow2To250Minus1 returns (a^(2^250 - 1), a^11), the shared prefix of the inversion and square
// root exponent chains.
void Pow2To250Minus1(const Fe& a, Fe* t19, Fe* t3) {
  const Fe t0 = Square(a);               // 2
  const Fe t1 = Square(Square(t0));      // 8
  const Fe t2 = a * t1;                  // 9
  *t3 = t0 * t2;                         // 11
  const Fe t5 = t2 * Square(*t3);        // 31 = 2^5 - 1
  const Fe t7 = Pow2k(t5, 5) * t5;       // 2^10 - 1
  const Fe t9 = Pow2k(t7, 10) * t7;      // 2^20 - 1
  const Fe t11 = Pow2k(t9, 20) * t9;     // 2^40 - 1
  const Fe t13 = Pow2k(t11, 10) * t7;    // 2^50 - 1
  const Fe t15 = Pow2k(t13, 50) * t13;   // 2^100 - 1
  const Fe t17 = Pow2k(t15, 100) * t15;  // 2^200 - 1
  *t19 = Pow2k(t17, 50) * t13;           // 2^250 - 1
}

}  // namespace

Fe Fe::FromBytes(const uint8_t in[32]) {
  const uint64_t w0 = Load64(in), w1 = Load64(in + 8), w2 = Load64(in + 16), w3 = Load64(in + 24);
  return {{w0 & kMask51, ((w0 >> 51) | (w1 << 13)) & kMask51, ((w1 >> 38) | (w2 << 26)) & kMask51,
           ((w2 >> 25) | (w3 << 39)) & kMask51, (w3 >> 12) & kMask51}};
}

void Fe::ToBytes(uint8_t out[32]) const {
  Fe t = Reduce(Reduce(*this));
  // q = 1 exactly when t >= p: adding 19 then carries out of bit 255.
  uint64_t q = (t.v[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (t.v[i] + q) >> 51;
  t.v[0] += 19 * q;
  for (int i = 0; i < 4; ++i) {
    t.v[i + 1] += t.v[i] >> 51;
    t.v[i] &= kMask51;
  }
  t.v[4] &= kMask51;
  const uint64_t w[4] = {t.v[0] | (t.v[1] << 51), (t.v[1] >> 13) | (t.v[2] << 38),
                         (t.v[2] >> 26) | (t.v[3] << 25), (t.v[3] >> 39) | (t.v[4] << 12)};
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) out[8 * i + j] = static_cast<uint8_t>(w[i] >> (8 * j));
  }
}

Fe Pow2k(const Fe& a, int k) {
  Fe r = Square(a);
  for (int i = 1; i < k; ++i) r = Square(r);
  return r;
}

Fe Invert(const Fe& a) {
  Fe t19, t3;
  Pow2To250Minus1(a, &t19, &t3);
  return Pow2k(t19, 5) * t3;  // 2^255 - 21 = p - 2
}

Fe Pow22523(const Fe& a) {
  Fe t19, t3;
  Pow2To250Minus1(a, &t19, &t3);
  return Pow2k(t19, 2) * a;  // 2^252 - 3 = (p - 5) / 8
}

uint64_t IsNegative(const Fe& a) {
  uint8_t b[32];
  a.ToBytes(b);
  return b[0] & 1;
}

uint64_t IsZero(const Fe& a) {
  uint8_t b[32];
  a.ToBytes(b);
  uint64_t acc = 0;
  for (uint8_t x : b) acc |= x;
  return ((acc | (0 - acc)) >> 63) ^ 1;
}

uint64_t CtEq(const Fe& a, const Fe& b) { return IsZero(a - b); }

uint64_t SqrtRatioM1(const Fe& u, const Fe& v, Fe* out) {
  using fe_constants::kSqrtM1;
  const Fe v3 = Square(v) * v;
  const Fe v7 = Square(v3) * v;
  Fe r = (u * v3) * Pow22523(u * v7);
  const Fe check = v * Square(r);
  const Fe neg_u = -u;
  const uint64_t correct_sign = CtEq(check, u);
  const uint64_t flipped_sign = CtEq(check, neg_u);
  const uint64_t flipped_sign_i = CtEq(check, neg_u * kSqrtM1);
  CondAssign(&r, kSqrtM1 * r, flipped_sign | flipped_sign_i);
  *out = Abs(r);
  return correct_sign | flipped_sign;
}

}  // namespace signet::crypto::ristretto
