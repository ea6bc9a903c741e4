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

  // ObserveRequest records one finished request.
  void ObserveRequest(std::string_view route, std::string_view method, int status,
                      double seconds);
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

  // registry lets other components register their own families.
  prometheus::Registry& registry();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// MethodLabel maps a request method to a bounded label value.
std::string_view MethodLabel(std::string_view method);

}  // namespace signet::server
