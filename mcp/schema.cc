#include "mcp/schema.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string_view>

#include "base/encoding.h"

namespace signet::mcp {
namespace {

constexpr std::array<std::string_view, 19> kKeywords = {
    "type",     "properties",  "required",    "additionalProperties",
    "enum",     "const",       "minLength",   "maxLength",
    "minimum",  "maximum",     "items",       "minItems",
    "maxItems", "uniqueItems", "description", "title",
    "default",  "examples",    "$schema"};

Status Fail(const std::string& path, std::string_view what) {
  return InvalidArgument((path.empty() ? "arguments" : path) + ": " + std::string(what));
}

bool TypeMatches(std::string_view type, const Json& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "integer") {
    if (v.is_number_integer() || v.is_number_unsigned()) return true;
    if (!v.is_number_float()) return false;
    const double d = v.get<double>();
    return std::isfinite(d) && std::fabs(d) < 9007199254740992.0 && std::floor(d) == d;
  }
  if (type == "number") return v.is_number();
  return false;
}

// Utf8Length counts code points (JSON Schema string lengths are in characters).
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Status Validate(const Json& schema, const Json& v, const std::string& path);

Status ValidateObject(const Json& schema, const Json& v, const std::string& path) {
  const Json* props = credentials::Member(schema, "properties");
  if (const Json* req = credentials::Member(schema, "required")) {
    for (const Json& name : *req) {
      if (!v.contains(name.get<std::string>())) {
        std::string p = path;
        credentials::AppendPointerToken(p, name.get<std::string>());
        return Fail(p, "is required");
      }
    }
  }
  const Json* extra = credentials::Member(schema, "additionalProperties");
  for (const auto& [key, value] : v.items()) {
    std::string p = path;
    credentials::AppendPointerToken(p, key);
    const Json* sub = props != nullptr ? credentials::Member(*props, key) : nullptr;
    if (sub == nullptr) {
      if (extra != nullptr && extra->is_boolean() && !extra->get<bool>()) {
        return Fail(p, "is not an allowed property");
      }
      continue;
    }
    if (Status s = Validate(*sub, value, p); !s.ok()) return s;
  }
  return OkStatus();
}

Status ValidateArray(const Json& schema, const Json& v, const std::string& path) {
  if (auto min = credentials::IntegerMember(schema, "minItems"); min && v.size() < size_t(*min)) {
    return Fail(path, "needs at least " + std::to_string(*min) + " items");
  }
  if (auto max = credentials::IntegerMember(schema, "maxItems"); max && v.size() > size_t(*max)) {
    return Fail(path, "allows at most " + std::to_string(*max) + " items");
  }
  if (const Json* unique = credentials::Member(schema, "uniqueItems");
      unique != nullptr && unique->is_boolean() && unique->get<bool>()) {
    std::set<std::string> seen;
    for (const Json& item : v) {
      if (!seen.insert(Dump(item)).second) return Fail(path, "items must be unique");
    }
  }
  if (const Json* items = credentials::Member(schema, "items")) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (Status s = Validate(*items, v[i], path + "/" + std::to_string(i)); !s.ok()) return s;
    }
  }
  return OkStatus();
}

Status ValidateScalar(const Json& schema, const Json& v, const std::string& path) {
  if (v.is_string()) {
    const size_t len = Utf8Length(v.get_ref<const std::string&>());
    if (auto min = credentials::IntegerMember(schema, "minLength"); min && len < size_t(*min)) {
      return Fail(path, "must be at least " + std::to_string(*min) + " characters");
    }
    if (auto max = credentials::IntegerMember(schema, "maxLength"); max && len > size_t(*max)) {
      return Fail(path, "must be at most " + std::to_string(*max) + " characters");
    }
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (const Json* min = credentials::Member(schema, "minimum"); min && d < min->get<double>()) {
      return Fail(path, "must be at least " + Dump(*min));
    }
    if (const Json* max = credentials::Member(schema, "maximum"); max && d > max->get<double>()) {
      return Fail(path, "must be at most " + Dump(*max));
    }
  }
  return OkStatus();
}

Status Validate(const Json& schema, const Json& v, const std::string& path) {
  if (const std::string* type = credentials::StringMember(schema, "type")) {
    if (!TypeMatches(*type, v)) return Fail(path, "must be of type " + *type);
  }
  if (const Json* allowed = credentials::Member(schema, "enum")) {
    bool found = false;
    for (const Json& a : *allowed) found = found || a == v;
    if (!found) return Fail(path, "must be one of " + Dump(*allowed));
  }
  if (const Json* c = credentials::Member(schema, "const"); c != nullptr && *c != v) {
    return Fail(path, "must be " + Dump(*c));
  }
  if (v.is_object()) return ValidateObject(schema, v, path);
  if (v.is_array()) return ValidateArray(schema, v, path);
  return ValidateScalar(schema, v, path);
}

}  // namespace

Status ValidateAgainstSchema(const Json& schema, const Json& value) {
  return Validate(schema, value, "");
}

bool SchemaUsesOnlySupportedKeywords(const Json& schema, std::string* problem) {
  if (!schema.is_object()) {
    *problem = "a schema must be an object";
    return false;
  }
  for (const auto& [key, value] : schema.items()) {
    if (std::find(kKeywords.begin(), kKeywords.end(), key) == kKeywords.end()) {
      *problem = "unsupported keyword " + key;
      return false;
    }
    if (key == "properties") {
      for (const auto& [name, sub] : value.items()) {
        if (!SchemaUsesOnlySupportedKeywords(sub, problem)) return false;
      }
    }
    if (key == "items" && !SchemaUsesOnlySupportedKeywords(value, problem)) return false;
    if (key == "required") {
      for (const Json& name : value) {
        if (!name.is_string()) {
          *problem = "required entries must be strings";
          return false;
        }
      }
    }
    if ((key == "minimum" || key == "maximum") && !value.is_number()) {
      *problem = key + " must be a number";
      return false;
    }
    if (key == "additionalProperties" && !(value.is_boolean() && !value.get<bool>())) {
      *problem = "additionalProperties may only be false";
      return false;
    }
  }
  return true;
}

}  // namespace signet::mcp
