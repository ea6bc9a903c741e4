#include "server/forwarded.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <ranges>

namespace signet::server {
namespace {

bool Trusted(const IpAddress& ip, const std::vector<Cidr>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(),
                     [&ip](const Cidr& c) { return c.Contains(ip); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void SplitComma(std::string_view s, std::vector<std::string_view>* out) {
  while (true) {
    const size_t c = s.find(',');
    out->push_back(Trim(s.substr(0, c)));
    if (c == std::string_view::npos) return;
    s.remove_prefix(c + 1);
  }
}

// ForwardedFor extracts the node of the `for=` parameter of one Forwarded element; "" if none.
std::string_view ForwardedFor(std::string_view element) {
  while (!element.empty()) {
    const size_t semi = element.find(';');
    std::string_view pair = Trim(element.substr(0, semi));
    element = semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (!api::IEquals(Trim(pair.substr(0, eq)), "for")) continue;
    std::string_view v = Trim(pair.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  return {};
}

// StripPort removes a ":port" from "1.2.3.4:80" or "[::1]:80".
std::string_view StripPort(std::string_view node) {
  if (!node.empty() && node.front() == '[') {
    const size_t close = node.find(']');
    return close == std::string_view::npos ? node : node.substr(0, close + 1);
  }
  if (std::count(node.begin(), node.end(), ':') == 1) return node.substr(0, node.find(':'));
  return node;
}

}  // namespace

Result<IpAddress> IpAddress::Parse(std::string_view s) {
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (s.empty() || s.size() > 45) return InvalidArgument("invalid IP address");
  char buf[46] = {};
  std::memcpy(buf, s.data(), s.size());
  IpAddress ip;
  in_addr v4{};
  if (inet_pton(AF_INET, buf, &v4) == 1) {
    ip.v4 = true;
    ip.bytes[10] = ip.bytes[11] = 0xff;
    std::memcpy(&ip.bytes[12], &v4, 4);
    return ip;
  }
  if (inet_pton(AF_INET6, buf, ip.bytes.data()) != 1) return InvalidArgument("invalid IP address");
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  ip.v4 = std::memcmp(ip.bytes.data(), kMapped, 12) == 0;
  return ip;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (v4) {
    inet_ntop(AF_INET, &bytes[12], buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return buf;
}

Result<Cidr> Cidr::Parse(std::string_view s) {
  const size_t slash = s.find('/');
  auto ip = IpAddress::Parse(s.substr(0, slash));
  if (!ip) return InvalidArgument("invalid CIDR '" + std::string(s) + "'");
  Cidr c{*ip, ip->v4 ? 32 : 128};
  if (slash == std::string_view::npos) return c;
  std::string_view p = s.substr(slash + 1);
  int prefix = 0;
  if (p.empty() || p.size() > 3) return InvalidArgument("invalid CIDR '" + std::string(s) + "'");
  for (char ch : p) {
    if (ch < '0' || ch > '9') return InvalidArgument("invalid CIDR '" + std::string(s) + "'");
    prefix = prefix * 10 + (ch - '0');
  }
  if (prefix > c.prefix) return InvalidArgument("invalid CIDR '" + std::string(s) + "'");
  c.prefix = prefix;
  return c;
}

bool Cidr::Contains(const IpAddress& ip) const {
  if (ip.v4 != base.v4) return false;
  const int bits = base.v4 ? prefix + 96 : prefix;
  for (int i = 0; i < 16 && i * 8 < bits; ++i) {
    const int take = std::min(8, bits - i * 8);
    const auto mask = static_cast<uint8_t>(0xff << (8 - take));
    if ((ip.bytes[static_cast<size_t>(i)] & mask) != (base.bytes[static_cast<size_t>(i)] & mask)) {
      return false;
    }
  }
  return true;
}

std::string ClientAddress(const IpAddress& peer, const api::Headers& headers,
                          const std::vector<Cidr>& trusted) {
  if (!Trusted(peer, trusted)) return peer.ToString();
  std::vector<std::string_view> hops;
  const auto forwarded = headers.GetAll("Forwarded");
  if (!forwarded.empty()) {
    std::vector<std::string_view> elements;
    for (auto v : forwarded) SplitComma(v, &elements);
    for (auto e : elements) hops.push_back(ForwardedFor(e));
  } else {
    for (auto v : headers.GetAll("X-Forwarded-For")) SplitComma(v, &hops);
  }
  IpAddress current = peer;
  for (std::string_view hop : std::ranges::reverse_view(hops)) {
    auto ip = IpAddress::Parse(StripPort(hop));
    if (!ip) break;  // malformed or obfuscated: trust stops at the last proxy we reached
    current = *ip;
    if (!Trusted(current, trusted)) break;
  }
  return current.ToString();
}

}  // namespace signet::server
