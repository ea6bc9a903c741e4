// Ciphersuite BLS12-381-SHA-256 (draft Section 7.2.2) and the shared operations of Section 4:
// create_generators, hash_to_scalar, messages_to_scalars, calculate_domain, serialization and
// the octets_to_* decoders.

#include <algorithm>
#include <map>
#include <mutex>

#include "base/encoding.h"
#include "crypto/bls12_381/glv.h"
#include "crypto/bls12_381/hash_to_curve.h"
#include "crypto/secret_bytes.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bbs/internal.h"

namespace signet::proofs::bbs {
namespace internal {
namespace {

constexpr std::string_view kApiId = "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_H2G_HM2S_";
constexpr size_t kExpandLen = 48;
// P1 of the ciphersuite (draft Section 7.2.2), checked against the fixtures by a test.
constexpr std::string_view kP1Hex =
    "a8ce256102840821a3e94ea9025e4662b205762f9776b3a766c872b948f1fd225e7c59698588e70d11406d161b4e2"
    "8c9";

// GeneratorCache extends create_generators' chain v_i = expand(v_{i-1} || I2OSP(i, 8)) on demand.
class GeneratorCache {
 public:
  Generators Get(size_t count) {
    std::lock_guard<std::mutex> lock(mu_);
    if (v_.empty())
      v_ = *crypto::bls12_381::ExpandMessageXmd(AsBytes(Seed()), Dst("SIG_GENERATOR_SEED_"),
                                                kExpandLen);
    while (all_.points.size() < count) Extend();
    Generators g;
    const auto n = static_cast<long>(count);
    g.points.assign(all_.points.begin(), all_.points.begin() + n);
    g.encoded.assign(all_.encoded.begin(), all_.encoded.begin() + n);
    g.tables.assign(all_.tables.begin(), all_.tables.begin() + n);
    return g;
  }

 private:
  static std::string Seed() { return std::string(kApiId) + "MESSAGE_GENERATOR_SEED"; }

  void Extend() {
    Bytes in = v_;
    AppendU64(&in, all_.points.size() + 1);
    v_ = *crypto::bls12_381::ExpandMessageXmd(in, Dst("SIG_GENERATOR_SEED_"), kExpandLen);
    const G1 g = *crypto::bls12_381::HashToG1(v_, Dst("SIG_GENERATOR_DST_"));
    all_.points.push_back(g);
    all_.encoded.push_back(crypto::bls12_381::G1Compress(g));
    all_.tables.push_back(
        all_.tables.size() < kTabledGenerators ? std::make_shared<const G1Table>(g) : nullptr);
  }

  std::mutex mu_;
  Bytes v_;
  Generators all_;
};

}  // namespace

Generators GetGenerators(size_t count) {
  CHECK(count <= kMaxMessages + 1) << "too many generators";
  static GeneratorCache cache;
  return cache.Get(count);
}

const G1& P1() {
  static const G1 p = *crypto::bls12_381::G1Decompress(*HexDecode(kP1Hex));
  return p;
}

Bytes Dst(std::string_view suffix) { return ToBytes(std::string(kApiId) + std::string(suffix)); }

void AppendU64(Bytes* out, uint64_t v) { AppendU64BE(out, v); }

void AppendScalar(Bytes* out, const Fr& s) {
  uint8_t b[kScalarSize];
  crypto::bls12_381::FrToBytes(s, b);
  out->insert(out->end(), b, b + kScalarSize);
}

void AppendPoint(Bytes* out, const G1& p) { Append(out, crypto::bls12_381::G1Compress(p)); }

Result<Fr> CalculateDomain(ByteView pk, const Generators& gens, size_t l, ByteView header) {
  Bytes in(pk.begin(), pk.end());
  AppendU64(&in, l);
  for (size_t i = 0; i <= l; ++i) Append(&in, gens.encoded[i]);
  Append(&in, AsBytes(kApiId));
  AppendU64(&in, header.size());
  Append(&in, header);
  return HashToScalar(in, Dst("H2S_"));
}

Result<PublicKey> ParsePublicKey(ByteView pk) {
  if (pk.size() != kPublicKeySize) return InvalidArgument("public key must be 96 bytes");
  static std::mutex mu;
  static std::map<std::array<uint8_t, kPublicKeySize>, PublicKey> cache;
  std::array<uint8_t, kPublicKeySize> key;
  std::copy(pk.begin(), pk.end(), key.begin());
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  auto w = crypto::bls12_381::G2Decompress(pk);
  if (!w || w->IsIdentity()) return InvalidArgument("invalid public key");
  PublicKey out{*w, std::make_shared<const crypto::bls12_381::G2Prepared>(*w)};
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 64) cache.clear();
  cache.emplace(key, out);
  return out;
}

const crypto::bls12_381::G2Prepared& MinusBp2Prepared() {
  static const crypto::bls12_381::G2Prepared p(-crypto::bls12_381::G2Generator());
  return p;
}

Result<Fr> ParseScalar(ByteView in, bool nonzero_required) {
  auto s = crypto::bls12_381::FrFromBytes(in);
  if (!s) return InvalidArgument("scalar out of range");
  if (nonzero_required && s->IsZero()) return InvalidArgument("scalar is zero");
  return *s;
}

Result<Signature> ParseSignature(ByteView sig) {
  if (sig.size() != kSignatureSize) return InvalidArgument("signature must be 80 bytes");
  auto a = crypto::bls12_381::G1Decompress(sig.first(kPointSize));
  if (!a || a->IsIdentity()) return InvalidArgument("malformed signature");
  auto e = ParseScalar(sig.subspan(kPointSize), /*nonzero_required=*/true);
  if (!e) return InvalidArgument("malformed signature");
  return Signature{*a, *e};
}

Status CheckInputs(ByteView header, ByteView ph, std::span<const Bytes> messages) {
  if (header.size() > kMaxHeaderBytes || ph.size() > kMaxHeaderBytes) {
    return TooLarge("header too large");
  }
  if (messages.size() > kMaxMessages) return TooLarge("too many messages");
  for (const Bytes& m : messages) {
    if (m.size() > kMaxMessageBytes) return TooLarge("message too large");
  }
  return OkStatus();
}

Status CheckIndexes(std::span<const size_t> indexes, size_t l) {
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (indexes[i] >= l) return InvalidArgument("disclosed index out of range");
    if (i > 0 && indexes[i] <= indexes[i - 1]) {
      return InvalidArgument("disclosed indexes must be strictly ascending");
    }
  }
  return OkStatus();
}

