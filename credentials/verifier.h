#pragma once

// PresentationVerifier: the relying-party check behind POST /verify (ARCHITECTURE.md §5.3), also
// usable as a C++ library without a vault. It takes a presentation plus the relying party's own
// expectations (audience, nonce, required claims, intended action) and answers
//   {valid, format, issuer, claims, expires_at, errors[]}
// for SD-JWT VCs with key binding (format "dc+sd-jwt") and capability tokens ("capability").
// It is never valid for anything unsigned, expired, replayed, bound to another audience or nonce,
// or revoked: every such case yields valid = false with the reason (credentials/reason.h) in
// errors[0].code. Storage or status-list outages are errors too (fail closed).
//
// Thread safety: Verify is const and may be called concurrently; the configured resolver, status
// checker and ledger must be thread-safe (the provided implementations are).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "credentials/capability.h"
#include "credentials/issuer_keys.h"
#include "credentials/json.h"
#include "credentials/sdjwt_verify.h"
#include "credentials/status_list.h"
#include "storage/state_store.h"

namespace signet::credentials {

// VerifyRequest is one verification request.
struct VerifyRequest {
  std::string presentation;
  std::string audience;                      // the relying party (KB-JWT aud / capability aud)
  std::string nonce;                         // the relying party's fresh nonce
  std::vector<std::string> required_claims;  // names or JSON Pointers that must be disclosed
  CapabilityAction action;                   // capability tokens: what is about to be done
};

// VerifyIssue is one reason a presentation was not accepted.
struct VerifyIssue {
  std::string code;     // a reason from credentials/reason.h, or an ErrorCode name
  std::string message;  // human-readable, never secret
};

// VerifyResult is the verdict.
struct VerifyResult {
  bool valid = false;
  std::string format = "unknown";  // "dc+sd-jwt", "capability" or "unknown"
  std::string issuer;
  Json claims = Json::object();  // disclosed claims (empty unless valid)
  std::optional<int64_t> expires_at;
  std::vector<VerifyIssue> errors;
  Json capability;  // capability tokens: {"subject", "consumed", "spent_total", ...}
};

// VerifierConfig wires the verifier. Pointers are borrowed and must outlive the verifier.
struct VerifierConfig {
  const IssuerKeyResolver* issuer_keys = nullptr;  // required
  const StatusChecker* status = nullptr;           // required for credentials with a status claim
  storage::StateStore* ledger = nullptr;           // required for one-time / budgeted capabilities
  const Clock* clock = &SystemClock::Default();
  int64_t clock_skew_seconds = 60;
  int64_t max_key_binding_age_seconds = 300;
  std::vector<std::string> accepted_sd_jwt_types = {"dc+sd-jwt"};
  sdjwt::VerifyLimits sd_jwt_limits;
  size_t max_request_bytes = 96 * 1024;  // POST /verify body
};

class PresentationVerifier {
 public:
  explicit PresentationVerifier(VerifierConfig config) : config_(std::move(config)) {}

  // Verify checks one presentation; it never throws and never returns valid on any failure.
  VerifyResult Verify(const VerifyRequest& request) const;

  const VerifierConfig& config() const { return config_; }

 private:
  VerifyResult VerifySdJwt(const VerifyRequest& request) const;
  VerifyResult VerifyCapabilityToken(const VerifyRequest& request) const;
  // Proof bundles (credentials/proof_bundles.cc): a JSON object as the presentation.
  VerifyResult VerifyProofBundle(const VerifyRequest& request) const;
  VerifyResult VerifyBbs(const VerifyRequest& request, const Json& bundle) const;
  VerifyResult VerifyRange(const VerifyRequest& request, const Json& bundle) const;

  VerifierConfig config_;
};

// ParseVerifyRequest parses the POST /verify body strictly:
//   {"presentation": string, "audience": string, "nonce": string,
//    "claims": [string]?, "action": {"permission": string?, "amount": {"value","currency"}?}?}
// Unknown members, duplicate keys, wrong types, empty presentation/audience/nonce and oversize
// bodies are errors (reasons json_*, malformed, input_too_large).
Result<VerifyRequest> ParseVerifyRequest(std::string_view body, size_t max_bytes);

// VerifyResultToJson renders the response body: {"valid", "format", "issuer", "claims",
// "expires_at" (NumericDate or null), "errors": [{"code", "message"}], "capability"?}.
Json VerifyResultToJson(const VerifyResult& result);
Json VerifyResultToJson(VerifyResult&& result);

// IssueFromError turns an Error into a VerifyIssue (internal errors say only "internal error").
VerifyIssue IssueFromError(const Error& e);

}  // namespace signet::credentials
