// The range-proof prover: dalek's dealer/party protocol (src/range_proof/{dealer,party}.rs) run
// locally for all m values, with every witness-dependent multiplication in constant time and
// every secret intermediate wiped before returning.

#include <bit>

#include "crypto/ristretto/edwards.h"
#include "crypto/ristretto/precomputed.h"
#include "proofs/bulletproofs/range_proof.h"

namespace signet::proofs::bulletproofs {

using crypto::ristretto::EdwardsPoint;
using crypto::ristretto::MultiscalarMulPrecomputed;
using crypto::ristretto::ProjectiveNiels;
using crypto::ristretto::SecretScalars;

// RangeProver holds one run's per-party secrets; its destructor wipes them.
class RangeProver {
 public:
  RangeProver(const BulletproofGens& bp, const PedersenGens& pc, size_t n, size_t m,
              const RandomSource& rng)
      : bp_(bp), pc_(pc), rng_(rng), n_(n), m_(m), parties_(m) {}
  ~RangeProver() {
    for (Party& p : parties_) p.Wipe();
  }

  Result<RangeProof::ProveOutput> Run(MerlinTranscript& t, std::span<const uint64_t> values,
                                      std::span<const Scalar> blindings);

 private:
  // Party is one value's witness and masks (dalek's PartyAwaiting* states).
  struct Party {
    uint64_t v = 0;
    Scalar gamma, a_blinding, s_blinding, t1_blinding, t2_blinding;
    Scalar t0, t1, t2;  // coefficients of t(x) = <l(x), r(x)>
    SecretScalars s_l, s_r, l0, l1, r0, r1;
    void Wipe() {
      v = 0;
      for (Scalar* s :
           {&gamma, &a_blinding, &s_blinding, &t1_blinding, &t2_blinding, &t0, &t1, &t2}) {
        s->Wipe();
      }
    }
  };

  // BitCommitments computes A_j = a_blinding B_blinding + sum_i (bit_i ? G_i : -H_i) and
  // S_j = s_blinding B_blinding + <s_L, G> + <s_R, H>, both constant-time.
  void BitCommitments(size_t j, RistrettoPoint* a, RistrettoPoint* s);
  // PolyCommitments computes l(x), r(x), t(x) for party j and returns T_1, T_2 shares.
  void PolyCommitments(size_t j, const Scalar& y, const Scalar& z, RistrettoPoint* t1_share,
                       RistrettoPoint* t2_share);
  // Evaluate sums the parties' t(x), its blinding and e_blinding into the proof and writes the
  // concatenated l(x), r(x).
  void Evaluate(const Scalar& x, const Scalar& z, RangeProof* proof, std::vector<Scalar>* l_vec,
                std::vector<Scalar>* r_vec);
  // InnerProduct runs the inner-product argument with Q = w B and H factors y^-i.
  InnerProductProof InnerProduct(MerlinTranscript& t, const Scalar& w, const Scalar& y,
                                 std::vector<Scalar> l_vec, std::vector<Scalar> r_vec);

