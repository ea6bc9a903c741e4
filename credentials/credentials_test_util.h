#pragma once

// Shared fixtures for the credentials tests (header-only; not part of the library).

#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "credentials/issuer_keys.h"
#include "credentials/jose.h"
#include "credentials/sdjwt_issue.h"
#include "crypto/ed25519.h"

namespace signet::credentials::testing {

inline constexpr char kIssuer[] = "https://vault.example/u/alice";
inline constexpr char kAudience[] = "https://shop.example";
inline constexpr char kNonce[] = "n-0S6_WzA2Mj";
inline constexpr int64_t kNow = 1'800'000'000;

// Party is a key with a JWS signer over it.
struct Party {
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  Ed25519JwsSigner signer{key};
};

// IdentityClaims are the claims of the test credential: ten selectively disclosable claims,
// one of them a nested object with its own disclosable members, one an array.
inline Json IdentityClaims() {
  return {{"given_name", "Alice"},
          {"family_name", "Example"},
          {"email", "alice@example.org"},
          {"age_over_18", true},
          {"age_over_21", true},
          {"age_over_65", false},
          {"balance_above_1000", true},
          {"nationality", "DE"},
          {"address", {{"street", "Main St 1"}, {"locality", "Berlin"}, {"country", "DE"}}},
          {"languages", {"de", "en", "fr"}}};
}

// IdentityFrame makes all ten top-level claims disclosable, plus address members, plus two of the
// three languages, with decoys.
inline sdjwt::DisclosureFrame IdentityFrame() {
  sdjwt::DisclosureFrame f;
  const Json claims = IdentityClaims();
  for (auto it = claims.begin(); it != claims.end(); ++it) f.sd.push_back(it.key());
  f.decoys = 2;
  f.properties["address"].sd = {"street", "locality"};
  f.properties["languages"].sd_items = {0, 2};
  f.properties["languages"].decoys = 1;
  return f;
}

// VcFor returns SD-JWT VC claims for `holder` at kNow.
inline sdjwt::VcClaims VcFor(const Party& holder) {
  sdjwt::VcClaims vc;
  vc.issuer = kIssuer;
  vc.vct = "urn:signet:identity:1";
  vc.issued_at = kNow - 60;
  vc.expires_at = kNow + 3600;
  vc.holder_key = PublicJwk::Ed25519(holder.key.public_key());
  vc.claims = IdentityClaims();
  return vc;
}

// Trust returns a trust list with `issuer` trusted for kIssuer.
inline std::unique_ptr<TrustList> Trust(const Party& issuer) {
  auto t = std::make_unique<TrustList>();
  t->Add(kIssuer, PublicJwk::Ed25519(issuer.key.public_key()));
  return t;
}

inline FakeClock ClockAt(int64_t unix_seconds) { return FakeClock(Time(std::chrono::seconds(unix_seconds))); }

}  // namespace signet::credentials::testing
