#pragma once

// Response serialisation for the HTTP/1.1 transport (RFC 9112 §4-6): the status line and header
// section as one string, so a response goes out in a single gather write with its body. Kept
// apart from the Beast transport so it is unit-testable.

#include <cstddef>
#include <string>
#include <string_view>

#include "api/http.h"

namespace signet::server {

// ResponseHeadOptions are the transport's additions to a handler's response.
struct ResponseHeadOptions {
  unsigned version = 11;       // 10 or 11
  bool keep_alive = true;      // false adds "Connection: close"
  size_t content_length = 0;   // the body length (also for HEAD, where no body is sent)
  std::string_view date;       // IMF-fixdate
  std::string_view request_id;
};

// SerializeResponseHead renders status line + headers + the blank line. Handler headers that
// could split the response (CR, LF or NUL anywhere, or a name that is not a token) are dropped;
// Content-Length, Connection, Date and X-Request-Id are always the transport's own. Adds
// X-Content-Type-Options: nosniff and, unless the handler set Cache-Control, no-store.
std::string SerializeResponseHead(const api::Response& response, const ResponseHeadOptions& o);

// IsToken reports whether `s` is a non-empty RFC 9110 token (a valid field name).
bool IsToken(std::string_view s);

// HttpDateNow returns the current IMF-fixdate, cached per second and thread.
std::string_view HttpDateNow();

}  // namespace signet::server
