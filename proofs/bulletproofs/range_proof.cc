#include "proofs/bulletproofs/range_proof.h"

#include <bit>

#include "crypto/ristretto/precomputed.h"

namespace signet::proofs::bulletproofs {
namespace {

// SumOfPowers returns sum_{i < k} x^i.
Scalar SumOfPowers(const Scalar& x, size_t k) {
  Scalar sum, power = Scalar::One();
  for (size_t i = 0; i < k; ++i) {
    sum += power;
    power *= x;
  }
  return sum;
}

// Delta is delta(y, z) = (z - z^2) <1, y^(nm)> - sum_j z^(j+3) <1, 2^n> (dalek's delta).
Scalar Delta(size_t n, size_t m, const Scalar& y, const Scalar& z) {
  const Scalar sum_2 = SumOfPowers(Scalar::FromU64(2), n);
  return (z - z * z) * SumOfPowers(y, n * m) - z * z * z * sum_2 * SumOfPowers(z, m);
}

// Decode decodes a compressed point for the verification equation.
bool DecodeInto(const RistrettoBytes& bytes, std::vector<RistrettoPoint>* out) {
  auto p = RistrettoPoint::Decode(bytes);
  if (!p) return false;
  out->push_back(*p);
  return true;
}

}  // namespace

Status RangeProof::Verify(const BulletproofGens& bp_gens, const PedersenGens& pc_gens,
                          MerlinTranscript& transcript, std::span<const RistrettoBytes> commitments,
                          size_t n, const RandomSource& rng) const {
  const size_t m = commitments.size();
  if (!IsValidBitSize(n) || m == 0 || !std::has_single_bit(m) || n > bp_gens.gens_capacity() ||
      m > bp_gens.party_capacity()) {
    return InvalidProof();
  }
  RangeProofDomainSep(transcript, n, m);
  for (const RistrettoBytes& v : commitments) AppendPoint(transcript, "V", v);
  if (Status s = ValidateAndAppendPoint(transcript, "A", a_); !s) return s;
  if (Status s = ValidateAndAppendPoint(transcript, "S", s_); !s) return s;
  const Scalar y = ChallengeScalar(transcript, "y");
  const Scalar z = ChallengeScalar(transcript, "z");
  if (Status s = ValidateAndAppendPoint(transcript, "T_1", t1_); !s) return s;
  if (Status s = ValidateAndAppendPoint(transcript, "T_2", t2_); !s) return s;
  const Scalar x = ChallengeScalar(transcript, "x");
  AppendScalar(transcript, "t_x", t_x_);
  AppendScalar(transcript, "t_x_blinding", t_x_blinding_);
  AppendScalar(transcript, "e_blinding", e_blinding_);
  const Scalar w = ChallengeScalar(transcript, "w");
  const Scalar c = RandomScalar(rng);  // batching weight for the two statements

  const size_t nm = n * m;
  auto ipp = ipp_.ComputeVerificationScalars(nm, transcript);
  if (!ipp) return InvalidProof();
  const Scalar& a = ipp_.a;
  const Scalar& b = ipp_.b;
  using crypto::ristretto::PreparedScalar;
  const Scalar zz = z * z;
  const size_t lg = ipp_.l_vec.size();

  // Proof points (A, S, T_1, T_2, L_k, R_k, V_j) are decoded; generators use their tables.
  std::vector<Scalar> scalars;
  std::vector<RistrettoPoint> points;
  scalars.reserve(2 * lg + m + 4);
  points.reserve(2 * lg + m + 4);
  scalars.insert(scalars.end(), {Scalar::One(), x, c * x, c * x * x});
  scalars.insert(scalars.end(), ipp->u_sq.begin(), ipp->u_sq.end());
  scalars.insert(scalars.end(), ipp->u_inv_sq.begin(), ipp->u_inv_sq.end());
  bool ok = DecodeInto(a_, &points) && DecodeInto(s_, &points) && DecodeInto(t1_, &points) &&
            DecodeInto(t2_, &points);
  for (size_t k = 0; ok && k < lg; ++k) ok = DecodeInto(ipp_.l_vec[k], &points);
  for (size_t k = 0; ok && k < lg; ++k) ok = DecodeInto(ipp_.r_vec[k], &points);
  Scalar cz = c * zz;  // V_j: c z^2 z^j
  for (size_t j = 0; ok && j < m; ++j) {
    scalars.push_back(cz);
    cz *= z;
    ok = DecodeInto(commitments[j], &points);
  }
  if (!ok) return InvalidProof();

  std::vector<Scalar> gen_scalars;
  std::vector<const crypto::ristretto::NafTable*> gen_points;
  gen_scalars.reserve(2 * nm + 2);
  gen_points.reserve(2 * nm + 2);
  gen_scalars.push_back(-e_blinding_ - c * t_x_blinding_);
  gen_points.push_back(&pc_gens.B_blinding_naf());
  gen_scalars.push_back(w * (t_x_ - a * b) + c * (Delta(n, m, y, z) - t_x_));
  gen_points.push_back(&pc_gens.B_naf());
  // G_i: -z - a s_i.  H_i: z + y^-i (z^2 z^j 2^(i mod n) - b s_(nm-1-i)).
  const std::vector<Scalar>& s = ipp->s;
  const PreparedScalar a_p(a), b_p(b), y_inv_p(y.Invert());
  const Scalar minus_z = -z;
  for (size_t i = 0; i < nm; ++i) gen_scalars.push_back(minus_z - s[i] * a_p);
  PreparedScalar exp_y_inv(Scalar::One());
  Scalar zz_zj = zz, power = zz;  // z^2 z^j and z^2 z^j 2^(i mod n)
  for (size_t i = 0; i < nm; ++i) {
    if (i > 0 && i % n == 0) {
      zz_zj *= z;
      power = zz_zj;
    }
    gen_scalars.push_back(z + (power - s[nm - 1 - i] * b_p) * exp_y_inv);
    exp_y_inv *= y_inv_p;
    power += power;
  }
  bp_gens.AggregatedNaf(n, m, false, &gen_points);
  bp_gens.AggregatedNaf(n, m, true, &gen_points);
  if (!crypto::ristretto::VartimeMultiscalarMulMixed(gen_scalars, gen_points, scalars, points)
           .IsIdentity()) {
    return InvalidProof();
  }
  return OkStatus();
}

Bytes RangeProof::ToBytes() const {
  Bytes out;
  out.reserve(7 * 32 + ipp_.SerializedSize());
  for (const RistrettoBytes* p : {&a_, &s_, &t1_, &t2_}) Append(&out, *p);
  for (const Scalar* s : {&t_x_, &t_x_blinding_, &e_blinding_}) Append(&out, s->ToBytes());
  ipp_.AppendTo(&out);
  return out;
}

Result<RangeProof> RangeProof::FromBytes(ByteView bytes) {
  if (bytes.size() % 32 != 0 || bytes.size() < kMinSize || bytes.size() > kMaxSize) {
    return InvalidProof();
  }
  RangeProof proof;
  auto chunk = [&](size_t i) { return bytes.subspan(32 * i, 32); };
  RistrettoBytes* points[4] = {&proof.a_, &proof.s_, &proof.t1_, &proof.t2_};
  for (size_t i = 0; i < 4; ++i) std::copy_n(chunk(i).begin(), 32, points[i]->begin());
  Scalar* scalars[3] = {&proof.t_x_, &proof.t_x_blinding_, &proof.e_blinding_};
  for (size_t i = 0; i < 3; ++i) {
    auto s = Scalar::FromCanonicalBytes(chunk(4 + i));
    if (!s) return InvalidProof();
    *scalars[i] = *s;
  }
  auto ipp = InnerProductProof::FromBytes(bytes.subspan(7 * 32));
  if (!ipp) return InvalidProof();
  proof.ipp_ = std::move(*ipp);
  return proof;
}

}  // namespace signet::proofs::bulletproofs
