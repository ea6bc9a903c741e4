#include "credentials/json.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include "credentials/reason.h"

namespace signet::credentials {
namespace {

// StrictSax builds a Json DOM through nlohmann's SAX interface, refusing duplicate member names
// and enforcing the limits as it goes (so an attack input is rejected before it is built).
class StrictSax {
 public:
  explicit StrictSax(const JsonLimits& limits) : limits_(limits) {}

  bool null() { return Put(Json(nullptr)); }
  bool boolean(bool v) { return Put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return Put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Put(Json(v)); }
  bool number_float(Json::number_float_t v, const Json::string_t& /*text*/) {
    if (!std::isfinite(v)) return Fail(reason::kJsonMalformed, "non-finite number");
    return Put(Json(v));
  }
  bool string(Json::string_t& v) { return Put(Json(std::move(v))); }
  bool binary(Json::binary_t& /*v*/) { return Fail(reason::kJsonMalformed, "binary value"); }

  bool start_object(std::size_t /*n*/) { return Open(Json::object()); }
  bool start_array(std::size_t /*n*/) { return Open(Json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(Json::string_t& k) {
    auto [it, inserted] = stack_.back()->get_ref<Json::object_t&>().emplace(std::move(k), nullptr);
    if (!inserted) return Fail(reason::kJsonDuplicateKey, "");
    member_ = &it->second;
    return true;
  }

  bool parse_error(std::size_t /*pos*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*ex*/) {
    if (!error_) Fail(reason::kJsonMalformed, "");
    return false;
  }

  Json& root() { return root_; }
  const std::optional<Error>& error() const { return error_; }

 private:
  bool Fail(std::string_view why, std::string_view detail) {
    if (!error_) {
      const ErrorCode code =
          why == reason::kTooLarge ? ErrorCode::kTooLarge : ErrorCode::kInvalidArgument;
      error_ = CredentialError(code, why, detail);
    }
    return false;
  }

  // Slot returns where the next value goes: the root, the array on top, or the pending member.
  Json* Slot() {
    if (stack_.empty()) return &root_;
    Json* top = stack_.back();
    if (top->is_array()) {
      top->get_ref<Json::array_t&>().emplace_back(nullptr);
      return &top->get_ref<Json::array_t&>().back();
    }
    return member_;
  }

  bool Put(Json&& v) {
    if (++values_ > limits_.max_values) return Fail(reason::kTooLarge, "too many JSON values");
    *Slot() = std::move(v);
    return true;
  }

  bool Open(Json&& container) {
    if (stack_.size() >= limits_.max_depth) return Fail(reason::kJsonTooDeep, "");
    if (++values_ > limits_.max_values) return Fail(reason::kTooLarge, "too many JSON values");
    Json* slot = Slot();
    *slot = std::move(container);
    stack_.push_back(slot);
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  const JsonLimits& limits_;
  Json root_;
  std::vector<Json*> stack_;
  Json* member_ = nullptr;
  size_t values_ = 0;
  std::optional<Error> error_;
};

}  // namespace

Result<Json> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge);
  StrictSax sax(limits);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &sax, Json::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::exception&) {
    ok = false;
  }
  if (!ok) {
    if (sax.error()) return *sax.error();
    return CredentialError(ErrorCode::kInvalidArgument, reason::kJsonMalformed);
  }
  return std::move(sax.root());
}

Result<std::string> DumpJson(const Json& j) {
  try {
    return j.dump();
  } catch (const std::exception&) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed,
                           "string is not valid UTF-8");
  }
}

const Json* Member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const std::string* StringMember(const Json& obj, std::string_view key) {
  const Json* m = Member(obj, key);
  return m != nullptr && m->is_string() ? m->get_ptr<const std::string*>() : nullptr;
}

std::optional<int64_t> IntegerMember(const Json& obj, std::string_view key) {
  const Json* m = Member(obj, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_number_integer() && !m->is_number_unsigned()) return m->get<int64_t>();
  if (m->is_number_unsigned()) {
    const uint64_t u = m->get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
  }
  return std::nullopt;
}

std::optional<int64_t> NumericDateMember(const Json& obj, std::string_view key) {
  constexpr int64_t kLimit = int64_t{1} << 53;
  const Json* m = Member(obj, key);
  if (m == nullptr || !m->is_number()) return std::nullopt;
  std::optional<int64_t> v;
  if (m->is_number_float()) {
    const double d = m->get<double>();
    if (std::isfinite(d) && std::fabs(d) <= static_cast<double>(kLimit)) {
      v = static_cast<int64_t>(std::floor(d));
    }
  } else {
    v = IntegerMember(obj, key);
  }
  if (!v || *v > kLimit || *v < -kLimit) return std::nullopt;
  return v;
}

void AppendPointerToken(std::string& path, std::string_view token) {
  path += '/';
  for (char c : token) {
    if (c == '~') {
      path += "~0";
    } else if (c == '/') {
      path += "~1";
    } else {
      path += c;
    }
  }
}

namespace {

// UnescapePointerToken decodes one RFC 6901 reference token.
std::string UnescapePointerToken(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

const Json* ResolvePointer(const Json& doc, std::string_view pointer) {
  const Json* cur = &doc;
  size_t pos = 0;
  while (pos < pointer.size()) {
    if (pointer[pos] != '/') return nullptr;
    const size_t next = std::min(pointer.find('/', pos + 1), pointer.size());
    const std::string token = UnescapePointerToken(pointer.substr(pos + 1, next - pos - 1));
    if (cur->is_object()) {
      auto it = cur->find(token);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else if (cur->is_array()) {
      if (token.empty() || token.size() > 9 ||
          token.find_first_not_of("0123456789") != std::string::npos ||
          (token.size() > 1 && token[0] == '0')) {
        return nullptr;
      }
      const size_t idx = std::stoul(token);
      if (idx >= cur->size()) return nullptr;
      cur = &(*cur)[idx];
    } else {
      return nullptr;
    }
    pos = next;
  }
  return cur;
}

Status RequireClaims(const Json& claims, std::span<const std::string> required) {
  for (const std::string& name : required) {
    std::string pointer;
    if (!name.empty() && name[0] == '/') {
      pointer = name;
    } else {
      AppendPointerToken(pointer, name);
    }
    if (ResolvePointer(claims, pointer) == nullptr) {
      return CredentialError(ErrorCode::kPermissionDenied, reason::kRequiredClaimMissing, name);
    }
  }
  return OkStatus();
}

}  // namespace signet::credentials
