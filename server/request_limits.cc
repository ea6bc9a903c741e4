#include "server/request_limits.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include "api/problem.h"
#include "base/log.h"

namespace signet::server {
namespace {

constexpr int kUnavailableRetrySeconds = 5;

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
  prometheus::Counter* errors;
};

RequestLimits::RequestLimits(const LimitsConfig& config, storage::StateStore& state,
                             const Clock& clock, Duration session_ttl, Metrics& metrics)
    : config_(config),
      limiter_(state, clock),
      sessions_(state, clock, session_ttl),
      counters_(std::make_unique<Counters>()) {
  auto& rejected = prometheus::BuildCounter()
                       .Name("signet_ratelimit_rejected_total")
                       .Help("Requests refused with 429 by the rate limits, by scope (ip, tenant)")
                       .Register(metrics.registry());
  counters_->rejected_ip = &rejected.Add({{"scope", "ip"}});
  counters_->rejected_tenant = &rejected.Add({{"scope", "tenant"}});
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

Result<std::optional<std::string>> RequestLimits::TenantOf(const Route& route,
                                                           const api::Request& req) {
  if (route.pattern != "/mcp") return std::optional<std::string>();
  auto id = req.headers.Get("Mcp-Session-Id");
  if (!id || !mcp::SessionStore::IsWellFormedSessionId(*id)) return std::optional<std::string>();
  auto session = sessions_.Get(*id);
  if (!session) return std::move(session).error();
  if (!*session || (*session)->tenant.empty()) return std::optional<std::string>();
  return std::optional<std::string>((*session)->tenant);
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
  if (config.ip_requests_per_minute == 0 && config.tenant_requests_per_minute == 0) return;
  router.Wrap([&limits](const Route& route) -> Handler {
    if (RequestLimits::IsExempt(route)) return route.handler;
    return [limits, &route, inner = route.handler](const api::Request& req) {
      if (auto refused = limits->Admit(route, req)) return std::move(*refused);
      return inner(req);
    };
  });
}

}  // namespace signet::server
