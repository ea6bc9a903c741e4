#pragma once

// Router: maps (method, path pattern) to api/ handlers. Patterns are literal segments and
// `{name}` segments that capture one percent-decoded path segment:
//
//   router.Add("GET", "/healthz", api::Healthz, {.inline_handler = true});
//   router.Add("POST", "/callbacks/{id}", HandleCallback, {.max_body_bytes = 64 << 10});
//
// Matching is exact (no normalisation of "//", "." or ".." — such paths simply do not match).
// A GET route also answers HEAD. Unknown path -> 404; known path, wrong method -> 405 with an
// Allow header. Thread-safety: build the router before serving; afterwards it is immutable and
// safe to share between threads.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.h"
#include "base/result.h"

namespace signet::server {

// Handler handles one request. It runs on the worker pool unless the route is inline.
using Handler = std::function<api::Response(const api::Request&)>;

// RouteOptions tunes one route.
struct RouteOptions {
  // Maximum request body; nullopt = the configured default (server.limits.body_bytes).
  std::optional<size_t> max_body_bytes;
  // Run on the I/O thread instead of the worker pool. Only for handlers that never block and
  // finish in microseconds (/healthz, /metrics).
  bool inline_handler = false;
  // Run on the server's compute pool (2 x cores threads) instead of the worker pool: for handlers
  // that spend their time on the CPU (signature verification) and seldom wait on storage, where
  // the worker pool's many threads would only add context switches. Same queue bound and 503.
  bool cpu_bound = false;
  // Log at debug instead of info in the access log (probes and scrapes).
  bool quiet = false;
};

// Route is one registered route.
struct Route {
  std::string method;
  std::string pattern;  // also the metrics label: bounded, never the raw path
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split at '/'
};

// Match is the outcome of routing a request.
struct Match {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed, kBadPath };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;           // kFound
  std::map<std::string, std::string, std::less<>> params;  // kFound
  std::string allow;                      // kMethodNotAllowed: "GET, HEAD, POST"
};

class Router {
 public:
  // Add registers a route. Patterns must start with '/'. Registering the same (method, pattern)
  // twice or an invalid pattern is a programmer error (CHECK).
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  // Wrap replaces every route's handler with wrap(route) (middleware such as rate limits). Call
  // after the last Add and before serving; routes keep their addresses afterwards.
  void Wrap(const std::function<Handler(const Route&)>& wrap);

  // Find matches `method` and the percent-encoded `path`.
  Match Find(std::string_view method, std::string_view path) const;

  // Dispatch routes and calls the handler (on the calling thread), turning routing failures into
  // problem responses. The transport uses Find + the handler directly so it can pick the thread.
  api::Response Dispatch(api::Request req) const;

  // NotFoundResponse / MethodNotAllowedResponse build the problem responses for a failed match.
  static api::Response NotFoundResponse(std::string_view method, std::string_view path);
  static api::Response MethodNotAllowedResponse(std::string_view method, const std::string& allow);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace signet::server
