#include "proofs/bulletproofs/inner_product_proof.h"

#include <bit>

#include "base/check.h"
#include "crypto/ristretto/msm.h"
#include "proofs/bulletproofs/transcript.h"

namespace signet::proofs::bulletproofs {
namespace {

using crypto::ristretto::VartimeMultiscalarMul;

Scalar InnerProduct(std::span<const Scalar> a, std::span<const Scalar> b) {
  Scalar acc;
  for (size_t i = 0; i < a.size(); ++i) acc += a[i] * b[i];
  return acc;
}

// Fold2 returns x P + y Q (variable time).
RistrettoPoint Fold2(const Scalar& x, const RistrettoPoint& p, const Scalar& y,
                     const RistrettoPoint& q) {
  const Scalar s[2] = {x, y};
  const RistrettoPoint pts[2] = {p, q};
  return VartimeMultiscalarMul(s, pts);
}

// HalfCommitment returns <a, G> + <b, H> + c Q with per-element factors (one of L or R).
RistrettoBytes HalfCommitment(std::span<const Scalar> a, std::span<const Scalar> a_factors,
                              std::span<const RistrettoPoint> g, std::span<const Scalar> b,
                              std::span<const Scalar> b_factors, std::span<const RistrettoPoint> h,
                              const Scalar& c, const RistrettoPoint& q) {
  const size_t n = a.size();
  std::vector<Scalar> scalars;
  std::vector<RistrettoPoint> points;
  scalars.reserve(2 * n + 1);
  points.reserve(2 * n + 1);
  for (size_t i = 0; i < n; ++i) {
    scalars.push_back(a_factors.empty() ? a[i] : a[i] * a_factors[i]);
    points.push_back(g[i]);
  }
  for (size_t i = 0; i < n; ++i) {
    scalars.push_back(b_factors.empty() ? b[i] : b[i] * b_factors[i]);
    points.push_back(h[i]);
  }
  scalars.push_back(c);
  points.push_back(q);
  const RistrettoBytes out = VartimeMultiscalarMul(scalars, points).Encode();
  for (Scalar& s : scalars) s.Wipe();
  return out;
}

}  // namespace

InnerProductProof InnerProductProof::Create(MerlinTranscript& transcript, const RistrettoPoint& q,
                                            std::span<const Scalar> g_factors,
                                            std::span<const Scalar> h_factors,
                                            std::vector<RistrettoPoint> g,
                                            std::vector<RistrettoPoint> h, std::vector<Scalar> a,
                                            std::vector<Scalar> b) {
  size_t n = g.size();
  CHECK(n > 0 && std::has_single_bit(n) && h.size() == n && a.size() == n && b.size() == n &&
        g_factors.size() == n && h_factors.size() == n)
      << "InnerProductProof::Create: bad input sizes";
  InnerProductDomainSep(transcript, n);
  InnerProductProof proof;
  // The first round applies the factors; afterwards they are folded into G and H.
  std::span<const Scalar> gf = g_factors, hf = h_factors;
  while (n > 1) {
    n /= 2;
    std::span<Scalar> a_l(a.data(), n), a_r(a.data() + n, n);
    std::span<Scalar> b_l(b.data(), n), b_r(b.data() + n, n);
    std::span<const RistrettoPoint> g_l(g.data(), n), g_r(g.data() + n, n);
    std::span<const RistrettoPoint> h_l(h.data(), n), h_r(h.data() + n, n);
    auto first = [&](std::span<const Scalar> f) { return f.empty() ? f : f.first(n); };
    auto second = [&](std::span<const Scalar> f) { return f.empty() ? f : f.subspan(n, n); };
    const Scalar c_l = InnerProduct(a_l, b_r);
    const Scalar c_r = InnerProduct(a_r, b_l);
    const RistrettoBytes l = HalfCommitment(a_l, second(gf), g_r, b_r, first(hf), h_l, c_l, q);
    const RistrettoBytes r = HalfCommitment(a_r, first(gf), g_l, b_l, second(hf), h_r, c_r, q);
    proof.l_vec.push_back(l);
    proof.r_vec.push_back(r);
    AppendPoint(transcript, "L", l);
    AppendPoint(transcript, "R", r);
    const Scalar u = ChallengeScalar(transcript, "u");
    const Scalar u_inv = u.Invert();
    for (size_t i = 0; i < n; ++i) {
      a_l[i] = a_l[i] * u + u_inv * a_r[i];
      b_l[i] = b_l[i] * u_inv + u * b_r[i];
      const Scalar gl = gf.empty() ? u_inv : u_inv * gf[i];
      const Scalar gr = gf.empty() ? u : u * gf[n + i];
      const Scalar hl = hf.empty() ? u : u * hf[i];
      const Scalar hr = hf.empty() ? u_inv : u_inv * hf[n + i];
      g[i] = Fold2(gl, g[i], gr, g[n + i]);
      h[i] = Fold2(hl, h[i], hr, h[n + i]);
    }
    gf = {};
    hf = {};
  }
  proof.a = a[0];
  proof.b = b[0];
  for (Scalar& s : a) s.Wipe();
  for (Scalar& s : b) s.Wipe();
  return proof;
}

Result<InnerProductProof::VerificationScalars> InnerProductProof::ComputeVerificationScalars(
    size_t n, MerlinTranscript& transcript) const {
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
  if (!crypto::ristretto::BatchInvert(out.u_inv_sq)) return InvalidProof();
  Scalar all_inv = Scalar::One();
  for (size_t k = 0; k < lg_n; ++k) {
    all_inv *= out.u_inv_sq[k];
    out.u_sq[k] = out.u_sq[k] * out.u_sq[k];
    out.u_inv_sq[k] = out.u_inv_sq[k] * out.u_inv_sq[k];
  }
  // s_i = prod_k u_k^{+1 or -1} by the bits of i; build it from s_0 = prod u_k^-1 by flipping
  // one bit at a time (challenges are stored first-round first, i.e. for the top bit).
  out.s.resize(n);
  out.s[0] = all_inv;
  for (size_t i = 1; i < n; ++i) {
    const size_t lg_i = std::bit_width(i) - 1;
    const size_t k = size_t{1} << lg_i;
    out.s[i] = out.s[i - k] * out.u_sq[(lg_n - 1) - lg_i];
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
