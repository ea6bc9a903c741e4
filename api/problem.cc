#include "api/problem.h"

#include <nlohmann/json.hpp>

namespace signet::api {

Response ToResponse(const Problem& p) {
  nlohmann::json j = {
      {"type", p.type},
      {"title", p.title.empty() ? std::string(ReasonPhrase(p.status)) : p.title},
      {"status", p.status},
  };
  if (!p.detail.empty()) j["detail"] = p.detail;
  Response r;
  r.status = p.status;
  r.headers.Set("Content-Type", "application/problem+json");
  if (p.retry_after_seconds) r.headers.Set("Retry-After", std::to_string(*p.retry_after_seconds));
  // Invalid UTF-8 in a detail (e.g. echoing a path) is replaced rather than throwing.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response HttpProblem(int status, std::string detail) {
  Problem p;
  p.status = status;
  p.detail = std::move(detail);
  return ToResponse(p);
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kUnimplemented: return 501;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kDeadlineExceeded: return 504;
    case ErrorCode::kDataLoss:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response FromError(const Error& e) {
  Problem p;
  p.status = HttpStatusFor(e.code());
  p.type = "urn:signet:problem:" + std::string(ErrorCodeName(e.code()));
  const bool internal = e.code() == ErrorCode::kInternal || e.code() == ErrorCode::kDataLoss;
  p.detail = internal ? "internal error" : e.message();
  if (e.code() == ErrorCode::kUnavailable) p.retry_after_seconds = 5;
  if (e.code() == ErrorCode::kResourceExhausted) p.retry_after_seconds = 1;
  return ToResponse(p);
}

}  // namespace signet::api
