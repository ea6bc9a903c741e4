#pragma once

// SD-JWT (+KB) verification by a relying party (RFC 9901 §7.1 and §7.3; SD-JWT VC
// draft-ietf-oauth-sd-jwt-vc §3.4). In order, cheapest first, stopping at the first failure:
//   1. size limits; the compact form splits into issuer JWT, disclosures and KB-JWT;
//   2. issuer JWT: allow-listed alg, accepted typ, iss present, signature under a key the
//      IssuerKeyResolver trusts for iss (kid narrows, alg must match the key type);
//   3. exp / nbf / iat against the clock with a configurable skew;
//   4. disclosures: digests, duplicates, unreferenced, reserved names (Unpack);
//   5. SD-JWT VC: vct present (for typ dc+sd-jwt / vc+sd-jwt);
//   6. key binding: KB-JWT present (if required), typ kb+jwt, allow-listed alg, signed by cnf.jwk,
//      aud and nonce equal to the expected ones, iat within the freshness window, sd_hash;
//   7. status (revocation) through the StatusChecker when the credential has a status claim
//      (no checker configured: fail closed with status_unavailable).
// Every failure is an Error whose reason (credentials/reason.h) names the first check that failed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "credentials/issuer_keys.h"
#include "credentials/json.h"
#include "credentials/status_list.h"

namespace signet::credentials::sdjwt {

// VerifyLimits bound one presentation.
struct VerifyLimits {
  size_t max_presentation_bytes = 64 * 1024;
  size_t max_disclosures = 128;
  JsonLimits json{.max_bytes = 32 * 1024, .max_depth = 16, .max_values = 4096};
  size_t max_claim_depth = 32;
};

// VerifyOptions configure a verification. Pointers are borrowed and must outlive the call.
struct VerifyOptions {
  const IssuerKeyResolver* issuer_keys = nullptr;  // required
  const StatusChecker* status = nullptr;           // required if credentials carry status
  const Clock* clock = &SystemClock::Default();
  std::string audience;                            // expected KB-JWT aud
  std::string nonce;                               // expected KB-JWT nonce
  bool require_key_binding = true;
  std::vector<std::string> accepted_types = {"dc+sd-jwt"};
  int64_t clock_skew_seconds = 60;
  int64_t max_key_binding_age_seconds = 300;
  VerifyLimits limits;
};

// Verified is a successfully verified presentation.
struct Verified {
  Json header;                    // issuer JWT header
  Json claims;                    // processed payload: plain + disclosed claims (no _sd/_sd_alg)
  std::string issuer;
  std::string type;               // header typ
  std::optional<int64_t> issued_at;
  std::optional<int64_t> expires_at;
  bool key_bound = false;         // a KB-JWT was verified
  std::vector<std::string> disclosed_paths;  // JSON Pointers of the disclosed values
};

// Verify verifies `presentation` (see the file comment). Never throws.
Result<Verified> Verify(std::string_view presentation, const VerifyOptions& options);

}  // namespace signet::credentials::sdjwt
