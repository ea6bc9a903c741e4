#pragma once

// SD-JWT building blocks (RFC 9901): disclosures (§4.2), their digests (§4.2.3, sha-256 only),
// the compact "<issuer JWT>~<disclosure>~...~<KB-JWT>" serialisation (§4), and the processing that
// replaces digests by disclosed values (§7.1 steps 3-5), shared by holders and verifiers.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "credentials/json.h"

namespace signet::credentials::sdjwt {

// The only supported _sd_alg (the RFC's default).
inline constexpr std::string_view kSdAlg = "sha-256";
// The array-element digest key and the digest list key (§4.2.4).
inline constexpr std::string_view kArrayDigestKey = "...";
inline constexpr std::string_view kDigestsKey = "_sd";
inline constexpr std::string_view kSdAlgKey = "_sd_alg";

// Disclosure is one parsed or created disclosure.
struct Disclosure {
  std::string encoded;              // base64url text as it appears in the SD-JWT
  std::string digest;               // base64url(SHA-256(ASCII(encoded)))
  std::string salt;
  std::optional<std::string> name;  // claim name; nullopt for an array element
  Json value;
};

// DisclosureDigest returns base64url(SHA-256(ASCII(encoded))).
std::string DisclosureDigest(std::string_view encoded);

// MakeDisclosure encodes [salt, name, value] (object property) or [salt, value] (array element).
// InvalidArgument if `name` is reserved ("_sd", "...") or a string is not valid UTF-8.
Result<Disclosure> MakeDisclosure(std::string salt, std::optional<std::string> name, Json value);

// ParseDisclosure decodes one disclosure strictly: base64url of a JSON array of two or three
// elements whose salt (and name) are strings. Reason: disclosure_malformed (or json_* /
// base64url_malformed).
Result<Disclosure> ParseDisclosure(std::string_view encoded, const JsonLimits& limits);

// SdJwtParts is the compact serialisation split at '~'. Views into the caller's string.
struct SdJwtParts {
  std::string_view issuer_jwt;
  std::vector<std::string_view> disclosures;
  std::string_view key_binding_jwt;  // empty when the SD-JWT ends with '~'
  std::string_view sd_hash_input;    // "<issuer JWT>~<disclosure>~...~" (§4.3.1)
};

// SplitSdJwt splits an SD-JWT (with or without KB-JWT). It must contain at least one '~'; empty
// disclosures are refused; at most `max_disclosures`. Reason: malformed / input_too_large.
Result<SdJwtParts> SplitSdJwt(std::string_view sd_jwt, size_t max_disclosures);

// Placement records where a disclosure landed in the processed claims.
struct Placement {
  size_t disclosure = 0;          // index into the disclosures passed to Unpack
  std::string path;               // JSON Pointer (RFC 6901) of the disclosed value
  std::optional<size_t> parent;   // the disclosure that contains this one, if any
};

// Unpacked is the processed payload: digests replaced by disclosed values, undisclosed and decoy
// digests removed, _sd and _sd_alg gone.
struct Unpacked {
  Json claims;
  std::vector<Placement> placements;
};

// Unpack processes an issuer-signed payload with `disclosures` (RFC 9901 §7.1 steps 3-5).
// Reasons: unsupported_sd_alg, disclosure_duplicate (the same disclosure twice),
// digest_duplicate (a digest that appears twice), disclosure_kind_mismatch (an array-element
// disclosure behind an _sd digest or the reverse), reserved_claim_name (a disclosed "_sd" or
// "...", a stray "..." or nested "_sd_alg"), claim_name_conflict (a disclosed name that is already
// present), disclosure_unreferenced (a disclosure no digest points to), malformed, json_too_deep
// (disclosures nested deeper than `max_depth`).
Result<Unpacked> Unpack(const Json& payload, std::span<const Disclosure> disclosures,
                        size_t max_depth);

// UnpackMoving is Unpack without copies, for a caller that no longer needs its inputs: the
// payload becomes the claims and each disclosed value is moved out of its disclosure. On error
// both are left valid but unspecified.
Result<Unpacked> UnpackMoving(Json&& payload, std::span<Disclosure> disclosures, size_t max_depth);

}  // namespace signet::credentials::sdjwt
