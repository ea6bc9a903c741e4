#pragma once

// The workload shared by credentials_bench and the JS anchors (anchors.mjs mirrors it exactly):
// an SD-JWT VC with ten selectively disclosable top-level claims, EdDSA issuer and holder keys,
// presentations revealing three of them with a KB-JWT; PASETO v4.public over a capability-sized
// claims object.

#include <string>
#include <vector>

#include "credentials/json.h"
#include "credentials/sdjwt_issue.h"

namespace signet::credentials::bench {

inline constexpr char kIssuer[] = "https://vault.example/u/alice";
inline constexpr char kAudience[] = "https://shop.example";
inline constexpr char kNonce[] = "bench-nonce-0123456789";
inline constexpr int64_t kNow = 1'800'000'000;

inline Json TenClaims() {
  return {{"given_name", "Alice"},         {"family_name", "Example"},
          {"email", "alice@example.org"},  {"phone_number", "+49 30 1234567"},
          {"birth_country", "DE"},         {"nationality", "DE"},
          {"age_over_18", true},           {"age_over_21", true},
          {"age_over_65", false},          {"balance_above_1000", true}};
}

inline sdjwt::DisclosureFrame TenFrame() {
  sdjwt::DisclosureFrame f;
  const Json claims = TenClaims();
  for (auto it = claims.begin(); it != claims.end(); ++it) f.sd.push_back(it.key());
  return f;
}

inline std::vector<std::string> RevealThree() { return {"age_over_18", "nationality", "email"}; }

inline Json PasetoClaims() {
  return {{"iss", kIssuer},
          {"sub", "agent:42"},
          {"aud", "shop.example"},
          {"iat", "2025-01-01T00:00:00Z"},
          {"exp", "2099-01-15T09:00:00Z"},
          {"jti", "q8Vv7cFh0lGmC0Kc9bJ8sA"},
          {"policy", {{"permissions", {"purchase"}}, {"max_amount", {{"value", "50.00"}, {"currency", "EUR"}}}}}};
}

}  // namespace signet::credentials::bench
