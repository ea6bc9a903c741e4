#pragma once

// DPoP proof verification (RFC 9449 §4.3) for the token endpoint and the protected resource.
//
// A proof is a compact JWS whose header has typ "dpop+jwt", an allow-listed alg (EdDSA, its
// RFC 9864 name Ed25519, or ES256; "none", HMAC and RSA are refused; no "crit") and the PUBLIC
// key as "jwk" (a private member is refused; the key type must match the alg); the payload carries jti, htm, htu and iat, and at the resource
// also ath = BASE64URL(SHA-256(access token)). The jti is remembered in the StateStore (namespace
// "nonces") until the proof could no longer be fresh, so a replayed proof is refused on every
// replica.
//
// Thread-safe; the replay store must outlive the call.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/http.h"
#include "base/result.h"
#include "credentials/json.h"
#include "storage/state_store.h"

namespace signet::api {

// kDpopSkewSeconds bounds |iat - now| of a DPoP proof.
inline constexpr int64_t kDpopSkewSeconds = 60;

// DpopExpectation is what a proof must match.
struct DpopExpectation {
  std::string_view method;                       // htm, e.g. "POST"
  std::string_view uri;                          // htu, compared after NormalizeHttpUri
  std::optional<std::string_view> access_token;  // set at the resource: ath must match
  int64_t now = 0;                               // Unix seconds
};

// DpopKey is the verified proof's key.
struct DpopKey {
  std::string jkt;        // RFC 7638 SHA-256 thumbprint, base64url
  credentials::Json jwk;  // the public JWK
};

// VerifyDpopProof checks `proof` against `expect` and records its jti in `replay`. Every failure
// is Unauthenticated("invalid DPoP proof") with the reason in the internal detail;
// storage failures are passed through (kUnavailable).
Result<DpopKey> VerifyDpopProof(std::string_view proof, const DpopExpectation& expect,
                                storage::StateStore& replay);

// DpopHeader returns the one DPoP header of `req`: nullopt when absent, InvalidArgument when
// repeated.
Result<std::optional<std::string_view>> DpopHeader(const Request& req);

}  // namespace signet::api
