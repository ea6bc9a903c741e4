#pragma once

// Internal to signet_policy (includes nlohmann/json, a private dependency): strict JSON parsing
// with size, depth and duplicate-key checks, and typed field access whose errors name the JSON
// Pointer (RFC 6901) of the offending value: "/rules/3/match/tiers/0: must be 1, 2 or 3".

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "policy/model.h"

namespace signet::policy::internal {

using nlohmann::json;

// ParseStrictJson parses `text` (at most `max_bytes`, nesting at most `max_depth`) and rejects
// duplicate object keys. Errors: TooLarge for size/depth, InvalidArgument otherwise.
Result<json> ParseStrictJson(std::string_view text, size_t max_bytes, int max_depth);

// DumpJson serialises without throwing (invalid UTF-8 is replaced by U+FFFD).
std::string DumpJson(const json& value, int indent);

// PathError is InvalidArgument("<path>: <reason>") ("/" for the root).
Error PathError(std::string_view path, std::string_view reason);
// Child appends a key or an index to a JSON Pointer, escaping '~' and '/'.
std::string Child(std::string_view path, std::string_view key);
std::string Child(std::string_view path, size_t index);

// ExpectObject checks that `v` is an object whose keys are all in `allowed`.
Status ExpectObject(const json& v, std::string_view path,
                    std::initializer_list<std::string_view> allowed);
// Find returns the member `key` of object `v`, or nullptr.
const json* Find(const json& v, std::string_view key);

// AsString reads a string of at most `max` bytes.
Result<std::string> AsString(const json& v, std::string_view path, size_t max);
// AsInt reads an integer (not a float) in [min, max].
Result<int64_t> AsInt(const json& v, std::string_view path, int64_t min, int64_t max);
// AsBool reads a boolean.
Result<bool> AsBool(const json& v, std::string_view path);
// AsTime reads Unix seconds given as a non-negative integer or an RFC 3339 string.
Result<int64_t> AsTime(const json& v, std::string_view path);
// ForEach checks that `v` is an array of at most `max` items and calls `fn` on each with its
// path, stopping at the first error.
Status ForEach(const json& v, std::string_view path, size_t max,
               const std::function<Status(const json&, const std::string&)>& fn);

// PredicateJson renders a predicate as {"attribute","category","operation","tier"}.
json PredicateJson(const Predicate& p);

}  // namespace signet::policy::internal
