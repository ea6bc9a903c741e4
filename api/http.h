#pragma once

// Transport-independent HTTP request and response. api/ handlers are plain functions
// Request -> Response, so they are unit-testable without sockets; server/ converts to and from
// Boost.Beast messages.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace signet::api {

// Headers is an ordered list of fields with case-insensitive lookup (RFC 9110 §5.1).
class Headers {
 public:
  // Get returns the first value of `name`, if present.
  std::optional<std::string_view> Get(std::string_view name) const;
  // GetAll returns every value of `name` in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  // Count returns how many fields are named `name`.
  size_t Count(std::string_view name) const;
  // Add appends a field (duplicates allowed).
  void Add(std::string name, std::string value);
  // Set replaces every field named `name` with one field.
  void Set(std::string name, std::string value);
  // Has reports whether `name` is present.
  bool Has(std::string_view name) const { return Count(name) > 0; }

  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// IEquals compares ASCII strings case-insensitively.
bool IEquals(std::string_view a, std::string_view b);

// Request is one parsed HTTP request.
struct Request {
  std::string method;         // upper-case token, e.g. "GET"
  std::string target;         // request-target as received
  std::string path;           // percent-encoded path, without the query
  std::string query;          // raw query string, without '?'
  Headers headers;
  std::string body;
  std::string client_ip;      // after trusted-proxy processing (server/forwarded.h)
  std::string request_id;     // X-Request-Id adopted or generated
  std::map<std::string, std::string, std::less<>> path_params;  // decoded {name} segments

  // QueryParam returns the percent-decoded value of the first `name` query parameter.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// Response is what a handler returns. The server adds Content-Length, Date, X-Request-Id and
// the default security headers.
struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // Json builds a response with an application/json body.
  static Response Json(int status, std::string body);
  // Text builds a response with a text/plain body.
  static Response Text(int status, std::string body, std::string content_type =
                                                         "text/plain; charset=utf-8");
};

// ReasonPhrase returns the standard reason phrase for `status` ("Not Found").
std::string_view ReasonPhrase(int status);

// PercentDecode decodes %XX escapes (and '+' as space when `plus_as_space`). Malformed escapes
// and encoded NUL are errors (nullopt).
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space);

}  // namespace signet::api
