#include "notify/json_util.h"

#include <set>
#include <vector>

namespace signet::notify::internal {

Result<json> ParseStrictJson(std::string_view text, size_t max_bytes, int max_depth) {
  if (text.size() > max_bytes) return TooLarge("JSON document too large");
  std::vector<std::set<std::string>> keys;  // one set per open object
  bool too_deep = false;
  bool duplicate = false;
  const json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth > max_depth) too_deep = true;
    if (event == json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == json::parse_event_t::object_end && !keys.empty()) {
      keys.pop_back();
    } else if (event == json::parse_event_t::key && !keys.empty() && parsed.is_string()) {
      duplicate |= !keys.back().insert(parsed.get_ref<const std::string&>()).second;
    }
    return true;
  };
  json v = json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
  if (too_deep) return TooLarge("JSON nested too deeply");
  if (v.is_discarded()) return InvalidArgument("malformed JSON");
  if (duplicate) return InvalidArgument("duplicate object key");
  return v;
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Fields> Fields::Open(const json& v, std::string path,
                            std::initializer_list<std::string_view> allowed) {
  if (!v.is_object()) return InvalidArgument((path.empty() ? "/" : path) + ": must be an object");
  for (const auto& item : v.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == item.key();
    if (!known) return InvalidArgument(path + "/" + item.key() + ": unknown field");
  }
  return Fields(v, std::move(path));
}

Error Fields::ErrorAt(std::string_view key, std::string_view reason) const {
  return InvalidArgument(Member(key) + ": " + std::string(reason));
}

Result<const json*> Fields::Get(std::string_view key) const {
  auto it = v_->find(key);
  if (it == v_->end()) return ErrorAt(key, "missing");
  return &*it;
}

Result<std::string> Fields::String(std::string_view key, size_t max) const {
  auto v = Get(key);
  if (!v) return std::move(v).error();
  if (!(*v)->is_string()) return ErrorAt(key, "must be a string");
  const auto& s = (*v)->get_ref<const std::string&>();
  if (s.size() > max) return ErrorAt(key, "too long");
  return s;
}

Result<std::string> Fields::OptString(std::string_view key, size_t max) const {
  if (!Has(key)) return std::string();
  return String(key, max);
}

Result<int64_t> Fields::Int(std::string_view key, int64_t min, int64_t max) const {
  auto v = Get(key);
  if (!v) return std::move(v).error();
  int64_t out = 0;
  if ((*v)->is_number_unsigned()) {
    const auto u = (*v)->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return ErrorAt(key, "out of range");
    out = static_cast<int64_t>(u);
  } else if ((*v)->is_number_integer()) {
    out = (*v)->get<int64_t>();
  } else {
    return ErrorAt(key, "must be an integer");
  }
  if (out < min || out > max) return ErrorAt(key, "out of range");
  return out;
}

Result<bool> Fields::OptBool(std::string_view key) const {
  if (!Has(key)) return false;
  const json& v = (*v_)[std::string(key)];
  if (!v.is_boolean()) return ErrorAt(key, "must be true or false");
  return v.get<bool>();
}

Result<const json*> Fields::Array(std::string_view key, size_t max) const {
  auto v = Get(key);
  if (!v) return std::move(v).error();
  if (!(*v)->is_array()) return ErrorAt(key, "must be an array");
  if ((*v)->size() > max) return ErrorAt(key, "too many items");
  return *v;
}

Result<const json*> Fields::Object(std::string_view key) const {
  auto v = Get(key);
  if (!v) return std::move(v).error();
  if (!(*v)->is_object()) return ErrorAt(key, "must be an object");
  return *v;
}

}  // namespace signet::notify::internal