  const BulletproofGens& bp_;
  const PedersenGens& pc_;
  const RandomSource& rng_;
  size_t n_, m_;
  std::vector<Party> parties_;
};

void RangeProver::BitCommitments(size_t j, RistrettoPoint* a, RistrettoPoint* s) {
  Party& p = parties_[j];
  p.a_blinding = RandomScalar(rng_);
  p.s_blinding = RandomScalar(rng_);
  p.s_l = SecretScalars(n_);
  p.s_r = SecretScalars(n_);
  for (size_t i = 0; i < n_; ++i) p.s_l[i] = RandomScalar(rng_);
  for (size_t i = 0; i < n_; ++i) p.s_r[i] = RandomScalar(rng_);

  const Radix16Table* blinding_base[1] = {&pc_.B_blinding_ct()};
  EdwardsPoint acc =
      MultiscalarMulPrecomputed(std::span(&p.a_blinding, 1), blinding_base).edwards();
  for (size_t i = 0; i < n_; ++i) {
    ProjectiveNiels term = bp_.H(j, i).edwards().Neg().ToNiels();
    CondAssign(&term, bp_.G(j, i).edwards().ToNiels(), (p.v >> i) & 1);
    acc = (acc + term).ToExtended();
  }
  *a = RistrettoPoint(acc);

  SecretScalars scalars(2 * n_ + 1);
  std::vector<const Radix16Table*> points;
  points.reserve(2 * n_ + 1);
  scalars[0] = p.s_blinding;
  points.push_back(&pc_.B_blinding_ct());
  for (size_t i = 0; i < n_; ++i) {
    scalars[1 + i] = p.s_l[i];
    scalars[1 + n_ + i] = p.s_r[i];
    points.push_back(&bp_.G_ct(j, i));
  }
  for (size_t i = 0; i < n_; ++i) points.push_back(&bp_.H_ct(j, i));
  *s = MultiscalarMulPrecomputed(scalars.span(), points);
}

void RangeProver::PolyCommitments(size_t j, const Scalar& y, const Scalar& z,
                                  RistrettoPoint* t1_share, RistrettoPoint* t2_share) {
  Party& p = parties_[j];
  Scalar exp_y = Scalar::One(), offset_zz = z * z;
  for (size_t k = 0; k < j; ++k) offset_zz *= z;
  for (size_t k = 0; k < j * n_; ++k) exp_y *= y;
  p.l0 = SecretScalars(n_);
  p.l1 = SecretScalars(n_);
  p.r0 = SecretScalars(n_);
  p.r1 = SecretScalars(n_);
  Scalar exp_2 = Scalar::One();
  for (size_t i = 0; i < n_; ++i) {
    Scalar a_l = Scalar::FromU64((p.v >> i) & 1);
    Scalar a_r = a_l - Scalar::One();
    p.l0[i] = a_l - z;
    p.l1[i] = p.s_l[i];
    p.r0[i] = exp_y * (a_r + z) + offset_zz * exp_2;
    p.r1[i] = exp_y * p.s_r[i];
    exp_y *= y;
    exp_2 += exp_2;
    a_l.Wipe();
    a_r.Wipe();
  }
  Scalar t0, t2, cross;
  for (size_t i = 0; i < n_; ++i) {
    t0 += p.l0[i] * p.r0[i];
    t2 += p.l1[i] * p.r1[i];
    cross += (p.l0[i] + p.l1[i]) * (p.r0[i] + p.r1[i]);
  }
  p.t0 = t0;
  p.t2 = t2;
  p.t1 = cross - t0 - t2;
  t0.Wipe();
  t2.Wipe();
  cross.Wipe();
  p.t1_blinding = RandomScalar(rng_);
  p.t2_blinding = RandomScalar(rng_);
  *t1_share = pc_.Commit(p.t1, p.t1_blinding);
  *t2_share = pc_.Commit(p.t2, p.t2_blinding);
}

Result<RangeProof::ProveOutput> RangeProver::Run(MerlinTranscript& t,
                                                 std::span<const uint64_t> values,
                                                 std::span<const Scalar> blindings) {
  RangeProof::ProveOutput out;
  RangeProof& proof = out.proof;
  RangeProofDomainSep(t, n_, m_);
  for (size_t j = 0; j < m_; ++j) {
    parties_[j].v = values[j];
    parties_[j].gamma = blindings[j];
    Scalar v = Scalar::FromU64(values[j]);
    out.commitments.push_back(pc_.Commit(v, blindings[j]).Encode());
    v.Wipe();
  }
  for (const RistrettoBytes& v : out.commitments) AppendPoint(t, "V", v);

  // Round 1: bit commitments A, S -> y, z.
  RistrettoPoint a_sum, s_sum;
  for (size_t j = 0; j < m_; ++j) {
    RistrettoPoint a, s;
    BitCommitments(j, &a, &s);
    a_sum += a;
    s_sum += s;
  }
  proof.a_ = a_sum.Encode();
  proof.s_ = s_sum.Encode();
  AppendPoint(t, "A", proof.a_);
  AppendPoint(t, "S", proof.s_);
  const Scalar y = ChallengeScalar(t, "y");
  const Scalar z = ChallengeScalar(t, "z");

  // Round 2: polynomial commitments T_1, T_2 -> x.
  RistrettoPoint t1_sum, t2_sum;
  for (size_t j = 0; j < m_; ++j) {
    RistrettoPoint t1, t2;
    PolyCommitments(j, y, z, &t1, &t2);
    t1_sum += t1;
    t2_sum += t2;
  }
  proof.t1_ = t1_sum.Encode();
  proof.t2_ = t2_sum.Encode();
  AppendPoint(t, "T_1", proof.t1_);
  AppendPoint(t, "T_2", proof.t2_);
  const Scalar x = ChallengeScalar(t, "x");
  if (x.IsZero()) return Internal("range proof: zero challenge");

  // Round 3: evaluations at x -> w, then the inner-product argument on l(x), r(x).
  std::vector<Scalar> l_vec(n_ * m_), r_vec(n_ * m_);
  Evaluate(x, z, &proof, &l_vec, &r_vec);
  AppendScalar(t, "t_x", proof.t_x_);
  AppendScalar(t, "t_x_blinding", proof.t_x_blinding_);
  AppendScalar(t, "e_blinding", proof.e_blinding_);
  const Scalar w = ChallengeScalar(t, "w");  // Q = w B
  proof.ipp_ = InnerProduct(t, w, y, std::move(l_vec), std::move(r_vec));
  return out;
}

void RangeProver::Evaluate(const Scalar& x, const Scalar& z, RangeProof* proof,
                           std::vector<Scalar>* l_vec, std::vector<Scalar>* r_vec) {
  Scalar zz_j = z * z;
  for (size_t j = 0; j < m_; ++j, zz_j *= z) {
    Party& p = parties_[j];
    proof->t_x_ += p.t0 + x * (p.t1 + x * p.t2);
    proof->t_x_blinding_ += zz_j * p.gamma + x * (p.t1_blinding + x * p.t2_blinding);
    proof->e_blinding_ += p.a_blinding + p.s_blinding * x;
    for (size_t i = 0; i < n_; ++i) {
      (*l_vec)[j * n_ + i] = p.l0[i] + p.l1[i] * x;
      (*r_vec)[j * n_ + i] = p.r0[i] + p.r1[i] * x;
    }
  }
}

InnerProductProof RangeProver::InnerProduct(MerlinTranscript& t, const Scalar& w, const Scalar& y,
                                            std::vector<Scalar> l_vec, std::vector<Scalar> r_vec) {
  const size_t nm = n_ * m_;
  const std::vector<Scalar> g_factors(nm, Scalar::One());
  std::vector<Scalar> h_factors(nm);  // y^-i
  const crypto::ristretto::PreparedScalar y_inv(y.Invert());
  Scalar power = Scalar::One();
  for (size_t i = 0; i < nm; ++i) {
    h_factors[i] = power;
    power = power * y_inv;
  }
  std::vector<const GeneratorTable*> g_tables, h_tables;
  bp_.AggregatedTables(n_, m_, false, &g_tables);
  bp_.AggregatedTables(n_, m_, true, &h_tables);
  return InnerProductProof::Create(t, w, pc_.B_table(), g_factors, h_factors, g_tables, h_tables,
                                   std::move(l_vec), std::move(r_vec));
}

Result<RangeProof::ProveOutput> RangeProof::Prove(const BulletproofGens& bp_gens,
                                                  const PedersenGens& pc_gens,
                                                  MerlinTranscript& transcript,
                                                  std::span<const uint64_t> values,
                                                  std::span<const Scalar> blindings, size_t n,
                                                  const RandomSource& rng) {
  const size_t m = values.size();
  if (!IsValidBitSize(n) || n > bp_gens.gens_capacity()) {
    return InvalidArgument("range proof: unsupported bit size");
  }
  if (m == 0 || !std::has_single_bit(m) || m > bp_gens.party_capacity() || blindings.size() != m) {
    return InvalidArgument("range proof: unsupported number of values");
  }
  // Reject out-of-range values without revealing which one (or by how much).
  uint64_t out_of_range = 0;
  for (uint64_t v : values) out_of_range |= (n == 64) ? 0 : (v >> n);
  if (out_of_range != 0) return InvalidArgument("range proof: value out of range");
  RangeProver prover(bp_gens, pc_gens, n, m, rng);
  return prover.Run(transcript, values, blindings);
}

}  // namespace signet::proofs::bulletproofs
