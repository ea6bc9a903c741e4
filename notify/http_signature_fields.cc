#include "notify/http_signature_fields.h"

#include <optional>

#include "base/encoding.h"

namespace signet::notify {
namespace {

constexpr size_t kMaxFieldBytes = 2048;
constexpr size_t kMaxComponents = 8;
constexpr size_t kMaxParams = 8;
constexpr size_t kMaxDigestMembers = 8;

bool IsLcAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Cursor walks one field value with bounds checks (RFC 8941 §4.2 parsing subset).
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {
    while (!s_.empty() && (s_.front() == ' ' || s_.front() == '\t')) s_.remove_prefix(1);
    while (!s_.empty() && (s_.back() == ' ' || s_.back() == '\t')) s_.remove_suffix(1);
  }
  bool Done() const { return pos_ >= s_.size(); }
  char Peek() const { return Done() ? '\0' : s_[pos_]; }
  bool Eat(char c) {
    if (Done() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  void SkipSpaces() {
    while (Peek() == ' ') ++pos_;
  }
  void SkipOws() {
    while (Peek() == ' ' || Peek() == '\t') ++pos_;
  }
  // Key parses an sf-key: (lcalpha / "*") *(lcalpha / DIGIT / "_" / "-" / "." / "*").
  std::optional<std::string> Key() {
    const size_t start = pos_;
    if (!IsLcAlpha(Peek()) && Peek() != '*') return std::nullopt;
    ++pos_;
    while (IsLcAlpha(Peek()) || IsDigit(Peek()) || Peek() == '_' || Peek() == '-' ||
           Peek() == '.' || Peek() == '*') {
      ++pos_;
    }
    return std::string(s_.substr(start, pos_ - start));
  }
  // String parses an sf-string: printable ASCII with \" and \\ escapes.
  std::optional<std::string> String() {
    if (!Eat('"')) return std::nullopt;
    std::string out;
    while (!Done()) {
      char c = s_[pos_++];
      if (c == '"') return out;
      if (c == '\\') {
        if (Done()) return std::nullopt;
        c = s_[pos_++];
        if (c != '"' && c != '\\') return std::nullopt;
      } else if (c < 0x20 || c > 0x7e) {
        return std::nullopt;
      }
      out.push_back(c);
    }
    return std::nullopt;
  }
  // Integer parses an sf-integer: an optional "-" and 1..15 digits.
  std::optional<int64_t> Integer() {
    const bool negative = Eat('-');
    int64_t v = 0;
    size_t digits = 0;
    while (IsDigit(Peek())) {
      if (++digits > 15) return std::nullopt;
      v = v * 10 + (s_[pos_++] - '0');
    }
    if (digits == 0 || Peek() == '.') return std::nullopt;  // decimals are not accepted
    return negative ? -v : v;
  }
  // ByteSequence parses ":base64:" (standard alphabet, padded).
  std::optional<Bytes> ByteSequence() {
    if (!Eat(':')) return std::nullopt;
    const size_t end = s_.find(':', pos_);
    if (end == std::string_view::npos) return std::nullopt;
    auto bytes = Base64Decode(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    if (!bytes) return std::nullopt;
    return std::move(*bytes);
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Error Malformed(std::string reason) { return InvalidArgument(std::move(reason)); }

// ParseInnerList reads `("c1" "c2" ...)`; component parameters are refused.
Status ParseInnerList(Cursor& c, std::vector<std::string>* out) {
  if (!c.Eat('(')) return Malformed("Signature-Input member is not an inner list");
  for (;;) {
    c.SkipSpaces();
    if (c.Eat(')')) return OkStatus();
    auto component = c.String();
    if (!component) return Malformed("malformed component identifier");
    if (c.Peek() == ';') return Malformed("component parameters are not supported");
    if (out->size() >= kMaxComponents) return Malformed("too many components");
    out->push_back(std::move(*component));
    if (c.Peek() != ' ' && c.Peek() != ')') return Malformed("malformed inner list");
  }
}

// ParseParams reads `;key=value` pairs (integers and strings only, each key once).
Status ParseParams(Cursor& c, std::vector<SfParam>* out) {
  while (c.Eat(';')) {
    c.SkipSpaces();
    auto key = c.Key();
    if (!key) return Malformed("malformed parameter key");
    if (!c.Eat('=')) return Malformed("parameter " + key->substr(0, 16) + " has no value");
    for (const SfParam& p : *out) {
      if (p.first == *key) return Malformed("repeated parameter " + key->substr(0, 16));
    }
    if (out->size() >= kMaxParams) return Malformed("too many parameters");
    if (c.Peek() == '"') {
      auto s = c.String();
      if (!s) return Malformed("malformed string parameter");
      out->emplace_back(std::move(*key), std::move(*s));
    } else {
      auto i = c.Integer();
      if (!i) return Malformed("parameter " + key->substr(0, 16) + " is not an integer or string");
      out->emplace_back(std::move(*key), *i);
    }
  }
  return OkStatus();
}

void AppendSfString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out->push_back('\\');
    out->push_back(ch);
  }
  out->push_back('"');
}

}  // namespace

bool IsSfStringContent(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

Result<SignatureInputMember> ParseSignatureInput(std::string_view value) {
  if (value.size() > kMaxFieldBytes) return Malformed("Signature-Input too large");
  Cursor c(value);
  SignatureInputMember in;
  auto label = c.Key();
  if (!label || !c.Eat('=')) return Malformed("malformed Signature-Input");
  in.label = std::move(*label);
  if (Status s = ParseInnerList(c, &in.components); !s.ok()) return std::move(s).error();
  if (Status s = ParseParams(c, &in.params); !s.ok()) return std::move(s).error();
  c.SkipOws();
  if (c.Peek() == ',') return Malformed("exactly one signature is supported");
  if (!c.Done()) return Malformed("trailing bytes in Signature-Input");
  return in;
}

std::string SerializeSignatureParams(const SignatureInputMember& in) {
  std::string out = "(";
  for (size_t i = 0; i < in.components.size(); ++i) {
    if (i > 0) out.push_back(' ');
    AppendSfString(in.components[i], &out);
  }
  out.push_back(')');
  for (const auto& [key, value] : in.params) {
    out += ";" + key + "=";
    if (const int64_t* n = std::get_if<int64_t>(&value)) {
      out += std::to_string(*n);
    } else {
      AppendSfString(std::get<std::string>(value), &out);
    }
  }
  return out;
}

Result<Bytes> ParseSignatureField(std::string_view value, std::string_view label) {
  if (value.size() > kMaxFieldBytes) return Malformed("Signature too large");
  Cursor c(value);
  auto got = c.Key();
  if (!got || *got != label || !c.Eat('=')) return Malformed("Signature label mismatch");
  auto bytes = c.ByteSequence();
  if (!bytes) return Malformed("malformed Signature");
  c.SkipOws();
  if (!c.Done()) return Malformed("exactly one signature is supported");
  return std::move(*bytes);
}

Result<Bytes> ParseContentDigestSha256(std::string_view value) {
  if (value.size() > kMaxFieldBytes) return Malformed("Content-Digest too large");
  Cursor c(value);
  std::optional<Bytes> sha256;
  for (size_t members = 0; !c.Done(); ++members) {
    if (members >= kMaxDigestMembers) return Malformed("too many Content-Digest members");
    auto key = c.Key();
    if (!key || !c.Eat('=')) return Malformed("malformed Content-Digest");
    auto bytes = c.ByteSequence();
    if (!bytes) return Malformed("malformed Content-Digest value");
    if (*key == "sha-256") {
      if (sha256) return Malformed("repeated sha-256 in Content-Digest");
      sha256 = std::move(*bytes);
    }
    c.SkipOws();
    if (c.Done()) break;
    if (!c.Eat(',')) return Malformed("malformed Content-Digest");
    c.SkipOws();
    if (c.Done()) return Malformed("trailing comma in Content-Digest");
  }
  if (!sha256) return Malformed("Content-Digest has no sha-256");
  return std::move(*sha256);
}

}  // namespace signet::notify
