#pragma once

// Internal engine for variable-time Straus multi-scalar multiplication: the non-zero NAF digits
// of all scalars are grouped by bit position once, so the main loop touches only the additions
// it performs (no scan over every scalar at every bit).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/ristretto/edwards.h"
#include "crypto/ristretto/scalar.h"

namespace signet::crypto::ristretto {

class StrausSchedule {
 public:
  struct Entry {
    uint32_t point;  // caller-defined point index
    int32_t digit;   // odd, non-zero
  };

  explicit StrausSchedule(size_t expected_terms) { raw_.reserve(expected_terms); }

  // Add appends the width-w NAF digits of `s` for point index `point`.
  void Add(const Scalar& s, int w, uint32_t point);
  // Finish groups the digits by bit position; call once after the last Add.
  void Finish();
  // top is the highest bit position with a digit, or -1 if every scalar was zero.
  int top() const { return top_; }
  // At returns the digits at bit position `pos`.
  std::span<const Entry> At(int pos) const {
    return std::span(sorted_).subspan(start_[pos], start_[pos + 1] - start_[pos]);
  }

 private:
  struct Raw {
    uint16_t pos;
    Entry entry;
  };
  std::vector<Raw> raw_;
  std::vector<Entry> sorted_;
  std::array<uint32_t, 257> start_{};
  int top_ = -1;
};

// RunStraus evaluates sum over positions i (from the top) of 2^i * (digits at i), calling
// add(&t, entry) to add entry.digit * P_entry.point into the completed point t.
template <typename AddFn>
EdwardsPoint RunStraus(const StrausSchedule& schedule, AddFn add) {
  if (schedule.top() < 0) return EdwardsPoint::Identity();
  ProjectivePoint r = ProjectivePoint::Identity();
  CompletedPoint t{};
  for (int i = schedule.top(); i >= 0; --i) {
    t = r.Double();
    for (const StrausSchedule::Entry& e : schedule.At(i)) add(&t, e);
    r = t.ToProjective();
  }
  return t.ToExtended();
}

// AddOdd adds digit * P using a table of odd multiples (Niels or affine Niels form).
template <typename Table>
inline void AddOdd(CompletedPoint* t, const Table& odd_multiples, int32_t digit) {
  if (digit > 0) {
    *t = t->ToExtended() + odd_multiples[digit / 2];
  } else {
    *t = t->ToExtended() - odd_multiples[(-digit) / 2];
  }
}

}  // namespace signet::crypto::ristretto
