#pragma once

// Operator metrics beyond HTTP (issue 11 point 6). Domain folders stay free of Prometheus: the
// numbers come from what they already expose (the webhook dispatcher's counters, the tenant
// registry, the MCP responses) and are turned into families here. Never a tenant label.
//
//   signet_webhook_deliveries_total{outcome}  delivered | failed_attempt | dead_lettered |
//                                             breaker_skip | claim_conflict (this process)
//   signet_webhook_deliveries_in_flight       deliveries being sent now
//   signet_tenants{status}                    registered tenants by status (active, suspended),
//                                             refreshed every minute from the shared registry
//   signet_mcp_tool_calls_total{tool, outcome} tools/call: outcome ok | tool_error |
//                                             quota (a tenant quota refused it) | rpc_error |
//                                             suspended; tool = a registered tool's
//                                             name (only registered tools produce results), or
//                                             "other"
//   signet_mcp_tool_call_duration_seconds{tool} latency of those calls
//
// Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "mcp/dispatcher.h"
#include "notify/dispatcher.h"
#include "policy/decision.h"
#include "server/metrics.h"
#include "server/router.h"
#include "vault/tenants.h"

namespace signet::server {

// AddWebhookMetrics exposes the delivery counters of `dispatcher` (read at each scrape). The
// dispatcher must outlive every Render of `metrics`; a null dispatcher adds nothing.
void AddWebhookMetrics(Metrics& metrics, const notify::Dispatcher* dispatcher);

// TenantsGauge keeps signet_tenants{status} current: it counts the registry on its own thread
// once at start and then every `interval`. A failed count keeps the last values and is logged.
class TenantsGauge {
 public:
  TenantsGauge(vault::TenantRegistry& tenants, Metrics& metrics,
               std::chrono::milliseconds interval = std::chrono::minutes(1));
  ~TenantsGauge();
  TenantsGauge(const TenantsGauge&) = delete;
  TenantsGauge& operator=(const TenantsGauge&) = delete;

  // Refresh counts the registry now (also called by the thread).
  void Refresh();

 private:
  struct Gauges;
  void Loop();

  vault::TenantRegistry& tenants_;
  std::unique_ptr<Gauges> gauges_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// McpToolCallCounter registers signet_mcp_tool_calls_total{tool,outcome} and
// signet_mcp_tool_call_duration_seconds{tool} and returns the dispatcher's observer that counts
// one call (mcp/dispatcher.h), over HTTP and stdio alike. tool = a registered tool's name, or
// "other" for requests that named none.
mcp::ToolCallObserver McpToolCallCounter(Metrics& metrics);

// PolicyDecisionCounter registers signet_policy_decisions_total{effect="permit"|"deny"|"anomaly"}
// (every decision of the MCP tools' policy engine) and returns the callback that counts one.
std::function<void(policy::Effect)> PolicyDecisionCounter(Metrics& metrics);

}  // namespace signet::server
