#pragma once

// PASETO version 4 (paseto-standard/paseto-spec, docs/01-Protocol-Versions/Version4.md):
// v4.public (Ed25519 over PAE(h, m, f, i)) and v4.local (XChaCha20 + BLAKE2b-MAC, keys split from
// the input key with keyed BLAKE2b and a 32-byte random nonce), with footers and implicit
// assertions; PASERK k4.public / k4.secret / k4.local key strings (paseto-standard/paserk); and
// the registered claims (iss, sub, aud, exp, nbf, iat, jti; times as RFC 3339 strings).
//
// Keys are typed (Ed25519PublicKey, Ed25519PrivateKey, LocalKey), so a key can only be used for
// the one version and purpose it belongs to ("algorithm lucidity"); a token whose header is not
// exactly the expected "v4.public." / "v4.local." is refused with wrong_header before anything
// else is decoded.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "credentials/json.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"

namespace signet::credentials::paseto {

inline constexpr std::string_view kPublicHeader = "v4.public.";
inline constexpr std::string_view kLocalHeader = "v4.local.";
inline constexpr size_t kMaxTokenBytes = 64 * 1024;

// Pae is PASETO's pre-authentication encoding: LE64(count) || (LE64(len) || piece)... with the
// most significant bit of every LE64 cleared (Common.md, "Authentication Padding").
Bytes Pae(std::span<const ByteView> pieces);

// Token is an authenticated message and footer.
struct Token {
  Bytes message;
  Bytes footer;
};

// SignPublic returns "v4.public." + base64url(m || sig) [+ "." + base64url(f)].
std::string SignPublic(const crypto::Ed25519PrivateKey& key, ByteView message,
                       ByteView footer = {}, ByteView implicit_assertion = {});

// VerifyPublic verifies a v4.public token. With `expected_footer` the footer must equal it
// (constant time). Reasons: input_too_large, wrong_header, malformed, base64url_malformed,
// footer_mismatch, invalid_signature.
Result<Token> VerifyPublic(const crypto::Ed25519PublicKey& key, std::string_view token,
                           ByteView implicit_assertion = {},
                           std::optional<ByteView> expected_footer = std::nullopt);
// VerifyPublicEncodedKey is VerifyPublic with a one-shot key given as its 32-byte encoding (see
// crypto/ed25519_verify.h).
Result<Token> VerifyPublicEncodedKey(ByteView public_key, std::string_view token,
                                     ByteView implicit_assertion = {},
                                     std::optional<ByteView> expected_footer = std::nullopt);

// LocalKey is a 32-byte v4.local key. Move-only; wiped on destruction; thread-safe to share.
class LocalKey {
 public:
  static constexpr size_t kSize = 32;
  // FromBytes adopts a 32-byte key.
  static Result<LocalKey> FromBytes(const crypto::SecretBytes& key);
  // Generate makes a key from the OS CSPRNG.
  static LocalKey Generate();
  // Export copies the raw key out (to seal it at rest).
  crypto::SecretBytes Export(crypto::SecretAccess access) const { return key_.Clone(access); }

 private:
  explicit LocalKey(crypto::SecretBytes key) : key_(std::move(key)) {}
  friend Result<std::string> EncryptWithNonce(const LocalKey&, ByteView, ByteView, ByteView,
                                              ByteView);
  friend Result<Token> Decrypt(const LocalKey&, std::string_view, ByteView,
                               std::optional<ByteView>);

  crypto::SecretBytes key_;
};

// Encrypt returns a v4.local token for `message` with a fresh random nonce.
std::string Encrypt(const LocalKey& key, ByteView message, ByteView footer = {},
                    ByteView implicit_assertion = {});
// EncryptWithNonce encrypts with a caller-chosen 32-byte nonce. Only for reproducing test
// vectors: reusing a nonce with one key is catastrophic.
Result<std::string> EncryptWithNonce(const LocalKey& key, ByteView nonce, ByteView message,
                                     ByteView footer, ByteView implicit_assertion);
// Decrypt authenticates and decrypts a v4.local token. Reasons: as VerifyPublic, with
// invalid_signature for a failed MAC.
Result<Token> Decrypt(const LocalKey& key, std::string_view token, ByteView implicit_assertion = {},
                      std::optional<ByteView> expected_footer = std::nullopt);

// PASERK (paseto-standard/paserk): "k4.public." + base64url(32-byte key), "k4.secret." +
// base64url(seed || public key), "k4.local." + base64url(key). The secret forms are returned as
// SecretBytes holding the ASCII string.
std::string PaserkPublic(const crypto::Ed25519PublicKey& key);
Result<crypto::Ed25519PublicKey> ParsePaserkPublic(std::string_view paserk);
crypto::SecretBytes PaserkSecret(const crypto::Ed25519PrivateKey& key);
// ParsePaserkSecret also checks that the embedded public key matches the seed.
Result<crypto::Ed25519PrivateKey> ParsePaserkSecret(std::string_view paserk);
crypto::SecretBytes PaserkLocal(const LocalKey& key);
Result<LocalKey> ParsePaserkLocal(std::string_view paserk);

// ClaimsCheck is what ParseClaims enforces on the registered claims.
struct ClaimsCheck {
  const Clock* clock = &SystemClock::Default();
  int64_t clock_skew_seconds = 60;
  bool require_expiration = true;     // refuse tokens without exp
  std::optional<std::string> audience;  // aud must equal
  std::optional<std::string> issuer;    // iss must equal
  JsonLimits json{.max_bytes = 32 * 1024, .max_depth = 16, .max_values = 4096};
};

// CheckClaims checks the registered claims of an already parsed claims object (see ParseClaims).
Status CheckClaims(const Json& claims, const ClaimsCheck& check);

// ParseClaims parses a token's message as a JSON object strictly and checks the registered claims:
// iss/sub/aud/jti must be strings when present; exp/nbf/iat RFC 3339 strings; exp not passed
// (expired), nbf reached (not_yet_valid), iat not in the future (issued_in_future); aud and iss as
// required (audience_mismatch, unknown_issuer).
Result<Json> ParseClaims(ByteView message, const ClaimsCheck& check);

}  // namespace signet::credentials::paseto
