#include "credentials/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <vector>

#include "credentials/reason.h"

namespace signet::credentials {
namespace {

// StrictParser is a single-pass recursive-descent parser for RFC 8259 JSON that builds the
// nlohmann DOM directly. It exists because nlohmann's own lexer accepts duplicate member names
// through its DOM parser and is slow on the hot path of /verify (it copies every character
// twice); here duplicates are found by the map insertion that stores the member anyway, strings
// are copied in runs, and limits are checked as containers open. Recursion depth is bounded by
// JsonLimits::max_depth.
class StrictParser {
 public:
  StrictParser(std::string_view text, const JsonLimits& limits) : s_(text), limits_(limits) {}

  Result<Json> Parse() {
    Json root;
    if (!Value(&root, 0)) return *std::move(error_);
    SkipSpace();
    if (pos_ != s_.size()) return Malformed("trailing data");
    return root;
  }

 private:
  bool Fail(ErrorCode code, std::string_view why, std::string_view detail = {}) {
    if (!error_) error_ = CredentialError(code, why, detail);
    return false;
  }
  Error Malformed(std::string_view detail) { return CredentialError(ErrorCode::kInvalidArgument, reason::kJsonMalformed, detail); }
  bool Bad(std::string_view detail = {}) { return Fail(ErrorCode::kInvalidArgument, reason::kJsonMalformed, detail); }

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }

  bool Count() {
    if (++values_ > limits_.max_values) return Fail(ErrorCode::kTooLarge, reason::kTooLarge, "too many JSON values");
    return true;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Bad();
    pos_ += word.size();
    return true;
  }

  bool Value(Json* out, size_t depth) {
    SkipSpace();
    if (pos_ >= s_.size()) return Bad("unexpected end");
    if (!Count()) return false;
    switch (s_[pos_]) {
      case '{': return Object(out, depth + 1);
      case '[': return Array(out, depth + 1);
      case '"': {
        std::string str;
        if (!String(&str)) return false;
        *out = std::move(str);
        return true;
      }
      case 't': *out = true; return Literal("true");
      case 'f': *out = false; return Literal("false");
      case 'n': *out = nullptr; return Literal("null");
      default: return Number(out);
    }
  }

  bool Object(Json* out, size_t depth) {
    if (depth > limits_.max_depth) return Fail(ErrorCode::kInvalidArgument, reason::kJsonTooDeep);
    ++pos_;  // '{'
    *out = Json::object();
    Json::object_t& obj = out->get_ref<Json::object_t&>();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Bad("expected a member name");
      std::string key;
      if (!String(&key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Bad("expected ':'");
      ++pos_;
      auto [it, inserted] = obj.emplace(std::move(key), nullptr);
      if (!inserted) return Fail(ErrorCode::kInvalidArgument, reason::kJsonDuplicateKey);
      if (!Value(&it->second, depth)) return false;
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Bad("expected ',' or '}'");
    }
  }

  bool Array(Json* out, size_t depth) {
    if (depth > limits_.max_depth) return Fail(ErrorCode::kInvalidArgument, reason::kJsonTooDeep);
    ++pos_;  // '['
    *out = Json::array();
    Json::array_t& arr = out->get_ref<Json::array_t&>();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      arr.emplace_back();
      if (!Value(&arr.back(), depth)) return false;
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Bad("expected ',' or ']'");
    }
  }

