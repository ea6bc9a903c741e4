#include "server/request_limits.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include "api/mcp_http.h"
#include "api/problem.h"
#include "base/encoding.h"
#include "base/log.h"
#include "crypto/sha2.h"

namespace signet::server {
namespace {

constexpr int kUnavailableRetrySeconds = 5;
constexpr int kSessionsRetrySeconds = 60;
constexpr std::string_view kSessionQuotaNs = "session_quota";
constexpr char kSessionHeader[] = "Mcp-Session-Id";

// SessionKey is the index entry of a session: "<tenant>/<hex SHA-256 of the id>".
std::string SessionKey(std::string_view tenant, std::string_view session_id) {
  return std::string(tenant) + "/" + HexEncode(crypto::Sha256(AsBytes(session_id)));
}

api::Response TooManyRequests(std::string_view scope, int retry_after) {
  api::Problem p;
  p.status = 429;
  p.detail =
      std::string("rate limit exceeded for this ") + (scope == "ip" ? "client address" : "tenant");
  p.retry_after_seconds = retry_after;
  return api::ToResponse(p);
}

api::Response LimiterUnavailable() {
  api::Problem p;
  p.status = 503;
  p.detail = "rate limiter unavailable";
  p.retry_after_seconds = kUnavailableRetrySeconds;
  return api::ToResponse(p);
}

}  // namespace

struct RequestLimits::Counters {
  prometheus::Counter* rejected_ip;
  prometheus::Counter* rejected_tenant;
  prometheus::Counter* rejected_sessions;
  prometheus::Counter* errors;
};

RequestLimits::RequestLimits(const LimitsConfig& config, storage::StateStore& state,
                             const Clock& clock, Duration session_ttl, Metrics& metrics)
    : config_(config),
      limiter_(state, clock),
      state_(state),
      session_ttl_(session_ttl),
      clock_(clock),
      sessions_(state, clock, session_ttl),
      counters_(std::make_unique<Counters>()) {
  auto& rejected =
      prometheus::BuildCounter()
          .Name("signet_ratelimit_rejected_total")
          .Help("Requests refused with 429 by the limits, by scope (ip, tenant, sessions)")
          .Register(metrics.registry());
  counters_->rejected_ip = &rejected.Add({{"scope", "ip"}});
  counters_->rejected_tenant = &rejected.Add({{"scope", "tenant"}});
  counters_->rejected_sessions = &rejected.Add({{"scope", "sessions"}});
  counters_->errors = &prometheus::BuildCounter()
                           .Name("signet_ratelimit_errors_total")
                           .Help("Requests refused with 503 because the limiter's store failed")
                           .Register(metrics.registry())
                           .Add({});
}

RequestLimits::~RequestLimits() = default;

bool RequestLimits::IsExempt(const Route& route) {
  return route.options.inline_handler || route.pattern == "/healthz" ||
         route.pattern == "/readyz" || route.pattern == "/metrics";
}

std::optional<api::Response> RequestLimits::Check(const std::string& subject, unsigned limit,
                                                  std::string_view scope, const api::Request& req) {
  auto d = limiter_.Hit(subject, limit);
  if (!d) {
    counters_->errors->Increment();
    log::Warn("rate limiter failed; refusing the request",
              {{"request_id", req.request_id}, {"error", d.error().message()}});
    return LimiterUnavailable();
  }
  if (d->allowed) return std::nullopt;
  (scope == "ip" ? counters_->rejected_ip : counters_->rejected_tenant)->Increment();
  return TooManyRequests(scope, d->retry_after_seconds);
}

std::optional<api::Response> RequestLimits::Failed(const Error& error,
                                                   const std::string& request_id) {
  counters_->errors->Increment();
  log::Warn("request limits failed; refusing the request",
            {{"request_id", request_id}, {"error", error.message()}});
  return LimiterUnavailable();
}

std::optional<api::Response> RequestLimits::AdmitSession(const std::string& session_id) {
  auto session = sessions_.Get(session_id);
  if (!session) return Failed(session.error(), "");
  if (!*session || (*session)->tenant.empty()) return std::nullopt;
  const std::string& tenant = (*session)->tenant;
  const std::string key = SessionKey(tenant, session_id);
  const Bytes one = {1};
  Status put = state_.Put(kSessionQuotaNs, key, one, session_ttl_);
  auto live = put.ok() ? state_.Scan(kSessionQuotaNs, tenant + "/", config_.tenant_sessions + 1)
                       : Result<std::vector<storage::StateEntry>>(put.error());
  if (live) {
    size_t count = 0;
    for (const auto& e : *live) count += e.key.starts_with(tenant + "/") ? 1 : 0;
    if (count <= config_.tenant_sessions) return std::nullopt;
  }
  (void)sessions_.Delete(session_id);  // best effort: the client never learns this id
  (void)state_.Delete(kSessionQuotaNs, key);
  if (!live) return Failed(live.error(), "");
  counters_->rejected_sessions->Increment();
  api::Response r = api::McpHttpError(429, -32600, "too many live MCP sessions for this tenant");
  r.headers.Set("Retry-After", std::to_string(kSessionsRetrySeconds));
  return r;
}

void RequestLimits::SessionEnded(const std::string& tenant, std::string_view session_id) {
  if (auto d = state_.Delete(kSessionQuotaNs, SessionKey(tenant, session_id)); !d) {
    log::Warn("could not remove an ended session from the tenant's session index",
              {{"error", d.error().message()}});
  }
}

api::Response RequestLimits::Handle(const Route& route, const api::Request& req,
                                    const Handler& inner) {
  if (auto refused = Admit(route, req)) return std::move(*refused);
  const bool track = config_.tenant_sessions > 0 && route.pattern == "/mcp";
  if (!track) return inner(req);
  const auto sent = req.headers.Get(kSessionHeader);
  std::optional<std::string> ending_tenant;
  if (req.method == "DELETE" && sent) {
    auto tenant = TenantOf(route, req);
    if (tenant && *tenant) ending_tenant = **tenant;
  }
  api::Response resp = inner(req);
  if (ending_tenant && resp.status == 204) {
    ForgetTenant(std::string(*sent));
    SessionEnded(*ending_tenant, *sent);
  }
  if (req.method != "POST" || sent || resp.status != 200) return resp;
  const auto created = resp.headers.Get(kSessionHeader);
  if (!created) return resp;
  if (auto refused = AdmitSession(std::string(*created))) return std::move(*refused);
  return resp;
}

Result<std::optional<std::string>> RequestLimits::TenantOf(const Route& route,
                                                           const api::Request& req) {
  if (route.pattern != "/mcp") return std::optional<std::string>();
  auto id = req.headers.Get("Mcp-Session-Id");
  if (!id || !mcp::SessionStore::IsWellFormedSessionId(*id)) return std::optional<std::string>();
  const std::string session_id(*id);
  if (auto cached = CachedTenant(session_id)) return cached;
  auto session = sessions_.Get(session_id);
  if (!session) return std::move(session).error();
  if (!*session || (*session)->tenant.empty()) return std::optional<std::string>();
  RememberTenant(session_id, **session);
  return std::optional<std::string>((*session)->tenant);
}

std::optional<std::string> RequestLimits::CachedTenant(const std::string& session_id) {
  std::lock_guard<std::mutex> lock(cache_mu_);
  auto it = tenant_cache_.find(session_id);
  if (it == tenant_cache_.end()) return std::nullopt;
  if (it->second.expires_at <= clock_.UnixSeconds()) {
    tenant_cache_.erase(it);
    return std::nullopt;
  }
  return it->second.tenant;
}

void RequestLimits::RememberTenant(const std::string& session_id,
                                   const mcp::SessionState& session) {
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (tenant_cache_.size() >= kMaxCachedSessions) tenant_cache_.clear();
  tenant_cache_[session_id] = CachedSession{session.tenant, session.expires_at};
}

void RequestLimits::ForgetTenant(const std::string& session_id) {
  std::lock_guard<std::mutex> lock(cache_mu_);
  tenant_cache_.erase(session_id);
}

std::optional<api::Response> RequestLimits::Admit(const Route& route, const api::Request& req) {
  if (IsExempt(route)) return std::nullopt;
  if (config_.ip_requests_per_minute > 0) {
    auto r = Check(IpSubject(req.client_ip), config_.ip_requests_per_minute, "ip", req);
    if (r) return r;
  }
  if (config_.tenant_requests_per_minute == 0) return std::nullopt;
  auto tenant = TenantOf(route, req);
  if (!tenant) {
    counters_->errors->Increment();
    log::Warn("rate limiter could not resolve the tenant; refusing the request",
              {{"request_id", req.request_id}, {"error", tenant.error().message()}});
    return LimiterUnavailable();
  }
  if (!*tenant) return std::nullopt;
  return Check(TenantSubject(**tenant), config_.tenant_requests_per_minute, "tenant", req);
}

void ApplyRequestLimits(Router& router, std::shared_ptr<RequestLimits> limits,
                        const LimitsConfig& config) {
  if (config.ip_requests_per_minute == 0 && config.tenant_requests_per_minute == 0 &&
      config.tenant_sessions == 0) {
    return;
  }
  router.Wrap([&limits](const Route& route) -> Handler {
    if (RequestLimits::IsExempt(route)) return route.handler;
    return [limits, &route, inner = route.handler](const api::Request& req) {
      return limits->Handle(route, req, inner);
    };
  });
}

}  // namespace signet::server
