#pragma once

// Strict JSON for untrusted credential input. nlohmann::json accepts duplicate member names (the
// last one wins), which lets two parsers of the same token disagree about its claims; ParseJson
// rejects them, together with trailing data, invalid UTF-8, non-finite numbers, documents over a
// size limit and nesting beyond a depth limit. Nothing here throws: the nlohmann calls that can
// throw are wrapped and turned into errors at this boundary.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace signet::credentials {

using Json = nlohmann::json;

// JsonLimits bounds one parsed document.
struct JsonLimits {
  size_t max_bytes = 64 * 1024;  // longer input: TooLarge("input_too_large")
  size_t max_depth = 32;         // deeper nesting: InvalidArgument("json_too_deep")
  size_t max_values = 16 * 1024;  // more values (scalars + containers): "input_too_large"
};

// ParseJson parses one JSON text (RFC 8259) strictly. Errors carry the reasons json_malformed,
// json_duplicate_key, json_too_deep or input_too_large (credentials/reason.h).
Result<Json> ParseJson(std::string_view text, const JsonLimits& limits = {});

// DumpJson serialises compactly (object members in sorted order). InvalidArgument if a string is
// not valid UTF-8 (values built from outside input must be checked before signing).
Result<std::string> DumpJson(const Json& j);

// Typed member access that never throws: nullptr / nullopt if `obj` is not an object, the member
// is absent, or it has another type.
const Json* Member(const Json& obj, std::string_view key);
const std::string* StringMember(const Json& obj, std::string_view key);
// IntegerMember returns an integral number member that fits in int64.
std::optional<int64_t> IntegerMember(const Json& obj, std::string_view key);
// NumericDateMember returns a JWT NumericDate (RFC 7519 §2): an integer, or a finite number
// that is truncated toward negative infinity, within +-2^53 seconds.
std::optional<int64_t> NumericDateMember(const Json& obj, std::string_view key);

// AppendPointerToken appends "/" + the RFC 6901-escaped `token` to the JSON Pointer `path`.
void AppendPointerToken(std::string& path, std::string_view token);
// ResolvePointer returns the value at JSON Pointer `pointer` (RFC 6901) in `doc`, or nullptr.
const Json* ResolvePointer(const Json& doc, std::string_view pointer);
// RequireClaims checks that every entry of `required` (a top-level claim name, or a JSON Pointer
// when it starts with '/') exists in `claims`: PermissionDenied("required_claim_missing: <name>").
Status RequireClaims(const Json& claims, std::span<const std::string> required);

}  // namespace signet::credentials
