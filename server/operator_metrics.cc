#include "server/operator_metrics.h"

#include <array>
#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "base/log.h"

namespace signet::server {
namespace {

using Json = nlohmann::json;

prometheus::ClientMetric CounterValue(std::string label, double v) {
  prometheus::ClientMetric m;
  m.label.push_back({"outcome", std::move(label)});
  m.counter.value = v;
  return m;
}

// WebhookStats renders the dispatcher's counters at scrape time.
class WebhookStats final : public prometheus::Collectable {
 public:
  explicit WebhookStats(const notify::Dispatcher& d) : d_(d) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    const notify::DispatcherStats s = d_.stats();
    prometheus::MetricFamily total{"signet_webhook_deliveries_total",
                                   "Webhook delivery attempts by outcome (this process)",
                                   prometheus::MetricType::Counter,
                                   {}};
    total.metric = {CounterValue("delivered", static_cast<double>(s.delivered)),
                    CounterValue("failed_attempt", static_cast<double>(s.failed_attempts)),
                    CounterValue("dead_lettered", static_cast<double>(s.dead_lettered)),
                    CounterValue("breaker_skip", static_cast<double>(s.breaker_skips)),
                    CounterValue("claim_conflict", static_cast<double>(s.claim_conflicts))};
    prometheus::MetricFamily in_flight{"signet_webhook_deliveries_in_flight",
                                       "Webhook deliveries being sent now",
                                       prometheus::MetricType::Gauge,
                                       {prometheus::ClientMetric{}}};
    in_flight.metric[0].gauge.value = static_cast<double>(s.in_flight);
    return {std::move(total), std::move(in_flight)};
  }

 private:
  const notify::Dispatcher& d_;
};

}  // namespace

void AddWebhookMetrics(Metrics& metrics, const notify::Dispatcher* dispatcher) {
  if (dispatcher == nullptr) return;
  metrics.AddCollectable(std::make_shared<WebhookStats>(*dispatcher));
}

struct TenantsGauge::Gauges {
  prometheus::Gauge* active;
  prometheus::Gauge* suspended;
};

TenantsGauge::TenantsGauge(vault::TenantRegistry& tenants, Metrics& metrics,
                           std::chrono::milliseconds interval)
    : tenants_(tenants), gauges_(std::make_unique<Gauges>()), interval_(interval) {
  auto& family = prometheus::BuildGauge()
                     .Name("signet_tenants")
                     .Help("Registered tenants by status (active, suspended), counted every minute")
                     .Register(metrics.registry());
  gauges_->active = &family.Add({{"status", "active"}});
  gauges_->suspended = &family.Add({{"status", "suspended"}});
  thread_ = std::thread([this] { Loop(); });
}

TenantsGauge::~TenantsGauge() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void TenantsGauge::Refresh() {
  auto all = tenants_.List();
  if (!all) {
    log::Warn("counting tenants for metrics failed", {{"error", all.error().message()}});
    return;
  }
  double active = 0;
  for (const auto& t : *all) active += t.status == "active" ? 1 : 0;
  gauges_->active->Set(active);
  gauges_->suspended->Set(static_cast<double>(all->size()) - active);
}

void TenantsGauge::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  do {
    lock.unlock();
    Refresh();
    lock.lock();
  } while (!cv_.wait_for(lock, interval_, [this] { return stop_; }));
}

namespace {

// ToolCalls counts tools/call requests by tool and outcome from the HTTP exchange.
class ToolCalls {
 public:
  explicit ToolCalls(prometheus::Registry& registry)
      : calls_(prometheus::BuildCounter()
                   .Name("signet_mcp_tool_calls_total")
                   .Help("MCP tools/call over HTTP by tool and outcome (ok, tool_error, "
                         "rpc_error, suspended)")
                   .Register(registry)),
        latency_(prometheus::BuildHistogram()
                     .Name("signet_mcp_tool_call_duration_seconds")
                     .Help("MCP tools/call latency by tool")
                     .Register(registry)) {}

