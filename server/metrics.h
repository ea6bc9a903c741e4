#pragma once

// Metrics: the Prometheus registry (prometheus-cpp core) and the HTTP instruments, rendered in
// the text exposition format by our own /metrics route (no civetweb exposer).
//
// Labels are bounded by construction: route = the route pattern (or "unmatched"), method = one
// of the standard methods or "OTHER", status = the status class ("2xx"). Never a tenant id, a
// raw path or a key. Thread-safe.

#include <memory>
#include <string>
#include <string_view>

namespace prometheus {
class Collectable;
class Registry;
}

namespace signet::server {

class Metrics {
 public:
  // Creates the registry with signet_build_info{version, commit} = 1.
  Metrics(std::string_view version, std::string_view commit);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // kMaxRoutes bounds the number of distinct route labels (the label set stays bounded).
  static constexpr size_t kMaxRoutes = 256;

  // RegisterRoute returns the slot for a route label (a route pattern, or "unmatched"); the
  // same label always gets the same slot. Call while setting up, before serving.
  size_t RegisterRoute(std::string_view label);
  // ObserveRequest records one finished request for a registered slot. Lock-free after the first
  // request of each (slot, method, status class).
  void ObserveRequest(size_t slot, std::string_view method, int status, double seconds);
  // RequestStarted / RequestFinished move the in-flight gauge.
  void RequestStarted();
  void RequestFinished();
  // ConnectionOpened / ConnectionClosed move the open-connections gauge;
  // ConnectionRejected counts connections refused at the limit or on accept errors.
  void ConnectionOpened();
  void ConnectionClosed();
  void ConnectionRejected(std::string_view reason);

  // Render returns the text exposition (format 0.0.4) of every registered family.
  std::string Render() const;

  // AddCollectable adds a source of families asked on every Render (counters a domain component
  // keeps itself, read at scrape time). Call before serving; `c` must not block.
  void AddCollectable(std::shared_ptr<prometheus::Collectable> c);

  // registry lets other components register their own families.
  prometheus::Registry& registry();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace signet::server
