// libFuzzer target: the whole ProofVerify input surface. Layout: byte 0 = number of disclosed
// messages n (mod 4), byte 1 = header length h; then 96-byte public key, h header bytes, n
// disclosed 32-byte messages with indexes 0..n-1, and the rest is the proof.

#include <cstdint>
#include <vector>

#include "proofs/bbs/bbs.h"

namespace bbs = signet::proofs::bbs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t n = data[0] % 4;
  const size_t h = data[1];
  size_t off = 2;
  auto take = [&](size_t len) {
    const size_t k = std::min(len, size - off);
    signet::ByteView v(data + off, k);
    off += k;
    return v;
  };
  const auto pk = take(bbs::kPublicKeySize);
  const auto header = take(h);
  std::vector<signet::Bytes> msgs;
  std::vector<size_t> idx;
  for (size_t i = 0; i < n; ++i) {
    const auto m = take(32);
    msgs.emplace_back(m.begin(), m.end());
    idx.push_back(i);
  }
  const auto proof = take(size - off);
  auto st = bbs::ProofVerify(pk, proof, header, {}, msgs, idx);
  (void)st;
  return 0;
}