const G1Table& P1Table() {
  static const G1Table table(P1());
  return table;
}

G1 GeneratorCombination(const Generators& gens, std::span<const size_t> which,
                        std::span<const Fr> scalars, bool secret) {
  namespace bls = crypto::bls12_381;
  G1 acc = G1::Identity();
  std::vector<G1> rest;
  std::vector<bls::ScalarLimbs> rest_k;
  for (size_t i = 0; i < which.size(); ++i) {
    bls::ScalarLimbs k = ToLimbs(scalars[i]);
    const G1Table* table = which[i] == kP1Index ? &P1Table() : gens.tables[which[i]].get();
    if (table != nullptr) {
      if (secret) {
        table->AccumulateCt(&acc, k);
      } else {
        table->AccumulateVartime(&acc, k);
      }
    } else {
      rest.push_back(gens.points[which[i]]);
      rest_k.push_back(k);
    }
    crypto::SecureWipe(k.data(), sizeof(k));
  }
  if (!rest.empty()) {
    acc = acc + (secret ? bls::G1MsmGlvCt(rest, rest_k) : bls::G1MsmGlvVartime(rest, rest_k));
    crypto::SecureWipe(rest_k.data(), rest_k.size() * sizeof(rest_k[0]));
  }
  return acc;
}

G1 ComputeB(const Generators& gens, const Fr& domain, std::span<const Fr> msgs, bool secret) {
  std::vector<size_t> which(msgs.size() + 1);
  std::vector<Fr> k;
  k.reserve(msgs.size() + 1);
  k.push_back(domain);
  for (size_t i = 0; i <= msgs.size(); ++i) which[i] = i;
  k.insert(k.end(), msgs.begin(), msgs.end());
  const G1 sum = GeneratorCombination(gens, which, k, secret);
  crypto::SecureWipe(k.data(), k.size() * sizeof(Fr));
  return P1() + sum;
}

Error InvalidSignature() { return Unauthenticated("invalid signature"); }
Error InvalidProof() { return Unauthenticated("invalid proof"); }

}  // namespace internal

ByteView ApiId() { return AsBytes(internal::kApiId); }

Result<Fr> HashToScalar(ByteView msg, ByteView dst) {
  auto bytes = crypto::bls12_381::ExpandMessageXmd(msg, dst, internal::kExpandLen);
  if (!bytes) return std::move(bytes).error();
  return crypto::bls12_381::FrFromWideBytes(*bytes);
}

Result<std::vector<Fr>> MessagesToScalars(std::span<const Bytes> messages) {
  if (messages.size() > kMaxMessages) return TooLarge("too many messages");
  const Bytes dst = internal::Dst("MAP_MSG_TO_SCALAR_AS_HASH_");
  std::vector<Fr> out;
  out.reserve(messages.size());
  for (const Bytes& m : messages) {
    auto s = HashToScalar(m, dst);
    if (!s) return std::move(s).error();
    out.push_back(*s);
  }
  return out;
}

Result<std::vector<Bytes>> CreateGenerators(size_t count) {
  if (count > kMaxMessages + 1) return TooLarge("too many generators");
  const internal::Generators g = internal::GetGenerators(count);
  std::vector<Bytes> out;
  for (const auto& e : g.encoded) out.emplace_back(e.begin(), e.end());
  return out;
}

}  // namespace signet::proofs::bbs
