#include "crypto/ristretto/precomputed.h"

#include <algorithm>

#include "base/check.h"
#include "crypto/ristretto/straus.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto::ristretto {
namespace {

// BatchToAffineNiels normalises extended points with one field inversion (Montgomery's trick).
std::vector<AffineNiels> BatchToAffineNiels(const std::vector<EdwardsPoint>& pts) {
  std::vector<Fe> prefix(pts.size());
  Fe acc = Fe::One();
  for (size_t i = 0; i < pts.size(); ++i) {
    prefix[i] = acc;
    acc = acc * pts[i].z;
  }
  acc = Invert(acc);
  std::vector<AffineNiels> out(pts.size());
  for (size_t i = pts.size(); i-- > 0;) {
    const Fe zinv = acc * prefix[i];
    acc = acc * pts[i].z;
    const Fe x = pts[i].x * zinv, y = pts[i].y * zinv;
    out[i] = {Reduce(y + x), y - x, x * y * fe_constants::kD2};
  }
  return out;
}

}  // namespace

std::vector<GeneratorTable> GeneratorTable::BuildMany(std::span<const RistrettoPoint> points) {
  constexpr size_t kPerPoint = kOddEntries + kWindows;
  std::vector<EdwardsPoint> all;
  all.reserve(points.size() * kPerPoint);
  for (const RistrettoPoint& p : points) {
    const EdwardsPoint& base = p.edwards();
    const ProjectiveNiels twice = base.Double().ToExtended().ToNiels();
    all.push_back(base);
    for (size_t k = 1; k < kOddEntries; ++k) all.push_back((all.back() + twice).ToExtended());
    all.push_back(base);
    for (size_t k = 1; k < kWindows; ++k) all.push_back(MulByPow2(all.back(), kWindowBits));
  }
  const std::vector<AffineNiels> affine = BatchToAffineNiels(all);
  std::vector<GeneratorTable> tables(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const AffineNiels* src = &affine[i * kPerPoint];
    std::copy_n(src, kOddEntries, tables[i].odd_.begin());
    std::copy_n(src + kOddEntries, kWindows, tables[i].windows_.begin());
  }
  return tables;
}

std::vector<Radix16Table> Radix16Table::BuildMany(std::span<const RistrettoPoint> points) {
  std::vector<EdwardsPoint> all;
  all.reserve(points.size() * 8);
  for (const RistrettoPoint& p : points) {
    const ProjectiveNiels base = p.edwards().ToNiels();
    all.push_back(p.edwards());
    for (size_t k = 1; k < 8; ++k) all.push_back((all.back() + base).ToExtended());
  }
  const std::vector<AffineNiels> affine = BatchToAffineNiels(all);
  std::vector<Radix16Table> tables(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    for (size_t k = 0; k < 8; ++k) tables[i].e_[k] = affine[i * 8 + k];
  }
  return tables;
}

AffineNiels Radix16Table::Select(int8_t d) const {
  uint64_t abs, negative;
  SignedDigit(d, &abs, &negative);
  // Exactly one mask is all-ones: the identity's (abs = 0) or entry abs - 1's. Every entry is
  // read, whatever d is; the OR-of-ANDs keeps the words in registers.
  uint64_t mask[8];
  for (uint64_t j = 0; j < 8; ++j) mask[j] = 0 - CtEqU64(abs, j + 1);
  const uint64_t identity_mask = 0 - CtEqU64(abs, 0);
  AffineNiels r;
  for (int k = 0; k < 5; ++k) {
    uint64_t ypx = k == 0 ? (identity_mask & 1) : 0, ymx = ypx, xy2d = 0;
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) {
      ypx |= mask[j] & e_[j].y_plus_x.v[k];
      ymx |= mask[j] & e_[j].y_minus_x.v[k];
      xy2d |= mask[j] & e_[j].xy2d.v[k];
    }
    r.y_plus_x.v[k] = ypx;
    r.y_minus_x.v[k] = ymx;
    r.xy2d.v[k] = xy2d;
  }
  CondNegate(&r, negative);
  return r;
}

