#include "crypto/ristretto/msm.h"

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

  // Select returns d * P; touches every entry, whatever d is.
  ProjectiveNiels Select(int8_t d) const {
    uint64_t abs, negative;
    SignedDigit(d, &abs, &negative);
    ProjectiveNiels r = ProjectiveNiels::Identity();
    for (uint64_t j = 1; j <= 8; ++j) CondAssign(&r, e[j - 1], CtEqU64(abs, j));
    CondNegate(&r, negative);
    return r;
  }
};

// PippengerWindow picks the bucket width c for n points (fewer buckets for small inputs).
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
  std::vector<std::vector<int8_t>> digits(n);
  std::vector<ProjectiveNiels> cached(n);
  for (size_t j = 0; j < n; ++j) {
    digits[j] = scalars[j].ToRadix2w(c);
    cached[j] = points[j].edwards().ToNiels();
  }
  const int num_digits = static_cast<int>(digits[0].size());
  const size_t num_buckets = size_t{1} << (c - 1);
  std::vector<EdwardsPoint> buckets(num_buckets);
  EdwardsPoint total = EdwardsPoint::Identity();
  for (int d = num_digits - 1; d >= 0; --d) {
    for (auto& b : buckets) b = EdwardsPoint::Identity();
    for (size_t j = 0; j < n; ++j) {
      const int8_t digit = digits[j][d];
      if (digit > 0) {
        buckets[digit - 1] = (buckets[digit - 1] + cached[j]).ToExtended();
      } else if (digit < 0) {
        buckets[-digit - 1] = (buckets[-digit - 1] - cached[j]).ToExtended();
      }
    }
    // sum_k (k + 1) * bucket[k] through running sums from the top bucket down.
    EdwardsPoint running = buckets[num_buckets - 1];
    EdwardsPoint column = running;
    for (size_t k = num_buckets - 1; k-- > 0;) {
      running = running + buckets[k];
      column = column + running;
    }
    total = (d == num_digits - 1) ? column : MulByPow2(total, c) + column;
  }
  return RistrettoPoint(total);
}

RistrettoPoint VartimeMultiscalarMul(std::span<const Scalar> scalars,
                                     std::span<const RistrettoPoint> points) {
  if (scalars.size() >= kPippengerThreshold) return PippengerVartime(scalars, points);
  return StrausVartime(scalars, points);
}

}  // namespace signet::crypto::ristretto
