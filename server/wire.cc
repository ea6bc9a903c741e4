#include "server/wire.h"

#include <ctime>

namespace signet::server {
namespace {

bool IsTchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool IsSafeValue(std::string_view v) {
  for (char c : v) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

bool IsTransportOwned(std::string_view name) {
  return api::IEquals(name, "Content-Length") || api::IEquals(name, "Connection") ||
         api::IEquals(name, "Date") || api::IEquals(name, "X-Request-Id") ||
         api::IEquals(name, "Transfer-Encoding");
}

}  // namespace

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTchar(c)) return false;
  }
  return true;
}

std::string_view HttpDateNow() {
  thread_local std::time_t last = 0;
  thread_local char buf[64] = {};
  thread_local size_t len = 0;
  const std::time_t now = std::time(nullptr);
  if (now != last) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    len = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    last = now;
  }
  return {buf, len};
}

std::string SerializeResponseHead(const api::Response& r, const ResponseHeadOptions& o) {
  std::string out;
  out.reserve(256);
  out.append(o.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(r.status)).push_back(' ');
  out.append(api::ReasonPhrase(r.status)).append("\r\n");
  bool cache_control = false;
  for (const auto& [name, value] : r.headers.fields()) {
    if (!IsToken(name) || !IsSafeValue(value) || IsTransportOwned(name)) continue;
    cache_control = cache_control || api::IEquals(name, "Cache-Control");
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!cache_control) out.append("Cache-Control: no-store\r\n");
  out.append("X-Content-Type-Options: nosniff\r\n");
  out.append("Date: ").append(o.date).append("\r\n");
  out.append("X-Request-Id: ").append(o.request_id).append("\r\n");
  if (!o.keep_alive) {
    out.append("Connection: close\r\n");
  } else if (o.version == 10) {
    out.append("Connection: keep-alive\r\n");
  }
  const bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  if (!bodiless) out.append("Content-Length: ").append(std::to_string(o.content_length)).append("\r\n");
  out.append("\r\n");
  return out;
}

}  // namespace signet::server
