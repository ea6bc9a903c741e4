#include "proofs/bulletproofs/inner_product_proof.h"

#include <bit>

#include "base/check.h"
#include "crypto/ristretto/precomputed.h"
#include "proofs/bulletproofs/transcript.h"

namespace signet::proofs::bulletproofs {
namespace {

using crypto::ristretto::GeneratorTable;

Scalar InnerProduct(std::span<const Scalar> a, std::span<const Scalar> b) {
  Scalar acc;
  for (size_t i = 0; i < a.size(); ++i) acc += a[i] * b[i];
  return acc;
}

// Round holds the multi-scalar multiplication inputs of one L or R commitment.
struct Round {
  std::vector<Scalar> scalars;
  std::vector<const GeneratorTable*> points;

  explicit Round(size_t capacity) {
    scalars.reserve(capacity);
    points.reserve(capacity);
  }
  void Add(const Scalar& s, const GeneratorTable* p) {
    scalars.push_back(s);
    points.push_back(p);
  }
  RistrettoBytes Commit() {
    const RistrettoBytes out =
        crypto::ristretto::VartimeMultiscalarMulMixed(scalars, points, {}, {}).Encode();
    for (Scalar& s : scalars) s.Wipe();
    return out;
  }
};

}  // namespace

InnerProductProof InnerProductProof::Create(MerlinTranscript& transcript, const Scalar& q_scale,
                                            const GeneratorTable& q_base,
                                            std::span<const Scalar> g_factors,
                                            std::span<const Scalar> h_factors,
                                            std::span<const GeneratorTable* const> g,
                                            std::span<const GeneratorTable* const> h,
                                            std::vector<Scalar> a, std::vector<Scalar> b) {
  const size_t total = g.size();
  CHECK(total > 0 && std::has_single_bit(total) && h.size() == total && a.size() == total &&
        b.size() == total && g_factors.size() == total && h_factors.size() == total)
      << "InnerProductProof::Create: bad input sizes";
  InnerProductDomainSep(transcript, total);
  InnerProductProof proof;
  // Folded generator i of the current round is sum over t = i (mod n) of gc[t] G_t (resp. H).
  using crypto::ristretto::PreparedScalar;
  std::vector<PreparedScalar> gc(g_factors.begin(), g_factors.end());
  std::vector<PreparedScalar> hc(h_factors.begin(), h_factors.end());
  const PreparedScalar q_scale_p(q_scale);
  for (size_t n = total; n > 1; n /= 2) {
    const size_t half = n / 2;
    const Scalar c_l = InnerProduct(std::span(a).first(half), std::span(b).subspan(half, half));
    const Scalar c_r = InnerProduct(std::span(a).subspan(half, half), std::span(b).first(half));
    // L = <a_lo, G'_hi> + <b_hi, H'_lo> + c_l Q;  R = <a_hi, G'_lo> + <b_lo, H'_hi> + c_r Q.
    Round l(total + 1), r(total + 1);
    for (size_t t = 0; t < total; ++t) {
      const size_t i = t & (n - 1);
      if (i >= half) {
        l.Add(a[i - half] * gc[t], g[t]);
        r.Add(b[i - half] * hc[t], h[t]);
      } else {
        l.Add(b[i + half] * hc[t], h[t]);
        r.Add(a[i + half] * gc[t], g[t]);
      }
    }
    l.Add(c_l * q_scale_p, &q_base);
    r.Add(c_r * q_scale_p, &q_base);
    proof.l_vec.push_back(l.Commit());
    proof.r_vec.push_back(r.Commit());
    AppendPoint(transcript, "L", proof.l_vec.back());
    AppendPoint(transcript, "R", proof.r_vec.back());
    const Scalar u_s = ChallengeScalar(transcript, "u");
    const PreparedScalar u(u_s), u_inv(u_s.Invert());
    for (size_t i = 0; i < half; ++i) {
      a[i] = a[i] * u + a[half + i] * u_inv;
      b[i] = b[i] * u_inv + b[half + i] * u;
    }
    for (size_t t = 0; t < total; ++t) {
      const bool low = (t & (n - 1)) < half;
      gc[t] *= low ? u_inv : u;
      hc[t] *= low ? u : u_inv;
    }
  }
  proof.a = a[0];
  proof.b = b[0];
  for (Scalar& s : a) s.Wipe();
  for (Scalar& s : b) s.Wipe();
  return proof;
}

Result<InnerProductProof::VerificationScalars> InnerProductProof::ComputeVerificationScalars(
    size_t n, MerlinTranscript& transcript, Scalar* also_invert) const {
  const size_t lg_n = l_vec.size();
  if (lg_n > kMaxRounds || r_vec.size() != lg_n || n != (size_t{1} << lg_n)) {
    return InvalidProof();
  }
  InnerProductDomainSep(transcript, n);
  VerificationScalars out;
  out.u_sq.reserve(lg_n);
  for (size_t k = 0; k < lg_n; ++k) {
    if (Status s = ValidateAndAppendPoint(transcript, "L", l_vec[k]); !s) return s.error();
    if (Status s = ValidateAndAppendPoint(transcript, "R", r_vec[k]); !s) return s.error();
    out.u_sq.push_back(ChallengeScalar(transcript, "u"));
  }
  out.u_inv_sq = out.u_sq;
  if (also_invert != nullptr) out.u_inv_sq.push_back(*also_invert);
  if (!crypto::ristretto::BatchInvert(out.u_inv_sq)) return InvalidProof();
  if (also_invert != nullptr) {
    *also_invert = out.u_inv_sq.back();
    out.u_inv_sq.pop_back();
  }
  Scalar all_inv = Scalar::One();
  for (size_t k = 0; k < lg_n; ++k) {
    all_inv *= out.u_inv_sq[k];
    out.u_sq[k] = out.u_sq[k] * out.u_sq[k];
    out.u_inv_sq[k] = out.u_inv_sq[k] * out.u_inv_sq[k];
  }
  // s_i = prod_k u_k^{+1 or -1} by the bits of i; build it from s_0 = prod u_k^-1 by flipping
  // one bit at a time (challenges are stored first-round first, i.e. for the top bit).
  std::vector<crypto::ristretto::PreparedScalar> u_sq_p(out.u_sq.begin(), out.u_sq.end());
  out.s.resize(n);
  out.s[0] = all_inv;
  for (size_t i = 1; i < n; ++i) {
    const size_t lg_i = std::bit_width(i) - 1;
    const size_t k = size_t{1} << lg_i;
    out.s[i] = out.s[i - k] * u_sq_p[(lg_n - 1) - lg_i];
  }
  return out;
}

void InnerProductProof::AppendTo(Bytes* out) const {
  for (size_t k = 0; k < l_vec.size(); ++k) {
    Append(out, l_vec[k]);
    Append(out, r_vec[k]);
  }
  Append(out, a.ToBytes());
  Append(out, b.ToBytes());
}

Result<InnerProductProof> InnerProductProof::FromBytes(ByteView bytes) {
  if (bytes.size() % 32 != 0 || bytes.size() < 64) return InvalidProof();
  const size_t elements = bytes.size() / 32;
  if ((elements - 2) % 2 != 0) return InvalidProof();
  const size_t lg_n = (elements - 2) / 2;
  if (lg_n > kMaxRounds) return InvalidProof();
  InnerProductProof proof;
  auto chunk = [&](size_t i) { return bytes.subspan(32 * i, 32); };
  for (size_t k = 0; k < lg_n; ++k) {
    RistrettoBytes l, r;
    std::copy_n(chunk(2 * k).begin(), 32, l.begin());
    std::copy_n(chunk(2 * k + 1).begin(), 32, r.begin());
    proof.l_vec.push_back(l);
    proof.r_vec.push_back(r);
  }
  auto a = Scalar::FromCanonicalBytes(chunk(2 * lg_n));
  auto b = Scalar::FromCanonicalBytes(chunk(2 * lg_n + 1));
  if (!a || !b) return InvalidProof();
  proof.a = *a;
  proof.b = *b;
  return proof;
}

}  // namespace signet::proofs::bulletproofs
