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
#include <string>

#include "base/log.h"

namespace signet::server {
namespace {

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

mcp::ToolCallObserver McpToolCallCounter(Metrics& metrics) {
  auto& calls = prometheus::BuildCounter()
                    .Name("signet_mcp_tool_calls_total")
                    .Help("MCP tools/call by tool and outcome (ok, tool_error, quota, rpc_error, "
                          "suspended)")
                    .Register(metrics.registry());
  auto& latency = prometheus::BuildHistogram()
                      .Name("signet_mcp_tool_call_duration_seconds")
                      .Help("MCP tools/call latency by tool")
                      .Register(metrics.registry());
  return [&calls, &latency](std::string_view tool, std::string_view outcome, double seconds) {
    // The dispatcher names only registered tools, so the label set stays bounded.
    const std::string name = tool.empty() ? "other" : std::string(tool);
    calls.Add({{"tool", name}, {"outcome", std::string(outcome)}}).Increment();
    static const prometheus::Histogram::BucketBoundaries kBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    latency.Add({{"tool", name}}, kBuckets).Observe(seconds);
  };
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
