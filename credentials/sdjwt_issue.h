#pragma once

// SD-JWT issuance (RFC 9901 §4) and SD-JWT VC issuance (draft-ietf-oauth-sd-jwt-vc §3: header
// typ "dc+sd-jwt"; vct, iss, iat/nbf/exp as NumericDate, cnf.jwk holder binding, optional status;
// iss, nbf, exp, cnf, vct, vct#integrity and status are never selectively disclosable).
//
//   sdjwt::DisclosureFrame frame;
//   frame.sd = {"age_over_18", "given_name"};
//   frame.decoys = 2;
//   sdjwt::VcClaims vc{.issuer = "https://vault.example", .vct = "urn:signet:identity", ...};
//   Result<sdjwt::Issued> issued = sdjwt::IssueVc(vc, frame, signer);
//   std::string credential = issued->Serialize();   // "<JWT>~<d1>~...~<dn>~"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "credentials/jose.h"
#include "credentials/json.h"
#include "credentials/sdjwt_disclosure.h"
#include "credentials/status_list.h"

namespace signet::credentials::sdjwt {

// The SD-JWT VC media type / header typ.
inline constexpr std::string_view kVcType = "dc+sd-jwt";

// DisclosureFrame says which parts of a claims object become selectively disclosable. It mirrors
// the claims: `sd` lists property names of this object (or `sd_items` element indexes of this
// array) to replace by digests; `properties` / `items` recurse into children (a child can be both
// disclosable itself and contain disclosable parts: a recursive disclosure, RFC 9901 §6.3);
// `decoys` adds that many decoy digests at this level (§4.2.5).
struct DisclosureFrame {
  std::vector<std::string> sd;
  std::vector<size_t> sd_items;
  size_t decoys = 0;
  std::map<std::string, DisclosureFrame> properties;
  std::map<size_t, DisclosureFrame> items;
};

// ParseDisclosureFrame reads a frame written as JSON: {"_sd": ["a", "b"], "_sd_decoy": 2,
// "address": {"_sd": ["street"]}, "nationalities": {"_sd": [0, 1]}}; under an array, numeric keys
// ("0") address items. The same shape sd-jwt-js accepts.
Result<DisclosureFrame> ParseDisclosureFrame(const Json& frame);

// SaltSource returns a fresh salt. The default draws 128 bits from the OS CSPRNG (base64url);
// tests may inject fixed salts.
using SaltSource = std::function<std::string()>;
// RandomSalt is the default SaltSource.
std::string RandomSalt();

// Issued is an SD-JWT as issued: the signed JWT and every disclosure.
struct Issued {
  std::string issuer_jwt;
  std::vector<Disclosure> disclosures;
  // Serialize renders "<issuer JWT>~<d1>~...~<dn>~" (no key binding).
  std::string Serialize() const;
};

// Issue packs `claims` (a JSON object) according to `frame`, adds "_sd_alg": "sha-256" and signs
// with `header` (typ etc.; alg/kid are set from the signer). InvalidArgument when the frame names a
// claim that does not exist, a reserved name, or an index out of range.
Result<Issued> Issue(const Json& header, const Json& claims, const DisclosureFrame& frame,
                     const JwsSigner& signer, const SaltSource& salts = RandomSalt);

// VcClaims are the SD-JWT VC registered claims plus the credential's own claims.
struct VcClaims {
  std::string issuer;                       // iss (https URL for issuer metadata discovery)
  std::string vct;                          // credential type
  int64_t issued_at = 0;                    // iat
  std::optional<int64_t> not_before;        // nbf
  std::optional<int64_t> expires_at;        // exp
  std::optional<PublicJwk> holder_key;      // cnf.jwk
  std::optional<std::string> subject;       // sub
  std::optional<StatusReference> status;    // status.status_list
  Json claims = Json::object();             // everything else (must not repeat the above)
};

// IssueVc issues an SD-JWT VC. The registered claims are always plain; `frame` applies to the
// rest (naming a registered claim in frame.sd is InvalidArgument).
Result<Issued> IssueVc(const VcClaims& vc, const DisclosureFrame& frame, const JwsSigner& signer,
                       const SaltSource& salts = RandomSalt);

}  // namespace signet::credentials::sdjwt
