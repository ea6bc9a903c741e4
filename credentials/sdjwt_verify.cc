#include "credentials/sdjwt_verify.h"

#include <algorithm>

#include "credentials/jose.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_disclosure.h"
#include "credentials/sdjwt_present.h"
#include "crypto/secret_bytes.h"

namespace signet::credentials::sdjwt {
namespace {

Error Fail(ErrorCode code, std::string_view why, std::string_view detail = {}) {
  return CredentialError(code, why, detail);
}
Error Invalid(std::string_view why, std::string_view detail = {}) {
  return Fail(ErrorCode::kInvalidArgument, why, detail);
}

bool IsVcType(std::string_view typ) { return typ == "dc+sd-jwt" || typ == "vc+sd-jwt"; }

// CheckTimes applies exp / nbf / iat of the issuer JWT (RFC 7519 §4.1.4-6).
Status CheckTimes(const Json& payload, int64_t now, int64_t skew, Verified* out) {
  out->expires_at = NumericDateMember(payload, "exp");
  out->issued_at = NumericDateMember(payload, "iat");
  const std::optional<int64_t> nbf = NumericDateMember(payload, "nbf");
  for (const char* name : {"exp", "iat", "nbf"}) {
    if (payload.contains(name) && !NumericDateMember(payload, name)) {
      return Invalid(reason::kMalformed, std::string(name) + " is not a NumericDate");
    }
  }
  if (out->expires_at && now > *out->expires_at + skew) return Invalid(reason::kExpired);
  if (nbf && now + skew < *nbf) return Invalid(reason::kNotYetValid);
  if (out->issued_at && now + skew < *out->issued_at) return Invalid(reason::kIssuedInFuture);
  return OkStatus();
}

// VerifyIssuerJwt decodes the issuer-signed JWT and checks typ, iss and the signature.
Result<DecodedJws> VerifyIssuerJwt(std::string_view jwt, const VerifyOptions& o, Verified* out) {
  Result<DecodedJws> jws = DecodeJws(jwt, o.limits.json);
  if (!jws) return std::move(jws).error();
  const std::string* typ = StringMember(jws->header, "typ");
  if (typ == nullptr || std::find(o.accepted_types.begin(), o.accepted_types.end(), *typ) ==
                            o.accepted_types.end()) {
    return Invalid(reason::kWrongType);
  }
  out->type = *typ;
  const std::string* iss = StringMember(jws->payload, "iss");
  if (iss == nullptr) return Invalid(reason::kMissingClaim, "iss");
  out->issuer = *iss;
  if (o.issuer_keys == nullptr) return FailedPrecondition("sd-jwt verify: no issuer key resolver");
  Result<std::vector<PublicJwk>> keys = o.issuer_keys->Resolve(*iss);
  if (!keys) return std::move(keys).error();
  if (Status s = VerifyJws(*jws, *keys); !s) return std::move(s).error();
  return jws;
}

// VerifyKeyBinding checks the KB-JWT against cnf, the expectations and the presented SD-JWT.
Status VerifyKeyBinding(std::string_view kb_jwt, std::string_view sd_hash_input,
                        const Json& claims, const VerifyOptions& o, int64_t now) {
  const Json* cnf = Member(claims, "cnf");
  const Json* jwk = cnf != nullptr ? Member(*cnf, "jwk") : nullptr;
  if (jwk == nullptr) return Invalid(reason::kHolderKeyMissing);
  Result<PublicJwk> holder = PublicJwk::FromJson(*jwk, /*trusted=*/false);
  if (!holder) return std::move(holder).error();
  Result<DecodedJws> kb = DecodeJws(kb_jwt, o.limits.json);
  if (!kb) {
    const std::string_view why = ReasonOf(kb.error());
    if (why == reason::kUnsupportedAlgorithm || why == reason::kTooLarge) return std::move(kb).error();
    return Invalid(reason::kKeyBindingMalformed, why);
  }
  const std::string* typ = StringMember(kb->header, "typ");
  if (typ == nullptr || *typ != "kb+jwt") return Invalid(reason::kWrongType, "KB-JWT");
  if (Status s = holder->Verify(kb->alg, AsBytes(kb->signing_input), kb->signature); !s) {
    if (ReasonOf(s.error()) == reason::kAlgorithmKeyMismatch) return std::move(s).error();
    return Fail(ErrorCode::kUnauthenticated, reason::kKeyBindingInvalidSignature);
  }
  const std::string* aud = StringMember(kb->payload, "aud");
  const std::string* nonce = StringMember(kb->payload, "nonce");
  const std::string* sd_hash = StringMember(kb->payload, "sd_hash");
  const std::optional<int64_t> iat = NumericDateMember(kb->payload, "iat");
  if (aud == nullptr || nonce == nullptr || sd_hash == nullptr || !iat) {
    return Invalid(reason::kKeyBindingMalformed, "aud, nonce, iat and sd_hash are required");
  }
  if (o.audience.empty() || *aud != o.audience) return Invalid(reason::kAudienceMismatch);
  if (o.nonce.empty() || !crypto::ConstantTimeEquals(AsBytes(*nonce), AsBytes(o.nonce))) {
    return Invalid(reason::kNonceMismatch);
  }
  if (now + o.clock_skew_seconds < *iat) return Invalid(reason::kIssuedInFuture, "KB-JWT");
  if (now - *iat > o.max_key_binding_age_seconds + o.clock_skew_seconds) {
    return Invalid(reason::kKeyBindingStale);
  }
  if (*sd_hash != SdHash(sd_hash_input)) return Invalid(reason::kSdHashMismatch);
  return OkStatus();
}

// CheckStatus consults the status list when the credential references one.
Status CheckStatus(const Json& claims, const std::string& issuer, const VerifyOptions& o) {
  Result<std::optional<StatusReference>> ref = ParseStatusClaim(claims);
  if (!ref) return std::move(ref).error();
  if (!*ref) return OkStatus();
  if (o.status == nullptr) {
    return Fail(ErrorCode::kUnavailable, reason::kStatusUnavailable, "no status checker");
  }
  Result<uint8_t> value = o.status->Check(issuer, **ref);
  if (!value) return std::move(value).error();
  return CheckStatusValue(*value);
}

}  // namespace

Result<Verified> Verify(std::string_view presentation, const VerifyOptions& o) {
  if (presentation.size() > o.limits.max_presentation_bytes) {
    return Fail(ErrorCode::kTooLarge, reason::kTooLarge);
  }
  Result<SdJwtParts> parts = SplitSdJwt(presentation, o.limits.max_disclosures);
  if (!parts) return std::move(parts).error();
  Verified out;
  Result<DecodedJws> jws = VerifyIssuerJwt(parts->issuer_jwt, o, &out);
  if (!jws) return std::move(jws).error();
  const int64_t now = o.clock->UnixSeconds();
  if (Status s = CheckTimes(jws->payload, now, o.clock_skew_seconds, &out); !s) {
    return std::move(s).error();
  }
  std::vector<Disclosure> disclosures;
  disclosures.reserve(parts->disclosures.size());
  for (std::string_view d : parts->disclosures) {
    Result<Disclosure> parsed = ParseDisclosure(d, o.limits.json);
    if (!parsed) return std::move(parsed).error();
    disclosures.push_back(*std::move(parsed));
  }
  Result<Unpacked> unpacked =
      UnpackMoving(std::move(jws->payload), disclosures, o.limits.max_claim_depth);
  if (!unpacked) return std::move(unpacked).error();
  if (IsVcType(out.type) && StringMember(unpacked->claims, "vct") == nullptr) {
    return Invalid(reason::kMissingClaim, "vct");
  }
  if (parts->key_binding_jwt.empty()) {
    if (o.require_key_binding) return Invalid(reason::kKeyBindingMissing);
  } else {
    Status kb = VerifyKeyBinding(parts->key_binding_jwt, parts->sd_hash_input, unpacked->claims, o, now);
    if (!kb) return std::move(kb).error();
    out.key_bound = true;
  }
  if (Status s = CheckStatus(unpacked->claims, out.issuer, o); !s) return std::move(s).error();
  out.header = std::move(jws->header);
  out.claims = std::move(unpacked->claims);
  out.disclosed_paths.reserve(unpacked->placements.size());
  for (Placement& p : unpacked->placements) out.disclosed_paths.push_back(std::move(p.path));
  return out;
}

}  // namespace signet::credentials::sdjwt
