#pragma once

// The vault's BBS credential (draft-irtf-cfrg-bbs-signatures, BLS12-381-SHA-256): one BBS
// signature by the vault's BBS key over one message per claim, from which every BBS proof of
// signet_get_proof is derived with selective disclosure.
//
//   messages  one per claim, UTF-8 of `name=<JSON value>`, in ascending byte order of the claim
//             names (the fixed, documented order; docs/credentials.md "BBS credential"). The
//             claims are the vault's Tier-1 values, the precomputed booleans of
//             credentials::DerivationRules whose source is in the vault (age_over_18/21/65,
//             balance_above_100/1000/10000), and any other claim a presentation asked for.
//   header    {"iss": issuer, "iat": n, "exp": n, "claims": [the names, in message order]};
//             signed, and disclosed with every proof.
//
// The credential is kept sealed in the vault (system record "credentials.bbs") and reused while
// it is still valid for a whole presentation lifetime, the vault index generation and the UTC
// day (the age booleans) are those it was issued for, and it holds every requested claim with
// the same value. Otherwise a new one is issued over the current claims and stored (the last
// writer wins; either credential is valid).
//
// Thread-safe as far as the vault is: concurrent calls may both issue; neither is wrong.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "mcp/json_rpc.h"
#include "mcp/tenant_vaults.h"

namespace signet::mcp {

// kBbsCredentialRecord is the vault system record holding the sealed credential.
inline constexpr std::string_view kBbsCredentialRecord = "credentials.bbs";

// BbsCredential is an issued credential: what ProofGen needs besides the key.
struct BbsCredential {
  std::string header;              // the signed header text
  int64_t expires_at = 0;          // the header's exp
  std::vector<std::string> names;  // claim names, in message order
  std::vector<Bytes> messages;     // `name=<JSON>`, in the same order
  Bytes signature;                 // the 80-byte BBS signature
  Bytes public_key;                // the signer's 96-byte public key
  bool reused = false;             // true if it came from the vault, not issued now
};

// BbsCredentialRequest says which credential a presentation needs.
struct BbsCredentialRequest {
  std::string issuer;
  uint64_t index_generation = 0;
  std::string day;         // YYYY-MM-DD (UTC) the claims were computed on
  int64_t now = 0;
  int64_t validity = 0;    // lifetime of a newly issued credential, seconds
  int64_t min_remaining = 0;  // a stored credential must stay valid this long to be reused
};

// BbsKeyPair is the vault's BBS issuer key (derived from the keyring's BBS seed).
struct BbsKeyPair {
  crypto::SecretBytes secret;
  Bytes public_key;  // 96 bytes
};
// VaultBbsKeys derives the vault's BBS key pair (KeyGen and SkToPk, draft §3.4).
Result<BbsKeyPair> VaultBbsKeys(TenantVault& vault);

// BbsMessage encodes one claim as a BBS message.
std::string BbsMessage(const std::string& name, const Json& value);

// SignBbsCredential signs a credential over exactly `claims` (a JSON object) with `secret_key`
// (whose public key is `public_key`). Does not store it.
Result<BbsCredential> SignBbsCredential(const crypto::SecretBytes& secret_key, ByteView public_key,
                                        const std::string& issuer, int64_t now,
                                        int64_t expires_at, const Json& claims);

// VaultBbsCredential returns the vault's credential holding every claim of `requested` with
// its value: the stored one when it can be reused (file comment), else a new one over
// `available()` merged with `requested`, stored before it is returned. `available` is called
// only when a credential must be issued.
Result<BbsCredential> VaultBbsCredential(TenantVault& vault, const BbsCredentialRequest& request,
                                         const Json& requested,
                                         const std::function<Json()>& available);

}  // namespace signet::mcp
