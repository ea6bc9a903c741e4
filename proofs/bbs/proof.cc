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

// Prover is everything ProofInit needs besides the blinding scalars. Secret: the signature, the
// message scalars (wiped on destruction).
struct Prover {
  internal::Signature sig;
  std::vector<Fr> msgs;
  internal::Generators gens;
  std::vector<size_t> hidden;
  Fr domain;
  ~Prover() {
    crypto::SecureWipe(msgs.data(), msgs.size() * sizeof(Fr));
    crypto::SecureWipe(&sig, sizeof(sig));
  }
};

// ProofInit computes (Abar, Bbar, D, T1, T2, domain) (draft Section 5.1.1). Every scalar is
// secret, so only constant-time multiplications are used.
InitResult ProofInit(const Prover& pr, std::span<const Fr> rs) {
  const Fr &r1 = rs[0], &r2 = rs[1], &e_t = rs[2], &r1_t = rs[3], &r3_t = rs[4];
  const G1 b = internal::ComputeB(pr.gens, pr.domain, pr.msgs, /*secret=*/true);
  bls::ScalarLimbs k[2];
  k[0] = internal::ToLimbs(r2);
  const G1 d = bls::G1MulGlvCt(b, k[0]);
  k[0] = internal::ToLimbs(r1 * r2);
  const G1 abar = bls::G1MulGlvCt(pr.sig.a, k[0]);
  const G1 da[2] = {d, abar};
  k[0] = internal::ToLimbs(r1);
  k[1] = internal::ToLimbs(-pr.sig.e);
  const G1 bbar = bls::G1MsmGlvCt(da, k);  // D * r1 - Abar * e
  k[0] = internal::ToLimbs(r1_t);
  k[1] = internal::ToLimbs(e_t);
  const G1 t1 = bls::G1MsmGlvCt(da, k);  // Abar * e~ + D * r1~
  std::vector<size_t> which(pr.hidden.size());
  for (size_t j = 0; j < which.size(); ++j) which[j] = 1 + pr.hidden[j];
  k[0] = internal::ToLimbs(r3_t);
  const G1 t2 = bls::G1MulGlvCt(d, k[0]) +  // D * r3~ + sum H_j * m~_j
                internal::GeneratorCombination(pr.gens, which, rs.subspan(5), /*secret=*/true);
  crypto::SecureWipe(k, sizeof(k));
  InitResult init;
  init.domain = pr.domain;
  Compress({abar, bbar, d, t1, t2}, &init);
  return init;
}

// ProofFinalize serializes (Abar, Bbar, D, e^, r1^, r3^, m^_j..., c) (draft Section 5.1.3).
Bytes ProofFinalize(const Prover& pr, const InitResult& init, const Fr& c, std::span<const Fr> rs) {
  const Fr &r1 = rs[0], &r2 = rs[1], &e_t = rs[2], &r1_t = rs[3], &r3_t = rs[4];
  std::vector<Fr> resp = {e_t + pr.sig.e * c, r1_t - r1 * c, r3_t - r2.Inverse() * c};
  for (size_t j = 0; j < pr.hidden.size(); ++j) {
    resp.push_back(rs[5 + j] + pr.msgs[pr.hidden[j]] * c);
  }
  Bytes out;
  out.reserve(kProofBaseSize + kScalarSize * pr.hidden.size());
  Append(&out, init.abar);
  Append(&out, init.bbar);
  Append(&out, init.d);
  for (const Fr& s : resp) internal::AppendScalar(&out, s);
  internal::AppendScalar(&out, c);
  crypto::SecureWipe(resp.data(), resp.size() * sizeof(Fr));
  return out;
}

}  // namespace

Result<Bytes> ProofGen(ByteView pk, ByteView signature, ByteView header, ByteView ph,
                       std::span<const Bytes> messages, std::span<const size_t> disclosed_indexes,
                       const RandomScalars& rng) {
  if (auto st = internal::CheckInputs(header, ph, messages); !st) return std::move(st).error();
  const size_t l = messages.size();
  if (auto st = internal::CheckIndexes(disclosed_indexes, l); !st) return std::move(st).error();
  // The public key is only hashed into the domain here (the draft's ProofGen does not decode
  // it); a wrong key yields a proof that does not verify.
  if (pk.size() != kPublicKeySize) return InvalidArgument("public key must be 96 bytes");
  auto sig = internal::ParseSignature(signature);
  if (!sig) return std::move(sig).error();
  auto msgs = MessagesToScalars(messages);
  if (!msgs) return std::move(msgs).error();
  Prover pr{*sig, std::move(*msgs), internal::GetGenerators(l + 1),
            Undisclosed(disclosed_indexes, l), Fr()};
  auto domain = internal::CalculateDomain(pk, pr.gens, l, header);
  if (!domain) return std::move(domain).error();
  pr.domain = *domain;

  // Blinding scalars (r1, r2, e~, r1~, r3~, m~_j1 .. m~_jU), drawn in one call.
  std::vector<Fr> rs(5 + pr.hidden.size());
  const Wiper wipe_rs{&rs};
  rng(rs);
  const InitResult init = ProofInit(pr, rs);
  std::vector<Fr> disclosed;
  for (size_t i : disclosed_indexes) disclosed.push_back(pr.msgs[i]);
  auto c = Challenge(init, disclosed_indexes, disclosed, ph);
  if (!c) return std::move(c).error();
  return ProofFinalize(pr, init, *c, rs);
}

