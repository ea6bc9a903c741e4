// Proof bundles in POST /verify: a presentation that is a JSON object naming its format.
//
//   {"format": "bbs", "issuer": URL, "header": JSON text, "presentation_header": JSON text,
//    "proof": base64url, "disclosed_messages": [{"index": n, "message": "name=<JSON>"}, ...]}
//     header = {"iss": URL, "iat": n, "exp": n, "claims": [names, in message order]}
//     presentation_header = {"aud": the relying party, "nonce": its nonce, "exp": n}
//     (any subset of the header's claims may be disclosed; the proof is valid until the
//     earlier of the two exp)
//   {"format": "range", "credential": SD-JWT+KB | "bbs": {a BBS bundle as above},
//    "proof": base64url, "commitment"?: base64url}
//     the credential carries {"commitment": {"pedersen": {"commitment": ...}}} in clear (the BBS
//     bundle discloses a "commitment=<that JSON>" message); the proof is a proofs/bulletproofs
//     PredicateProof bound to (audience, nonce)
//
// These are what the MCP tool signet_get_proof hands to an agent. Other members are ignored and
// never trusted: in particular a "public_key" or "issuer_jwk" beside the proof is not used; BBS
// keys come only from IssuerKeyResolver::ResolveBbs, credential keys only from Resolve.

#include <algorithm>

#include "base/encoding.h"
#include "credentials/reason.h"
#include "credentials/verifier.h"
#include "credentials/verifier_internal.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bulletproofs/predicate.h"

