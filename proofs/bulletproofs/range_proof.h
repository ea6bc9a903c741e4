#pragma once

// RangeProof: (aggregated) Bulletproofs range proofs, byte-compatible with
// dalek-cryptography/bulletproofs 1.x-4.x (RangeProof::prove_multiple / verify_multiple).
// A proof shows that each of m Pedersen commitments V_j = v_j B + gamma_j B_blinding opens to a
// value in [0, 2^n), for n in {8, 16, 32, 64} and m a power of two up to the generators' party
// capacity. Neither n nor the commitments are inside the proof: the verifier supplies them.
//
// Encoding (all elements 32 bytes; 2 lg(n m) + 9 elements in total):
//   A || S || T_1 || T_2 || t_x || t_x_blinding || e_blinding || L_0 || R_0 || ... || a || b
// where A..T_2, L_k, R_k are ristretto255 encodings and the rest canonical scalars.
//
// Transcript (Merlin; the caller's transcript is continued, so bind context before calling):
//   rangeproof v1 domain separator with n, m; V_0..V_{m-1}; A; S; -> y, z; T_1; T_2; -> x;
//   t_x; t_x_blinding; e_blinding; -> w; then the inner-product argument ("ipp v1", L/R, -> u).
//
// Verification checks the single multiscalar equation of dalek's verify_multiple (all
// statements combined with a random weight c), so it costs one multi-scalar multiplication.
//
// Secrets: values and blindings are taken by const reference and never copied outside
// SecretScalars/wiped buffers; all witness-dependent scalar multiplications are constant-time.
// Thread-safe: all functions are pure apart from the transcript and the random source.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/merlin.h"
#include "proofs/bulletproofs/generators.h"
#include "proofs/bulletproofs/inner_product_proof.h"
#include "proofs/bulletproofs/transcript.h"

namespace signet::proofs::bulletproofs {

class RangeProof {
 public:
  // Limits for parsing: dalek's (at most 31 inner-product rounds).
  static constexpr size_t kMinSize = 32 * 9;
  static constexpr size_t kMaxSize = 32 * (9 + 2 * InnerProductProof::kMaxRounds);

  // ProveOutput is a proof and the commitments it is about (in value order).
  struct ProveOutput;

  // Prove creates an aggregated proof for values[j] with blindings[j], j < m. Fails with
  // kInvalidArgument if n is not 8/16/32/64, m is not a power of two, m exceeds the
  // generators, the spans differ in length, or any value is >= 2^n (no proof is produced for an
  // out-of-range value). Randomness comes from `rng` (default: the OS CSPRNG).
  static Result<ProveOutput> Prove(const BulletproofGens& bp_gens, const PedersenGens& pc_gens,
                                   MerlinTranscript& transcript, std::span<const uint64_t> values,
                                   std::span<const Scalar> blindings, size_t n,
                                   const RandomSource& rng = OsRandomSource());

  // Verify checks the proof against the encoded commitments for bit size n. Any failure
  // (malformed point, identity where forbidden, wrong sizes, failed equation) returns the one
  // generic "invalid proof" error. `rng` draws the batching weight (default: OS CSPRNG).
  Status Verify(const BulletproofGens& bp_gens, const PedersenGens& pc_gens,
                MerlinTranscript& transcript, std::span<const RistrettoBytes> commitments, size_t n,
                const RandomSource& rng = OsRandomSource()) const;

  // ToBytes serialises the proof (see the file comment for the layout).
  Bytes ToBytes() const;
  // FromBytes parses strictly: size a multiple of 32 within [kMinSize, kMaxSize], an odd
  // number of inner-product elements excluded, canonical scalars. Points are decoded by Verify.
  static Result<RangeProof> FromBytes(ByteView bytes);

  // Number of inner-product rounds, lg(n m).
  size_t rounds() const { return ipp_.l_vec.size(); }

 private:
  struct Challenges {
    Scalar y, z, x, w;
  };
  struct Equation;
  // ReplayTranscript recomputes y, z, x, w from the proof (dalek's order and labels).
  Result<Challenges> ReplayTranscript(MerlinTranscript& transcript,
                                      std::span<const RistrettoBytes> commitments, size_t n) const;
  // AddGeneratorTerms appends the B, B_blinding, G and H terms of the verification equation.
  void AddGeneratorTerms(const BulletproofGens& bp_gens, const PedersenGens& pc_gens,
                         const Challenges& ch, const Scalar& y_inv, const Scalar& c, size_t n,
                         size_t m, const std::vector<Scalar>& s, Equation* eq) const;

  RistrettoBytes a_{}, s_{}, t1_{}, t2_{};
  Scalar t_x_, t_x_blinding_, e_blinding_;
  InnerProductProof ipp_;

  friend class RangeProver;
};

struct RangeProof::ProveOutput {
  RangeProof proof;
  std::vector<RistrettoBytes> commitments;
};

// IsValidBitSize reports n in {8, 16, 32, 64}.
inline bool IsValidBitSize(size_t n) { return n == 8 || n == 16 || n == 32 || n == 64; }

}  // namespace signet::proofs::bulletproofs
