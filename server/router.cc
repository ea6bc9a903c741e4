#include "server/router.h"

#include <algorithm>
#include <set>

#include "api/problem.h"
#include "base/check.h"

namespace signet::server {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  // path starts with '/': "/a/b" -> {"a","b"}; "/" -> {""}
  size_t start = 1;
  for (;;) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool IsParam(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// MatchSegments walks the segments of `path` (which starts with '/') against a route without
// allocating, filling params on success. Sets *bad when a captured segment cannot be decoded.
bool MatchSegments(const Route& r, std::string_view path,
                   std::map<std::string, std::string, std::less<>>* params, bool* bad) {
  size_t pos = 1;
  for (const std::string& p : r.segments) {
    if (pos > path.size()) return false;  // the path has fewer segments
    const size_t slash = path.find('/', pos);
    const std::string_view seg =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    pos = slash == std::string_view::npos ? path.size() + 1 : slash + 1;
    if (!IsParam(p)) {
      if (seg != p) return false;
      continue;
    }
    auto decoded = api::PercentDecode(seg, false);
    if (!decoded || decoded->empty() || decoded->find('/') != std::string::npos) {
      *bad = !decoded.has_value();
      return false;
    }
    (*params)[p.substr(1, p.size() - 2)] = std::move(*decoded);
  }
  return pos == path.size() + 1;  // every segment consumed
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  CHECK(!pattern.empty() && pattern.front() == '/') << "route pattern must start with /";
  for (const Route& r : routes_) {
    CHECK(!(r.method == method && r.pattern == pattern)) << "duplicate route " << pattern;
  }
  Route r{std::move(method), std::move(pattern), std::move(handler), options, {}};
  for (auto seg : SplitPath(r.pattern)) r.segments.emplace_back(seg);
  routes_.push_back(std::move(r));
}

void Router::Wrap(const std::function<Handler(const Route&)>& wrap) {
  for (Route& r : routes_) r.handler = wrap(r);
}

Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  if (path.empty() || path.front() != '/') {
    m.kind = Match::Kind::kBadPath;
    return m;
  }
  std::set<std::string> allowed;
  bool bad = false;
  for (const Route& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!MatchSegments(r, path, &params, &bad)) continue;
    const bool head_via_get = method == "HEAD" && r.method == "GET";
    if (r.method == method || head_via_get) {
      m.kind = Match::Kind::kFound;
      m.route = &r;
      m.params = std::move(params);
      if (r.method == method) return m;  // an explicit HEAD route wins over GET
      continue;
    }
    allowed.insert(r.method);
    if (r.method == "GET") allowed.insert("HEAD");
  }
  if (m.kind == Match::Kind::kFound) return m;
  if (bad) {
    m.kind = Match::Kind::kBadPath;
    return m;
  }
  if (allowed.empty()) return m;  // kNotFound
  m.kind = Match::Kind::kMethodNotAllowed;
  for (const auto& a : allowed) {
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += a;
  }
  return m;
}

api::Response Router::NotFoundResponse(std::string_view method, std::string_view path) {
  constexpr size_t kMaxEcho = 200;  // never echo an unbounded path
  std::string shown(path.substr(0, kMaxEcho));
  if (path.size() > kMaxEcho) shown += "...";
  return api::HttpProblem(404, "no route for " + std::string(method) + " " + shown);
}

api::Response Router::MethodNotAllowedResponse(std::string_view method, const std::string& allow) {
  api::Response r =
      api::HttpProblem(405, "method " + std::string(method) + " is not allowed here");
  r.headers.Set("Allow", allow);
  return r;
}

api::Response Router::Dispatch(api::Request req) const {
  Match m = Find(req.method, req.path);
  switch (m.kind) {
    case Match::Kind::kFound:
      req.path_params = std::move(m.params);
      return m.route->handler(req);
    case Match::Kind::kMethodNotAllowed:
      return MethodNotAllowedResponse(req.method, m.allow);
    case Match::Kind::kBadPath:
      return api::HttpProblem(400, "malformed request path");
    case Match::Kind::kNotFound:
      break;
  }
  return NotFoundResponse(req.method, req.path);
}

}  // namespace signet::server
