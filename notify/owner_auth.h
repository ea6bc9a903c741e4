#pragma once

// Owner authentication for the approvals API (GET /approvals, GET /approvals/{id}): the vault
// owner proves possession of a holder device key registered in the vault index.
//
//   Authorization: Signet-Device tenant="t_...", device="d_...", ts="<Unix seconds>",
//                  nonce="<base64url, 16 bytes>", sig="<base64url Ed25519 signature>"
//
// sig = Ed25519(device key, OwnerSignedMessage), where
//   OwnerSignedMessage = "signet/v1/owner-request" || "\n" || method || "\n" || target ||
//                        "\n" || tenant || "\n" || device || "\n" || ts || "\n" || nonce ||
//                        "\n" || hex(SHA-256(body))
// and target is the request-target exactly as sent (path and query). The server accepts a ts
// within `window` of its clock and each (device, nonce) once (StateStore namespace "nonces"),
// so a captured request cannot be replayed, re-targeted or have its body swapped. Every
// failure is the same Unauthenticated("invalid owner signature") so probing learns nothing.

#include <chrono>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"
#include "storage/storage.h"
#include "vault/holder.h"
#include "vault/tenants.h"

namespace signet::notify {

inline constexpr std::string_view kOwnerAuthScheme = "Signet-Device";

// OwnerRequest is what the server authenticates.
struct OwnerRequest {
  std::string_view method;
  std::string_view target;
  std::string_view authorization;  // the Authorization header value
  std::string_view body;
};

// OwnerIdentity is an authenticated owner device.
struct OwnerIdentity {
  TenantId tenant;
  std::string device_id;
};

// OwnerSignedMessage builds the signed bytes (see the file comment).
std::string OwnerSignedMessage(std::string_view method, std::string_view target,
                               std::string_view tenant, std::string_view device, int64_t ts,
                               std::string_view nonce, std::string_view body);

// OwnerAuthorization signs a request with a holder device key (the client side).
std::string OwnerAuthorization(const vault::DeviceKeys& device, const TenantId& tenant,
                               std::string_view method, std::string_view target,
                               std::string_view body, int64_t now);

// OwnerAuthenticator checks owner requests. Thread-safe; its collaborators must outlive it.
class OwnerAuthenticator {
 public:
  OwnerAuthenticator(storage::Storage& storage, vault::TenantRegistry& tenants, const Clock& clock,
                     std::chrono::seconds window = std::chrono::seconds(60))
      : storage_(storage), tenants_(tenants), clock_(clock), window_(window) {}

  // Authenticate returns the owner identity, or Unauthenticated / Unavailable (storage).
  Result<OwnerIdentity> Authenticate(const OwnerRequest& request);

 private:
  storage::Storage& storage_;
  vault::TenantRegistry& tenants_;
  const Clock& clock_;
  std::chrono::seconds window_;
};

}  // namespace signet::notify
