// Fuzz target for untrusted proof bytes: range-proof parsing + verification and predicate-proof
// parsing + verification. Must never crash, hang or trip a sanitizer.
//
// Input: one mode byte, then the proof. Mode bit 7 = 0: a dalek range proof for bit size
// 8 << (mode & 3) and 1 << ((mode >> 2) & 3) commitments, verified against the commitments and
// transcript label of tests/vectors/bulletproofs (so the seed corpus verifies and mutations
// explore the full verifier). Mode bit 7 = 1: a predicate proof for a fixed commitment, domain
// and nonce (those of testdata/.../predicate_* seeds).

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/encoding.h"
#include "proofs/bulletproofs/predicate.h"
#include "proofs/bulletproofs/range_proof.h"

namespace {

using namespace signet::proofs::bulletproofs;  // NOLINT(google-build-using-namespace)

const std::vector<RistrettoBytes>& VectorCommitments() {
  static const auto* commitments = [] {
    auto* out = new std::vector<RistrettoBytes>();
    for (const char* hex : {"90b0c2fe57934dff9f5396e135e7d72b82b3c5393e1843178918eb2cf28a5f3c",
                            "74256a3e2a7fe948210c4095195ae4db3e3498c6c5fddc2afb226c0f1e97e468",
                            "7e348def6d03dc7bcbe7e03736ca2898e2efa9f6ff8ae4ed1cb5252ec1744075",
                            "861859f5d4c14f5d6d7ad88dcf43c9a98064a7d8702ffc9bad9eba2ed766702a",
                            "4c09b1260c833fefe25b1c3d3becc80979beca5e864d57fcb410bb15c7ba5c14",
                            "08cf26bfdf2e6b731536f5e48b4c0ac7b5fc846d36aaa3fe0d28f07c207f0814",
                            "a6e2d1c2770333c9a8a5ac10d9eb28e8609d5954428261335b2fd6ff0e0e8d69",
                            "30beef3b58fd2c18dde771d5c77e32f8dc01361e284aef517bce54a5c74c4665"}) {
      const signet::Bytes b = signet::HexDecode(hex).value();
      RistrettoBytes p;
      std::copy(b.begin(), b.end(), p.begin());
      out->push_back(p);
    }
    return out;
  }();
  return *commitments;
}

// FuzzOpening is the opening behind the predicate seeds: value 42, blinding from 0x07 bytes.
CommitmentOpening FuzzOpening() {
  std::array<uint8_t, 64> b;
  b.fill(0x07);
  return CommitmentOpening(42, Scalar::FromBytesModOrderWide(b));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  const signet::ByteView proof_bytes(data + 1, size - 1);
  if ((mode & 0x80) == 0) {
    const size_t n = size_t{8} << (mode & 3);
    const size_t m = size_t{1} << ((mode >> 2) & 3);
    auto proof = RangeProof::FromBytes(proof_bytes);
    if (!proof) return 0;
    MerlinTranscript t("Deserialize-And-Verify Test");
    (void)proof->Verify(DefaultBulletproofGens(), DefaultPedersenGens(), t,
                        std::span(VectorCommitments()).first(m), n);
    return 0;
  }
  static const RistrettoBytes commitment = CommitmentFor(FuzzOpening());
  (void)VerifyPredicate(commitment, signet::AsBytes("fuzz.example"),
                        signet::AsBytes("fuzz-nonce-0123456789"), proof_bytes);
  return 0;
}
