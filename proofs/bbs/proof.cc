// ProofGen and ProofVerify (draft Sections 3.5.3, 3.5.4, 4.3.3, 4.3.4 and 5: ProofInit,
// ProofFinalize, ProofVerifyInit, ProofChallengeCalculate).

#include <algorithm>

#include "crypto/bls12_381/glv.h"
#include "crypto/bls12_381/pairing.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bbs/internal.h"

namespace signet::proofs::bbs {
namespace {

namespace bls = crypto::bls12_381;
using internal::G1;
using internal::G2;
using Enc = std::array<uint8_t, kPointSize>;

// InitResult is the output of ProofInit / ProofVerifyInit: (Abar, Bbar, D, T1, T2, domain), with
// the points already compressed (they are hashed and serialized).
struct InitResult {
  Enc abar, bbar, d, t1, t2;
  Fr domain;
};

// Challenge is ProofChallengeCalculate.
Result<Fr> Challenge(const InitResult& init, std::span<const size_t> indexes,
                     std::span<const Fr> disclosed, ByteView ph) {
  Bytes in;
  internal::AppendU64(&in, indexes.size());
  for (size_t i = 0; i < indexes.size(); ++i) {
    internal::AppendU64(&in, indexes[i]);
    internal::AppendScalar(&in, disclosed[i]);
  }
  for (const Enc* e : {&init.abar, &init.bbar, &init.d, &init.t1, &init.t2}) Append(&in, *e);
  internal::AppendScalar(&in, init.domain);
  internal::AppendU64(&in, ph.size());
  Append(&in, ph);
  return HashToScalar(in, internal::Dst("H2S_"));
}

// Compress compresses the five init points with one shared inversion.
void Compress(const G1 (&pts)[5], InitResult* out) {
  const auto aff = bls::BatchToAffine<G1>(pts);
  Enc* dst[5] = {&out->abar, &out->bbar, &out->d, &out->t1, &out->t2};
  for (size_t i = 0; i < 5; ++i) *dst[i] = bls::G1CompressAffine(aff[i]);
}

// Undisclosed returns the complement of `disclosed` (ascending) in [0, l).
std::vector<size_t> Undisclosed(std::span<const size_t> disclosed, size_t l) {
  std::vector<size_t> out;
  size_t k = 0;
  for (size_t i = 0; i < l; ++i) {
    if (k < disclosed.size() && disclosed[k] == i) {
      ++k;
    } else {
      out.push_back(i);
    }
  }
  return out;
}

// Wiper clears a vector of secret scalars on scope exit.
struct Wiper {
  std::vector<Fr>* v;
  ~Wiper() { crypto::SecureWipe(v->data(), v->size() * sizeof(Fr)); }
};

}  // namespace

Result<Bytes> ProofGen(ByteView pk, ByteView signature, ByteView header, ByteView ph,
                       std::span<const Bytes> messages, std::span<const size_t> disclosed_indexes,
                       const RandomScalars& rng) {
  if (auto st = internal::CheckInputs(header, ph, messages); !st) return std::move(st).error();
  const size_t l = messages.size();
  if (auto st = internal::CheckIndexes(disclosed_indexes, l); !st) return std::move(st).error();
  auto sig = internal::ParseSignature(signature);
  if (!sig) return std::move(sig).error();
  // The public key is only hashed into the domain here (the draft's ProofGen does not decode
  // it); a wrong key yields a proof that does not verify.
  if (pk.size() != kPublicKeySize) return InvalidArgument("public key must be 96 bytes");
  auto msgs_r = MessagesToScalars(messages);
  if (!msgs_r) return std::move(msgs_r).error();
  std::vector<Fr> msgs = std::move(*msgs_r);
  const Wiper wipe_msgs{&msgs};
  const internal::Generators gens = internal::GetGenerators(l + 1);
  InitResult init;
  auto domain = internal::CalculateDomain(pk, gens, l, header);
  if (!domain) return std::move(domain).error();
  init.domain = *domain;
  const std::vector<size_t> hidden = Undisclosed(disclosed_indexes, l);
  const size_t u = hidden.size();

  // Blinding scalars (r1, r2, e~, r1~, r3~, m~_j1 .. m~_jU).
  std::vector<Fr> rs(5 + u);
  const Wiper wipe_rs{&rs};
  rng(rs);
  const Fr &r1 = rs[0], &r2 = rs[1], &e_t = rs[2], &r1_t = rs[3], &r3_t = rs[4];

  // ProofInit. All scalars here are secret: constant-time multiplications only.
  const G1 b = internal::ComputeB(gens, init.domain, msgs, /*secret=*/true);
  std::vector<bls::ScalarLimbs> k(std::max<size_t>(u + 1, 2));
  auto wipe_k = [&k] { crypto::SecureWipe(k.data(), k.size() * sizeof(k[0])); };
  k[0] = internal::ToLimbs(r2);
  const G1 d = bls::G1MulGlvCt(b, k[0]);
  k[0] = internal::ToLimbs(r1 * r2);
  const G1 abar = bls::G1MulGlvCt(sig->a, k[0]);
  k[0] = internal::ToLimbs(r1);
  k[1] = internal::ToLimbs(-sig->e);
  const G1 da[2] = {d, abar};
  const G1 bbar = bls::G1MsmGlvCt(da, std::span(k.data(), 2));
  k[0] = internal::ToLimbs(e_t);
  k[1] = internal::ToLimbs(r1_t);
  const G1 ad[2] = {abar, d};
  const G1 t1 = bls::G1MsmGlvCt(ad, std::span(k.data(), 2));
  std::vector<size_t> t2_which(u);
  for (size_t j = 0; j < u; ++j) t2_which[j] = 1 + hidden[j];
  k[0] = internal::ToLimbs(r3_t);
  const G1 t2 = bls::G1MulGlvCt(d, k[0]) +
                internal::GeneratorCombination(gens, t2_which, std::span(rs).subspan(5), true);
  wipe_k();
  Compress({abar, bbar, d, t1, t2}, &init);

  std::vector<Fr> disclosed;
  for (size_t i : disclosed_indexes) disclosed.push_back(msgs[i]);
  auto c = Challenge(init, disclosed_indexes, disclosed, ph);
  if (!c) return std::move(c).error();

  // ProofFinalize.
  std::vector<Fr> resp = {e_t + sig->e * *c, r1_t - r1 * *c, r3_t - r2.Inverse() * *c};
  const Wiper wipe_resp{&resp};
  for (size_t j = 0; j < u; ++j) resp.push_back(rs[5 + j] + msgs[hidden[j]] * *c);
  Bytes out;
  out.reserve(kProofBaseSize + kScalarSize * u);
  Append(&out, init.abar);
  Append(&out, init.bbar);
  Append(&out, init.d);
  for (const Fr& s : resp) internal::AppendScalar(&out, s);
  internal::AppendScalar(&out, *c);
  return out;
}

Status ProofVerify(ByteView pk, ByteView proof, ByteView header, ByteView ph,
                   std::span<const Bytes> disclosed_messages,
                   std::span<const size_t> disclosed_indexes) {
  if (auto st = internal::CheckInputs(header, ph, disclosed_messages); !st) {
    return std::move(st).error();
  }
  if (disclosed_messages.size() != disclosed_indexes.size()) {
    return InvalidArgument("disclosed messages and indexes differ in count");
  }
  if (proof.size() > kMaxProofSize) return TooLarge("proof too large");
  if (proof.size() < kProofBaseSize || (proof.size() - kProofBaseSize) % kScalarSize != 0) {
    return InvalidArgument("malformed proof: bad length");
  }
  const size_t u = (proof.size() - kProofBaseSize) / kScalarSize;
  const size_t r = disclosed_indexes.size();
  const size_t l = r + u;
  if (l > kMaxMessages) return TooLarge("too many messages");
  if (auto st = internal::CheckIndexes(disclosed_indexes, l); !st) return std::move(st).error();

  // octets_to_proof: three non-identity subgroup points, then 4 + U scalars in [1, r).
  InitResult init;
  G1 pts[3];
  Enc* encs[3] = {&init.abar, &init.bbar, &init.d};
  for (size_t i = 0; i < 3; ++i) {
    const ByteView enc = proof.subspan(i * kPointSize, kPointSize);
    auto p = bls::G1Decompress(enc);
    if (!p || p->IsIdentity()) return InvalidArgument("malformed proof: bad point");
    pts[i] = *p;
    std::copy(enc.begin(), enc.end(), encs[i]->begin());
  }
  std::vector<Fr> sc;
  for (size_t off = 3 * kPointSize; off < proof.size(); off += kScalarSize) {
    auto s = internal::ParseScalar(proof.subspan(off, kScalarSize), /*nonzero_required=*/true);
    if (!s) return InvalidArgument("malformed proof: bad scalar");
    sc.push_back(*s);
  }
  const G1 &abar = pts[0], &bbar = pts[1], &d = pts[2];
  const Fr &e_h = sc[0], &r1_h = sc[1], &r3_h = sc[2], &c = sc.back();

  auto w = internal::ParsePublicKey(pk);
  if (!w) return std::move(w).error();
  auto msgs = MessagesToScalars(disclosed_messages);
  if (!msgs) return std::move(msgs).error();
  const internal::Generators gens = internal::GetGenerators(l + 1);
  auto domain = internal::CalculateDomain(pk, gens, l, header);
  if (!domain) return std::move(domain).error();
  init.domain = *domain;

  // ProofVerifyInit (public data: variable-time MSMs).
  const G1 t1_pts[3] = {bbar, abar, d};
  const bls::ScalarLimbs t1_k[3] = {internal::ToLimbs(c), internal::ToLimbs(e_h),
                                    internal::ToLimbs(r1_h)};
  const G1 t1 = bls::G1MsmGlvVartime(t1_pts, t1_k);
  std::vector<size_t> which = {internal::kP1Index, 0};
  std::vector<Fr> t2_k = {c, c * *domain};
  for (size_t i = 0; i < r; ++i) {
    which.push_back(1 + disclosed_indexes[i]);
    t2_k.push_back(c * (*msgs)[i]);
  }
  const std::vector<size_t> hidden = Undisclosed(disclosed_indexes, l);
  for (size_t j = 0; j < u; ++j) {
    which.push_back(1 + hidden[j]);
    t2_k.push_back(sc[3 + j]);
  }
  const bls::ScalarLimbs r3_k = internal::ToLimbs(r3_h);
  const G1 t2 = bls::G1MsmGlvVartime(std::span(&d, 1), std::span(&r3_k, 1)) +
                internal::GeneratorCombination(gens, which, t2_k, /*secret=*/false);
  const G1 t12[2] = {t1, t2};
  const auto t12_affine = bls::BatchToAffine<G1>(t12);
  init.t1 = bls::G1CompressAffine(t12_affine[0]);
  init.t2 = bls::G1CompressAffine(t12_affine[1]);

  auto expect = Challenge(init, disclosed_indexes, *msgs, ph);
  if (!expect) return std::move(expect).error();
  if (!(*expect == c)) return internal::InvalidProof();
  // e(Abar, W) * e(Bbar, -BP2) == 1
  const G1 ps[2] = {abar, bbar};
  const G2 qs[2] = {*w, -bls::G2Generator()};
  if (!bls::MultiPairing(ps, qs).IsOne()) return internal::InvalidProof();
  return OkStatus();
}

}  // namespace signet::proofs::bbs
