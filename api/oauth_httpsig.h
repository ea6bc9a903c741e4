#pragma once

// RFC 9421 HTTP Message Signatures as the second proof of possession for DPoP-bound access
// tokens on /mcp (docs/mcp.md, "Remote connector"): the /mcp profile of the shared verifier in
// notify/http_signature.h (which states the common rules: one signature, created / expires /
// nonce / keyid / alg parameters, ±60 s, at most 300 s, single-use nonces, Content-Digest). The
// profile Signet accepts on /mcp, exactly:
//
//   Authorization: DPoP <access token>
//   Content-Digest: sha-256=:<base64 SHA-256 of the body>:        (RFC 9530; when a body is sent)
//   Signature-Input: <label>=("@method" "@target-uri" "authorization" "content-digest")
//                    ;created=<unix>;expires=<unix>;nonce="<1..128
//                    chars>";keyid="<jkt>";alg="ed25519"[;tag="signet-mcp"]
//   Signature: <label>=:<base64 Ed25519 signature over the signature base (RFC 9421 §2.5)>:
//
// - the covered components are exactly @method, @target-uri and authorization, plus
//   content-digest whenever the request has a body (in any order; no component parameters);
// - @target-uri is the server's public base URL + the request target as received;
// - keyid is the token's key thumbprint (RFC 7638) and the key is the Ed25519 public key the
//   token was bound to at /token (an ES256-bound token can only use DPoP proofs);
// - tag is optional; when sent it must be "signet-mcp", so an owner signature (tag
//   "signet-owner", notify/owner_auth.h) is never accepted here.
//
// Thread-safe; the replay store must outlive the call.

#include <cstdint>
#include <string>
#include <string_view>

#include "api/http.h"
#include "base/result.h"
#include "credentials/json.h"
#include "notify/http_signature.h"
#include "storage/state_store.h"

namespace signet::api {

// kMcpSignatureTag is the only RFC 9421 `tag` a /mcp signature may carry (it may carry none).
inline constexpr std::string_view kMcpSignatureTag = "signet-mcp";

// McpSignatureProfile is the /mcp profile described above.
const notify::HttpSignatureProfile& McpSignatureProfile();

// HttpSignatureExpectation is what a signed request must match.
struct HttpSignatureExpectation {
  std::string_view target_uri;             // public base URL + request target
  std::string_view jkt;                    // the token's bound key thumbprint (keyid)
  const credentials::Json* jwk = nullptr;  // the bound public key
  int64_t now = 0;                         // Unix seconds
};

// VerifyHttpSignature checks the request's Signature-Input / Signature (and Content-Digest) and
// records its nonce. Failures are Unauthenticated("invalid request signature") with the reason in
// the internal detail; storage failures are passed through.
Status VerifyHttpSignature(const Request& req, const HttpSignatureExpectation& expect,
                           storage::StateStore& replay);

// SignatureBaseForTesting returns the RFC 9421 signature base of `req` for its Signature-Input
// (the same text VerifyHttpSignature verifies), or the parse error.
Result<std::string> SignatureBaseForTesting(const Request& req, std::string_view target_uri);

}  // namespace signet::api
