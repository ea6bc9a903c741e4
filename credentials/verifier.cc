#include "credentials/verifier.h"

#include <algorithm>

#include "credentials/reason.h"
#include "credentials/verifier_internal.h"

namespace signet::credentials {

Error internal::Malformed(std::string_view detail) {
  return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed, detail);
}

VerifyResult internal::Reject(VerifyResult r, const Error& e) {
  r.valid = false;
  r.claims = Json::object();
  r.errors.push_back(IssueFromError(e));
  return r;
}

namespace {

using internal::Malformed;
using internal::Reject;

// RequiredString moves the member out of `body` (the presentation is up to a megabyte).
Result<std::string> RequiredString(Json& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    return Malformed("\"" + std::string(key) + "\" must be a non-empty string");
  return std::move(it->get_ref<std::string&>());
}

Status ParseAction(const Json& j, CapabilityAction* out) {
  if (!j.is_object()) return Malformed("\"action\" must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "permission" && it.value().is_string()) {
      out->permission = it.value().get<std::string>();
    } else if (it.key() == "amount") {
      Result<Money> m = MoneyFromJson(it.value());
      if (!m) return std::move(m).error();
      out->amount = *std::move(m);
    } else {
      return Malformed("unknown or mistyped action member: " + it.key());
    }
  }
  return OkStatus();
}

}  // namespace

VerifyIssue IssueFromError(const Error& e) {
  const bool internal = e.code() == ErrorCode::kInternal || e.code() == ErrorCode::kDataLoss;
  const std::string_view reason = ReasonOf(e);
  VerifyIssue issue;
  issue.code = IsReason(reason) ? std::string(reason) : std::string(ErrorCodeName(e.code()));
  issue.message = internal ? "internal error" : e.message();
  return issue;
}

VerifyResult PresentationVerifier::Verify(const VerifyRequest& request) const {
  if (IsCapabilityPresentation(request.presentation)) return VerifyCapabilityToken(request);
  if (request.presentation.starts_with('{')) return VerifyProofBundle(request);
  const size_t tilde = request.presentation.find('~');
  const std::string_view head = std::string_view(request.presentation).substr(0, tilde);
  if (tilde != std::string::npos && std::count(head.begin(), head.end(), '.') == 2) {
    return VerifySdJwt(request);
  }
  return Reject(VerifyResult{},
                CredentialError(ErrorCode::kInvalidArgument, reason::kUnknownFormat,
                                "expected an SD-JWT+KB, a capability token or a proof bundle"));
}

VerifyResult PresentationVerifier::VerifySdJwt(const VerifyRequest& request) const {
  VerifyResult r;
  r.format = "dc+sd-jwt";
  sdjwt::VerifyOptions o;
  o.issuer_keys = config_.issuer_keys;
  o.status = config_.status;
  o.clock = config_.clock;
  o.audience = request.audience;
  o.nonce = request.nonce;
  o.require_key_binding = true;
  o.accepted_types = config_.accepted_sd_jwt_types;
  o.clock_skew_seconds = config_.clock_skew_seconds;
  o.max_key_binding_age_seconds = config_.max_key_binding_age_seconds;
  o.limits = config_.sd_jwt_limits;
  Result<sdjwt::Verified> v = sdjwt::Verify(request.presentation, o);
  if (!v) return Reject(std::move(r), v.error());
  r.issuer = v->issuer;
  r.format = v->type;
  r.expires_at = v->expires_at;
  if (Status s = RequireClaims(v->claims, request.required_claims); !s)
    return Reject(std::move(r), s.error());
  r.claims = std::move(v->claims);
  r.valid = true;
  return r;
}

VerifyResult PresentationVerifier::VerifyCapabilityToken(const VerifyRequest& request) const {
  VerifyResult r;
  r.format = "capability";
  CapabilityVerifyOptions o;
  o.issuer_keys = config_.issuer_keys;
  o.status = config_.status;
  o.ledger = config_.ledger;
  o.clock = config_.clock;
  o.audience = request.audience;
  o.nonce = request.nonce;
  o.action = request.action;
  o.clock_skew_seconds = config_.clock_skew_seconds;
  o.max_binding_age_seconds = config_.max_key_binding_age_seconds;
  // Required claims are checked inside VerifyCapability, before anything is consumed.
  o.required_claims = request.required_claims;
  Result<VerifiedCapability> v = VerifyCapability(request.presentation, o);
  if (!v) return Reject(std::move(r), v.error());
  r.issuer = v->issuer;
  r.expires_at = v->expires_at;
  r.capability = {{"subject", v->subject},
                  {"jti", v->jti},
                  {"holder_bound", v->holder_bound},
                  {"consumed", v->consumed}};
  if (v->spent_total) {
    r.capability["spent_total"] = *v->spent_total;
    r.capability["spent_now"] = *v->spent_now;
  }
  r.claims = std::move(v->claims);
  r.valid = true;
  return r;
}

Result<VerifyRequest> ParseVerifyRequest(std::string_view body, size_t max_bytes) {
  Result<Json> j = ParseJson(body, {.max_bytes = max_bytes, .max_depth = 6, .max_values = 256});
  if (!j) return std::move(j).error();
  if (!j->is_object()) return Malformed("the body must be a JSON object");
  VerifyRequest out;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string& k = it.key();
    if (k == "claims") {
      if (!it.value().is_array() || it.value().size() > 64)
        return Malformed("\"claims\" must be an array of strings");
      for (const Json& c : it.value()) {
        if (!c.is_string() || c.get_ref<const std::string&>().empty())
          return Malformed("\"claims\" must be an array of strings");
        out.required_claims.push_back(c.get<std::string>());
      }
    } else if (k == "action") {
      if (Status s = ParseAction(it.value(), &out.action); !s) return std::move(s).error();
    } else if (k != "presentation" && k != "audience" && k != "nonce") {
      return Malformed("unknown member: " + k);
    }
  }
  Result<std::string> presentation = RequiredString(*j, "presentation");
  Result<std::string> audience = RequiredString(*j, "audience");
  Result<std::string> nonce = RequiredString(*j, "nonce");
  if (!presentation) return std::move(presentation).error();
  if (!audience) return std::move(audience).error();
  if (!nonce) return std::move(nonce).error();
  out.presentation = *std::move(presentation);
  out.audience = *std::move(audience);
  out.nonce = *std::move(nonce);
  return out;
}

Json VerifyResultToJson(const VerifyResult& result) {
  return VerifyResultToJson(VerifyResult(result));
}

// Member by member and by move: /verify renders one of these per request, and the claims tree
// is the largest part of it.
Json VerifyResultToJson(VerifyResult&& r) {
  Json errors = Json::array();
  for (VerifyIssue& e : r.errors) {
    Json issue = Json::object();
    issue["code"] = std::move(e.code);
    issue["message"] = std::move(e.message);
    errors.push_back(std::move(issue));
  }
  Json out = Json::object();
  out["valid"] = r.valid;
  out["format"] = std::move(r.format);
  out["issuer"] = r.issuer.empty() ? Json(nullptr) : Json(std::move(r.issuer));
  out["claims"] = std::move(r.claims);
  out["expires_at"] = r.expires_at ? Json(*r.expires_at) : Json(nullptr);
  out["errors"] = std::move(errors);
  if (!r.capability.is_null()) out["capability"] = std::move(r.capability);
  return out;
}

}  // namespace signet::credentials
