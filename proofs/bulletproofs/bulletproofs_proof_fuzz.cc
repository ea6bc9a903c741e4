// Fuzz target: parse arbitrary bytes as a range proof and, when it parses, verify it. Must never
// crash; the first byte picks (n, m) so every layout is reachable.
#include <cstddef>
#include <cstdint>

#include "proofs/bulletproofs/range_proof.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace signet::proofs::bulletproofs;  // NOLINT(google-build-using-namespace)
  if (size < 1) return 0;
  const size_t n = size_t{8} << (data[0] & 3);
  const size_t m = size_t{1} << ((data[0] >> 2) & 3);
  auto proof = RangeProof::FromBytes(signet::ByteView(data + 1, size - 1));
  if (!proof) return 0;
  std::vector<RistrettoBytes> commitments(m);
  for (size_t j = 0; j < m; ++j) commitments[j] = DefaultPedersenGens().B().Encode();
  signet::crypto::MerlinTranscript t("fuzz");
  (void)proof->Verify(DefaultBulletproofGens(), DefaultPedersenGens(), t, commitments, n);
  return 0;
}
