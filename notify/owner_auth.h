#pragma once

// Owner authentication: the vault owner signs each owner request (the tenant lifecycle routes
// and GET /approvals...) with a holder device key registered in the vault index, as an RFC 9421
// HTTP Message Signature (notify/http_signature.h) in this profile:
//
//   Content-Digest: sha-256=:<base64 SHA-256 of the body>:     (RFC 9530; see the rule below)
//   Signature-Input: sig1=("@method" "@target-uri" "content-digest");created=<unix>;
//                    expires=<unix>;nonce="<1..128 chars>";keyid="<tenant>/<device>";
//                    alg="ed25519";tag="signet-owner"
//   Signature: sig1=:<base64 Ed25519 signature over the RFC 9421 §2.5 signature base>:
//
// - covered components: exactly "@method", "@target-uri" and — on every request that has a body
//   or whose method is neither GET nor HEAD — "content-digest" (so POST, PUT, PATCH and DELETE
//   always commit to their body, an empty one being sha-256 of zero bytes:
//   47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=); any order, no component parameters;
// - "@target-uri" is the server's public base URL (server.public_url) + the request target as
//   received, e.g. https://vault.example/approvals?limit=20;
// - keyid is "<tenant id>/<device id>": the device must be listed in that tenant's vault index;
//   its registered Ed25519 key verifies the signature;
// - tag "signet-owner" is required: a signature made for /mcp (no tag or "signet-mcp") is never
//   an owner signature, and the /mcp verifier refuses this tag;
// - created within ±60 s of the server's clock, expires after now and at most 300 s after
//   created; the nonce is single use (StateStore namespace "nonces");
// - the label may be any sf-key; one signature per request.
// Every failure is Unauthenticated("invalid owner signature") — the reason is only in the
// internal detail — except storage outages (Unavailable). The tenant the signature names is
// returned; routes compare it with the tenant in their path (403 on a mismatch).

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "notify/http_signature.h"
#include "storage/storage.h"
#include "vault/holder.h"
#include "vault/tenants.h"

namespace signet::notify {

// kOwnerSignatureTag is the RFC 9421 `tag` every owner signature carries.
inline constexpr std::string_view kOwnerSignatureTag = "signet-owner";
// kOwnerRefusal is the one message of every refused owner signature.
inline constexpr std::string_view kOwnerRefusal = "invalid owner signature";

// OwnerSignatureProfile is the owner profile described above.
const HttpSignatureProfile& OwnerSignatureProfile();

// OwnerRequest is what the server authenticates.
struct OwnerRequest {
  std::string_view method;
  std::string_view target;  // request target as received (path and query)
  std::span<const HttpField> fields;
  std::string_view body;
};

// OwnerIdentity is an authenticated owner device.
struct OwnerIdentity {
  TenantId tenant;
  std::string device_id;
};

// SignOwnerRequest signs a request to `target_uri` (absolute) with a holder device key for
// `tenant` at Unix time `now` (valid 60 s) and returns the fields to add: Content-Digest when
// covered, Signature-Input and Signature. The client side of the profile.
Result<HttpFieldList> SignOwnerRequest(const vault::DeviceKeys& device, const TenantId& tenant,
                                       std::string_view method, std::string_view target_uri,
                                       std::string_view body, int64_t now);

// OwnerAuthenticator checks owner requests. Thread-safe; its collaborators must outlive it.
class OwnerAuthenticator {
 public:
  // `public_base_url` is the server's public base URL without a trailing '/'.
  OwnerAuthenticator(storage::Storage& storage, vault::TenantRegistry& tenants, const Clock& clock,
                     std::string public_base_url)
      : storage_(storage),
        tenants_(tenants),
        clock_(clock),
        public_base_url_(std::move(public_base_url)) {}

  // Authenticate returns the owner identity, or Unauthenticated / Unavailable (storage).
  Result<OwnerIdentity> Authenticate(const OwnerRequest& request) const;

 private:
  Result<Bytes> DeviceKey(std::string_view keyid) const;

  storage::Storage& storage_;
  vault::TenantRegistry& tenants_;
  const Clock& clock_;
  std::string public_base_url_;
};

}  // namespace signet::notify