namespace {

// ParsedProof is octets_to_proof's output: (Abar, Bbar, D) with their encodings, and the
// scalars (e^, r1^, r3^, m^_j1 .. m^_jU, c).
struct ParsedProof {
  G1 abar, bbar, d;
  Enc abar_enc, bbar_enc, d_enc;
  std::vector<Fr> scalars;
  const Fr& c() const { return scalars.back(); }
};

// ParseProof is octets_to_proof (draft Section 4.2.4.4): three non-identity subgroup points, then
// 4 + U scalars in [1, r). The length was checked by the caller.
Result<ParsedProof> ParseProof(ByteView proof) {
  ParsedProof out;
  G1* pts[3] = {&out.abar, &out.bbar, &out.d};
  Enc* encs[3] = {&out.abar_enc, &out.bbar_enc, &out.d_enc};
  for (size_t i = 0; i < 3; ++i) {
    const ByteView enc = proof.subspan(i * kPointSize, kPointSize);
    auto p = bls::G1Decompress(enc);
    if (!p || p->IsIdentity()) return InvalidArgument("malformed proof: bad point");
    *pts[i] = *p;
    std::copy(enc.begin(), enc.end(), encs[i]->begin());
  }
  for (size_t off = 3 * kPointSize; off < proof.size(); off += kScalarSize) {
    auto s = internal::ParseScalar(proof.subspan(off, kScalarSize), /*nonzero_required=*/true);
    if (!s) return InvalidArgument("malformed proof: bad scalar");
    out.scalars.push_back(*s);
  }
  return out;
}

// ProofVerifyInit recomputes (Abar, Bbar, D, T1, T2, domain) (draft Section 5.2.1). Public data
// only, so the multiplications are variable time.
InitResult ProofVerifyInit(const ParsedProof& pf, const internal::Generators& gens,
                           const Fr& domain, std::span<const Fr> msgs,
                           std::span<const size_t> disclosed_indexes, size_t l) {
  const Fr &e_h = pf.scalars[0], &r1_h = pf.scalars[1], &r3_h = pf.scalars[2], &c = pf.c();
  // T1 = Bbar * c + Abar * e^ + D * r1^
  const G1 t1_pts[3] = {pf.bbar, pf.abar, pf.d};
  const bls::ScalarLimbs t1_k[3] = {internal::ToLimbs(c), internal::ToLimbs(e_h),
                                    internal::ToLimbs(r1_h)};
  const G1 t1 = bls::G1MsmGlvVartime(t1_pts, t1_k);
  // T2 = Bv * c + D * r3^ + sum H_j * m^_j, Bv = P1 + Q_1 * domain + sum H_i * msg_i.
  std::vector<size_t> which = {internal::kP1Index, 0};
  std::vector<Fr> k = {c, c * domain};
  for (size_t i = 0; i < disclosed_indexes.size(); ++i) {
    which.push_back(1 + disclosed_indexes[i]);
    k.push_back(c * msgs[i]);
  }
  const std::vector<size_t> hidden = Undisclosed(disclosed_indexes, l);
  for (size_t j = 0; j < hidden.size(); ++j) {
    which.push_back(1 + hidden[j]);
    k.push_back(pf.scalars[3 + j]);
  }
  const bls::ScalarLimbs r3_k = internal::ToLimbs(r3_h);
  const G1 t2 = bls::G1MsmGlvVartime(std::span(&pf.d, 1), std::span(&r3_k, 1)) +
                internal::GeneratorCombination(gens, which, k, /*secret=*/false);
  InitResult init;
  init.abar = pf.abar_enc;
  init.bbar = pf.bbar_enc;
  init.d = pf.d_enc;
  init.domain = domain;
  const G1 t12[2] = {t1, t2};
  const auto affine = bls::BatchToAffine<G1>(t12);
  init.t1 = bls::G1CompressAffine(affine[0]);
  init.t2 = bls::G1CompressAffine(affine[1]);
  return init;
}

}  // namespace

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
  const size_t l = disclosed_indexes.size() + (proof.size() - kProofBaseSize) / kScalarSize;
  if (l > kMaxMessages) return TooLarge("too many messages");
  if (auto st = internal::CheckIndexes(disclosed_indexes, l); !st) return std::move(st).error();
  auto pf = ParseProof(proof);
  if (!pf) return std::move(pf).error();
  auto w = internal::ParsePublicKey(pk);
  if (!w) return std::move(w).error();
  auto msgs = MessagesToScalars(disclosed_messages);
  if (!msgs) return std::move(msgs).error();
  const internal::Generators gens = internal::GetGenerators(l + 1);
  auto domain = internal::CalculateDomain(pk, gens, l, header);
  if (!domain) return std::move(domain).error();

  const InitResult init = ProofVerifyInit(*pf, gens, *domain, *msgs, disclosed_indexes, l);
  auto expect = Challenge(init, disclosed_indexes, *msgs, ph);
  if (!expect) return std::move(expect).error();
  if (!(*expect == pf->c())) return internal::InvalidProof();
  // e(Abar, W) * e(Bbar, -BP2) == 1
  const G1 ps[2] = {pf->abar, pf->bbar};
  const bls::G2Prepared* qs[2] = {w->prepared.get(), &internal::MinusBp2Prepared()};
  if (!bls::MultiPairingPrepared(ps, qs).IsOne()) return internal::InvalidProof();
  return OkStatus();
}

}  // namespace signet::proofs::bbs
