#include "api/status_list.h"

#include "api/problem.h"

namespace signet::api {

Response HandleStatusList(const credentials::StatusListService& service, const Request& req) {
  auto id = req.path_params.find("id");
  if (id == req.path_params.end() || !credentials::IsValidListId(id->second)) {
    return HttpProblem(404, "no such status list");
  }
  Result<std::string> token = service.Token(id->second);
  if (!token) return FromError(token.error());
  Response r;
  r.status = 200;
  r.headers.Set("Content-Type", std::string(credentials::kStatusListMediaType));
  // Relying parties may cache for the token's ttl; the token itself says how long.
  r.headers.Set("Cache-Control", "public, max-age=60");
  r.body = *std::move(token);
  return r;
}

}  // namespace signet::api
