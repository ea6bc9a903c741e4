#pragma once

// Test helpers for the OAuth tests: DPoP proofs made by hand so that every field can be wrong.

#include <string>

#include "base/encoding.h"
#include "credentials/jose.h"
#include "crypto/ecdsa_p256.h"
#include "crypto/ed25519.h"
#include "crypto/sha2.h"

namespace signet::api::testing {

// SignJws builds "<b64(header)>.<b64(payload)>.<b64(sig)>" with `signer`, whatever the header
// says (so "alg":"none" or "HS256" can be tested).
inline std::string SignJws(const credentials::Json& header, const credentials::Json& payload,
                           const credentials::JwsSigner& signer) {
  const std::string input =
      Base64UrlEncode(AsBytes(header.dump())) + "." + Base64UrlEncode(AsBytes(payload.dump()));
  auto sig = signer.Sign(AsBytes(input));
  return input + "." + Base64UrlEncode(*sig);
}

// DpopClaims are the payload fields of a proof.
inline credentials::Json DpopPayload(std::string htm, std::string htu, int64_t iat,
                                     std::string jti) {
  return {{"htm", std::move(htm)}, {"htu", std::move(htu)}, {"iat", iat}, {"jti", std::move(jti)}};
}

// DpopHeaderFor is the standard header for `signer`.
inline credentials::Json DpopHeaderFor(const credentials::JwsSigner& signer) {
  return {{"typ", "dpop+jwt"},
          {"alg", std::string(credentials::JwsAlgorithmName(signer.algorithm()))},
          {"jwk", signer.public_jwk().ToJson()}};
}

// Ath is BASE64URL(SHA-256(token)).
inline std::string Ath(std::string_view token) {
  return Base64UrlEncode(crypto::Sha256(AsBytes(token)));
}

}  // namespace signet::api::testing
