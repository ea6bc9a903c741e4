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

// DecodeInto decodes a compressed point for the verification equation.
bool DecodeInto(const RistrettoBytes& bytes, std::vector<RistrettoPoint>* out) {
  auto p = RistrettoPoint::Decode(bytes);
  if (!p) return false;
  out->push_back(*p);
  return true;
}

}  // namespace

// Equation collects the two halves of the verification equation: proof points that must
// be decoded, and generators with precomputed tables.
struct RangeProof::Equation {
  std::vector<Scalar> scalars;
  std::vector<RistrettoPoint> points;
  std::vector<Scalar> gen_scalars;
  std::vector<const crypto::ristretto::GeneratorTable*> gen_points;
  bool decoded = true;

  void AddPoint(const Scalar& s, const RistrettoBytes& encoded) {
    scalars.push_back(s);
    decoded = decoded && DecodeInto(encoded, &points);
  }
};

Result<RangeProof::Challenges> RangeProof::ReplayTranscript(
    MerlinTranscript& transcript, std::span<const RistrettoBytes> commitments, size_t n) const {
  Challenges ch;
  RangeProofDomainSep(transcript, n, commitments.size());
  for (const RistrettoBytes& v : commitments) AppendPoint(transcript, "V", v);
  if (Status s = ValidateAndAppendPoint(transcript, "A", a_); !s) return s.error();
  if (Status s = ValidateAndAppendPoint(transcript, "S", s_); !s) return s.error();
  ch.y = ChallengeScalar(transcript, "y");
  ch.z = ChallengeScalar(transcript, "z");
  if (Status s = ValidateAndAppendPoint(transcript, "T_1", t1_); !s) return s.error();
  if (Status s = ValidateAndAppendPoint(transcript, "T_2", t2_); !s) return s.error();
  ch.x = ChallengeScalar(transcript, "x");
  AppendScalar(transcript, "t_x", t_x_);
  AppendScalar(transcript, "t_x_blinding", t_x_blinding_);
  AppendScalar(transcript, "e_blinding", e_blinding_);
  ch.w = ChallengeScalar(transcript, "w");
  return ch;
}

void RangeProof::AddGeneratorTerms(const BulletproofGens& bp_gens, const PedersenGens& pc_gens,
                                   const Challenges& ch, const Scalar& y_inv, const Scalar& c,
                                   size_t n, size_t m, const std::vector<Scalar>& s,
                                   Equation* eq) const {
  using crypto::ristretto::PreparedScalar;
  const Scalar &a = ipp_.a, &b = ipp_.b, &z = ch.z;
  const size_t nm = n * m;
  eq->gen_scalars.push_back(-e_blinding_ - c * t_x_blinding_);
  eq->gen_points.push_back(&pc_gens.B_blinding_table());
  eq->gen_scalars.push_back(ch.w * (t_x_ - a * b) + c * (Delta(n, m, ch.y, z) - t_x_));
  eq->gen_points.push_back(&pc_gens.B_table());
  // G_i: -z - a s_i.  H_i: z + y^-i (z^2 z^j 2^(i mod n) - b s_(nm-1-i)).
  const PreparedScalar a_p(a), b_p(b), y_inv_p(y_inv);
  const Scalar minus_z = -z;
  for (size_t i = 0; i < nm; ++i) eq->gen_scalars.push_back(minus_z - s[i] * a_p);
  PreparedScalar exp_y_inv(Scalar::One());
  Scalar zz_zj = z * z, power = zz_zj;  // z^2 z^j and z^2 z^j 2^(i mod n)
  for (size_t i = 0; i < nm; ++i) {
    if (i > 0 && i % n == 0) {
      zz_zj *= z;
      power = zz_zj;
    }
    eq->gen_scalars.push_back(z + (power - s[nm - 1 - i] * b_p) * exp_y_inv);
    exp_y_inv *= y_inv_p;
    power += power;
  }
  bp_gens.AggregatedTables(n, m, false, &eq->gen_points);
  bp_gens.AggregatedTables(n, m, true, &eq->gen_points);
}

Status RangeProof::Verify(const BulletproofGens& bp_gens, const PedersenGens& pc_gens,
                          MerlinTranscript& transcript, std::span<const RistrettoBytes> commitments,
                          size_t n, const RandomSource& rng) const {
  const size_t m = commitments.size();
  if (!IsValidBitSize(n) || m == 0 || !std::has_single_bit(m) || n > bp_gens.gens_capacity() ||
      m > bp_gens.party_capacity()) {
    return InvalidProof();
  }
  auto ch = ReplayTranscript(transcript, commitments, n);
  if (!ch) return InvalidProof();
  const Scalar c = RandomScalar(rng);  // random weight combining the two statements
  Scalar y_inv = ch->y;                // inverted together with the inner-product challenges
  auto ipp = ipp_.ComputeVerificationScalars(n * m, transcript, &y_inv);
  if (!ipp) return InvalidProof();

  // dalek's single equation: A + x S + c x T_1 + c x^2 T_2 + sum u_k^2 L_k + sum u_k^-2 R_k
  //   + c z^2 sum z^j V_j + (generator terms) == identity.
  const Scalar& x = ch->x;
  Equation eq;
  const size_t lg = ipp_.l_vec.size();
  eq.scalars.reserve(2 * lg + m + 4);
  eq.points.reserve(2 * lg + m + 4);
  eq.AddPoint(Scalar::One(), a_);
  eq.AddPoint(x, s_);
  eq.AddPoint(c * x, t1_);
  eq.AddPoint(c * x * x, t2_);
  for (size_t k = 0; k < lg; ++k) eq.AddPoint(ipp->u_sq[k], ipp_.l_vec[k]);
  for (size_t k = 0; k < lg; ++k) eq.AddPoint(ipp->u_inv_sq[k], ipp_.r_vec[k]);
  Scalar cz = c * ch->z * ch->z;
  for (size_t j = 0; j < m; ++j, cz *= ch->z) eq.AddPoint(cz, commitments[j]);
  if (!eq.decoded) return InvalidProof();
  eq.gen_scalars.reserve(2 * n * m + 2);
  eq.gen_points.reserve(2 * n * m + 2);
  AddGeneratorTerms(bp_gens, pc_gens, *ch, y_inv, c, n, m, ipp->s, &eq);
  const RistrettoPoint sum = crypto::ristretto::VartimeMultiscalarMulMixed(
      eq.gen_scalars, eq.gen_points, eq.scalars, eq.points);
  if (!sum.IsIdentity()) return InvalidProof();
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
