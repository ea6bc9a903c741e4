#pragma once

// WebhookClient: the asynchronous HTTP(S) client behind notify::HttpSender (webhook deliveries
// by the dispatcher, and the approver CLI's calls to the server). Boost.Beast + OpenSSL on one
// I/O thread; no Beast types in this header.
//
// Per request: parse the URL (notify/url.h); resolve the host; run the SSRF guard
// (notify/ssrf.h) on EVERY resolved address and refuse the request if any is not allowed; then
// connect only to those checked addresses (no second resolution, so DNS rebinding cannot swap
// in another target); for https: TLS 1.2+, SNI with the host name, certificate verification
// against the system store or `ca_file`, and host name (or IP) verification; write the request
// and read the response with a size limit. One deadline (HttpCall::timeout) bounds resolve,
// connect, handshake, write and read together. Plain http is refused unless `allow_http`.
//
// Thread-safe. Shutdown (or destruction) stops the I/O thread; calls still in progress are
// dropped without their callback.

#include <memory>
#include <string>

#include "base/result.h"
#include "notify/http_sender.h"
#include "notify/ssrf.h"

namespace signet::server {

// WebhookClientOptions configures the client (config notify.*).
struct WebhookClientOptions {
  notify::TargetPolicy targets;  // which non-public addresses may be contacted
  bool allow_http = false;       // plain-http targets (loopback tests)
  std::string ca_file;           // PEM bundle; empty = the system trust store
  size_t max_response_bytes = size_t{64} << 10;
};

class WebhookClient final : public notify::HttpSender {
 public:
  // Create loads the trust store and starts the I/O thread.
  static Result<std::unique_ptr<WebhookClient>> Create(WebhookClientOptions options);
  ~WebhookClient() override;
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  void Send(notify::HttpCall call, notify::HttpDone done) override;
  // Shutdown stops the I/O thread (idempotent).
  void Shutdown();

  struct Impl;

 private:
  explicit WebhookClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace signet::server
