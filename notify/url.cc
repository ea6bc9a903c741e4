#include "notify/url.h"

#include <cctype>

namespace signet::notify {
namespace {

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

bool IsTargetChar(char c) {
  // RFC 3986 pchar / "/" / "?" and percent escapes; no fragment, no spaces or controls.
  static constexpr std::string_view kExtra = "-._~!$&'()*+,;=:@/?%";
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         kExtra.find(c) != std::string_view::npos;
}

Status ParseHost(std::string_view authority, WebhookUrl* out) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return InvalidArgument("url: unterminated IPv6 literal");
    host = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return InvalidArgument("url: bad authority");
    if (rest == ":") return InvalidArgument("url: empty port");
    if (!rest.empty()) port = rest.substr(1);
    for (char c : host) {
      if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') {
        return InvalidArgument("url: bad IPv6 literal");
      }
    }
    out->ipv6_literal = true;
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    for (char c : host) {
      if (!IsHostChar(c)) return InvalidArgument("url: bad host");
    }
  }
  if (host.empty() || host.size() > 253) return InvalidArgument("url: missing or long host");
  out->host.clear();
  for (char c : host) out->host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (authority.find(':') != std::string_view::npos && !out->ipv6_literal && port.empty()) {
    return InvalidArgument("url: empty port");
  }
  if (!port.empty()) {
    uint32_t p = 0;
    if (port.size() > 5) return InvalidArgument("url: bad port");
    for (char c : port) {
      if (c < '0' || c > '9') return InvalidArgument("url: bad port");
      p = p * 10 + static_cast<uint32_t>(c - '0');
    }
    if (p == 0 || p > 65535) return InvalidArgument("url: bad port");
    out->port = static_cast<uint16_t>(p);
  }
  return OkStatus();
}

}  // namespace

Result<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  if (url.size() > kMaxUrlBytes) return InvalidArgument("url: too long");
  WebhookUrl out;
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return InvalidArgument("url: must be absolute http(s)");
  std::string scheme;
  for (char c : url.substr(0, sep))
    scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https") {
    out.tls = true;
    out.port = 443;
  } else if (scheme == "http") {
    out.tls = false;
    out.port = 80;
  } else {
    return InvalidArgument("url: scheme must be http or https");
  }
  std::string_view rest = url.substr(sep + 3);
  const size_t slash = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    return InvalidArgument("url: userinfo is not allowed");
  }
  if (Status s = ParseHost(authority, &out); !s.ok()) return std::move(s).error();
  std::string_view target = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (target.find('#') != std::string_view::npos)
    return InvalidArgument("url: fragment is not allowed");
  for (char c : target) {
    if (!IsTargetChar(c)) return InvalidArgument("url: bad character in path or query");
  }
  out.target =
      target.empty() || target.front() == '?' ? "/" + std::string(target) : std::string(target);
  return out;
}

std::string WebhookUrl::Origin() const {
  std::string s = tls ? "https://" : "http://";
  s += ipv6_literal ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) s += ":" + std::to_string(port);
  return s;
}

std::string WebhookUrl::EndpointKey() const {
  return (ipv6_literal ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace signet::notify
