#include "server/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

namespace signet::server {
namespace {

constexpr std::array<std::string_view, 5> kClasses = {"1xx", "2xx", "3xx", "4xx", "5xx"};

std::string_view StatusClass(int status) {
  const int c = status / 100;
  return (c >= 1 && c <= 5) ? kClasses[static_cast<size_t>(c - 1)] : std::string_view("5xx");
}

}  // namespace

std::string_view MethodLabel(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",  "HEAD",    "POST", "PUT",
                                                "DELETE", "PATCH", "OPTIONS"};
  for (auto m : kKnown) {
    if (m == method) return m;
  }
  return "OTHER";
}

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>* requests = nullptr;
  prometheus::Family<prometheus::Histogram>* latency = nullptr;
  prometheus::Gauge* in_flight = nullptr;
  prometheus::Gauge* connections = nullptr;
  prometheus::Family<prometheus::Counter>* rejected = nullptr;

  // Instruments per (route, method, class), created on first use. Route patterns come from the
  // router, so the key set is bounded.
  std::mutex mu;
  std::map<std::tuple<std::string, std::string_view, std::string_view>,
           std::pair<prometheus::Counter*, prometheus::Histogram*>, std::less<>>
      cache;
};

Metrics::Metrics(std::string_view version, std::string_view commit)
    : impl_(std::make_unique<Impl>()) {
  auto& reg = *impl_->registry;
  prometheus::BuildGauge()
      .Name("signet_build_info")
      .Help("Build information; the value is always 1")
      .Register(reg)
      .Add({{"version", std::string(version)}, {"commit", std::string(commit)}})
      .Set(1);
  impl_->requests = &prometheus::BuildCounter()
                         .Name("signet_http_requests_total")
                         .Help("HTTP requests by route pattern, method and status class")
                         .Register(reg);
  impl_->latency = &prometheus::BuildHistogram()
                        .Name("signet_http_request_duration_seconds")
                        .Help("HTTP request latency from the first header byte to the response being ready")
                        .Register(reg);
  impl_->in_flight = &prometheus::BuildGauge()
                          .Name("signet_http_requests_in_flight")
                          .Help("HTTP requests being processed")
                          .Register(reg)
                          .Add({});
  impl_->connections = &prometheus::BuildGauge()
                            .Name("signet_http_connections_open")
                            .Help("Open client connections")
                            .Register(reg)
                            .Add({});
  impl_->rejected = &prometheus::BuildCounter()
                         .Name("signet_http_connections_rejected_total")
                         .Help("Connections refused (limit reached or accept error)")
                         .Register(reg);
}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(std::string_view route, std::string_view method, int status,
                             double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  const std::string_view m = MethodLabel(method);
  const std::string_view cls = StatusClass(status);
  prometheus::Counter* counter = nullptr;
  prometheus::Histogram* histogram = nullptr;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto key = std::make_tuple(std::string(route), m, cls);
    auto it = impl_->cache.find(key);
    if (it == impl_->cache.end()) {
      const prometheus::Labels labels = {
          {"route", std::string(route)}, {"method", std::string(m)}, {"status", std::string(cls)}};
      it = impl_->cache
               .emplace(std::move(key), std::make_pair(&impl_->requests->Add(labels),
                                                       &impl_->latency->Add(labels, kBuckets)))
               .first;
    }
    counter = it->second.first;
    histogram = it->second.second;
  }
  counter->Increment();
  histogram->Observe(seconds);
}

void Metrics::RequestStarted() { impl_->in_flight->Increment(); }
void Metrics::RequestFinished() { impl_->in_flight->Decrement(); }
void Metrics::ConnectionOpened() { impl_->connections->Increment(); }
void Metrics::ConnectionClosed() { impl_->connections->Decrement(); }

void Metrics::ConnectionRejected(std::string_view reason) {
  impl_->rejected->Add({{"reason", std::string(reason)}}).Increment();
}

std::string Metrics::Render() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, impl_->registry->Collect());
  return out.str();
}

prometheus::Registry& Metrics::registry() { return *impl_->registry; }

}  // namespace signet::server