namespace signet::credentials {
namespace {

constexpr size_t kMaxBbsMessages = 64;

using internal::Malformed;
using internal::Reject;

Result<Bytes> DecodeMember(const Json& bundle, std::string_view key) {
  const std::string* s = StringMember(bundle, key);
  if (s == nullptr || s->empty()) return Malformed("\"" + std::string(key) + "\" is required");
  Result<Bytes> b = Base64UrlDecode(*s);
  if (!b) return CredentialError(ErrorCode::kInvalidArgument, reason::kBase64Malformed, key);
  return b;
}

// BbsHeader is the signed header of a BBS proof bundle.
struct BbsHeader {
  int64_t expires_at = 0;
  std::vector<std::string> names;
};

Result<BbsHeader> ParseBbsHeader(const std::string& text, const std::string& issuer, int64_t now,
                                 int64_t skew) {
  Result<Json> h = ParseJson(text, {.max_bytes = 16 * 1024, .max_depth = 4, .max_values = 256});
  if (!h) return std::move(h).error();
  const std::string* iss = StringMember(*h, "iss");
  if (iss == nullptr || *iss != issuer) return Malformed("the header's iss is not the issuer");
  std::optional<int64_t> exp = NumericDateMember(*h, "exp");
  std::optional<int64_t> iat = NumericDateMember(*h, "iat");
  const Json* claims = Member(*h, "claims");
  if (!exp || !iat || claims == nullptr || !claims->is_array() ||
      claims->size() > kMaxBbsMessages) {
    return Malformed("the header needs iat, exp and claims");
  }
  if (*exp + skew <= now) return CredentialError(ErrorCode::kUnauthenticated, reason::kExpired);
  if (*iat - skew > now) {
    return CredentialError(ErrorCode::kUnauthenticated, reason::kIssuedInFuture);
  }
  BbsHeader out{*exp, {}};
  for (const Json& n : *claims) {
    if (!n.is_string()) return Malformed("header claims must be strings");
    out.names.push_back(n.get<std::string>());
  }
  return out;
}

// CheckBinding checks the presentation header's audience, nonce and expiry and returns the
// expiry.
Result<int64_t> CheckBinding(const std::string& text, const VerifyRequest& request, int64_t now,
                             int64_t skew) {
  Result<Json> ph = ParseJson(text, {.max_bytes = 4 * 1024, .max_depth = 2, .max_values = 16});
  if (!ph) return std::move(ph).error();
  std::optional<int64_t> exp = NumericDateMember(*ph, "exp");
  if (!exp) return Malformed("the presentation header needs exp");
  if (*exp + skew <= now) return CredentialError(ErrorCode::kUnauthenticated, reason::kExpired);
  const std::string* aud = StringMember(*ph, "aud");
  const std::string* nonce = StringMember(*ph, "nonce");
  if (aud == nullptr || *aud != request.audience) {
    return CredentialError(ErrorCode::kUnauthenticated, reason::kAudienceMismatch);
  }
  if (nonce == nullptr || *nonce != request.nonce) {
    return CredentialError(ErrorCode::kUnauthenticated, reason::kNonceMismatch);
  }
  return *exp;
}

// DisclosedBbs holds the disclosed messages, their indexes and the claims they carry.
struct DisclosedBbs {
  std::vector<Bytes> messages;
  std::vector<size_t> indexes;
  Json claims = Json::object();
};

Result<DisclosedBbs> ParseDisclosed(const Json& bundle, const BbsHeader& header) {
  const Json* list = Member(bundle, "disclosed_messages");
  if (list == nullptr || !list->is_array() || list->size() > header.names.size()) {
    return Malformed("\"disclosed_messages\" must be an array within the header's claims");
  }
  DisclosedBbs out;
  for (const Json& m : *list) {
    std::optional<int64_t> index = m.is_object() ? IntegerMember(m, "index") : std::nullopt;
    const std::string* text = m.is_object() ? StringMember(m, "message") : nullptr;
    if (!index || text == nullptr || *index < 0 ||
        static_cast<size_t>(*index) >= header.names.size() ||
        (!out.indexes.empty() && static_cast<size_t>(*index) <= out.indexes.back())) {
      return Malformed("disclosed messages need ascending indexes within the header's claims");
    }
    const std::string& name = header.names[static_cast<size_t>(*index)];
    if (!text->starts_with(name + "=")) return Malformed("a message does not match its claim");
    Result<Json> value = ParseJson(std::string_view(*text).substr(name.size() + 1),
                                   {.max_bytes = 4 * 1024, .max_depth = 4, .max_values = 64});
    if (!value) return std::move(value).error();
    out.claims[name] = std::move(*value);
    out.indexes.push_back(static_cast<size_t>(*index));
    out.messages.emplace_back(text->begin(), text->end());
  }
  return out;
}

}  // namespace

VerifyResult PresentationVerifier::VerifyProofBundle(const VerifyRequest& request) const {
  Result<Json> bundle =
      ParseJson(request.presentation,
                {.max_bytes = config_.max_request_bytes, .max_depth = 8, .max_values = 1024});
  if (!bundle) return Reject(VerifyResult{}, bundle.error());
  const std::string* format = bundle->is_object() ? StringMember(*bundle, "format") : nullptr;
  if (format != nullptr && *format == "bbs") return VerifyBbs(request, *bundle);
  if (format != nullptr && *format == "range") return VerifyRange(request, *bundle);
  return Reject(VerifyResult{},
                CredentialError(ErrorCode::kInvalidArgument, reason::kUnknownFormat,
                                "a proof bundle's format must be \"bbs\" or \"range\""));
}

VerifyResult PresentationVerifier::VerifyBbs(const VerifyRequest& request,
                                             const Json& bundle) const {
  VerifyResult r;
  r.format = "bbs";
  const std::string* issuer = StringMember(bundle, "issuer");
  const std::string* header_text = StringMember(bundle, "header");
  const std::string* ph_text = StringMember(bundle, "presentation_header");
  if (issuer == nullptr || header_text == nullptr || ph_text == nullptr) {
    return Reject(std::move(r), Malformed("issuer, header and presentation_header are required"));
  }
  r.issuer = *issuer;
  Result<std::vector<Bytes>> keys = config_.issuer_keys->ResolveBbs(*issuer);
  if (!keys) return Reject(std::move(r), keys.error());
  Result<BbsHeader> header = ParseBbsHeader(*header_text, *issuer, config_.clock->UnixSeconds(),
                                            config_.clock_skew_seconds);
  if (!header) return Reject(std::move(r), header.error());
  Result<int64_t> presentation_exp =
      CheckBinding(*ph_text, request, config_.clock->UnixSeconds(), config_.clock_skew_seconds);
  if (!presentation_exp) return Reject(std::move(r), presentation_exp.error());
  Result<Bytes> proof = DecodeMember(bundle, "proof");
  if (!proof) return Reject(std::move(r), proof.error());
  Result<DisclosedBbs> disclosed = ParseDisclosed(bundle, *header);
  if (!disclosed) return Reject(std::move(r), disclosed.error());
  const bool verified = std::any_of(keys->begin(), keys->end(), [&](const Bytes& pk) {
    return proofs::bbs::ProofVerify(pk, *proof, AsBytes(*header_text), AsBytes(*ph_text),
                                    disclosed->messages, disclosed->indexes)
        .ok();
  });
  if (!verified) {
    return Reject(std::move(r),
                  CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidProof));
  }
  if (Status s = RequireClaims(disclosed->claims, request.required_claims); !s.ok()) {
    return Reject(std::move(r), s.error());
  }
  r.expires_at = std::min(header->expires_at, *presentation_exp);
  r.claims = std::move(disclosed->claims);
  r.valid = true;
  return r;
}

