#pragma once

// HttpServer: HTTP/1.1 over Boost.Beast with C++20 coroutines, optionally TLS.
//
// - N I/O threads run one io_context; each connection is a coroutine on its own strand.
// - Every read and write has a deadline: the header (slowloris), the body, the response write
//   and the keep-alive idle wait. A client that is too slow gets 408 and is disconnected.
// - Limits: header bytes (431), body bytes per route (413, checked against Content-Length before
//   reading and enforced while reading chunked bodies), concurrent connections (503 and close),
//   back-off when accept fails with EMFILE/ENFILE.
// - Request smuggling defences: Content-Length together with Transfer-Encoding, any
//   Transfer-Encoding other than a single "chunked", conflicting Content-Length values and
//   malformed chunks all get 400 and the connection is closed.
// - Handlers run on the bounded WorkerPool (503 + Retry-After when it is full) unless the route
//   is inline. Errors are RFC 9457 problem+json.
// - Graceful shutdown (Shutdown(), or SIGTERM/SIGINT when handle_signals): stop accepting, close
//   idle keep-alive connections, let in-flight requests finish (answered with Connection: close),
//   and stop at the latest after timeouts.shutdown_grace.
//
// Lifetime: the WorkerPool must be shut down (drained) after Run() returns and before the
// HttpServer is destroyed, because queued tasks post their results back to this server's
// io_context. Thread-safety: Shutdown() may be called from any thread; everything else from the
// owning thread.

#include <cstdint>
#include <memory>
#include <vector>

#include "base/result.h"
#include "base/worker_pool.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/router.h"

namespace signet::server {

// HttpServerOptions configures an HttpServer.
struct HttpServerOptions {
  std::vector<Endpoint> listen;
  unsigned io_threads = 1;
  ServerLimits limits;
  ServerTimeouts timeouts;
  std::vector<Cidr> trusted_proxies;
  TlsFiles tls;
  bool access_log = true;
  bool handle_signals = true;
};

class HttpServer {
 public:
  // Create binds every listener (so "address in use" is reported here, clearly) and loads the
  // TLS certificate if configured. `router`, `pool`, `compute` and `metrics` must outlive the
  // server. `compute` runs the cpu_bound routes; null = they run on `pool` too.
  static Result<std::unique_ptr<HttpServer>> Create(HttpServerOptions options,
                                                    const Router& router, WorkerPool& pool,
                                                    Metrics& metrics,
                                                    WorkerPool* compute = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Run serves on the I/O threads and blocks until shutdown has completed.
  void Run();
  // Shutdown begins a graceful shutdown. Thread-safe and idempotent.
  void Shutdown();
  // ports returns the bound port of each listener (useful with port 0).
  std::vector<uint16_t> ports() const;

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace signet::server
