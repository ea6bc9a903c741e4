#include "crypto/ristretto/msm.h"

#include <algorithm>
#include <array>
#include <vector>

#include "base/check.h"
#include "crypto/ristretto/straus.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto::ristretto {
namespace {

// Radix16Table holds P, 2P, ..., 8P for constant-time selection of d * P, d in [-8, 8].
struct Radix16Table {
  std::array<ProjectiveNiels, 8> e;

  explicit Radix16Table(const EdwardsPoint& p) {
    e[0] = p.ToNiels();
    for (int i = 1; i < 8; ++i) e[i] = (p + e[i - 1]).ToExtended().ToNiels();
  }

  // Select returns d * P; reads every entry, whatever d is (see Radix16Table::Select).
  ProjectiveNiels Select(int8_t d) const {
    uint64_t abs, negative;
    SignedDigit(d, &abs, &negative);
    uint64_t mask[8];
    for (uint64_t j = 0; j < 8; ++j) mask[j] = 0 - CtEqU64(abs, j + 1);
    const uint64_t identity_mask = 0 - CtEqU64(abs, 0);
    ProjectiveNiels r;
    for (int k = 0; k < 5; ++k) {
      const uint64_t one = k == 0 ? (identity_mask & 1) : 0;
      uint64_t ypx = one, ymx = one, z = one, t2d = 0;
#pragma GCC unroll 8
      for (int j = 0; j < 8; ++j) {
        ypx |= mask[j] & e[j].y_plus_x.v[k];
        ymx |= mask[j] & e[j].y_minus_x.v[k];
        z |= mask[j] & e[j].z.v[k];
        t2d |= mask[j] & e[j].t2d.v[k];
      }
      r.y_plus_x.v[k] = ypx;
      r.y_minus_x.v[k] = ymx;
      r.z.v[k] = z;
      r.t2d.v[k] = t2d;
    }
    CondNegate(&r, negative);
    return r;
  }
};

// PippengerWindow picks the bucket width c for n points (fewer buckets for small inputs).
// The cost is about (256 / c + 1) (n + 2^c) additions; these bands minimise it.
int PippengerWindow(size_t n) {
  if (n < 500) return 6;
  if (n < 800) return 7;
  return 8;
}

}  // namespace

RistrettoPoint MultiscalarMul(std::span<const Scalar> scalars,
                              std::span<const RistrettoPoint> points) {
  CHECK(scalars.size() == points.size()) << "MultiscalarMul: length mismatch";
  const size_t n = scalars.size();
  std::vector<Radix16Table> tables;
  tables.reserve(n);
  for (const RistrettoPoint& p : points) tables.emplace_back(p.edwards());
  std::vector<std::array<int8_t, 64>> digits(n);
  for (size_t j = 0; j < n; ++j) digits[j] = scalars[j].ToRadix16();

  EdwardsPoint q = EdwardsPoint::Identity();
  for (int i = 63; i >= 0; --i) {
    if (i != 63) q = MulByPow2(q, 4);
    for (size_t j = 0; j < n; ++j) q = (q + tables[j].Select(digits[j][i])).ToExtended();
  }
  for (auto& d : digits) SecureWipe(d.data(), d.size());
  return RistrettoPoint(q);
}

RistrettoPoint StrausVartime(std::span<const Scalar> scalars,
                             std::span<const RistrettoPoint> points) {
  CHECK(scalars.size() == points.size()) << "StrausVartime: length mismatch";
  StrausSchedule schedule(scalars.size() * 52);
  for (size_t j = 0; j < scalars.size(); ++j) schedule.Add(scalars[j], 5, static_cast<uint32_t>(j));
  schedule.Finish();
  if (schedule.top() < 0) return RistrettoPoint::Identity();
  std::vector<OddMultiples> tables;
  tables.reserve(points.size());
  for (const RistrettoPoint& p : points) tables.emplace_back(p.edwards());
  return RistrettoPoint(RunStraus(schedule, [&](CompletedPoint* t, const StrausSchedule::Entry& e) {
    AddOdd(t, tables[e.point].e, e.digit);
  }));
}

RistrettoPoint PippengerVartime(std::span<const Scalar> scalars,
                                std::span<const RistrettoPoint> points) {
  CHECK(scalars.size() == points.size()) << "PippengerVartime: length mismatch";
  const size_t n = scalars.size();
  if (n == 0) return RistrettoPoint::Identity();
  const int c = PippengerWindow(n);
  const size_t num_digits = static_cast<size_t>((256 + c - 1) / c + 1);
  // Digit-major layout so each window scans one contiguous row.
  std::vector<int16_t> digits(num_digits * n);
  std::vector<ProjectiveNiels> cached(n);
  for (size_t j = 0; j < n; ++j) {
    const std::vector<int16_t> d = scalars[j].ToRadix2w(c);
    for (size_t k = 0; k < num_digits; ++k) digits[k * n + j] = d[k];
    cached[j] = points[j].edwards().ToNiels();
  }
  const size_t num_buckets = size_t{1} << (c - 1);
  std::vector<EdwardsPoint> buckets(num_buckets);
  std::vector<uint8_t> used(num_buckets);
  EdwardsPoint total = EdwardsPoint::Identity();
  for (size_t d = num_digits; d-- > 0;) {
    std::fill(used.begin(), used.end(), 0);
    const int16_t* row = &digits[d * n];
    for (size_t j = 0; j < n; ++j) {
      const int16_t digit = row[j];
      if (digit == 0) continue;
      const size_t b = static_cast<size_t>(digit > 0 ? digit : -digit) - 1;
      const EdwardsPoint& p = points[j].edwards();
      if (!used[b]) {
        buckets[b] = digit > 0 ? p : p.Neg();  // first point: no addition needed
        used[b] = 1;
      } else {
        buckets[b] = (digit > 0 ? buckets[b] + cached[j] : buckets[b] - cached[j]).ToExtended();
      }
    }
    // Column sum = sum_k (k + 1) bucket[k], by running sums from the top bucket down.
    EdwardsPoint running = EdwardsPoint::Identity(), column = EdwardsPoint::Identity();
    bool any = false;
    for (size_t k = num_buckets; k-- > 0;) {
      if (used[k]) {
        running = any ? running + buckets[k] : buckets[k];
        any = true;
      }
      if (any) column = column + running;
    }
    total = (d + 1 == num_digits) ? column : MulByPow2(total, c) + column;
  }
  return RistrettoPoint(total);
}

RistrettoPoint VartimeMultiscalarMul(std::span<const Scalar> scalars,
                                     std::span<const RistrettoPoint> points) {
  if (scalars.size() >= kPippengerThreshold) return PippengerVartime(scalars, points);
  return StrausVartime(scalars, points);
}

}  // namespace signet::crypto::ristretto