  // Utf8Length validates one UTF-8 sequence at pos_ (first byte >= 0x80) and returns its
  // length, or 0 if it is ill-formed (overlong, surrogate, beyond U+10FFFF, truncated).
  size_t Utf8Length() const {
    const auto at = [&](size_t i) -> unsigned {
      return pos_ + i < s_.size() ? static_cast<unsigned char>(s_[pos_ + i]) : 0u;
    };
    const unsigned b0 = at(0);
    const auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
      return at(i) >= lo && at(i) <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
    if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) return Bad("truncated \\u escape");
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
      const char c = s_[pos_ + i];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return Bad("bad \\u escape");
      }
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  static void AppendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Escape(std::string* out) {
    if (pos_ >= s_.size()) return Bad("truncated escape");
    const char c = s_[pos_++];
    switch (c) {
      case '"': *out += '"'; return true;
      case '\\': *out += '\\'; return true;
      case '/': *out += '/'; return true;
      case 'b': *out += '\b'; return true;
      case 'f': *out += '\f'; return true;
      case 'n': *out += '\n'; return true;
      case 'r': *out += '\r'; return true;
      case 't': *out += '\t'; return true;
      case 'u': break;
      default: return Bad("bad escape");
    }
    uint32_t cp = 0;
    if (!Hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return Bad("lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low = 0;
      if (s_.substr(pos_, 2) != "\\u") return Bad("lone high surrogate");
      pos_ += 2;
      if (!Hex4(&low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return Bad("lone high surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(out, cp);
    return true;
  }

  // SkipPlainWords advances pos_ over whole 8-byte words that hold no byte a string needs to
  // look at ('"', '\\', a control character or a non-ASCII byte); the byte loop in String does
  // the rest. Each test below is exact about whether any byte of the word matches: a borrow
  // only starts at a byte that matches, so a word without one never sets a flag.
  void SkipPlainWords() {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHigh = 0x8080808080808080ULL;
    const auto zero_byte = [](uint64_t x) { return (x - kOnes) & ~x; };
    while (s_.size() - pos_ >= 8) {
      uint64_t w;
      std::memcpy(&w, s_.data() + pos_, 8);
      const uint64_t flags = zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\\')) |
                             ((w - kOnes * 0x20) & ~w) | w;
      if ((flags & kHigh) != 0) return;
      pos_ += 8;
    }
  }

  bool String(std::string* out) {
    ++pos_;  // opening quote
    for (;;) {
      const size_t run = pos_;
      SkipPlainWords();
      while (pos_ < s_.size()) {
        const unsigned char c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++pos_;
      }
      out->append(s_.data() + run, pos_ - run);
      if (pos_ >= s_.size()) return Bad("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        ++pos_;
        if (!Escape(out)) return false;
      } else if (c < 0x20) {
        return Bad("control character in string");
      } else {
        const size_t n = Utf8Length();
        if (n == 0) return Bad("invalid UTF-8");
        out->append(s_.data() + pos_, n);
        pos_ += n;
      }
    }
  }

  bool Digits() {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool Number(Json* out) {
    const size_t start = pos_;
    const bool negative = s_[pos_] == '-';
    if (negative) ++pos_;
    if (pos_ >= s_.size()) return Bad("bad number");
    if (s_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return Bad("bad number");
    }
    bool integral = true;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      integral = false;
      if (!Digits()) return Bad("bad number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      integral = false;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!Digits()) return Bad("bad number");
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    if (integral) {
      // Like nlohmann: non-negative integers are unsigned, negative ones signed; integers that
      // fit neither become doubles.
      if (negative) {
        int64_t v = 0;
        if (std::from_chars(first, last, v).ec == std::errc()) {
          *out = v;
          return true;
        }
      } else {
        uint64_t v = 0;
        if (std::from_chars(first, last, v).ec == std::errc()) {
          *out = v;
          return true;
        }
      }
    }
    double d = 0;
    const std::from_chars_result r = std::from_chars(first, last, d);
    if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) return Bad("number out of range");
    *out = d;
    return true;
  }

  std::string_view s_;
  const JsonLimits& limits_;
  size_t pos_ = 0;
  size_t values_ = 0;
  std::optional<Error> error_;
};

}  // namespace

Result<Json> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge);
  try {
    return StrictParser(text, limits).Parse();
  } catch (const std::exception&) {  // allocation failure inside nlohmann / std::string
    return CredentialError(ErrorCode::kInvalidArgument, reason::kJsonMalformed);
  }
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
