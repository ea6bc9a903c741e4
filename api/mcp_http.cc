#include "api/mcp_http.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "api/problem.h"
#include "base/log.h"

namespace signet::api {
namespace {

constexpr std::string_view kSessionHeader = "Mcp-Session-Id";
constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// HostName strips the port from a Host header value ("[::1]:3000" -> "::1").
std::string HostName(std::string_view host) {
  if (host.starts_with('[')) {
    const size_t end = host.find(']');
    return end == std::string_view::npos ? std::string() : Lower(host.substr(1, end - 1));
  }
  const size_t colon = host.find(':');
  return Lower(colon == std::string_view::npos ? host : host.substr(0, colon));
}

bool Listed(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return IEquals(item, value); });
}

// ResponseFormat is how a request's answer is framed.
enum class ResponseFormat { kJson, kSse, kNotAcceptable };

ResponseFormat FormatFor(const Request& req) {
  auto accept = req.headers.Get("Accept");
  if (!accept) return ResponseFormat::kJson;
  const std::string a = Lower(*accept);
  const bool json = a.find("application/json") != std::string::npos ||
                    a.find("application/*") != std::string::npos ||
                    a.find("*/*") != std::string::npos;
  if (json) return ResponseFormat::kJson;
  if (a.find("text/event-stream") != std::string::npos) return ResponseFormat::kSse;
  return ResponseFormat::kNotAcceptable;
}

bool IsJsonContentType(const Request& req) {
  auto type = req.headers.Get("Content-Type");
  if (!type) return false;
  const std::string t = Lower(*type);
  return t == "application/json" || t.starts_with("application/json;");
}

Response Answer(ResponseFormat format, std::string body) {
  if (format == ResponseFormat::kSse) {
    Response r = Response::Text(200, "event: message\ndata: " + body + "\n\n", "text/event-stream");
    r.headers.Set("Cache-Control", "no-cache");
    return r;
  }
  return Response::Json(200, std::move(body));
}

Response Accepted() {
  Response r;
  r.status = 202;
  return r;
}

// FromStoreError maps a session-store failure to an HTTP error (503 with Retry-After when the
// store is down, 500 otherwise).
Response FromStoreError(const Error& e) {
  if (e.code() == ErrorCode::kUnavailable) {
    Response r = McpHttpError(503, mcp::rpc::kInternalError, "session storage is unavailable");
    r.headers.Set("Retry-After", "5");
    return r;
  }
  log::Error("mcp session store failed", {{"error", e.ToString()}});
  return McpHttpError(500, mcp::rpc::kInternalError, "internal error");
}

// SessionError maps a failed session lookup: no header -> 400, unknown -> 404.
Response SessionError(const Error& e) {
  if (e.code() == ErrorCode::kInvalidArgument) {
    return McpHttpError(400, mcp::rpc::kInvalidRequest, e.message());
  }
  if (e.code() == ErrorCode::kNotFound) {
    return McpHttpError(404, mcp::rpc::kInvalidRequest, "Session not found");
  }
  return FromStoreError(e);
}

// SameOrigin reports whether `origin` is the server's own origin as the client addressed it
// (scheme + the allowlisted Host), i.e. not a cross-site request.
bool SameOrigin(std::string_view origin, std::string_view host) {
  return IEquals(origin, "http://" + std::string(host)) ||
         IEquals(origin, "https://" + std::string(host));
}

bool SameCaller(const mcp::SessionState& s, const mcp::Principal& p) {
  return s.tenant == p.tenant.value() && s.agent_id == p.agent_id && s.grant_id == p.grant_id;
}

}  // namespace

Response McpHttpError(int status, int rpc_code, std::string message) {
  return Response::Json(
      status, mcp::ErrorResponse(nullptr, mcp::RpcError{rpc_code, std::move(message), nullptr}));
}

McpHttpEndpoint::McpHttpEndpoint(const mcp::Dispatcher& dispatcher, mcp::SessionStore& sessions,
                                 McpAuthenticator authenticate, McpHttpOptions options)
    : dispatcher_(dispatcher),
      sessions_(sessions),
      authenticate_(std::move(authenticate)),
      options_(std::move(options)) {}

// AuthError answers a request the authenticator refused (401, 403, 503, ...).
Response McpHttpEndpoint::AuthError(const Error& e) const {
  if (e.code() == ErrorCode::kUnavailable || e.code() == ErrorCode::kInternal ||
      e.code() == ErrorCode::kDataLoss) {
    return FromStoreError(e);
  }
  Response r = McpHttpError(HttpStatusFor(e.code()), mcp::rpc::kInvalidRequest, e.message());
  if (options_.challenge) {
    for (std::string& c : options_.challenge(e, "")) {
      r.headers.Add("WWW-Authenticate", std::move(c));
    }
  }
  return r;
}

