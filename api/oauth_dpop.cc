#include "api/oauth_dpop.h"

#include "api/oauth_util.h"
#include "base/encoding.h"
#include "credentials/jose.h"
#include "credentials/json.h"
#include "crypto/sha2.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr size_t kMaxProofBytes = 4096;
constexpr size_t kMaxJtiBytes = 256;

Error Invalid(std::string reason) {
  return Error(ErrorCode::kUnauthenticated, "invalid DPoP proof", std::move(reason));
}

// CheckClaims checks the payload claims other than the jti replay.
Status CheckClaims(const Json& payload, const DpopExpectation& expect) {
  const std::string* htm = credentials::StringMember(payload, "htm");
  if (htm == nullptr || *htm != expect.method) return Invalid("htm mismatch");
  const std::string* htu = credentials::StringMember(payload, "htu");
  const std::string want = NormalizeHttpUri(expect.uri);
  if (htu == nullptr || want.empty() || NormalizeHttpUri(*htu) != want) {
    return Invalid("htu mismatch");
  }
  auto iat = credentials::NumericDateMember(payload, "iat");
  if (!iat || *iat > expect.now + kDpopSkewSeconds || *iat < expect.now - kDpopSkewSeconds) {
    return Invalid("iat outside the accepted window");
  }
  const std::string* ath = credentials::StringMember(payload, "ath");
  if (expect.access_token) {
    const std::string want_ath = Base64UrlEncode(crypto::Sha256(AsBytes(*expect.access_token)));
    if (ath == nullptr || *ath != want_ath) return Invalid("ath mismatch");
  }
  return OkStatus();
}

// Proof is a decoded, not yet verified, compact JWS.
struct Proof {
  Json header;
  Json payload;
  Bytes signature;
  credentials::JwsAlgorithm alg = credentials::JwsAlgorithm::kEdDSA;
};

// ParseAlg accepts EdDSA, its RFC 9864 fully-specified name Ed25519 (what oauth4webapi and the
// dpop package send for Ed25519 keys), and ES256; nothing else ("none", HMAC, RSA, ...).
std::optional<credentials::JwsAlgorithm> ParseAlg(const Json& header) {
  const std::string* alg = credentials::StringMember(header, "alg");
  if (alg == nullptr) return std::nullopt;
  if (*alg == "Ed25519") return credentials::JwsAlgorithm::kEdDSA;
  auto parsed = credentials::ParseJwsAlgorithm(*alg);
  if (!parsed) return std::nullopt;
  return *parsed;
}

// DecodeProof splits and decodes the compact JWS (the JSON parsing and key handling are the
// credentials/ ones; only the alg allow-list differs from credentials::DecodeJws).
Result<Proof> DecodeProof(std::string_view compact) {
  const size_t a = compact.find('.');
  const size_t b = a == std::string_view::npos ? a : compact.find('.', a + 1);
  if (b == std::string_view::npos || compact.find('.', b + 1) != std::string_view::npos) {
    return Invalid("malformed: not a compact JWS");
  }
  auto header = Base64UrlDecode(compact.substr(0, a));
  auto payload = Base64UrlDecode(compact.substr(a + 1, b - a - 1));
  auto signature = Base64UrlDecode(compact.substr(b + 1));
  if (!header || !payload || !signature) return Invalid("malformed: base64url");
  Proof p;
  auto h = credentials::ParseJson(AsStringView(*header), {.max_bytes = kMaxProofBytes});
  auto j = credentials::ParseJson(AsStringView(*payload), {.max_bytes = kMaxProofBytes});
  if (!h || !j || !h->is_object() || !j->is_object()) return Invalid("malformed: JSON");
  p.header = std::move(*h);
  p.payload = std::move(*j);
  p.signature = std::move(*signature);
  auto alg = ParseAlg(p.header);
  if (!alg) return Invalid("unsupported alg");
  if (p.header.contains("crit")) return Invalid("crit is not supported");
  p.alg = *alg;
  return p;
}

}  // namespace

Result<DpopKey> VerifyDpopProof(std::string_view proof, const DpopExpectation& expect,
                                storage::StateStore& replay) {
  if (proof.size() > kMaxProofBytes) return Invalid("proof too large");
  auto jws = DecodeProof(proof);
  if (!jws) return std::move(jws).error();
  const std::string_view signing_input = proof.substr(0, proof.rfind('.'));
  const std::string* typ = credentials::StringMember(jws->header, "typ");
  if (typ == nullptr || *typ != "dpop+jwt") return Invalid("typ is not dpop+jwt");
  const Json* jwk_json = credentials::Member(jws->header, "jwk");
  if (jwk_json == nullptr || !jwk_json->is_object()) return Invalid("no jwk");
  auto jwk = credentials::PublicJwk::FromJson(*jwk_json, false);
  if (!jwk) return Invalid("bad jwk: " + jwk.error().message());
  if (Status s = jwk->Verify(jws->alg, AsBytes(signing_input), jws->signature); !s.ok()) {
    return Invalid("signature: " + s.error().message());
  }
  if (Status s = CheckClaims(jws->payload, expect); !s.ok()) return std::move(s).error();
  const std::string* jti = credentials::StringMember(jws->payload, "jti");
  if (jti == nullptr || jti->empty() || jti->size() > kMaxJtiBytes) return Invalid("bad jti");
  DpopKey key{jwk->Thumbprint(), jwk->ToJson()};
  // The jti is unique per key: remember it (hashed, bounded key) past the freshness window.
  Status fresh = replay.PutIfAbsent(storage::ns::kNonces, "dpop:" + key.jkt + ":" + HashToken(*jti),
                                    AsBytes("1"), std::chrono::seconds(2 * kDpopSkewSeconds + 5));
  if (!fresh.ok()) {
    if (fresh.error().code() == ErrorCode::kAlreadyExists) return Invalid("jti replayed");
    return std::move(fresh).error();
  }
  return key;
}

Result<std::optional<std::string_view>> DpopHeader(const Request& req) {
  const size_t n = req.headers.Count("DPoP");
  if (n == 0) return std::optional<std::string_view>();
  if (n > 1) return InvalidArgument("more than one DPoP header");
  return std::optional<std::string_view>(*req.headers.Get("DPoP"));
}

}  // namespace signet::api
