#include "credentials/jose.h"

#include <algorithm>

#include "base/encoding.h"
#include "credentials/reason.h"
#include "crypto/ed25519_verify.h"
#include "crypto/sha2.h"

namespace signet::credentials {
namespace {

Error BadKey(std::string_view detail) {
  return CredentialError(ErrorCode::kInvalidArgument, reason::kInvalidKey, detail);
}
Error Malformed(std::string_view detail) {
  return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed, detail);
}

// DecodeCoordinate decodes a base64url JWK member of exactly 32 bytes.
Result<Bytes> DecodeCoordinate(const Json& jwk, std::string_view name) {
  const std::string* s = StringMember(jwk, name);
  if (s == nullptr) return BadKey("missing or non-string \"" + std::string(name) + "\"");
  Result<Bytes> b = Base64UrlDecode(*s);
  if (!b || b->size() != 32) return BadKey("\"" + std::string(name) + "\" must be 32 bytes");
  return b;
}

// CheckCommonMembers validates the members every key type shares.
Status CheckCommonMembers(const Json& jwk) {
  for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "k", "oth"}) {
    if (jwk.contains(secret)) return BadKey("private key member in a public JWK");
  }
  if (const Json* use = Member(jwk, "use"); use != nullptr && *use != "sig") {
    return BadKey("\"use\" must be \"sig\"");
  }
  if (const Json* kid = Member(jwk, "kid"); kid != nullptr && !kid->is_string()) {
    return BadKey("\"kid\" must be a string");
  }
  return OkStatus();
}

}  // namespace

std::string_view JwsAlgorithmName(JwsAlgorithm alg) {
  return alg == JwsAlgorithm::kEdDSA ? "EdDSA" : "ES256";
}

Result<JwsAlgorithm> ParseJwsAlgorithm(std::string_view name) {
  if (name == "EdDSA") return JwsAlgorithm::kEdDSA;
  if (name == "ES256") return JwsAlgorithm::kES256;
  return CredentialError(ErrorCode::kInvalidArgument, reason::kUnsupportedAlgorithm);
}

PublicJwk PublicJwk::Ed25519(const crypto::Ed25519PublicKey& key, std::string kid) {
  PublicJwk jwk(JwsAlgorithm::kEdDSA, std::move(kid));
  jwk.ed25519_ = key.bytes();
  return jwk;
}

PublicJwk PublicJwk::P256(const crypto::EcdsaP256PublicKey& key, std::string kid) {
  PublicJwk jwk(JwsAlgorithm::kES256, std::move(kid));
  jwk.p256_ = key;
  return jwk;
}

Result<PublicJwk> PublicJwk::FromJson(const Json& jwk, bool trusted) {
  if (!jwk.is_object()) return BadKey("JWK must be an object");
  if (Status s = CheckCommonMembers(jwk); !s) return std::move(s).error();
  const std::string* kty = StringMember(jwk, "kty");
  const std::string* crv = StringMember(jwk, "crv");
  const std::string* alg = StringMember(jwk, "alg");
  const std::string* kid = StringMember(jwk, "kid");
  std::string kid_value = kid != nullptr ? *kid : std::string();
  if (kty != nullptr && *kty == "OKP" && crv != nullptr && *crv == "Ed25519") {
    if (alg != nullptr && *alg != "EdDSA") return BadKey("\"alg\" does not match the key type");
    Result<Bytes> x = DecodeCoordinate(jwk, "x");
    if (!x) return std::move(x).error();
    if (trusted && !crypto::Ed25519PublicKey::FromBytes(*x)) return BadKey("not a valid Ed25519 key");
    PublicJwk out(JwsAlgorithm::kEdDSA, std::move(kid_value));
    std::copy(x->begin(), x->end(), out.ed25519_.begin());
    return out;
  }
  if (kty != nullptr && *kty == "EC" && crv != nullptr && *crv == "P-256") {
    if (alg != nullptr && *alg != "ES256") return BadKey("\"alg\" does not match the key type");
    Result<Bytes> x = DecodeCoordinate(jwk, "x");
    if (!x) return std::move(x).error();
    Result<Bytes> y = DecodeCoordinate(jwk, "y");
    if (!y) return std::move(y).error();
    Result<crypto::EcdsaP256PublicKey> key = crypto::EcdsaP256PublicKey::FromCoordinates(*x, *y);
    if (!key) return BadKey("not a point on P-256");
    return P256(*key, std::move(kid_value));
  }
  return BadKey("unsupported key type (OKP/Ed25519 and EC/P-256 only)");
}

Json PublicJwk::ToJson() const {
  Json j;
  if (alg_ == JwsAlgorithm::kEdDSA) {
    j = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Base64UrlEncode(ed25519_)}};
  } else {
    j = {{"kty", "EC"},
         {"crv", "P-256"},
         {"x", Base64UrlEncode(p256_->x())},
         {"y", Base64UrlEncode(p256_->y())}};
  }
  if (!kid_.empty()) j["kid"] = kid_;
  return j;
}

std::string PublicJwk::Thumbprint() const {
  // RFC 7638 §3.2: the required members only, lexicographic order, no whitespace.
  std::string canonical;
  if (alg_ == JwsAlgorithm::kEdDSA) {
    canonical = R"({"crv":"Ed25519","kty":"OKP","x":")" + Base64UrlEncode(ed25519_) + "\"}";
  } else {
    canonical = R"({"crv":"P-256","kty":"EC","x":")" + Base64UrlEncode(p256_->x()) +
                R"(","y":")" + Base64UrlEncode(p256_->y()) + "\"}";
  }
  return Base64UrlEncode(crypto::Sha256(AsBytes(canonical)));
}

