#include "api/oauth_dpop.h"

#include "api/oauth_util.h"
#include "base/encoding.h"
#include "credentials/jose.h"
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

}  // namespace

Result<DpopKey> VerifyDpopProof(std::string_view proof, const DpopExpectation& expect,
                                storage::StateStore& replay) {
  if (proof.size() > kMaxProofBytes) return Invalid("proof too large");
  auto jws = credentials::DecodeJws(proof, {});
  if (!jws) return Invalid("malformed: " + jws.error().message());
  const std::string* typ = credentials::StringMember(jws->header, "typ");
  if (typ == nullptr || *typ != "dpop+jwt") return Invalid("typ is not dpop+jwt");
  const Json* jwk_json = credentials::Member(jws->header, "jwk");
  if (jwk_json == nullptr || !jwk_json->is_object()) return Invalid("no jwk");
  auto jwk = credentials::PublicJwk::FromJson(*jwk_json, false);
  if (!jwk) return Invalid("bad jwk: " + jwk.error().message());
  if (Status s = jwk->Verify(jws->alg, AsBytes(jws->signing_input), jws->signature); !s.ok()) {
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
