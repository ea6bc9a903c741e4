// KeyGen, SkToPk, Sign and Verify (draft Sections 3.4, 3.5.1, 3.5.2, 4.3.1, 4.3.2).

#include "crypto/bls12_381/glv.h"
#include "crypto/bls12_381/pairing.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bbs/internal.h"

namespace signet::proofs::bbs {
namespace {

namespace bls = crypto::bls12_381;
using internal::G1;
using internal::G2;

// SecretScalar holds a secret key scalar and wipes it when it goes out of scope.
class SecretScalar {
 public:
  explicit SecretScalar(const Fr& v) : v_(v) {}
  ~SecretScalar() { crypto::SecureWipe(&v_, sizeof(v_)); }
  SecretScalar(const SecretScalar&) = delete;
  SecretScalar& operator=(const SecretScalar&) = delete;
  const Fr& get() const { return v_; }

 private:
  Fr v_;
};

Result<Fr> ParseSecretKey(const crypto::SecretBytes& sk) {
  if (sk.size() != kSecretKeySize) return InvalidArgument("secret key must be 32 bytes");
  auto s = internal::ParseScalar(sk.Reveal(crypto::SecretAccess::Get()), true);
  if (!s) return InvalidArgument("invalid secret key");
  return *s;
}

}  // namespace

Result<crypto::SecretBytes> KeyGen(ByteView key_material, ByteView key_info, ByteView key_dst) {
  if (key_material.size() < 32) return InvalidArgument("key material must be >= 32 bytes");
  if (key_material.size() > kMaxMessageBytes) return TooLarge("key material too large");
  if (key_info.size() > 65535) return InvalidArgument("key info too long");
  const Bytes default_dst = internal::Dst("KEYGEN_DST_");
  if (key_dst.empty()) key_dst = default_dst;
  Bytes input(key_material.begin(), key_material.end());
  AppendU16BE(&input, static_cast<uint16_t>(key_info.size()));
  Append(&input, key_info);
  auto sk = HashToScalar(input, key_dst);
  crypto::SecureWipe(input.data(), input.size());
  if (!sk) return std::move(sk).error();
  if (sk->IsZero()) return InvalidArgument("derived secret key is zero");
  crypto::SecretBytes out(kSecretKeySize);
  bls::FrToBytes(*sk, out.MutableData(crypto::SecretAccess::Get()));
  crypto::SecureWipe(&*sk, sizeof(Fr));
  return out;
}

Result<Bytes> SkToPk(const crypto::SecretBytes& sk) {
  auto s = ParseSecretKey(sk);
  if (!s) return std::move(s).error();
  const SecretScalar x(*s);
  crypto::SecureWipe(&*s, sizeof(Fr));
  auto limbs = internal::ToLimbs(x.get());
  const auto w = bls::G2Compress(bls::G2MulGenerator(limbs));
  crypto::SecureWipe(limbs.data(), sizeof(limbs));
  return Bytes(w.begin(), w.end());
}

Result<Bytes> Sign(const crypto::SecretBytes& sk, ByteView pk, ByteView header,
                   std::span<const Bytes> messages) {
  if (auto st = internal::CheckInputs(header, {}, messages); !st) return std::move(st).error();
  if (pk.size() != kPublicKeySize) return InvalidArgument("public key must be 96 bytes");
  auto s = ParseSecretKey(sk);
  if (!s) return std::move(s).error();
  const SecretScalar x(*s);
  crypto::SecureWipe(&*s, sizeof(Fr));
  auto msgs = MessagesToScalars(messages);
  if (!msgs) return std::move(msgs).error();
  const size_t l = messages.size();
  const internal::Generators gens = internal::GetGenerators(l + 1);
  auto domain = internal::CalculateDomain(pk, gens, l, header);
  if (!domain) return std::move(domain).error();
  // e = hash_to_scalar(serialize((SK, msg_1, ..., msg_L, domain)), api_id || "H2S_").
  Bytes e_input;
  internal::AppendScalar(&e_input, x.get());
  for (const Fr& m : *msgs) internal::AppendScalar(&e_input, m);
  internal::AppendScalar(&e_input, *domain);
  auto e = HashToScalar(e_input, internal::Dst("H2S_"));
  crypto::SecureWipe(e_input.data(), e_input.size());
  if (!e) return std::move(e).error();
  const G1 b = internal::ComputeB(gens, *domain, *msgs, /*secret=*/true);
  const SecretScalar denom_inv((x.get() + *e).Inverse());
  if (denom_inv.get().IsZero()) return Internal("signing failed");  // SK + e = 0 mod r
  auto limbs = internal::ToLimbs(denom_inv.get());
  const G1 a = bls::G1MulGlvCt(b, limbs);
  crypto::SecureWipe(limbs.data(), sizeof(limbs));
  Bytes out;
  internal::AppendPoint(&out, a);
  internal::AppendScalar(&out, *e);
  return out;
}

Status Verify(ByteView pk, ByteView signature, ByteView header, std::span<const Bytes> messages) {
  if (auto st = internal::CheckInputs(header, {}, messages); !st) return std::move(st).error();
  auto sig = internal::ParseSignature(signature);
  if (!sig) return std::move(sig).error();
  auto w = internal::ParsePublicKey(pk);
  if (!w) return std::move(w).error();
  auto msgs = MessagesToScalars(messages);
  if (!msgs) return std::move(msgs).error();
  const size_t l = messages.size();
  const internal::Generators gens = internal::GetGenerators(l + 1);
  auto domain = internal::CalculateDomain(pk, gens, l, header);
  if (!domain) return std::move(domain).error();
  const G1 b = internal::ComputeB(gens, *domain, *msgs, /*secret=*/false);
  // e(A, W + BP2 * e) * e(B, -BP2) == 1
  const G1 ps[2] = {sig->a, b};
  const bls::G2Prepared q0(w->w + bls::G2MulGenerator(internal::ToLimbs(sig->e)));
  const bls::G2Prepared* qs[2] = {&q0, &internal::MinusBp2Prepared()};
  if (!bls::MultiPairingPrepared(ps, qs).IsOne()) return internal::InvalidSignature();
  return OkStatus();
}

}  // namespace signet::proofs::bbs
