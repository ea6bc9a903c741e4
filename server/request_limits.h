#pragma once

// RequestLimits: the per-client-address and per-tenant request-rate limits of issue 11 point 3,
// applied as a wrapper around route handlers (ApplyRequestLimits), so they run on the worker pool
// next to the handler's own storage calls, never on an I/O thread.
//
// - Every route is limited except the operational ones (/healthz, /readyz, /metrics) and
//   inline handlers. Requests that match no route (404/405) are not counted.
// - Per client address: the address server/forwarded.h resolved (trusted proxies only), counted
//   with RateLimiter under "ip:<addr>" (IPv6 per /64).
// - Per tenant: for requests that prove a tenant. Today that is /mcp with an Mcp-Session-Id that
//   names a live session (the session's tenant). Unauthenticated routes that merely mention a
//   tenant in their path (issuer metadata, status lists, /verify) are limited per address only,
//   so nobody can spend a tenant's budget by naming it.
// - Over a limit: 429 problem+json with Retry-After = seconds until the window ends.
// - Live MCP sessions per tenant (limits.tenant_sessions): when POST /mcp created a session
//   (initialize answered with a new Mcp-Session-Id), the session is entered in the tenant's index
//   (namespace "session_quota", key "<tenant>/<SHA-256 of the id>", expiring with the session)
//   and the tenant's live entries are counted; over the quota the new session is deleted again
//   and the client gets 429 (JSON-RPC error body, Retry-After: 60). DELETE /mcp removes the
//   entry. Concurrent creations may each see the other and both be refused: the quota is never
//   exceeded, at worst briefly under-used.
// - Limiter storage failure: fail closed (503 problem+json, Retry-After: 5), logged at warn and
//   counted in signet_ratelimit_errors_total. These routes need the same store to do their work,
//   so failing open would only hide the outage. The exempt probes never touch the limiter.
//
// Metrics: signet_ratelimit_rejected_total{scope="ip"|"tenant"|"sessions"},
// signet_ratelimit_errors_total.
// Never a tenant or address label. Thread-safe after construction.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/http.h"
#include "base/clock.h"
#include "mcp/session_store.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/router.h"
#include "storage/state_store.h"

namespace signet::server {

class RequestLimits {
 public:
  // `state`, `clock` and `metrics` must outlive the object; `session_ttl` is mcp.session_ttl.
  RequestLimits(const LimitsConfig& config, storage::StateStore& state, const Clock& clock,
                Duration session_ttl, Metrics& metrics);
  ~RequestLimits();

  // Admit counts `req` (on `route`) against the limits: nullopt = go ahead, otherwise the 429 or
  // 503 response to send instead.
  std::optional<api::Response> Admit(const Route& route, const api::Request& req);

  // Handle runs `inner` for `req` under every limit: Admit first, then the session quota.
  api::Response Handle(const Route& route, const api::Request& req, const Handler& inner);

  // IsExempt reports whether a route is never limited (probes, scrapes, inline handlers).
  static bool IsExempt(const Route& route);

 private:
  struct Counters;
  std::optional<api::Response> Check(const std::string& subject, unsigned limit,
                                     std::string_view scope, const api::Request& req);
  Result<std::optional<std::string>> TenantOf(const Route& route, const api::Request& req);
  std::optional<api::Response> AdmitSession(const std::string& session_id);
  void SessionEnded(const std::string& tenant, std::string_view session_id);
  std::optional<std::string> CachedTenant(const std::string& session_id);
  void RememberTenant(const std::string& session_id, const mcp::SessionState& session);
  void ForgetTenant(const std::string& session_id);
  std::optional<api::Response> Failed(const Error& error, const std::string& request_id);

  LimitsConfig config_;
  RateLimiter limiter_;
  storage::StateStore& state_;
  Duration session_ttl_;
  const Clock& clock_;
  mcp::SessionStore sessions_;
  std::unique_ptr<Counters> counters_;

  // The tenant of a live session, by session id. A session's tenant never changes, so this
  // spares the second storage read (and JSON parse) of the session on every /mcp request; the
  // MCP endpoint still reads the session itself. An entry is used only until the session's
  // expiry as read; a session deleted on another replica can be counted against its tenant once
  // more before the endpoint refuses it (404), which errs on the side of counting. Bounded:
  // cleared when it reaches kMaxCachedSessions.
  struct CachedSession {
    std::string tenant;
    int64_t expires_at = 0;
  };
  static constexpr size_t kMaxCachedSessions = 4096;
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> tenant_cache_;
};

// ApplyRequestLimits wraps the handler of every non-exempt route of `router` with
// limits->Handle. Call after every route is added and before serving. No-op when every limit is
// 0 (off).
void ApplyRequestLimits(Router& router, std::shared_ptr<RequestLimits> limits,
                        const LimitsConfig& config);

}  // namespace signet::server
