#include "api/oauth_httpsig.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <variant>
#include <vector>

#include "api/oauth_util.h"
#include "base/encoding.h"
#include "credentials/jose.h"
#include "crypto/ed25519_verify.h"
#include "crypto/sha2.h"

namespace signet::api {
namespace {

constexpr size_t kMaxHeader = 2048;
constexpr size_t kMaxComponents = 8;
constexpr size_t kMaxParams = 8;
constexpr int64_t kSkewSeconds = 60;
constexpr int64_t kMaxValiditySeconds = 300;

Error Invalid(std::string reason) {
  return Error(ErrorCode::kUnauthenticated, "invalid request signature", std::move(reason));
}

using ParamValue = std::variant<int64_t, std::string>;

// SignatureInput is one parsed Signature-Input member (RFC 8941 inner list with parameters).
struct SignatureInput {
  std::string label;
  std::vector<std::string> components;
  std::vector<std::pair<std::string, ParamValue>> params;  // in received order
};

// Cursor walks a header value (RFC 8941 §4.2 subset).
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Done() const { return pos_ >= s_.size(); }
  bool Eat(char c) {
    if (Done() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  void SkipSpaces() {
    while (!Done() && s_[pos_] == ' ') ++pos_;
  }
  // Key parses an RFC 8941 key: lcalpha / "*" then lcalpha / DIGIT / "_" / "-" / "." / "*".
  std::optional<std::string> Key() {
    const size_t start = pos_;
    while (!Done()) {
      const char c = s_[pos_];
      const bool first = pos_ == start;
      if ((c >= 'a' && c <= 'z') || c == '*' ||
          (!first &&
           (std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))) {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == start) return std::nullopt;
    return std::string(s_.substr(start, pos_ - start));
  }
  // String parses an sf-string ("..." with \" and \\ escapes, printable ASCII).
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
  // Integer parses an sf-integer (at most 15 digits).
  std::optional<int64_t> Integer() {
    bool negative = Eat('-');
    int64_t v = 0;
    size_t digits = 0;
    while (!Done() && std::isdigit(static_cast<unsigned char>(s_[pos_])) && digits < 16) {
      v = v * 10 + (s_[pos_++] - '0');
      ++digits;
    }
    if (digits == 0 || digits > 15) return std::nullopt;
    return negative ? -v : v;
  }
  // ByteSequence parses ":base64:".
  std::optional<std::string> ByteSequence() {
    if (!Eat(':')) return std::nullopt;
    const size_t end = s_.find(':', pos_);
    if (end == std::string_view::npos) return std::nullopt;
    std::string out(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }
  char Peek() const { return Done() ? '\0' : s_[pos_]; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Result<SignatureInput> ParseSignatureInput(std::string_view value) {
  if (value.size() > kMaxHeader) return Invalid("Signature-Input too large");
  Cursor c(value);
  SignatureInput in;
  auto label = c.Key();
  if (!label || !c.Eat('=') || !c.Eat('(')) return Invalid("malformed Signature-Input");
  in.label = *label;
  for (;;) {
    c.SkipSpaces();
    if (c.Eat(')')) break;
    auto component = c.String();
    if (!component) return Invalid("malformed component");
    if (c.Peek() == ';') return Invalid("component parameters are not supported");
    if (in.components.size() >= kMaxComponents) return Invalid("too many components");
    in.components.push_back(std::move(*component));
    if (c.Peek() != ' ' && c.Peek() != ')') return Invalid("malformed inner list");
  }
  while (c.Eat(';')) {
    auto key = c.Key();
    if (!key || !c.Eat('=')) return Invalid("malformed parameter");
    if (in.params.size() >= kMaxParams) return Invalid("too many parameters");
    if (c.Peek() == '"') {
      auto s = c.String();
      if (!s) return Invalid("malformed string parameter");
      in.params.emplace_back(*key, std::move(*s));
    } else {
      auto i = c.Integer();
      if (!i) return Invalid("malformed integer parameter");
      in.params.emplace_back(*key, *i);
    }
  }
  if (!c.Done()) return Invalid("exactly one signature is supported");
  return in;
}

// SerializeParams renders the inner list and parameters canonically (RFC 8941 §4.1.1).
std::string SerializeParams(const SignatureInput& in) {
  std::string out = "(";
  for (size_t i = 0; i < in.components.size(); ++i) {
    out += (i ? " \"" : "\"") + in.components[i] + "\"";
  }
  out += ")";
  for (const auto& [key, value] : in.params) {
    out += ";" + key + "=";
    if (const int64_t* n = std::get_if<int64_t>(&value)) {
      out += std::to_string(*n);
    } else {
      std::string s;
      for (char ch : std::get<std::string>(value)) {
        if (ch == '"' || ch == '\\') s.push_back('\\');
        s.push_back(ch);
      }
      out += "\"" + s + "\"";
    }
  }
  return out;
}

// ComponentValue derives one covered component (RFC 9421 §2.1, §2.2).
Result<std::string> ComponentValue(const Request& req, std::string_view name,
                                   std::string_view target_uri) {
  if (name == "@method") return req.method;
  if (name == "@target-uri") return std::string(target_uri);
  if (name == "authorization" || name == "content-digest") {
    if (req.headers.Count(name) != 1) return Invalid("missing or repeated " + std::string(name));
    std::string v(*req.headers.Get(name));
    while (!v.empty() && v.back() == ' ') v.pop_back();
    return v;
  }
  return Invalid("unsupported component " + std::string(name).substr(0, 32));
}

Result<std::string> SignatureBase(const Request& req, const SignatureInput& in,
                                  std::string_view target_uri) {
  std::string base;
  for (const std::string& component : in.components) {
    auto value = ComponentValue(req, component, target_uri);
    if (!value) return std::move(value).error();
    base += "\"" + component + "\": " + *value + "\n";
  }
  return base + "\"@signature-params\": " + SerializeParams(in);
}

// CheckCoverage requires exactly the profile's components, each once.
Status CheckCoverage(const Request& req, const SignatureInput& in) {
  std::vector<std::string> want = {"@method", "@target-uri", "authorization"};
  if (!req.body.empty()) want.push_back("content-digest");
  std::vector<std::string> got = in.components;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (got != want) return Invalid("covered components differ from the profile");
  return OkStatus();
}

// CheckContentDigest verifies Content-Digest sha-256 against the body (RFC 9530 §2).
Status CheckContentDigest(const Request& req) {
  if (req.body.empty() && !req.headers.Has("Content-Digest")) return OkStatus();
  auto header = req.headers.Get("Content-Digest");
  if (!header || req.headers.Count("Content-Digest") != 1) return Invalid("no Content-Digest");
  const std::string want = Base64Encode(crypto::Sha256(AsBytes(req.body)));
  std::string_view v = *header;
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t end = v.find(',', pos);
    if (end == std::string_view::npos) end = v.size();
    std::string_view member = v.substr(pos, end - pos);
    while (!member.empty() && member.front() == ' ') member.remove_prefix(1);
    if (member == "sha-256=:" + want + ":") return OkStatus();
    pos = end + 1;
  }
  return Invalid("Content-Digest sha-256 does not match the body");
}

// CheckParams checks created/expires/keyid/alg and returns the nonce.
Result<std::string> CheckParams(const SignatureInput& in, const HttpSignatureExpectation& e) {
  std::optional<int64_t> created, expires;
  std::string nonce, keyid, alg;
  for (const auto& [key, value] : in.params) {
    const int64_t* n = std::get_if<int64_t>(&value);
    const std::string* s = std::get_if<std::string>(&value);
    if (key == "created" && n) {
      created = *n;
    } else if (key == "expires" && n) {
      expires = *n;
    } else if (key == "nonce" && s) {
      nonce = *s;
    } else if (key == "keyid" && s) {
      keyid = *s;
    } else if (key == "alg" && s) {
      alg = *s;
    } else if (key != "tag" || !s) {
      return Invalid("unexpected parameter " + key);
    }
  }
  if (alg != "ed25519") return Invalid("alg must be ed25519");
  if (keyid != e.jkt) return Invalid("keyid is not the token's key");
  if (!created || *created > e.now + kSkewSeconds || *created < e.now - kSkewSeconds) {
    return Invalid("created outside the accepted window");
  }
  if (!expires || *expires <= e.now || *expires - *created > kMaxValiditySeconds) {
    return Invalid("expired or too long-lived");
  }
  if (nonce.empty() || nonce.size() > 128) return Invalid("nonce is required");
  return nonce;
}

Result<Bytes> ParseSignature(const Request& req, std::string_view label) {
  if (req.headers.Count("Signature") != 1) return Invalid("missing or repeated Signature");
  std::string_view v = *req.headers.Get("Signature");
  if (v.size() > kMaxHeader) return Invalid("Signature too large");
  Cursor c(v);
  auto got = c.Key();
  if (!got || *got != label || !c.Eat('=')) return Invalid("Signature label mismatch");
  auto b64 = c.ByteSequence();
  if (!b64 || !c.Done()) return Invalid("malformed Signature");
  auto sig = Base64Decode(*b64);
  if (!sig || sig->size() != 64) return Invalid("malformed Signature");
  return std::move(*sig);
}

Result<SignatureInput> InputOf(const Request& req) {
  if (req.headers.Count("Signature-Input") != 1) {
    return Invalid("missing or repeated Signature-Input");
  }
  return ParseSignatureInput(*req.headers.Get("Signature-Input"));
}

}  // namespace

Status VerifyHttpSignature(const Request& req, const HttpSignatureExpectation& expect,
                           storage::StateStore& replay) {
  auto in = InputOf(req);
  if (!in) return std::move(in).error();
  if (Status s = CheckCoverage(req, *in); !s.ok()) return s;
  auto nonce = CheckParams(*in, expect);
  if (!nonce) return std::move(nonce).error();
  if (Status s = CheckContentDigest(req); !s.ok()) return s;
  auto sig = ParseSignature(req, in->label);
  if (!sig) return std::move(sig).error();
  auto base = SignatureBase(req, *in, expect.target_uri);
  if (!base) return std::move(base).error();
  if (expect.jwk == nullptr) return Invalid("no bound key");
  auto jwk = credentials::PublicJwk::FromJson(*expect.jwk, false);
  if (!jwk || jwk->ed25519_bytes() == nullptr) return Invalid("the bound key is not Ed25519");
  if (!crypto::Ed25519VerifyEncodedKey(*jwk->ed25519_bytes(), AsBytes(*base), *sig)) {
    return Invalid("signature does not verify");
  }
  Status fresh = replay.PutIfAbsent(storage::ns::kNonces,
                                    "sig:" + std::string(expect.jkt) + ":" + HashToken(*nonce),
                                    AsBytes("1"), std::chrono::seconds(kMaxValiditySeconds + 65));
  if (!fresh.ok()) {
    if (fresh.error().code() == ErrorCode::kAlreadyExists) return Invalid("nonce replayed");
    return fresh;
  }
  return OkStatus();
}

Result<std::string> SignatureBaseForTesting(const Request& req, std::string_view target_uri) {
  auto in = InputOf(req);
  if (!in) return std::move(in).error();
  return SignatureBase(req, *in, target_uri);
}

}  // namespace signet::api
