// libFuzzer target: G1 and G2 compressed point parsing. Every input must either be rejected
// with an error or decode to a valid subgroup point that re-encodes to the same bytes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "crypto/bls12_381/curves.h"

using signet::ByteView;
namespace bls = signet::crypto::bls12_381;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView in(data, size);
  if (auto p = bls::G1Decompress(in)) {
    if (!p->IsOnCurve() || !bls::G1IsInSubgroup(*p)) std::abort();
    const auto enc = bls::G1Compress(*p);
    if (ByteView(enc).size() != size || !std::equal(enc.begin(), enc.end(), data)) std::abort();
  }
  if (auto q = bls::G2Decompress(in)) {
    if (!q->IsOnCurve() || !bls::G2IsInSubgroup(*q)) std::abort();
    const auto enc = bls::G2Compress(*q);
    if (ByteView(enc).size() != size || !std::equal(enc.begin(), enc.end(), data)) std::abort();
  }
  return 0;
}