namespace {

// StrausMixed evaluates the sum with Straus: width-8 NAF digits on the precomputed odd
// multiples, width-5 digits on tables built here for the plain points.
EdwardsPoint StrausMixed(std::span<const Scalar> static_scalars,
                         std::span<const GeneratorTable* const> static_points,
                         std::span<const Scalar> scalars, std::span<const RistrettoPoint> points) {
  // Point indices: [0, static) are precomputed tables, [static, static + dynamic) are points.
  const uint32_t first_dynamic = static_cast<uint32_t>(static_scalars.size());
  StrausSchedule schedule(static_scalars.size() * 30 + scalars.size() * 44);
  for (size_t j = 0; j < static_scalars.size(); ++j) {
    schedule.Add(static_scalars[j], kStaticNafWidth, static_cast<uint32_t>(j));
  }
  for (size_t j = 0; j < scalars.size(); ++j) {
    schedule.Add(scalars[j], 5, first_dynamic + static_cast<uint32_t>(j));
  }
  schedule.Finish();
  if (schedule.top() < 0) return EdwardsPoint::Identity();
  std::vector<OddMultiples> tables;
  tables.reserve(points.size());
  for (const RistrettoPoint& p : points) tables.emplace_back(p.edwards());
  return RunStraus(schedule, [&](CompletedPoint* t, const StrausSchedule::Entry& e) {
    if (e.point < first_dynamic) {
      AddOdd(t, static_points[e.point]->entries(), e.digit);
    } else {
      AddOdd(t, tables[e.point - first_dynamic].e, e.digit);
    }
  });
}

// WindowBuckets evaluates sum s_i P_i over precomputed window multiples in one bucket pass:
// s_i = sum_k d_ik 2^(10 k) with |d_ik| <= 512, so the sum is sum_b b * (bucket b), where
// bucket b collects +-2^(10 k) P_i for every digit with |d_ik| = b.
EdwardsPoint WindowBuckets(std::span<const Scalar> scalars,
                           std::span<const GeneratorTable* const> points) {
  constexpr size_t kBuckets = size_t{1} << (kWindowBits - 1);
  std::vector<EdwardsPoint> buckets(kBuckets, EdwardsPoint::Identity());
  for (size_t i = 0; i < scalars.size(); ++i) {
    const std::vector<int16_t> digits = scalars[i].ToRadix2w(kWindowBits);
    CHECK(digits.size() >= kWindows);
    for (size_t k = kWindows; k < digits.size(); ++k) CHECK(digits[k] == 0);
    for (size_t k = 0; k < kWindows; ++k) {
      const int d = digits[k];
      if (d > 0) {
        buckets[d - 1] = (buckets[d - 1] + points[i]->Window(k)).ToExtended();
      } else if (d < 0) {
        buckets[-d - 1] = (buckets[-d - 1] - points[i]->Window(k)).ToExtended();
      }
    }
  }
  EdwardsPoint running = EdwardsPoint::Identity(), total = EdwardsPoint::Identity();
  for (size_t b = kBuckets; b-- > 0;) {
    running = running + buckets[b];
    total = total + running;
  }
  return total;
}

}  // namespace

RistrettoPoint VartimeMultiscalarMulMixed(std::span<const Scalar> static_scalars,
                                          std::span<const GeneratorTable* const> static_points,
                                          std::span<const Scalar> scalars,
                                          std::span<const RistrettoPoint> points) {
  CHECK(static_scalars.size() == static_points.size() && scalars.size() == points.size())
      << "VartimeMultiscalarMulMixed: length mismatch";
  if (static_scalars.size() < kWindowMethodThreshold) {
    return RistrettoPoint(StrausMixed(static_scalars, static_points, scalars, points));
  }
  const EdwardsPoint generators = WindowBuckets(static_scalars, static_points);
  const EdwardsPoint rest = StrausMixed({}, {}, scalars, points);
  return RistrettoPoint(generators + rest);
}

RistrettoPoint MultiscalarMulPrecomputed(std::span<const Scalar> scalars,
                                         std::span<const Radix16Table* const> points) {
  CHECK(scalars.size() == points.size()) << "MultiscalarMulPrecomputed: length mismatch";
  std::vector<std::array<int8_t, 64>> digits(scalars.size());
  for (size_t j = 0; j < scalars.size(); ++j) digits[j] = scalars[j].ToRadix16();
  EdwardsPoint q = EdwardsPoint::Identity();
  for (int i = 63; i >= 0; --i) {
    if (i != 63) q = MulByPow2(q, 4);
    for (size_t j = 0; j < scalars.size(); ++j) {
      q = (q + points[j]->Select(digits[j][i])).ToExtended();
    }
  }
  for (auto& d : digits) SecureWipe(d.data(), d.size());
  return RistrettoPoint(q);
}

}  // namespace signet::crypto::ristretto
