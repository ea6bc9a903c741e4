#pragma once

// HttpSender: the one seam between notify/ and the network. The dispatcher and the approver CLI
// speak HTTP only through it, so their logic is testable without sockets (a fake sender in the
// tests); server/webhook_client.h implements it with Boost.Beast + OpenSSL, including the SSRF
// guard (notify/ssrf.h) at connect time.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace signet::notify {

// HttpCall is one request.
struct HttpCall {
  std::string method = "POST";
  std::string url;  // absolute http(s) URL (notify/url.h)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};  // for the whole exchange
};

// HttpReply is a response that arrived (any status).
struct HttpReply {
  int status = 0;
  std::string body;                        // truncated to the sender's response limit
  std::optional<int> retry_after_seconds;  // from Retry-After (delta-seconds form)
};

// HttpDone receives the outcome: a reply, or an error for a transport failure
// (kUnavailable: connect/TLS/IO failure; kDeadlineExceeded: timeout; kPermissionDenied: the SSRF
// guard refused the target; kInvalidArgument: bad URL; kTooLarge: response over the limit).
using HttpDone = std::function<void(Result<HttpReply>)>;

// HttpSender sends requests asynchronously. Thread-safe. `done` is called exactly once, on an
// arbitrary thread, unless the sender is shut down first (then pending calls are dropped).
class HttpSender {
 public:
  virtual ~HttpSender() = default;
  virtual void Send(HttpCall call, HttpDone done) = 0;
};

// SendAndWait sends one request and blocks for its outcome (for the CLI).
Result<HttpReply> SendAndWait(HttpSender& sender, HttpCall call);

}  // namespace signet::notify
