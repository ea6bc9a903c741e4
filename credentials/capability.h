#pragma once

// Capability tokens: what a vault grants an AI agent to do at one relying party, as a PASETO
// v4.public token signed by the vault's identity key (implicit assertion
// "signet:capability:v1", so no other v4.public token of the same key can pass for one):
//
//   {"iss": vault, "sub": agent, "aud": RP domain, "iat", "nbf"?, "exp" (RFC 3339), "jti",
//    "policy": {"one_time": true, "budget": {"alg": "sha-256", "anchor": w0, "units": n},
//               "max_amount": {"value": "50.00", "currency": "EUR"}, "permissions": [...],
//               "purpose": "...", "_sd": [digests], "_sd_alg": "sha-256"},
//    "cnf": {"k4": "k4.public...."}?, "status": {"status_list": {...}}?}
//
// Policy clauses may be selectively disclosed exactly like SD-JWT claims (salted digests in
// policy._sd, the clause disclosures beside the token). one_time and budget are never hidden:
// the verifier must see them to enforce them. A hidden clause counts as absent; a request that
// needs a hidden clause fails closed (clause_undisclosed).
//
// Presentation (one string, '~'-separated like an SD-JWT):
//   <token> ~ <clause disclosure>* ~ [pw.<k>.<w_k> ~] <binding token or empty>
// where pw.<k>.<w_k> spends a cumulative k units of the budget (payword.h), and the binding token
// (required when the token has cnf) is a v4.public token by the agent key (implicit assertion
// "signet:capability-binding:v1") over {"aud", "nonce", "iat", "cap_hash"}, cap_hash being
// base64url(SHA-256(everything before it)).
//
// Verification consumes state last, after every other check: a one-time token is recorded with
// StateStore::PutIfAbsent (a second use fails, on every replica sharing the store), a payword
// spend advances a per-token high-water mark with CompareAndSwap.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "credentials/issuer_keys.h"
#include "credentials/json.h"
#include "credentials/payword.h"
#include "credentials/sdjwt_disclosure.h"
#include "credentials/status_list.h"
#include "crypto/ed25519.h"
#include "storage/state_store.h"

namespace signet::credentials {

inline constexpr std::string_view kCapabilityAssertion = "signet:capability:v1";
inline constexpr std::string_view kCapabilityBindingAssertion = "signet:capability-binding:v1";

// Money is an exact amount in a currency (ISO 4217 code, three upper-case letters).
struct Money {
  std::string value;     // decimal text, e.g. "50.00"
  std::string currency;  // e.g. "EUR"
};

// MoneyToJson renders {"value": ..., "currency": ...}.
Json MoneyToJson(const Money& m);
// MoneyFromJson parses exactly {"value": decimal string, "currency": ISO 4217 code}.
Result<Money> MoneyFromJson(const Json& j);

// CapabilityBudget is a PayWord budget of `units` units (1..PaywordChain::kMaxLength).
struct CapabilityBudget {
  uint32_t units = 0;
  std::optional<Money> unit_value;  // what one unit is worth, if it is money
};

// CapabilityPolicy is what the agent may do.
struct CapabilityPolicy {
  std::vector<std::string> permissions;
  std::optional<Money> max_amount;
  std::optional<std::string> purpose;
  bool one_time = false;
  std::optional<CapabilityBudget> budget;
};

// CapabilityRequest is everything the vault decides when it issues a capability.
struct CapabilityRequest {
  std::string issuer;    // iss: the vault
  std::string subject;   // sub: the agent
  std::string audience;  // aud: the relying party's domain
  int64_t issued_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> not_before;
  std::string jti;       // empty: 128 random bits
  CapabilityPolicy policy;
  // Clauses to make selectively disclosable: any of "permissions", "max_amount", "purpose".
  std::vector<std::string> selectively_disclosed;
  size_t decoys = 0;
  std::optional<crypto::Ed25519PublicKey> agent_key;  // cnf: presentations must be bound
  std::optional<StatusReference> status;
};

// IssuedCapability is the token with everything the agent needs to present it.
struct IssuedCapability {
  std::string token;
  std::string jti;
  std::vector<sdjwt::Disclosure> clause_disclosures;
  std::optional<PaywordChain> budget_chain;  // the budget's seed: for the agent only
};

// IssueCapability signs a capability token with the vault identity key. InvalidArgument for an
// inconsistent request (exp <= iat, one_time together with a budget, hiding one_time/budget, bad
// money, unknown clause names).
Result<IssuedCapability> IssueCapability(const CapabilityRequest& request,
                                         const crypto::Ed25519PrivateKey& issuer_key);

// CapabilityBinding is what the agent signs to bind a presentation to one audience and nonce.
struct CapabilityBinding {
  std::string audience;
  std::string nonce;
  int64_t issued_at = 0;
  const crypto::Ed25519PrivateKey* agent_key = nullptr;
};

// CapabilitySpend spends the budget up to a cumulative `total` units.
struct CapabilitySpend {
  uint32_t total = 0;
  PaywordLink link{};
};

// PresentCapability assembles a presentation: the token, the disclosures of the clauses named in
// `reveal` (names or encoded disclosures from IssuedCapability), an optional spend and an optional
// binding.
Result<std::string> PresentCapability(std::string_view token,
                                      std::span<const sdjwt::Disclosure> disclosures,
                                      std::span<const std::string> reveal,
                                      const CapabilitySpend* spend,
                                      const CapabilityBinding* binding);

// CapabilityAction is what the relying party is about to do with the capability.
struct CapabilityAction {
  std::optional<std::string> permission;  // must be among the disclosed permissions
  std::optional<Money> amount;            // must not exceed the disclosed max_amount
};

// CapabilityVerifyOptions configure a verification. Pointers are borrowed.
struct CapabilityVerifyOptions {
  const IssuerKeyResolver* issuer_keys = nullptr;  // required (Ed25519 keys)
  const StatusChecker* status = nullptr;
  storage::StateStore* ledger = nullptr;           // required for one_time and budget tokens
  const Clock* clock = &SystemClock::Default();
  std::string audience;                            // the RP's domain: must equal aud
  std::string nonce;                               // checked in the binding token
  CapabilityAction action;
  std::vector<std::string> required_claims;        // names / JSON Pointers into the claims
  int64_t clock_skew_seconds = 60;
  int64_t max_binding_age_seconds = 300;
  size_t max_presentation_bytes = 32 * 1024;
  size_t max_disclosures = 16;
};

// VerifiedCapability is an accepted presentation.
struct VerifiedCapability {
  Json claims;  // registered claims + the disclosed policy (no _sd)
  std::string issuer;
  std::string subject;
  std::string jti;
  int64_t expires_at = 0;
  bool holder_bound = false;
  bool consumed = false;                 // a one-time token was consumed by this call
  std::optional<uint32_t> spent_total;   // budget: cumulative units after this spend
  std::optional<uint32_t> spent_now;     // budget: units spent by this presentation
};

// IsCapabilityPresentation reports whether `presentation` looks like a capability presentation.
bool IsCapabilityPresentation(std::string_view presentation);

// VerifyCapability verifies a presentation (signature, times, audience, disclosures, binding,
// status, action) and then consumes one-time tokens / advances the budget. Reasons:
// see credentials/reason.h (replayed, payword_*, budget_exceeded, permission_denied,
// amount_exceeds_limit, currency_mismatch, clause_undisclosed, ledger_unavailable, ...).
Result<VerifiedCapability> VerifyCapability(std::string_view presentation,
                                            const CapabilityVerifyOptions& options);

}  // namespace signet::credentials
