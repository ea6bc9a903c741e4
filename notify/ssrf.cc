#include "notify/ssrf.h"

#include <array>
#include <string>

namespace signet::notify {
namespace {

// Prefix4 is an IPv4 prefix as a 32-bit value and a length.
struct Prefix4 {
  uint32_t net;
  int len;
  AddressClass cls;
};

constexpr uint32_t V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | d;
}

constexpr std::array<Prefix4, 17> kV4 = {{
    {V4(0, 0, 0, 0), 8, AddressClass::kUnspecified},
    {V4(10, 0, 0, 0), 8, AddressClass::kPrivate},
    {V4(100, 64, 0, 0), 10, AddressClass::kPrivate},
    {V4(127, 0, 0, 0), 8, AddressClass::kLoopback},
    {V4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},
    {V4(172, 16, 0, 0), 12, AddressClass::kPrivate},
    {V4(192, 0, 0, 0), 24, AddressClass::kReserved},
    {V4(192, 0, 2, 0), 24, AddressClass::kReserved},
    {V4(192, 88, 99, 0), 24, AddressClass::kReserved},
    {V4(192, 168, 0, 0), 16, AddressClass::kPrivate},
    {V4(198, 18, 0, 0), 15, AddressClass::kReserved},
    {V4(198, 51, 100, 0), 24, AddressClass::kReserved},
    {V4(203, 0, 113, 0), 24, AddressClass::kReserved},
    {V4(224, 0, 0, 0), 4, AddressClass::kMulticast},
    {V4(240, 0, 0, 0), 4, AddressClass::kReserved},
    {V4(255, 255, 255, 255), 32, AddressClass::kReserved},
    {V4(192, 31, 196, 0), 24, AddressClass::kReserved},
}};

AddressClass Classify4(uint32_t a) {
  // The most specific match wins (255.255.255.255 lies inside 240/4).
  int best = -1;
  AddressClass cls = AddressClass::kPublic;
  for (const Prefix4& p : kV4) {
    const uint32_t mask = p.len == 0 ? 0 : ~uint32_t{0} << (32 - p.len);
    if ((a & mask) == p.net && p.len > best) {
      best = p.len;
      cls = p.cls;
    }
  }
  return cls;
}

uint32_t Embedded4(ByteView a, size_t at) { return V4(a[at], a[at + 1], a[at + 2], a[at + 3]); }

bool AllZero(ByteView a, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (a[i] != 0) return false;
  }
  return true;
}

AddressClass Classify6(ByteView a) {
  if (AllZero(a, 0, 16)) return AddressClass::kUnspecified;
  if (AllZero(a, 0, 15) && a[15] == 1) return AddressClass::kLoopback;
  if (AllZero(a, 0, 10) && a[10] == 0xff && a[11] == 0xff) return Classify4(Embedded4(a, 12));
  if (AllZero(a, 0, 12)) return Classify4(Embedded4(a, 12));  // IPv4-compatible (deprecated)
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b && AllZero(a, 4, 12)) {
    return Classify4(Embedded4(a, 12));  // NAT64 well-known prefix
  }
  if (a[0] == 0x20 && a[1] == 0x02) return Classify4(Embedded4(a, 2));  // 6to4
  if (a[0] == 0xff) return AddressClass::kMulticast;
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return AddressClass::kPrivate;  // site-local
  if ((a[0] & 0xfe) == 0xfc) return AddressClass::kPrivate;                  // ULA
  if (a[0] == 0x01 && a[1] == 0x00 && AllZero(a, 2, 8)) return AddressClass::kReserved;
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return AddressClass::kReserved;
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02) return AddressClass::kReserved;  // 2001::/23
  return AddressClass::kPublic;
}

}  // namespace

std::string_view AddressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "reserved";
}

AddressClass ClassifyAddress(ByteView address) {
  if (address.size() == 4) return Classify4(Embedded4(address, 0));
  if (address.size() == 16) return Classify6(address);
  return AddressClass::kReserved;
}

Status CheckTargetAddress(ByteView address, const TargetPolicy& policy) {
  const AddressClass c = ClassifyAddress(address);
  const bool ok = c == AddressClass::kPublic ||
                  (c == AddressClass::kLoopback && policy.allow_loopback) ||
                  (c == AddressClass::kPrivate && policy.allow_private);
  if (ok) return OkStatus();
  return PermissionDenied("webhook target address not allowed (" +
                          std::string(AddressClassName(c)) + ")");
}

}  // namespace signet::notify
