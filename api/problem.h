#pragma once

// RFC 9457 problem details: every HTTP error Signet returns is application/problem+json.
//
//   {"type":"about:blank","title":"Not Found","status":404,"detail":"no route for GET /x"}
//
// Plain HTTP conditions use type "about:blank" (title = the status phrase, RFC 9457 §4.2.1).
// Domain errors use "urn:signet:problem:<code>" with <code> the ErrorCode name, documented in
// docs/api.md. Details never contain secrets; internal errors say only "internal error" to the
// client and log the cause.

#include <optional>
#include <string>
#include <string_view>

#include "api/http.h"
#include "base/result.h"

namespace signet::api {

// Problem describes one problem-details document.
struct Problem {
  int status = 500;
  std::string type = "about:blank";
  std::string title;   // defaults to the status reason phrase
  std::string detail;
  std::optional<int> retry_after_seconds;  // adds Retry-After (429/503)
};

// ToResponse renders `p` as an application/problem+json response.
Response ToResponse(const Problem& p);

// HttpProblem is a Problem of type about:blank for a plain HTTP condition.
Response HttpProblem(int status, std::string detail);

// HttpStatusFor maps an ErrorCode to its HTTP status.
int HttpStatusFor(ErrorCode code);

// FromError maps a domain Error to a problem response: status by code, detail = the error's
// external message (internal and data-loss errors get a generic detail; their text is logged by
// the caller), Retry-After on unavailable / resource exhausted.
Response FromError(const Error& e);

}  // namespace signet::api
