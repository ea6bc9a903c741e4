#include "api/ops.h"

#include <nlohmann/json.hpp>

#include "api/problem.h"

namespace signet::api {

Response Healthz(const Request& /*req*/) {
  return Response::Json(200, R"({"status":"ok"})");
}

Response Readyz(const std::vector<ReadinessCheck>& checks) {
  nlohmann::json results = nlohmann::json::object();
  bool ready = true;
  for (const auto& c : checks) {
    Status s = c.probe();
    if (s.ok()) {
      results[c.name] = "ok";
    } else {
      ready = false;
      results[c.name] = s.error().message();
    }
  }
  if (ready) {
    nlohmann::json body = {{"status", "ready"}, {"checks", results}};
    return Response::Json(200, body.dump());
  }
  Problem p;
  p.status = 503;
  p.detail = "a dependency is not reachable";
  p.retry_after_seconds = 5;
  Response r = ToResponse(p);
  auto body = nlohmann::json::parse(r.body);
  body["checks"] = results;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace signet::api
