#pragma once

// POST /verify (ARCHITECTURE.md §5.3): a relying party sends a presentation with its own audience
// and nonce and gets the verdict.
//
//   POST /verify  Content-Type: application/json
//   {"presentation": "<SD-JWT+KB or capability presentation>", "audience": "https://rp.example",
//    "nonce": "...", "claims": ["age_over_18"]?, "action": {"permission": "...",
//    "amount": {"value": "9.99", "currency": "EUR"}}?}
//   -> 200 {"valid": bool, "format", "issuer", "claims", "expires_at", "errors": [{code, message}],
//           "capability"?}
//
// A well-formed request always gets 200, valid or not (the verdict is the answer). A request that
// cannot be read is a problem+json: 415 without a JSON content type, 413 over the size limit,
// 400 for malformed JSON, duplicate keys, unknown members or missing fields (the detail names the
// reason). The route should be registered with max_body_bytes >= the verifier's
// max_request_bytes. Thin: all logic is credentials::PresentationVerifier.

#include "api/http.h"
#include "credentials/verifier.h"

namespace signet::api {

// HandleVerify serves POST /verify with `verifier`.
Response HandleVerify(const credentials::PresentationVerifier& verifier, const Request& req);

// IsJsonContentType reports whether a Content-Type value is application/json (parameters such as
// charset allowed).
bool IsJsonContentType(std::string_view content_type);

}  // namespace signet::api
