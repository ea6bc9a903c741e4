#pragma once

// Internal point models of the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 (edwards25519),
// on which ristretto255 elements are represented (RFC 9496 §4). Formulas are the extended
// coordinates of Hisil-Wong-Carter-Dawson 2008 ("Twisted Edwards curves revisited", §3.1-3.2,
// a = -1), organised the way the curve25519 literature does:
//
//   EdwardsPoint     (X : Y : Z : T) with x = X/Z, y = Y/Z, xy = T/Z   - the working form
//   ProjectivePoint  (X : Y : Z)                                        - input to doubling
//   CompletedPoint   ((X : Z), (Y : T))  "P1xP1"                         - output of add/double
//   ProjectiveNiels  (Y+X, Y-X, Z, 2dT)                                 - cached addend
//   AffineNiels      (y+x, y-x, 2dxy)                                   - cached addend, Z = 1
//
// All formulas are complete on the prime-order subgroup and branch-free.

#include <cstdint>

#include "crypto/ristretto/field.h"

namespace signet::crypto::ristretto {

struct CompletedPoint;
struct ProjectivePoint;

// ProjectiveNiels is a cached addend (Y+X, Y-X, Z, 2dT); see the file comment.
struct ProjectiveNiels {
  Fe y_plus_x, y_minus_x, z, t2d;
  static ProjectiveNiels Identity() { return {Fe::One(), Fe::One(), Fe::One(), Fe::Zero()}; }
};

// AffineNiels is a cached addend with Z = 1 (y+x, y-x, 2dxy), for precomputed tables.
struct AffineNiels {
  Fe y_plus_x, y_minus_x, xy2d;
  static AffineNiels Identity() { return {Fe::One(), Fe::One(), Fe::Zero()}; }
};

// EdwardsPoint is a point in extended coordinates (X : Y : Z : T), the working form.
struct EdwardsPoint {
  Fe x, y, z, t;

  static EdwardsPoint Identity() { return {Fe::Zero(), Fe::One(), Fe::One(), Fe::Zero()}; }
  // Basepoint returns the edwards25519 basepoint (y = 4/5, x non-negative).
  static EdwardsPoint Basepoint();

