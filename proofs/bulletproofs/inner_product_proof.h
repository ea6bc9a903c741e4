#pragma once

// InnerProductProof: the Bulletproofs inner-product argument (Bünz et al. 2018, §3, Protocol 2)
// in dalek's variant and byte format (src/inner_product_proof.rs): it proves knowledge of
// vectors a, b of length n = 2^k with
//   P = <a, G'> + <b, H'> + <a, b> Q,  G'_i = g_factors[i] G_i,  H'_i = h_factors[i] H_i.
//
// Encoding: L_0 R_0 L_1 R_1 ... L_{k-1} R_{k-1} a b, each 32 bytes (2k + 2 elements).
//
// The witness vectors of a range proof's inner-product argument (l(x), r(x)) may be revealed
// without loss of zero-knowledge (the unfolded protocol sends them in the clear), so Create uses
// variable-time multi-scalar multiplication, as dalek does. The inputs are still wiped.
//
// Create never materialises the folded generators G', H': every folded generator is a known
// combination of the original ones, so each L_k, R_k is computed as one multi-scalar
// multiplication over the original (precomputed) generators with the combined coefficients.
// This gives the same points as dalek's folding prover at a fraction of the cost.

#include <cstddef>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/merlin.h"
#include "crypto/ristretto/precomputed.h"
#include "crypto/ristretto/ristretto.h"
#include "crypto/ristretto/scalar.h"

namespace signet::proofs::bulletproofs {

using crypto::MerlinTranscript;
using crypto::ristretto::RistrettoBytes;
using crypto::ristretto::RistrettoPoint;
using crypto::ristretto::Scalar;

struct InnerProductProof {
  // Largest k (= lg n) dalek's parser accepts; proofs with more rounds are malformed.
  static constexpr size_t kMaxRounds = 31;

  std::vector<RistrettoBytes> l_vec;
  std::vector<RistrettoBytes> r_vec;
  Scalar a;
  Scalar b;

  // Create runs the prover for Q = q_scale * q_base and generators given by their tables.
  // n = a.size() must be a power of two and every span must have length n (programmer error
  // otherwise).
  static InnerProductProof Create(MerlinTranscript& transcript, const Scalar& q_scale,
                                  const crypto::ristretto::GeneratorTable& q_base,
                                  std::span<const Scalar> g_factors,
                                  std::span<const Scalar> h_factors,
                                  std::span<const crypto::ristretto::GeneratorTable* const> g,
                                  std::span<const crypto::ristretto::GeneratorTable* const> h,
                                  std::vector<Scalar> a, std::vector<Scalar> b);

  // VerificationScalars are the challenges u_k^2, u_k^-2 and the n coefficients s_i with
  // <a s, G> + <b/s, H> the fully folded generators (dalek's verification_scalars).
  struct VerificationScalars {
    std::vector<Scalar> u_sq;
    std::vector<Scalar> u_inv_sq;
    std::vector<Scalar> s;
  };
  // ComputeVerificationScalars replays the transcript for vector length n. Fails (invalid
  // proof) if n != 2^k or an L/R is the identity encoding.
  // If `also_invert` is set, it is inverted in place in the same batch inversion (saves the
  // caller one inversion); it must be non-zero.
  Result<VerificationScalars> ComputeVerificationScalars(size_t n, MerlinTranscript& transcript,
                                                         Scalar* also_invert = nullptr) const;

  size_t SerializedSize() const { return 32 * (2 * l_vec.size() + 2); }
  // AppendTo serialises the proof onto `out`.
  void AppendTo(Bytes* out) const;
  // FromBytes parses strictly: length 32 (2k + 2) with k <= kMaxRounds, canonical scalars.
  // Points are not decoded here (verification does that).
  static Result<InnerProductProof> FromBytes(ByteView bytes);
};

}  // namespace signet::proofs::bulletproofs
