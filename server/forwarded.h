#pragma once

// Client address resolution behind reverse proxies. X-Forwarded-For and Forwarded (RFC 7239) are
// honoured only when the TCP peer is a configured trusted proxy; the client is then the
// right-most address that is not itself a trusted proxy. Anything malformed stops the walk, so a
// client cannot inject an address past the first untrusted hop.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.h"
#include "base/result.h"

namespace signet::server {

// IpAddress is an IPv4 (stored as IPv4-mapped IPv6) or IPv6 address.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4 = false;

  // Parse accepts dotted IPv4, IPv6 (with optional brackets) and IPv4-mapped IPv6.
  static Result<IpAddress> Parse(std::string_view s);
  // ToString renders the canonical text form.
  std::string ToString() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Cidr is an address range such as "10.0.0.0/8" or "::1/128".
struct Cidr {
  IpAddress base;
  int prefix = 0;  // in bits of the family (0..32 for IPv4, 0..128 for IPv6)

  // Parse reads "addr/prefix" or a bare address (a single host).
  static Result<Cidr> Parse(std::string_view s);
  // Contains reports whether `ip` is in the range (families must match).
  bool Contains(const IpAddress& ip) const;
};

// ClientAddress returns the client's IP for a request whose TCP peer is `peer`.
std::string ClientAddress(const IpAddress& peer, const api::Headers& headers,
                          const std::vector<Cidr>& trusted);

}  // namespace signet::server
