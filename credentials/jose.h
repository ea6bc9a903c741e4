#pragma once

// The JOSE subset credentials need: JWS Compact Serialization (RFC 7515 §7.1) with an
// allow-list of two algorithms, EdDSA over Ed25519 (RFC 8037) and ES256 (RFC 7518 §3.4), and
// public JWKs of exactly those key types (RFC 7517, RFC 8037 §2, RFC 7518 §6.2).
//
// Algorithm confusion is impossible by construction: a PublicJwk knows its one algorithm and
// verifies only under it, so an Ed25519 key presented with "alg":"ES256" (or the reverse), "none",
// any HMAC or RSA algorithm is rejected before a signature is even looked at. Keys are never taken
// from the token's own header (jwk, jku, x5c, ...): verifiers supply them.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "credentials/json.h"
#include "crypto/ecdsa_p256.h"
#include "crypto/ed25519.h"

namespace signet::credentials {

// JwsAlgorithm is one allow-listed JWS "alg".
enum class JwsAlgorithm { kEdDSA, kES256 };

// JwsAlgorithmName returns "EdDSA" or "ES256".
std::string_view JwsAlgorithmName(JwsAlgorithm alg);
// ParseJwsAlgorithm accepts exactly "EdDSA" and "ES256"; anything else ("none", "HS256", "RS256",
// "Ed25519", ...) is InvalidArgument("unsupported_algorithm").
Result<JwsAlgorithm> ParseJwsAlgorithm(std::string_view name);

// PublicJwk is a public verification key of one allow-listed type, with an optional key id.
// An immutable value; thread-safe.
class PublicJwk {
 public:
  // Ed25519 / P256 wrap an already validated key.
  static PublicJwk Ed25519(const crypto::Ed25519PublicKey& key, std::string kid = {});
  static PublicJwk P256(const crypto::EcdsaP256PublicKey& key, std::string kid = {});

  // FromJson parses {"kty":"OKP","crv":"Ed25519","x":...} or {"kty":"EC","crv":"P-256","x":...,
  // "y":...}; optional "kid" (string), "use" (must be "sig") and "alg" (must match the key type).
  // Private members (d, ...) are refused: a private key must never travel as a public JWK.
  // With `trusted` the Ed25519 key is also proven to be in the prime-order subgroup (do this for
  // keys that verify many tokens, i.e. issuer keys); one-shot holder keys skip that cost (see
  // crypto/ed25519_verify.h). Errors: InvalidArgument("invalid_key: ...").
  static Result<PublicJwk> FromJson(const Json& jwk, bool trusted);

  // ToJson renders the public JWK (kty, crv, x[, y][, kid]).
  Json ToJson() const;
  // Thumbprint returns the RFC 7638 SHA-256 thumbprint, base64url.
  std::string Thumbprint() const;

  JwsAlgorithm algorithm() const { return alg_; }
  const std::string& kid() const { return kid_; }
  // ed25519_bytes returns the 32-byte key encoding of an EdDSA key, nullptr for other types.
  const std::array<uint8_t, 32>* ed25519_bytes() const {
    return alg_ == JwsAlgorithm::kEdDSA ? &ed25519_ : nullptr;
  }
  // SameKey compares the key material (not the kid).
  bool SameKey(const PublicJwk& other) const;

  // Verify checks `signature` over `signing_input` under `alg`. InvalidArgument
  // ("algorithm_key_mismatch") if `alg` is not this key's algorithm, ("invalid_signature") if
  // the signature does not verify.
  Status Verify(JwsAlgorithm alg, ByteView signing_input, ByteView signature) const;

 private:
  PublicJwk(JwsAlgorithm alg, std::string kid) : alg_(alg), kid_(std::move(kid)) {}

  JwsAlgorithm alg_;
  std::string kid_;
  std::array<uint8_t, 32> ed25519_{};              // kEdDSA
  std::optional<crypto::EcdsaP256PublicKey> p256_;  // kES256
};

// JwsSigner produces JWS signatures with one key. Implementations are thread-safe.
class JwsSigner {
 public:
  virtual ~JwsSigner() = default;
  // algorithm is the JWS alg this signer produces.
  virtual JwsAlgorithm algorithm() const = 0;
  // public_jwk is the matching public key (with the kid put in JWS headers, if any).
  virtual const PublicJwk& public_jwk() const = 0;
  // Sign returns the raw JWS signature over `signing_input`.
  virtual Result<Bytes> Sign(ByteView signing_input) const = 0;
};

// Ed25519JwsSigner signs EdDSA with a borrowed key, which must outlive the signer.
class Ed25519JwsSigner final : public JwsSigner {
 public:
  explicit Ed25519JwsSigner(const crypto::Ed25519PrivateKey& key, std::string kid = {});
  JwsAlgorithm algorithm() const override { return JwsAlgorithm::kEdDSA; }
  const PublicJwk& public_jwk() const override { return jwk_; }
  Result<Bytes> Sign(ByteView signing_input) const override;

 private:
  const crypto::Ed25519PrivateKey& key_;
  PublicJwk jwk_;
};

// Es256JwsSigner signs ES256 with a borrowed key, which must outlive the signer.
class Es256JwsSigner final : public JwsSigner {
 public:
  explicit Es256JwsSigner(const crypto::EcdsaP256PrivateKey& key, std::string kid = {});
  JwsAlgorithm algorithm() const override { return JwsAlgorithm::kES256; }
  const PublicJwk& public_jwk() const override { return jwk_; }
  Result<Bytes> Sign(ByteView signing_input) const override;

 private:
  const crypto::EcdsaP256PrivateKey& key_;
  PublicJwk jwk_;
};

// DecodedJws is a parsed, NOT yet verified, compact JWS. `signing_input` views the caller's
// string ("<header>.<payload>"), which must outlive this value.
struct DecodedJws {
  Json header;
  Json payload;
  Bytes signature;
  JwsAlgorithm alg = JwsAlgorithm::kEdDSA;
  std::string_view signing_input;
};

// DecodeJws splits and decodes a compact JWS: three base64url parts, a JSON-object header with an
// allow-listed "alg" and no "crit", and a JSON-object payload. Reasons: malformed,
// base64url_malformed, json_*, unsupported_algorithm, crit_unsupported, input_too_large.
Result<DecodedJws> DecodeJws(std::string_view compact, const JsonLimits& limits);

// EncodeJws serialises `payload` under `header` (whose "alg" and, when the signer's key has one,
// "kid" are set here) and signs it.
Result<std::string> EncodeJws(Json header, const Json& payload, const JwsSigner& signer);

// VerifyJws checks `jws` against the candidate `keys`: when the header names a "kid", only keys
// without a kid or with that kid are tried. Reasons: unknown_issuer (no candidate key at all),
// algorithm_key_mismatch (candidates exist but none is of the header's algorithm),
// invalid_signature.
Status VerifyJws(const DecodedJws& jws, std::span<const PublicJwk> keys);

}  // namespace signet::credentials
