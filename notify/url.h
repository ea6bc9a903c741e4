#pragma once

// Webhook URLs: the absolute http(s) URLs Signet posts to (webhook endpoints) and hands out
// (callback URLs). A strict subset of RFC 3986: scheme "http" or "https", a host (DNS name,
// IPv4 literal or [IPv6] literal), an optional port, a path and query; no userinfo (it would put
// a credential in config and logs), no fragment, no whitespace or control characters.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace signet::notify {

inline constexpr size_t kMaxUrlBytes = 2048;

// WebhookUrl is a parsed URL.
struct WebhookUrl {
  bool tls = true;   // https
  std::string host;  // lower-cased; IPv6 without brackets
  bool ipv6_literal = false;
  uint16_t port = 443;
  std::string target;  // path + ("?" + query), at least "/"

  // Origin renders "scheme://host[:port]" (default ports omitted).
  std::string Origin() const;
  // ToString renders the whole URL.
  std::string ToString() const { return Origin() + target; }
  // EndpointKey names the endpoint for the circuit breaker: "host:port".
  std::string EndpointKey() const;
};

// ParseWebhookUrl parses `url` strictly; InvalidArgument names what is wrong.
Result<WebhookUrl> ParseWebhookUrl(std::string_view url);

}  // namespace signet::notify
