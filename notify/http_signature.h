#pragma once

// RFC 9421 HTTP Message Signatures on requests, Ed25519 only: the one implementation behind
// Signet's two profiles,
//   - owner requests (notify/owner_auth.h): tag "signet-owner", keyid "<tenant>/<device>";
//   - DPoP-bound /mcp requests (api/oauth_httpsig.h): keyid = the token's key thumbprint.
// A profile names its covered components, when "content-digest" is covered, and its tag; the
// rest is the same for both and is exactly:
//
//   Signature-Input: <label>=(<components>);created=<int>;expires=<int>;nonce="<str>";
//                    keyid="<str>";alg="ed25519"[;tag="<str>"]
//   Signature:       <label>=:<base64 of the 64-byte Ed25519 signature>:
//   Content-Digest:  sha-256=:<base64 of SHA-256(body)>:                      (RFC 9530 §2)
//
// - Signature-Input and Signature arrive as one field line each, hold one member each (one
//   signature per request) and share its label (RFC 8941 §3.2 dictionaries, §3.1.1 inner lists,
//   §3.1.2 parameters; a strict subset: string components without parameters, integer and string
//   signature parameters, no duplicate keys);
// - the covered components are exactly the profile's, in any order, each once;
// - parameters: created and expires (|created - now| <= 60 s, now < expires, expires - created
//   <= 300 s), nonce (1..128 characters), keyid (1..128 characters), alg "ed25519", tag as the
//   profile says; any other parameter is refused;
// - Content-Digest, whenever it is covered or present, holds exactly one sha-256 member, equal to
//   SHA-256 of the body as received (other algorithms are ignored);
// - the signature base follows RFC 9421 §2.5: "@method" is the method as received, "@target-uri"
//   the absolute URI the caller supplies (the server's public base URL + the request target as
//   received, so a proxy that rewrites paths breaks signatures on purpose), a header field is its
//   single field line with surrounding spaces removed, and "@signature-params" is the inner list
//   re-serialized canonically (RFC 8941 §4.1.1);
// - the signature verifies under the Ed25519 key the profile resolves from keyid (RFC 9421
//   §3.3.6, RFC 8032 §5.1.7, libsodium's strict checks);
// - only then is the nonce recorded, in the StateStore namespace "nonces" under
//   "sig:<keyid>:<hex SHA-256(nonce)>", for longer than the signature can be accepted; a nonce
//   seen before is refused.
//
// Every refusal is Unauthenticated with the profile's single message; the reason is only the
// internal detail (Error::detail, for logs). Storage failures are passed through unchanged.
// Functions are thread-safe; nothing is kept between calls except the recorded nonces.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/ed25519.h"
#include "storage/state_store.h"

namespace signet::notify {

// HttpField is one header field line: name (any case) and value.
using HttpField = std::pair<std::string, std::string>;
// HttpFieldList is header fields in order.
using HttpFieldList = std::vector<HttpField>;

// SignedRequest is the part of an HTTP request a signature covers or carries. Views: the caller
// owns the data for the duration of the call.
struct SignedRequest {
  std::string_view method;      // as received, e.g. "POST"
  std::string_view target_uri;  // absolute: public base URL + request target as received
  std::span<const HttpField> fields;
  std::string_view body;
};

// ContentDigestRule says when a profile covers "content-digest".
enum class ContentDigestRule {
  kWithBody,               // exactly when the request has a body (/mcp)
  kWithBodyOrUnsafeMethod  // when it has a body or its method is neither GET nor HEAD (owner)
};

// HttpSignatureProfile is what one use of RFC 9421 demands beyond this file's common rules.
struct HttpSignatureProfile {
  std::vector<std::string_view> components;  // covered besides "content-digest", lower case
  ContentDigestRule content_digest = ContentDigestRule::kWithBody;
  std::string_view tag;       // the profile's tag ("" = no tag may be sent)
  bool tag_required = false;  // false: the tag may also be absent
  std::string_view refusal;   // the message of every refusal
};

// HttpSignatureKeyLookup resolves a keyid to its 32-byte Ed25519 public key. An Unauthenticated
// error refuses the request (its message becomes the detail); any other error is passed through.
using HttpSignatureKeyLookup = std::function<Result<Bytes>(std::string_view keyid)>;

// VerifiedHttpSignature is a signature that verified and whose nonce was fresh; only
// VerifyHttpMessageSignature makes one.
class VerifiedHttpSignature {
 public:
  // keyid is the verified signature's keyid parameter.
  const std::string& keyid() const { return keyid_; }

 private:
  explicit VerifiedHttpSignature(std::string keyid) : keyid_(std::move(keyid)) {}
  std::string keyid_;
  friend Result<VerifiedHttpSignature> VerifyHttpMessageSignature(const SignedRequest&,
                                                                  const HttpSignatureProfile&,
                                                                  const HttpSignatureKeyLookup&,
                                                                  int64_t, storage::StateStore&);
};

// VerifyHttpMessageSignature checks `req` against `profile` at Unix time `now` (see the file
// comment) and records its nonce in `replay`.
Result<VerifiedHttpSignature> VerifyHttpMessageSignature(const SignedRequest& req,
                                                         const HttpSignatureProfile& profile,
                                                         const HttpSignatureKeyLookup& lookup,
                                                         int64_t now, storage::StateStore& replay);

// HttpSignatureParams are the signer's parameters (alg and the profile's tag are added).
struct HttpSignatureParams {
  int64_t created = 0;
  int64_t expires = 0;
  std::string nonce;
  std::string keyid;
};

// SignHttpRequest signs `req` under `profile` with `key` and returns the fields to add to it:
// Content-Digest when the profile covers it, then Signature-Input and Signature (label "sig1").
// Every other covered header must be in req.fields. InvalidArgument if a covered header is
// missing or a parameter cannot be an sf-string.
Result<HttpFieldList> SignHttpRequest(const SignedRequest& req, const HttpSignatureProfile& profile,
                                      const HttpSignatureParams& params,
                                      const crypto::Ed25519PrivateKey& key);

// CoversContentDigest reports whether `profile` covers "content-digest" for this request.
bool CoversContentDigest(const HttpSignatureProfile& profile, std::string_view method,
                         std::string_view body);

// ContentDigest returns the RFC 9530 Content-Digest value "sha-256=:<base64>:" of `body`.
std::string ContentDigest(std::string_view body);

// AcceptSignature returns an RFC 9421 §5.1 Accept-Signature value asking for `profile`'s
// signature on a request with this method and body (for 401 answers).
std::string AcceptSignature(const HttpSignatureProfile& profile, std::string_view method,
                            std::string_view body);

// HttpSignatureBaseForTesting returns the RFC 9421 §2.5 signature base of `req` for its own
// Signature-Input (what VerifyHttpMessageSignature verifies), or the parse error.
Result<std::string> HttpSignatureBaseForTesting(const SignedRequest& req);

}  // namespace signet::notify
