#include "crypto/ristretto/straus.h"

namespace signet::crypto::ristretto {

void StrausSchedule::Add(const Scalar& s, int w, uint32_t point) {
  NafTerm terms[Scalar::kMaxNafTerms];
  const size_t count = s.ToSparseNaf(w, terms);
  for (size_t k = 0; k < count; ++k) raw_.push_back({terms[k].pos, {point, terms[k].digit}});
}

void StrausSchedule::Finish() {
  // Counting sort by position.
  std::array<uint32_t, 257> count{};
  for (const Raw& r : raw_) ++count[r.pos + 1];
  for (int i = 0; i < 256; ++i) count[i + 1] += count[i];
  start_ = count;
  sorted_.resize(raw_.size());
  for (const Raw& r : raw_) sorted_[count[r.pos]++] = r.entry;
  top_ = -1;
  for (int i = 255; i >= 0; --i) {
    if (start_[i + 1] > start_[i]) {
      top_ = i;
      break;
    }
  }
  raw_.clear();
}

}  // namespace signet::crypto::ristretto