bool PublicJwk::SameKey(const PublicJwk& other) const {
  if (alg_ != other.alg_) return false;
  return alg_ == JwsAlgorithm::kEdDSA ? ed25519_ == other.ed25519_ : *p256_ == *other.p256_;
}

Status PublicJwk::Verify(JwsAlgorithm alg, ByteView signing_input, ByteView signature) const {
  if (alg != alg_) return CredentialError(ErrorCode::kInvalidArgument, reason::kAlgorithmKeyMismatch);
  const Status s = alg_ == JwsAlgorithm::kEdDSA
                       ? crypto::Ed25519VerifyEncodedKey(ed25519_, signing_input, signature)
                       : p256_->Verify(signing_input, signature);
  if (!s) return CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidSignature);
  return OkStatus();
}

Ed25519JwsSigner::Ed25519JwsSigner(const crypto::Ed25519PrivateKey& key, std::string kid)
    : key_(key), jwk_(PublicJwk::Ed25519(key.public_key(), std::move(kid))) {}

Result<Bytes> Ed25519JwsSigner::Sign(ByteView signing_input) const {
  const crypto::Ed25519Signature sig = key_.Sign(signing_input);
  return Bytes(sig.begin(), sig.end());
}

Es256JwsSigner::Es256JwsSigner(const crypto::EcdsaP256PrivateKey& key, std::string kid)
    : key_(key), jwk_(PublicJwk::P256(key.public_key(), std::move(kid))) {}

Result<Bytes> Es256JwsSigner::Sign(ByteView signing_input) const {
  Result<crypto::EcdsaP256Signature> sig = key_.Sign(signing_input);
  if (!sig) return std::move(sig).error();
  return Bytes(sig->begin(), sig->end());
}

Result<DecodedJws> DecodeJws(std::string_view compact, const JsonLimits& limits) {
  if (compact.size() > limits.max_bytes) {
    return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge);
  }
  const size_t d1 = compact.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : compact.find('.', d1 + 1);
  if (d2 == std::string_view::npos || compact.find('.', d2 + 1) != std::string_view::npos ||
      d1 == 0 || d2 == d1 + 1) {
    return Malformed("a compact JWS has three parts");
  }
  Result<Bytes> header_bytes = Base64UrlDecode(compact.substr(0, d1));
  Result<Bytes> payload_bytes = Base64UrlDecode(compact.substr(d1 + 1, d2 - d1 - 1));
  Result<Bytes> signature = Base64UrlDecode(compact.substr(d2 + 1));
  if (!header_bytes || !payload_bytes || !signature) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kBase64Malformed);
  }
  DecodedJws out;
  Result<Json> header = ParseJson(AsStringView(*header_bytes), limits);
  if (!header) return std::move(header).error();
  if (!header->is_object()) return Malformed("JWS header must be an object");
  const std::string* alg = StringMember(*header, "alg");
  if (alg == nullptr) return CredentialError(ErrorCode::kInvalidArgument, reason::kUnsupportedAlgorithm);
  Result<JwsAlgorithm> parsed_alg = ParseJwsAlgorithm(*alg);
  if (!parsed_alg) return std::move(parsed_alg).error();
  if (header->contains("crit")) return CredentialError(ErrorCode::kInvalidArgument, reason::kCritUnsupported);
  // An unsigned JWS (empty signature) is refused even before the allow-listed algorithm's
  // signature check: "alg":"none" already failed above with unsupported_algorithm.
  if (signature->empty()) return Malformed("the JWS has no signature");
  Result<Json> payload = ParseJson(AsStringView(*payload_bytes), limits);
  if (!payload) return std::move(payload).error();
  if (!payload->is_object()) return Malformed("JWS payload must be an object");
  out.header = *std::move(header);
  out.payload = *std::move(payload);
  out.signature = *std::move(signature);
  out.alg = *parsed_alg;
  out.signing_input = compact.substr(0, d2);
  return out;
}

Result<std::string> EncodeJws(Json header, const Json& payload, const JwsSigner& signer) {
  header["alg"] = std::string(JwsAlgorithmName(signer.algorithm()));
  if (!signer.public_jwk().kid().empty() && !header.contains("kid")) {
    header["kid"] = signer.public_jwk().kid();
  }
  Result<std::string> h = DumpJson(header);
  if (!h) return std::move(h).error();
  Result<std::string> p = DumpJson(payload);
  if (!p) return std::move(p).error();
  std::string out = Base64UrlEncode(AsBytes(*h));
  out += '.';
  out += Base64UrlEncode(AsBytes(*p));
  Result<Bytes> sig = signer.Sign(AsBytes(out));
  if (!sig) return std::move(sig).error();
  out += '.';
  out += Base64UrlEncode(*sig);
  return out;
}

Status VerifyJws(const DecodedJws& jws, std::span<const PublicJwk> keys) {
  const std::string* kid = StringMember(jws.header, "kid");
  bool any_candidate = false;
  bool any_same_alg = false;
  for (const PublicJwk& key : keys) {
    if (kid != nullptr && !key.kid().empty() && key.kid() != *kid) continue;
    any_candidate = true;
    if (key.algorithm() != jws.alg) continue;
    any_same_alg = true;
    if (key.Verify(jws.alg, AsBytes(jws.signing_input), jws.signature)) return OkStatus();
  }
  if (!any_candidate) return CredentialError(ErrorCode::kUnauthenticated, reason::kUnknownIssuer);
  if (!any_same_alg) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kAlgorithmKeyMismatch);
  }
  return CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidSignature);
}

}  // namespace signet::credentials
