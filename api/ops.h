#pragma once

// Operational endpoints: liveness (/healthz) and readiness (/readyz).

#include <functional>
#include <string>
#include <vector>

#include "api/http.h"
#include "base/result.h"

namespace signet::api {

// Healthz answers liveness: 200 {"status":"ok"} whenever the process can serve HTTP. It checks
// no dependency (a dead database must not get the process restarted).
Response Healthz(const Request& req);

// ReadinessCheck is one dependency probe for /readyz: it returns OK when the dependency is
// reachable. Checks run on the worker pool and must bound their own time.
struct ReadinessCheck {
  std::string name;
  std::function<Status()> probe;
};

// Readyz runs every check: 200 {"status":"ready","checks":{name:"ok"}} if all pass, otherwise a
// 503 problem with Retry-After whose "checks" member names the failing dependencies with the
// error's external message.
Response Readyz(const std::vector<ReadinessCheck>& checks);

}  // namespace signet::api
