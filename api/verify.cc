#include "api/verify.h"

#include "api/problem.h"
#include "credentials/reason.h"

namespace signet::api {

bool IsJsonContentType(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  size_t end = type.size();
  while (end > 0 && (type[end - 1] == ' ' || type[end - 1] == '\t')) --end;
  return IEquals(type.substr(0, end), "application/json");
}

Response HandleVerify(const credentials::PresentationVerifier& verifier, const Request& req) {
  const std::optional<std::string_view> ct = req.headers.Get("Content-Type");
  if (!ct || !IsJsonContentType(*ct)) return HttpProblem(415, "expected application/json");
  Result<credentials::VerifyRequest> parsed =
      credentials::ParseVerifyRequest(req.body, verifier.config().max_request_bytes);
  if (!parsed) {
    if (parsed.error().code() == ErrorCode::kTooLarge) return HttpProblem(413, parsed.error().message());
    return HttpProblem(400, parsed.error().message());
  }
  Response r = Response::Json(200, credentials::VerifyResultToJson(verifier.Verify(*parsed)).dump(
                                       -1, ' ', false, nlohmann::json::error_handler_t::replace));
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace signet::api
