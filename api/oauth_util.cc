#include "api/oauth_util.h"

#include <cctype>

#include "api/http.h"
#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::api {
namespace {

constexpr size_t kMaxFormBytes = size_t{16} << 10;
constexpr size_t kMaxRedirectUri = 2000;

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

bool IsBase64UrlChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// SplitUrl is an absolute http(s) URL cut into scheme, authority and the rest.
struct SplitUrl {
  std::string scheme;     // lower-case
  std::string authority;  // as written
  std::string rest;       // path + query + fragment
};

std::optional<SplitUrl> Split(std::string_view uri) {
  const size_t colon = uri.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  SplitUrl out{Lower(uri.substr(0, colon)), "", ""};
  if (out.scheme != "https" && out.scheme != "http") return std::nullopt;
  std::string_view after = uri.substr(colon + 3);
  const size_t end = after.find_first_of("/?#");
  out.authority = std::string(after.substr(0, end));
  if (end != std::string_view::npos) out.rest = std::string(after.substr(end));
  if (out.authority.empty()) return std::nullopt;
  return out;
}

// HostOf strips the port from an authority ("[::1]:80" -> "[::1]").
std::string_view HostOf(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    return close == std::string_view::npos ? std::string_view() : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

}  // namespace

Result<FormParams> ParseForm(std::string_view body) {
  if (body.size() > kMaxFormBytes) return InvalidArgument("form body too large");
  FormParams out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view field = body.substr(pos, amp - pos);
    pos = amp + 1;
    if (field.empty()) continue;
    const size_t eq = field.find('=');
    auto name = PercentDecode(field.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : field.substr(eq + 1), true);
    if (!name || !value) return InvalidArgument("malformed form encoding");
    if (out.size() >= kMaxFormFields) return InvalidArgument("too many form fields");
    if (!out.emplace(std::move(*name), std::move(*value)).second) {
      return InvalidArgument("repeated parameter");
    }
  }
  return out;
}

std::string_view FormValue(const FormParams& form, std::string_view name) {
  auto it = form.find(name);
  return it == form.end() ? std::string_view() : std::string_view(it->second);
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (IsUnreserved(c)) {
      out.push_back(c);
    } else {
      const auto b = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
  }
  return out;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

bool IsPkceVerifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (char c : verifier) {
    if (!IsUnreserved(c)) return false;
  }
  return true;
}

bool IsPkceChallenge(std::string_view challenge) {
  if (challenge.size() != 43) return false;
  for (char c : challenge) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

std::string PkceS256(std::string_view verifier) {
  const auto digest = crypto::Sha256(AsBytes(verifier));
  return Base64UrlEncode(digest);
}

bool VerifyPkceS256(std::string_view verifier, std::string_view challenge) {
  // The challenge is public (it travelled through the browser); a plain comparison is fine.
  return IsPkceVerifier(verifier) && PkceS256(verifier) == challenge;
}

Status ValidateRedirectUri(std::string_view uri) {
  if (uri.empty() || uri.size() > kMaxRedirectUri) {
    return InvalidArgument("redirect_uri must be 1 to 2000 characters");
  }
  for (char c : uri) {
    if (c <= 0x20 || c >= 0x7f) return InvalidArgument("redirect_uri has a forbidden character");
  }
  if (uri.find('#') != std::string_view::npos) {
    return InvalidArgument("redirect_uri must not have a fragment");
  }
  auto url = Split(uri);
  if (!url) return InvalidArgument("redirect_uri must be an absolute https URL");
  if (url->authority.find('@') != std::string::npos) {
    return InvalidArgument("redirect_uri must not carry userinfo");
  }
  const std::string host = Lower(HostOf(url->authority));
  if (host.empty()) return InvalidArgument("redirect_uri has no host");
  if (url->scheme == "http" && host != "127.0.0.1" && host != "[::1]" && host != "localhost") {
    return InvalidArgument("redirect_uri must use https (http only on a loopback host)");
  }
  return OkStatus();
}

std::string UrlHost(std::string_view uri) {
  auto url = Split(uri);
  return url ? url->authority : std::string();
}

std::string NormalizeHttpUri(std::string_view uri) {
  auto url = Split(uri);
  if (!url || url->authority.find('@') != std::string::npos) return {};
  std::string authority = Lower(url->authority);
  const std::string default_port = url->scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.compare(authority.size() - default_port.size(), default_port.size(),
                        default_port) == 0) {
    authority.resize(authority.size() - default_port.size());
  }
  const std::string_view path =
      std::string_view(url->rest).substr(0, url->rest.find_first_of("?#"));
  std::string out = url->scheme;
  out.append("://").append(authority).append(path.empty() ? std::string_view("/") : path);
  return out;
}

std::string HashToken(std::string_view token) { return HexEncode(crypto::Sha256(AsBytes(token))); }

std::string NewToken() { return Base64UrlEncode(crypto::RandomBytes(32)); }

std::string WithQuery(std::string uri,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  char sep = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    uri.push_back(sep);
    uri.append(name).append("=").append(FormEncode(value));
    sep = '&';
  }
  return uri;
}

}  // namespace signet::api