  void Observe(const api::Request& req, const api::Response& resp, double seconds);

 private:
  std::string Label(const std::string& name, bool known);

  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
  std::mutex mu_;
  std::set<std::string> tools_;  // names that produced a CallToolResult; bounded by the registry
};

// ResponseMessage extracts the JSON-RPC message of a /mcp response (JSON or one SSE event).
Json ResponseMessage(const api::Response& resp) {
  std::string_view body = resp.body;
  if (const size_t data = body.find("data: "); !body.starts_with("{") && data != body.npos) {
    body = body.substr(data + 6);
    body = body.substr(0, body.find('\n'));
  }
  return Json::parse(body, nullptr, false);
}

// Outcome classifies a tools/call response.
std::string_view Outcome(const Json& msg, bool* is_result) {
  *is_result = false;
  if (!msg.is_object() || !msg.contains("result") || !msg["result"].is_object()) {
    return "rpc_error";
  }
  *is_result = true;
  const Json& r = msg["result"];
  if (r.value("isError", false)) return "tool_error";
  Json structured = r.value("structuredContent", Json());
  if (!structured.is_object()) {
    const Json content = r.value("content", Json::array());
    if (content.is_array() && !content.empty() && content[0].is_object()) {
      structured = Json::parse(content[0].value("text", ""), nullptr, false);
    }
  }
  if (structured.is_object() && structured.value("status", "") == "pending") return "suspended";
  return "ok";
}

std::string ToolCalls::Label(const std::string& name, bool known) {
  std::lock_guard<std::mutex> lock(mu_);
  if (known) return *tools_.insert(name).first;
  return tools_.count(name) ? name : "other";
}

void ToolCalls::Observe(const api::Request& req, const api::Response& resp, double seconds) {
  if (req.body.find("tools/call") == std::string::npos) return;
  const Json msg = Json::parse(req.body, nullptr, false);
  if (!msg.is_object() || msg.value("method", "") != "tools/call" || !msg.contains("id")) return;
  const Json params = msg.value("params", Json::object());
  const std::string name =
      params.is_object() && params.contains("name") && params["name"].is_string()
          ? params["name"].get<std::string>()
          : "";
  bool is_result = false;
  const std::string_view outcome =
      resp.status == 200 ? Outcome(ResponseMessage(resp), &is_result) : "rpc_error";
  const std::string tool = Label(name, is_result && !name.empty());
  calls_.Add({{"tool", tool}, {"outcome", std::string(outcome)}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  latency_.Add({{"tool", tool}}, kBuckets).Observe(seconds);
}

}  // namespace

void ApplyMcpToolMetrics(Router& router, Metrics& metrics) {
  auto calls = std::make_shared<ToolCalls>(metrics.registry());
  router.Wrap([&calls](const Route& route) -> Handler {
    if (route.method != "POST" || route.pattern != "/mcp") return route.handler;
    return [calls, inner = route.handler](const api::Request& req) {
      const auto start = std::chrono::steady_clock::now();
      api::Response resp = inner(req);
      calls->Observe(
          req, resp,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      return resp;
    };
  });
}

std::function<void(policy::Effect)> PolicyDecisionCounter(Metrics& metrics) {
  auto& family = prometheus::BuildCounter()
                     .Name("signet_policy_decisions_total")
                     .Help("Policy decisions of the MCP tools by effect")
                     .Register(metrics.registry());
  // One counter per effect, created up front so the hot path only increments.
  std::array<prometheus::Counter*, 3> counters{};
  for (policy::Effect e : {policy::Effect::kPermit, policy::Effect::kDeny, policy::Effect::kAnomaly}) {
    counters[static_cast<size_t>(e)] =
        &family.Add({{"effect", std::string(policy::EffectName(e))}});
  }
  return [counters](policy::Effect e) {
    const auto i = static_cast<size_t>(e);
    if (i < counters.size()) counters[i]->Increment();
  };
}

}  // namespace signet::server