VerifyResult PresentationVerifier::VerifyRange(const VerifyRequest& request,
                                               const Json& bundle) const {
  // The commitment is certified either by an SD-JWT+KB credential or by a BBS proof bundle that
  // discloses it (both bound to this audience and nonce).
  const std::string* credential = StringMember(bundle, "credential");
  const Json* bbs = Member(bundle, "bbs");
  if ((credential == nullptr) == (bbs == nullptr || !bbs->is_object())) {
    VerifyResult r;
    r.format = "range";
    return Reject(std::move(r),
                  Malformed("exactly one of \"credential\" (SD-JWT+KB) or \"bbs\" is required"));
  }
  VerifyRequest inner = request;
  inner.required_claims.clear();
  VerifyResult r;
  if (credential != nullptr) {
    inner.presentation = *credential;
    r = VerifySdJwt(inner);
  } else {
    r = VerifyBbs(inner, *bbs);
  }
  r.format = "range";
  if (!r.valid) return r;
  const Json* pedersen = Member(r.claims, "commitment");
  pedersen = pedersen != nullptr ? Member(*pedersen, "pedersen") : nullptr;
  const std::string* c = pedersen != nullptr ? StringMember(*pedersen, "commitment") : nullptr;
  Result<Bytes> commitment = c != nullptr ? Base64UrlDecode(*c) : Malformed("no commitment");
  if (!commitment || commitment->size() != 32) {
    return Reject(std::move(r), Malformed("the credential carries no ristretto255 commitment"));
  }
  if (const std::string* given = StringMember(bundle, "commitment"); given && *given != *c) {
    return Reject(std::move(r),
                  CredentialError(ErrorCode::kUnauthenticated, reason::kCommitmentMismatch));
  }
  Result<Bytes> proof = DecodeMember(bundle, "proof");
  if (!proof) return Reject(std::move(r), proof.error());
  proofs::bulletproofs::RistrettoBytes point{};
  std::copy(commitment->begin(), commitment->end(), point.begin());
  Result<proofs::bulletproofs::Predicate> proven = proofs::bulletproofs::VerifyPredicate(
      point, AsBytes(request.audience), AsBytes(request.nonce), *proof);
  if (!proven) {
    return Reject(std::move(r),
                  CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidProof));
  }
  Json statement = {{"predicate", proven->ToString()}};
  if (proven->kind != proofs::bulletproofs::PredicateKind::kAtMost) {
    statement["lower"] = proven->lower;
  }
  if (proven->kind != proofs::bulletproofs::PredicateKind::kAtLeast) {
    statement["upper"] = proven->upper;
  }
  r.claims["proven"] = std::move(statement);
  if (Status s = RequireClaims(r.claims, request.required_claims); !s.ok()) {
    return Reject(std::move(r), s.error());
  }
  return r;
}

}  // namespace signet::credentials
