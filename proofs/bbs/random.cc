// Blinding-scalar sources for ProofGen: the OS CSPRNG (production) and the draft's seeded
// mock (fixtures only).

#include "crypto/random.h"

#include "crypto/bls12_381/hash_to_curve.h"
#include "proofs/bbs/bbs.h"

namespace signet::proofs::bbs {

RandomScalars OsRandomScalars() {
  return [](std::span<Fr> out) {
    uint8_t buf[48];
    for (Fr& s : out) {
      crypto::FillRandom(buf);
      s = crypto::bls12_381::FrFromWideBytes(ByteView(buf, sizeof(buf)));
    }
    crypto::SecureWipe(buf, sizeof(buf));
  };
}

RandomScalars SeededRandomScalarsForTesting(Bytes seed, Bytes dst) {
  return [seed = std::move(seed), dst = std::move(dst)](std::span<Fr> out) {
    auto v = crypto::bls12_381::ExpandMessageXmd(seed, dst, 48 * out.size());
    CHECK(v.has_value()) << "seeded_random_scalars: count too large";
    for (size_t i = 0; i < out.size(); ++i) {
      out[i] = crypto::bls12_381::FrFromWideBytes(ByteView(v->data() + 48 * i, 48));
    }
  };
}

}  // namespace signet::proofs::bbs
