#pragma once

// SD-JWT presentation by the holder (RFC 9901 §4.3, §6): choose which disclosures to reveal and
// add a Key Binding JWT ({"typ": "kb+jwt"}; iat, aud, nonce, sd_hash) signed by the key the
// issuer bound in cnf.
//
//   std::vector<std::string> reveal = {"/age_over_18", "/address/country"};
//   sdjwt::KeyBinding kb{.audience = "https://shop.example", .nonce = n, .issued_at = now,
//                        .holder = &holder_signer};
//   Result<std::string> presentation = sdjwt::Present(credential, reveal, &kb);
//
// Revealing a claim inside a selectively disclosable object reveals the enclosing disclosures too
// (a recursive disclosure is useless without its parent).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "credentials/jose.h"
#include "credentials/sdjwt_disclosure.h"

namespace signet::credentials::sdjwt {

// KeyBinding is what the holder signs into a KB-JWT. `holder` must outlive the call.
struct KeyBinding {
  std::string audience;
  std::string nonce;
  int64_t issued_at = 0;
  const JwsSigner* holder = nullptr;
};

// HolderLimits bound what a holder parses (its own stored credentials).
struct HolderLimits {
  size_t max_bytes = 256 * 1024;
  size_t max_disclosures = 1024;
  JsonLimits json{.max_bytes = 128 * 1024, .max_depth = 32, .max_values = 64 * 1024};
  size_t max_claim_depth = 64;
};

// HolderView is a holder's parse of an issued SD-JWT (signature NOT verified: the holder got it
// from its own vault). Views point into the SD-JWT string, which must outlive this value.
struct HolderView {
  std::string_view issuer_jwt;
  Json header;
  Json payload;
  std::vector<Disclosure> disclosures;
  Unpacked unpacked;  // every claim, as if everything were disclosed
};

// Inspect parses an issued SD-JWT (no KB-JWT allowed).
Result<HolderView> Inspect(std::string_view sd_jwt, const HolderLimits& limits = {});

// DisclosablePaths returns the JSON Pointer of every selectively disclosable value.
std::vector<std::string> DisclosablePaths(const HolderView& view);

// Present returns "<issuer JWT>~<selected disclosures>~" followed by a KB-JWT when `kb` is given.
// Each entry of `reveal` is a JSON Pointer ("/address/street") or a top-level claim name; naming a
// claim that does not exist is InvalidArgument.
Result<std::string> Present(std::string_view sd_jwt, std::span<const std::string> reveal,
                            const KeyBinding* kb, const HolderLimits& limits = {});

// MakeKeyBindingJwt signs a KB-JWT over `sd_hash_input` ("<issuer JWT>~<disclosures>~").
Result<std::string> MakeKeyBindingJwt(std::string_view sd_hash_input, const KeyBinding& kb);

// SdHash returns base64url(SHA-256(ASCII(sd_hash_input))) (§4.3.1).
std::string SdHash(std::string_view sd_hash_input);

}  // namespace signet::credentials::sdjwt