std::optional<Response> McpHttpEndpoint::CheckOrigin(const Request& req) const {
  auto host = req.headers.Get("Host");
  if (!host || req.headers.Count("Host") != 1 || !Listed(options_.allowed_hosts, HostName(*host))) {
    return McpHttpError(403, mcp::rpc::kInvalidRequest, "Host not allowed");
  }
  auto origin = req.headers.Get("Origin");
  if (origin && !Listed(options_.allowed_origins, *origin) && !SameOrigin(*origin, *host)) {
    return McpHttpError(403, mcp::rpc::kInvalidRequest, "Origin not allowed");
  }
  return std::nullopt;
}

Response McpHttpEndpoint::Post(const Request& req) const {
  if (auto refused = CheckOrigin(req)) return std::move(*refused);
  auto principal = authenticate_(req);
  if (!principal) return AuthError(principal.error());
  if (req.body.size() > mcp::kMaxMessageBytes) {
    return McpHttpError(413, mcp::rpc::kInvalidRequest, "message too large");
  }
  if (!IsJsonContentType(req)) {
    return McpHttpError(415, mcp::rpc::kInvalidRequest, "Content-Type must be application/json");
  }
  const ResponseFormat format = FormatFor(req);
  if (format == ResponseFormat::kNotAcceptable) {
    return McpHttpError(406, mcp::rpc::kInvalidRequest,
                        "Accept must allow application/json or text/event-stream");
  }
  if (auto v = req.headers.Get(kVersionHeader); v && !mcp::IsSupportedProtocolVersion(*v)) {
    return McpHttpError(400, mcp::rpc::kInvalidRequest, "Unsupported MCP-Protocol-Version");
  }
  mcp::ParseOutcome parsed = mcp::ParseMessage(req.body);
  if (parsed.error) return Response::Json(400, mcp::ErrorResponse(parsed.id, *parsed.error));
  const mcp::Message& m = *parsed.message;
  if (const std::string scope = dispatcher_.RequiredScope(m);
      options_.challenge && !principal->HasScope(scope)) {
    Response r = McpHttpError(403, mcp::rpc::kInvalidRequest, "insufficient scope: " + scope);
    for (std::string& c : options_.challenge(PermissionDenied("insufficient scope"), scope)) {
      r.headers.Add("WWW-Authenticate", std::move(c));
    }
    return r;
  }
  if (m.kind == mcp::MessageKind::kRequest && m.method == "initialize") {
    if (req.headers.Has(kSessionHeader)) {
      return McpHttpError(400, mcp::rpc::kInvalidRequest,
                          "initialize must not carry Mcp-Session-Id");
    }
    return Initialize(req, m, *principal);
  }
  std::string id;
  auto session = LoadSession(req, *principal, id);
  if (!session) return SessionError(session.error());
  mcp::HandleOutcome out = dispatcher_.Handle(m, *principal, *session);
  if (out.session_changed) {
    if (Status s = sessions_.Update(id, *session); !s.ok()) {
      if (s.error().code() == ErrorCode::kNotFound) {
        return McpHttpError(404, mcp::rpc::kInvalidRequest, "Session not found");
      }
      return FromStoreError(s.error());
    }
  }
  if (!out.response) return Accepted();
  return Answer(format, std::move(*out.response));
}

Response McpHttpEndpoint::Initialize(const Request& req, const mcp::Message& m,
                                     const mcp::Principal& principal) const {
  mcp::SessionState session;
  session.tenant = principal.tenant.value();
  session.agent_id = principal.agent_id;
  session.grant_id = principal.grant_id;
  mcp::HandleOutcome out = dispatcher_.Handle(m, principal, session);
  Response r = Answer(FormatFor(req), std::move(out.response).value_or(std::string()));
  if (session.protocol_version.empty()) return r;  // initialize failed: no session
  auto id = sessions_.Create(std::move(session));
  if (!id) return FromStoreError(id.error());
  r.headers.Set(std::string(kSessionHeader), *id);
  return r;
}

Result<mcp::SessionState> McpHttpEndpoint::LoadSession(const Request& req,
                                                       const mcp::Principal& principal,
                                                       std::string& id) const {
  auto header = req.headers.Get(kSessionHeader);
  if (!header) return InvalidArgument("Mcp-Session-Id header is required");
  if (req.headers.Count(kSessionHeader) != 1) {
    return InvalidArgument("exactly one Mcp-Session-Id header is allowed");
  }
  id = std::string(*header);
  auto session = sessions_.Get(id);
  if (!session) return std::move(session).error();
  if (!*session || !SameCaller(**session, principal)) return NotFound("Session not found");
  return std::move(**session);
}

Response McpHttpEndpoint::Delete(const Request& req) const {
  if (auto refused = CheckOrigin(req)) return std::move(*refused);
  auto principal = authenticate_(req);
  if (!principal) return AuthError(principal.error());
  std::string id;
  auto session = LoadSession(req, *principal, id);
  if (!session) return SessionError(session.error());
  auto deleted = sessions_.Delete(id);
  if (!deleted) return FromStoreError(deleted.error());
  if (!*deleted) return McpHttpError(404, mcp::rpc::kInvalidRequest, "Session not found");
  Response r;
  r.status = 204;
  return r;
}

}  // namespace signet::api
