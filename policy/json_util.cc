#include "policy/json_util.h"

#include <set>
#include <vector>

#include "policy/time_window.h"

namespace signet::policy::internal {

Result<json> ParseStrictJson(std::string_view text, size_t max_bytes, int max_depth) {
  if (text.size() > max_bytes) {
    return TooLarge("JSON document larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::vector<std::set<std::string>> keys;  // one set per open object
  bool too_deep = false;
  std::string duplicate;
  const json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth > max_depth) too_deep = true;
    if (event == json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == json::parse_event_t::object_end && !keys.empty()) {
      keys.pop_back();
    } else if (event == json::parse_event_t::key && !keys.empty() && parsed.is_string()) {
      if (!keys.back().insert(parsed.get_ref<const std::string&>()).second && duplicate.empty()) {
        duplicate = parsed.get_ref<const std::string&>();
      }
    }
    return true;
  };
  json v = json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
  if (too_deep) return TooLarge("JSON nested deeper than " + std::to_string(max_depth));
  if (v.is_discarded()) return InvalidArgument("malformed JSON");
  if (!duplicate.empty()) return InvalidArgument("duplicate object key \"" + duplicate + "\"");
  return v;
}

std::string DumpJson(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

Error PathError(std::string_view path, std::string_view reason) {
  return InvalidArgument(std::string(path.empty() ? "/" : path) + ": " + std::string(reason));
}

std::string Child(std::string_view path, std::string_view key) {
  std::string out(path);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Child(std::string_view path, size_t index) {
  return std::string(path) + "/" + std::to_string(index);
}

Status ExpectObject(const json& v, std::string_view path,
                    std::initializer_list<std::string_view> allowed) {
  if (!v.is_object()) return PathError(path, "must be an object");
  for (const auto& [key, value] : v.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) return PathError(Child(path, key), "unknown field");
  }
  return OkStatus();
}

const json* Find(const json& v, std::string_view key) {
  auto it = v.find(key);
  return it == v.end() ? nullptr : &*it;
}

Result<std::string> AsString(const json& v, std::string_view path, size_t max) {
  if (!v.is_string()) return PathError(path, "must be a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max) return PathError(path, "longer than " + std::to_string(max) + " bytes");
  return s;
}

Result<int64_t> AsInt(const json& v, std::string_view path, int64_t min, int64_t max) {
  int64_t out = 0;
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return PathError(path, "out of range");
    out = static_cast<int64_t>(u);
  } else if (v.is_number_integer()) {
    out = v.get<int64_t>();
  } else {
    return PathError(path, "must be an integer");
  }
  if (out < min || out > max) {
    return PathError(path, "must be in " + std::to_string(min) + ".." + std::to_string(max));
  }
  return out;
}

Result<bool> AsBool(const json& v, std::string_view path) {
  if (!v.is_boolean()) return PathError(path, "must be true or false");
  return v.get<bool>();
}

Result<int64_t> AsTime(const json& v, std::string_view path) {
  if (v.is_string()) {
    auto t = ParseRfc3339(v.get_ref<const std::string&>());
    if (!t) return PathError(path, t.error().message());
    return *t;
  }
  return AsInt(v, path, 0, 253402300799);
}

Status ForEach(const json& v, std::string_view path, size_t max,
               const std::function<Status(const json&, const std::string&)>& fn) {
  if (!v.is_array()) return PathError(path, "must be an array");
  if (v.size() > max) {
    return Error(ErrorCode::kTooLarge,
                 std::string(path) + ": at most " + std::to_string(max) + " items");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (Status s = fn(v[i], Child(path, i)); !s.ok()) return s;
  }
  return OkStatus();
}

json PredicateJson(const Predicate& p) {
  return json{{"attribute", p.attribute},
              {"category", CategoryName(p.category)},
              {"operation", OperationName(p.operation)},
              {"tier", static_cast<int>(p.tier)}};
}

}  // namespace signet::policy::internal
