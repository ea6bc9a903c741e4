#pragma once

// SSRF guard for outgoing webhooks. A webhook URL comes from configuration, but its host name
// resolves at delivery time, so the check runs on every resolved address, and the client then
// connects to exactly the addresses it checked (never resolving again), which defeats DNS
// rebinding. If any resolved address is refused, the whole delivery is refused.
//
// Address classes (IANA special-purpose registries, RFC 6890):
//   loopback     127.0.0.0/8, ::1                                  allowed with allow_loopback
//   private      10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT),
//                fc00::/7 (ULA), fec0::/10 (old site-local)         allowed with allow_private
//   link-local   169.254/16 (cloud metadata lives here), fe80::/10  always refused
//   multicast    224/4, ff00::/8                                   always refused
//   unspecified  0.0.0.0/8, ::                                      always refused
//   reserved     240/4, 255.255.255.255, 192.0.0/24, documentation and benchmarking ranges,
//                100::/64, 2001::/23, 2001:db8::/32                 always refused
// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
// (2002::/16) addresses are classified by the IPv4 address they embed.

#include <cstdint>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace signet::notify {

// AddressClass is what an IP address is for the guard.
enum class AddressClass : uint8_t {
  kPublic,
  kLoopback,
  kPrivate,
  kLinkLocal,
  kMulticast,
  kUnspecified,
  kReserved,
};
// AddressClassName returns "public", "loopback", ...
std::string_view AddressClassName(AddressClass c);

// TargetPolicy says which non-public classes may be contacted (config
// notify.allow_loopback_targets / notify.allow_private_targets).
struct TargetPolicy {
  bool allow_loopback = false;
  bool allow_private = false;
};

// ClassifyAddress classifies a 4-byte IPv4 or 16-byte IPv6 address (network byte order).
// Any other length is kReserved.
AddressClass ClassifyAddress(ByteView address);

// CheckTargetAddress returns OK if `policy` allows contacting `address`, else
// PermissionDenied("webhook target address not allowed (<class>)").
Status CheckTargetAddress(ByteView address, const TargetPolicy& policy);

}  // namespace signet::notify
