#pragma once

// The credential commands of the `signet` CLI (docs/credentials.md):
//
//   signet credential issue --label L[,L...] [--derive age_over_21,balance_above_100,...]
//          (--holder-key FILE | --holder-jwk JSON | --new-holder-key FILE)
//          [--vct URN] [--ttl 30d] [--out FILE] [--json]
//       issues an SD-JWT VC (typ dc+sd-jwt) signed by the vault identity key with
//       iss = <public base>/t/<tenant>: every --label value and every derived claim is
//       selectively disclosable, the holder key goes into cnf.jwk, a status list entry is
//       allocated (revocation), and the credential is recorded in the vault's issued-credential
//       registry (system record "_signet.credentials"; the registry keeps metadata, never the
//       credential or the values). The credential is printed (or written to --out).
//   signet credential list [--json]
//   signet credential revoke ID [--json]           flips the credential's status list bit
//   signet present --credential FILE|- --holder-key FILE --audience A --nonce N
//          [--claims C[,C...]] [--json]
//       a presentation disclosing the named claims with a KB-JWT (aud, nonce, iat, sd_hash)
//       signed by the holder key (no vault needed)
//   signet verify --presentation FILE|- --audience A --nonce N [--claims C,...]
//          [--server URL] [--json]
//       the /verify verdict, computed in-process over the configured vault storage (our own
//       issuers and credentials.trusted_issuers) or POSTed to URL/verify. Exit 0 only when valid.
//
// Holder key files are Ed25519 private JWKs ({"kty":"OKP","crv":"Ed25519","x","d"}), written
// with mode 0600. Every command prints one line on stderr on failure; exit codes as in
// cli/commands.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "credentials/jose.h"
#include "crypto/ed25519.h"

namespace signet::cli {

// IssuedCredential is one entry of the issued-credential registry.
struct IssuedCredential {
  std::string id;  // the credential's jti
  std::string vct;
  std::string holder;               // RFC 7638 thumbprint of the holder key
  std::vector<std::string> claims;  // claim names (never values)
  int64_t issued_at = 0;
  int64_t expires_at = 0;
  std::string status_uri;
  uint64_t status_index = 0;
  std::optional<int64_t> revoked_at;
};

// kMaxIssuedCredentials bounds the registry.
inline constexpr size_t kMaxIssuedCredentials = 4096;

// ParseCredentialRegistry reads the registry record ({"version": 1, "credentials": [...]}),
// strictly. SerializeCredentialRegistry writes it.
Result<std::vector<IssuedCredential>> ParseCredentialRegistry(std::string_view text);
std::string SerializeCredentialRegistry(const std::vector<IssuedCredential>& entries);

// HolderKeyJwk renders an Ed25519 private key as a private JWK (with "d").
std::string HolderKeyJwk(const crypto::Ed25519PrivateKey& key);
// ParseHolderKey reads a private JWK written by HolderKeyJwk; the "x" member must match "d".
Result<crypto::Ed25519PrivateKey> ParseHolderKey(std::string_view jwk_text);
// HolderPublicJwk reads a holder's public JWK (a private one is accepted and reduced to its
// public part).
Result<credentials::PublicJwk> HolderPublicJwk(std::string_view jwk_text);

// RunCredentialCommand runs `cmd` ("credential", "present" or "verify"); nullopt for other
// commands.
std::optional<int> RunCredentialCommand(const std::string& cmd,
                                        const std::vector<std::string>& rest);

}  // namespace signet::cli
