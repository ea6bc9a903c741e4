#pragma once

// AddCredentialRoutes installs the relying-party and issuer faces of credentials/ (docs/
// credentials.md):
//
//   POST /verify                              api::HandleVerify (SD-JWT VC + KB, capability tokens)
//   GET  /.well-known/jwt-vc-issuer/t/{tenant} the tenant's SD-JWT VC issuer metadata
//   GET  /status-lists/{id}                   the tenant's Token Status List (id = tenant id)
//
// Issuers. Every credential and capability token Signet issues for a tenant carries
// iss = <public base>/t/<tenant id> (base = server.public_url, else http(s)://<server.listen>: PublicBaseUrl); its
// key is the tenant's vault identity key (kid "identity"). /verify resolves issuers under that
// base locally from the tenant registry (public record only, no keyring is unsealed, no HTTP
// request to ourselves); an unknown or suspended tenant is "unknown_issuer". Any other issuer is
// trusted only if it is listed in credentials.trusted_issuers (a JSON file, see
// LoadTrustedIssuers); Signet never fetches a stranger's keys.
//
// Status lists. A tenant's credentials reference <base>/status-lists/<tenant id>; the list is
// signed on request by the tenant's identity key. /verify reads our own lists in-process and
// fails closed ("status_unavailable") for lists of other issuers (no remote fetching yet).

#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "credentials/issuer_keys.h"
#include "credentials/verifier.h"
#include "server/config.h"
#include "server/router.h"
#include "server/services.h"
#include "storage/storage.h"
#include "vault/tenants.h"

namespace signet::server {

// CredentialIssuerBase returns the public base URL of this server's issuers (no trailing '/').
std::string CredentialIssuerBase(const Config& config);

// TenantIssuer returns the "iss" of `tenant`'s credentials: base + "/t/" + tenant id.
std::string TenantIssuer(std::string_view base, const TenantId& tenant);

// TenantStatusListUri returns the URI of `tenant`'s status list: base + "/status-lists/" + id.
std::string TenantStatusListUri(std::string_view base, const TenantId& tenant);

// TenantOfIssuer returns the tenant named by a local issuer URL; NotFound if `issuer` is not
// base + "/t/" + a well-formed tenant id.
Result<TenantId> TenantOfIssuer(std::string_view base, std::string_view issuer);

// LoadTrustedIssuers reads a trust list file: a JSON array (at most 256 entries, 1 MiB) of
//   {"issuer": "https://...", "jwk": {...}}  or  {"issuer": ..., "jwks": {"keys": [...]}}
// Keys are public (a private member is an error) and validated. Strict: unknown members,
// duplicate keys, an issuer under `local_base` (those are resolved locally) are errors.
Result<credentials::TrustList> LoadTrustedIssuers(const std::string& path,
                                                  std::string_view local_base);

// CredentialVerification is the verifier behind POST /verify with its issuer key resolver and our
// tenants' status lists; `signet verify` uses it in-process. Thread-safe once created; the
// arguments of Create must outlive it.
class CredentialVerification {
 public:
  // Create loads credentials.trusted_issuers and wires the verifier.
  static Result<std::unique_ptr<CredentialVerification>> Create(const Config& config,
                                                                storage::Storage& storage,
                                                                vault::TenantRegistry& tenants,
                                                                const Clock& clock);
  ~CredentialVerification();
  CredentialVerification(const CredentialVerification&) = delete;
  CredentialVerification& operator=(const CredentialVerification&) = delete;

  const credentials::PresentationVerifier& verifier() const;
  // IssuerMetadata returns the metadata of the local issuer `issuer` (its identity key);
  // "unknown_issuer" (kUnauthenticated) for an unknown or suspended tenant.
  Result<credentials::IssuerMetadata> IssuerMetadata(const std::string& issuer) const;
  // StatusListToken signs tenant `id`'s status list; NotFound for an unknown tenant or a list
  // never used.
  Result<std::string> StatusListToken(std::string_view id) const;
  const std::string& base() const;

  struct Impl;

 private:
  explicit CredentialVerification(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// AddCredentialRoutes registers the routes above. The handlers share one runtime object that
// lives as long as the router. Fails if credentials.trusted_issuers cannot be loaded.
Status AddCredentialRoutes(Router& router, Services& services);

}  // namespace signet::server