  ProjectivePoint ToProjective() const;
  ProjectiveNiels ToNiels() const { return {y + x, y - x, z, t * fe_constants::kD2}; }
  // ToAffineNiels normalises (one inversion).
  AffineNiels ToAffineNiels() const;
  CompletedPoint Double() const;
  EdwardsPoint Neg() const { return {-x, y, z, -t}; }
};

// ProjectivePoint is (X : Y : Z), the cheapest input to doubling.
struct ProjectivePoint {
  Fe x, y, z;
  static ProjectivePoint Identity() { return {Fe::Zero(), Fe::One(), Fe::One()}; }
  CompletedPoint Double() const;
};

// CompletedPoint is the P1xP1 output of an addition or doubling.
struct CompletedPoint {
  Fe x, y, z, t;
  EdwardsPoint ToExtended() const { return {x * t, y * z, z * t, x * y}; }
  ProjectivePoint ToProjective() const { return {x * t, y * z, z * t}; }
};

inline ProjectivePoint EdwardsPoint::ToProjective() const { return {x, y, z}; }

inline CompletedPoint ProjectivePoint::Double() const {
  const Fe xx = Square(x);
  const Fe yy = Square(y);
  const Fe zz2 = Square2(z);
  const Fe x_plus_y_sq = Square(x + y);
  const Fe yy_plus_xx = yy + xx;
  const Fe yy_minus_xx = yy - xx;
  return {x_plus_y_sq - yy_plus_xx, yy_plus_xx, yy_minus_xx, zz2 - yy_minus_xx};
}

inline CompletedPoint EdwardsPoint::Double() const { return ToProjective().Double(); }

inline CompletedPoint operator+(const EdwardsPoint& p, const ProjectiveNiels& q) {
  const Fe pp = (p.y + p.x) * q.y_plus_x;
  const Fe mm = (p.y - p.x) * q.y_minus_x;
  const Fe tt2d = p.t * q.t2d;
  const Fe zz = p.z * q.z;
  const Fe zz2 = zz + zz;
  return {pp - mm, pp + mm, zz2 + tt2d, zz2 - tt2d};
}

inline CompletedPoint operator-(const EdwardsPoint& p, const ProjectiveNiels& q) {
  const Fe pm = (p.y + p.x) * q.y_minus_x;
  const Fe mp = (p.y - p.x) * q.y_plus_x;
  const Fe tt2d = p.t * q.t2d;
  const Fe zz = p.z * q.z;
  const Fe zz2 = zz + zz;
  return {pm - mp, pm + mp, zz2 - tt2d, zz2 + tt2d};
}

inline CompletedPoint operator+(const EdwardsPoint& p, const AffineNiels& q) {
  const Fe pp = (p.y + p.x) * q.y_plus_x;
  const Fe mm = (p.y - p.x) * q.y_minus_x;
  const Fe txy2d = p.t * q.xy2d;
  const Fe z2 = p.z + p.z;
  return {pp - mm, pp + mm, z2 + txy2d, z2 - txy2d};
}

inline CompletedPoint operator-(const EdwardsPoint& p, const AffineNiels& q) {
  const Fe pm = (p.y + p.x) * q.y_minus_x;
  const Fe mp = (p.y - p.x) * q.y_plus_x;
  const Fe txy2d = p.t * q.xy2d;
  const Fe z2 = p.z + p.z;
  return {pm - mp, pm + mp, z2 - txy2d, z2 + txy2d};
}

inline EdwardsPoint operator+(const EdwardsPoint& a, const EdwardsPoint& b) {
  return (a + b.ToNiels()).ToExtended();
}
inline EdwardsPoint operator-(const EdwardsPoint& a, const EdwardsPoint& b) {
  return (a - b.ToNiels()).ToExtended();
}

// MulByPow2 returns 2^k * p (k >= 1).
EdwardsPoint MulByPow2(const EdwardsPoint& p, int k);

// CondAssign / CondNegate on cached points (constant-time; choice is 0 or 1).
inline void CondAssign(ProjectiveNiels* a, const ProjectiveNiels& b, uint64_t choice) {
  CondAssign(&a->y_plus_x, b.y_plus_x, choice);
  CondAssign(&a->y_minus_x, b.y_minus_x, choice);
  CondAssign(&a->z, b.z, choice);
  CondAssign(&a->t2d, b.t2d, choice);
}
inline void CondNegate(ProjectiveNiels* a, uint64_t choice) {
  // -(Y+X, Y-X, Z, 2dT) = (Y-X, Y+X, Z, -2dT)
  const Fe ypx = a->y_plus_x;
  CondAssign(&a->y_plus_x, a->y_minus_x, choice);
  CondAssign(&a->y_minus_x, ypx, choice);
  CondNegate(&a->t2d, choice);
}

inline void CondAssign(AffineNiels* a, const AffineNiels& b, uint64_t choice) {
  CondAssign(&a->y_plus_x, b.y_plus_x, choice);
  CondAssign(&a->y_minus_x, b.y_minus_x, choice);
  CondAssign(&a->xy2d, b.xy2d, choice);
}
inline void CondNegate(AffineNiels* a, uint64_t choice) {
  const Fe ypx = a->y_plus_x;
  CondAssign(&a->y_plus_x, a->y_minus_x, choice);
  CondAssign(&a->y_minus_x, ypx, choice);
  CondNegate(&a->xy2d, choice);
}

// CtEqU64 is 1 if a == b, else 0, without branches.
inline uint64_t CtEqU64(uint64_t a, uint64_t b) {
  const uint64_t x = a ^ b;
  return ((x | (0 - x)) >> 63) ^ 1;
}

// SignedDigit splits a radix-16 digit d in [-8, 8] into (|d|, sign) without branches.
inline void SignedDigit(int8_t d, uint64_t* abs, uint64_t* negative) {
  const int16_t wide = d;
  const int16_t sign = static_cast<int16_t>(wide >> 15);  // 0 or -1
  *abs = static_cast<uint64_t>(static_cast<uint16_t>((wide + sign) ^ sign));
  *negative = static_cast<uint64_t>(sign) & 1;
}

// OddMultiples holds P, 3P, 5P, ..., 15P for width-5 NAF digits (variable-time use).
struct OddMultiples {
  ProjectiveNiels e[8];

  explicit OddMultiples(const EdwardsPoint& p) {
    const EdwardsPoint p2 = p.Double().ToExtended();
    e[0] = p.ToNiels();
    for (int i = 1; i < 8; ++i) e[i] = (p2 + e[i - 1]).ToExtended().ToNiels();
  }
};

}  // namespace signet::crypto::ristretto
