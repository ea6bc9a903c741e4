#include "server/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <atomic>
#include <deque>
#include <mutex>
#include <sstream>
#include <vector>

#include "base/check.h"

namespace signet::server {
namespace {

constexpr std::array<std::string_view, 5> kClasses = {"1xx", "2xx", "3xx", "4xx", "5xx"};

// MethodIndex maps a method to 0..7 (the seven standard methods, then OTHER).
size_t MethodIndex(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",    "HEAD",  "POST",   "PUT",
                                                "DELETE", "PATCH", "OPTIONS"};
  for (size_t i = 0; i < std::size(kKnown); ++i) {
    if (kKnown[i] == method) return i;
  }
  return 7;
}

// Instruments are the counter and histogram of one (route, method, status class).
struct Instruments {
  prometheus::Counter* requests;
  prometheus::Histogram* latency;
};

// RouteSlot caches the instruments of one route label: 8 methods x 5 status classes.
struct RouteSlot {
  std::string label;
  std::array<std::atomic<Instruments*>, 8 * 5> cells{};
};

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>* requests = nullptr;
  prometheus::Family<prometheus::Histogram>* latency = nullptr;
  prometheus::Gauge* in_flight = nullptr;
  prometheus::Gauge* connections = nullptr;
  prometheus::Family<prometheus::Counter>* rejected = nullptr;

  std::mutex mu;  // guards slot registration and instrument creation
  std::array<RouteSlot, kMaxRoutes> slots;
  size_t slot_count = 0;                          // guarded by mu
  std::deque<Instruments> instruments;            // guarded by mu; stable addresses
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables;  // guarded by mu

  Instruments* Create(RouteSlot& slot, size_t method, size_t cls);
};

Instruments* Metrics::Impl::Create(RouteSlot& slot, size_t method, size_t cls) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  static constexpr std::string_view kMethods[] = {"GET",   "HEAD",    "POST", "PUT",
                                                  "DELETE", "PATCH", "OPTIONS", "OTHER"};
  std::lock_guard<std::mutex> lock(mu);
  auto& cell = slot.cells[method * 5 + cls];
  if (Instruments* existing = cell.load(std::memory_order_acquire)) return existing;
  const prometheus::Labels labels = {{"route", slot.label},
                                     {"method", std::string(kMethods[method])},
                                     {"status", std::string(kClasses[cls])}};
  instruments.push_back({&requests->Add(labels), &latency->Add(labels, kBuckets)});
  cell.store(&instruments.back(), std::memory_order_release);
  return &instruments.back();
}

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

size_t Metrics::RegisterRoute(std::string_view label) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (size_t i = 0; i < impl_->slot_count; ++i) {
    if (impl_->slots[i].label == label) return i;
  }
  CHECK(impl_->slot_count < kMaxRoutes) << "too many route labels";
  impl_->slots[impl_->slot_count].label = std::string(label);
  return impl_->slot_count++;
}

void Metrics::ObserveRequest(size_t slot, std::string_view method, int status, double seconds) {
  CHECK(slot < kMaxRoutes);
  RouteSlot& s = impl_->slots[slot];
  const int c = status / 100;
  const size_t cls = (c >= 1 && c <= 5) ? static_cast<size_t>(c - 1) : 4;
  const size_t m = MethodIndex(method);
  Instruments* in = s.cells[m * 5 + cls].load(std::memory_order_acquire);
  if (in == nullptr) in = impl_->Create(s, m, cls);
  in->requests->Increment();
  in->latency->Observe(seconds);
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
  auto families = impl_->registry->Collect();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (const auto& c : impl_->collectables) {
      auto more = c->Collect();
      families.insert(families.end(), std::make_move_iterator(more.begin()),
                      std::make_move_iterator(more.end()));
    }
  }
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

void Metrics::AddCollectable(std::shared_ptr<prometheus::Collectable> c) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->collectables.push_back(std::move(c));
}

prometheus::Registry& Metrics::registry() { return *impl_->registry; }

}  // namespace signet::server
