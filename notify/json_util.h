#pragma once

// Internal to signet_notify: strict JSON parsing (size, depth, duplicate keys) and typed member
// access whose errors name the member ("/data/scope/0/label: must be a string"). Untrusted
// bodies (callbacks, webhook payloads read by the CLI) and our own sealed records go through it.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace signet::notify::internal {

using nlohmann::json;

// ParseStrictJson parses `text` (at most `max_bytes`, nesting at most `max_depth`) and rejects
// duplicate object keys. TooLarge for size or depth, InvalidArgument otherwise.
Result<json> ParseStrictJson(std::string_view text, size_t max_bytes, int max_depth);

// Dump serialises compactly without throwing (invalid UTF-8 becomes U+FFFD).
std::string Dump(const json& value);

// Fields reads the members of one JSON object; every error names `path` + the member.
class Fields {
 public:
  // Open checks that `v` is an object with only `allowed` keys.
  static Result<Fields> Open(const json& v, std::string path,
                             std::initializer_list<std::string_view> allowed);

  bool Has(std::string_view key) const { return v_->contains(key); }
  const std::string& path() const { return path_; }
  // Member returns the member's path ("/a/b").
  std::string Member(std::string_view key) const { return path_ + "/" + std::string(key); }

  Result<std::string> String(std::string_view key, size_t max) const;
  Result<std::string> OptString(std::string_view key, size_t max) const;  // "" if absent
  Result<int64_t> Int(std::string_view key, int64_t min, int64_t max) const;
  Result<bool> OptBool(std::string_view key) const;  // false if absent
  // Array returns the member, which must be an array of at most `max` items.
  Result<const json*> Array(std::string_view key, size_t max) const;
  // Object returns the member, which must be an object.
  Result<const json*> Object(std::string_view key) const;
  Result<const json*> Get(std::string_view key) const;

  Error ErrorAt(std::string_view key, std::string_view reason) const;

 private:
  Fields(const json& v, std::string path) : v_(&v), path_(std::move(path)) {}
  const json* v_;
  std::string path_;
};

// FirstError returns the first error among `results` (Result<T> of any T), or OK.
template <typename... Rs>
Status FirstError(const Rs&... results) {
  Status out = OkStatus();
  ((out = out.ok() && !results ? Status(results.error()) : out), ...);
  return out;
}

}  // namespace signet::notify::internal
