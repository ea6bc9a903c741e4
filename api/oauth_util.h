#pragma once

// Small pieces of the OAuth 2.1 authorization server (api/oauth_server.h) that need no state:
// form decoding (application/x-www-form-urlencoded, HTML "URL-encoded form data"), PKCE S256
// (RFC 7636 §4.6), redirect-URI rules (OAuth 2.1 §2.3, RFC 8252 §7.3 loopback), HTML escaping
// for the consent page, token hashing and the DPoP "htu" comparison (RFC 9449 §4.3 step 9).
//
// All functions are pure and thread-safe.

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace signet::api {

// FormParams are decoded form fields; each name appears at most once.
using FormParams = std::map<std::string, std::string, std::less<>>;

// kMaxFormFields bounds the number of fields ParseForm accepts.
inline constexpr size_t kMaxFormFields = 32;

// ParseForm decodes "a=b&c=d" ('+' is a space; a field without '=' has an empty value). A
// repeated name, a malformed escape, more than kMaxFormFields fields or a body over 16 KiB are
// InvalidArgument (RFC 6749 §3.1: parameters must not be repeated).
Result<FormParams> ParseForm(std::string_view body);

// FormValue returns the field `name`, or an empty view when absent.
std::string_view FormValue(const FormParams& form, std::string_view name);

// FormEncode percent-encodes `value` for a query or form component (unreserved characters kept).
std::string FormEncode(std::string_view value);

// HtmlEscape escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

// IsPkceVerifier checks RFC 7636 §4.1: 43..128 characters of [A-Za-z0-9-._~].
bool IsPkceVerifier(std::string_view verifier);
// IsPkceChallenge checks an S256 code_challenge: 43 base64url characters.
bool IsPkceChallenge(std::string_view challenge);
// PkceS256 returns BASE64URL(SHA256(verifier)) (RFC 7636 §4.2).
std::string PkceS256(std::string_view verifier);
// VerifyPkceS256 reports whether `verifier` is well-formed and hashes to `challenge`.
bool VerifyPkceS256(std::string_view verifier, std::string_view challenge);

// ValidateRedirectUri checks a client's redirect URI: absolute https, or http only on a loopback
// host (127.0.0.1, [::1], localhost; RFC 8252 §7.3); no fragment, no userinfo, at most 2000
// printable ASCII characters. InvalidArgument names the rule broken.
Status ValidateRedirectUri(std::string_view uri);

// UrlHost returns the host (and port) of an absolute http(s) URL, or "" when malformed.
std::string UrlHost(std::string_view uri);

// NormalizeHttpUri lower-cases the scheme and host, drops a default port (80/443), the query and
// the fragment, and makes an empty path "/". "" when `uri` is not an absolute http(s) URL.
std::string NormalizeHttpUri(std::string_view uri);

// HashToken returns hex(SHA-256(token)): the only form in which codes and tokens are stored.
std::string HashToken(std::string_view token);

// NewToken returns 32 random bytes, base64url (a code, access or refresh token).
std::string NewToken();

// WithQuery appends "name=value" pairs (values encoded) to `uri` with '?' or '&'.
std::string WithQuery(std::string uri,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> params);

}  // namespace signet::api
