#include "api/oauth_httpsig.h"

#include "credentials/jose.h"

namespace signet::api {

const notify::HttpSignatureProfile& McpSignatureProfile() {
  static const notify::HttpSignatureProfile kProfile{
      .components = {"@method", "@target-uri", "authorization"},
      .content_digest = notify::ContentDigestRule::kWithBody,
      .tag = kMcpSignatureTag,
      .tag_required = false,
      .refusal = "invalid request signature",
  };
  return kProfile;
}

Status VerifyHttpSignature(const Request& req, const HttpSignatureExpectation& expect,
                           storage::StateStore& replay) {
  auto bound_key = [&expect](std::string_view keyid) -> Result<Bytes> {
    if (keyid != expect.jkt) return Unauthenticated("keyid is not the token's key");
    if (expect.jwk == nullptr) return Unauthenticated("no bound key");
    auto jwk = credentials::PublicJwk::FromJson(*expect.jwk, false);
    if (!jwk || jwk->ed25519_bytes() == nullptr) {
      return Unauthenticated("the bound key is not Ed25519");
    }
    return Bytes(jwk->ed25519_bytes()->begin(), jwk->ed25519_bytes()->end());
  };
  auto verified = notify::VerifyHttpMessageSignature(
      {req.method, expect.target_uri, req.headers.fields(), req.body}, McpSignatureProfile(),
      bound_key, expect.now, replay);
  if (!verified) return std::move(verified).error();
  return OkStatus();
}

Result<std::string> SignatureBaseForTesting(const Request& req, std::string_view target_uri) {
  return notify::HttpSignatureBaseForTesting(
      {req.method, target_uri, req.headers.fields(), req.body});
}

}  // namespace signet::api
