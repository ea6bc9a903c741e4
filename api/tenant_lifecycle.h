#pragma once

// The tenant lifecycle API of a hosted server (issue 11 point 1):
//
//   POST   /tenants                     sign-up: register a vault's delegated keyring
//   POST   /tenants/{tenant}/suspend    owner: stop every agent and relying-party use
//   POST   /tenants/{tenant}/resume     owner: undo suspend
//   GET    /tenants/{tenant}/export     owner: the vault's encrypted records, index and audit chain
//   DELETE /tenants/{tenant}            owner: erase every record and the sealed keyring
//   POST   /tenants/{tenant}/pairing-codes  owner: a single-use pairing code for an MCP agent's
//                                       OAuth consent (body {"name"?, "ttl_seconds"?}; 201
//                                       {"pairing_code", "agent", "expires_at"}; 403 if suspended)
//   POST   /tenants/{tenant}/authorizations  owner: approve the pending OAuth authorization whose
//                                       consent page shows `approval_code` (body {"approval_code",
//                                       "name"?}; 200 {"agent", "client_id", "client_name",
//                                       "redirect_host", "scope"}; 404 unknown, used or expired
//                                       code; 409 approved already; 403 if suspended)
//
// Sign-up body (application/json, at most 8 KiB):
//   {"keyring": base64url(DelegatedKeyring::Serialize), "device": {"id", "name",
//    "ed25519_public": hex, "x25519_public": hex}, "invite"?: code}
// The keyring is what the server needs to serve agents (vault/keys.h: no root, no Tier-3 keys).
// The server seals it under its KEK (vault::TenantRegistry), initialises the vault (index and
// decoys) and registers the device, whose key then signs every owner request. Sign-up is
// governed by TenantSignup: closed (the default: tenants are created only by `signet init` on
// the server itself), invite (a single-use code from `signet tenant invite`, stored hashed) or
// open. Answers: 201 {"tenant", "identity", "issuer", "device"}; 409 if the vault exists; 403
// without a valid invite or when sign-up is closed; 400 for a malformed body.
//
// Owner requests carry an RFC 9421 HTTP Message Signature by a device registered in the vault
// index (notify/owner_auth.h, tag "signet-owner", keyid "<tenant>/<device>": @method,
// @target-uri and — on these POST and DELETE routes always — content-digest are covered; each
// nonce is accepted once). A request signed for another tenant than the path names is 403; a
// missing, bad, stale or replayed signature 401. A suspended tenant's owner can still resume,
// export and delete.
//
// Export is {"format": "signet-export/v1", "tenant", "identity", "exported_at", "index": {"id",
// "sealed"}, "records": [{"id", "sealed"}], "system_records": [{"id", "sealed"}],
// "audit": [{"seq", "entry"}]} — every value is the stored ciphertext (base64url): the export is
// encrypted under the vault's keys, and only the owner's root opens Tier-3 records. Delete
// erases the records, decoys and index (vault::Vault::Erase), then the sealed keyring
// (crypto-erasure of the server's copy); the audit chain stays (it records the erasure) and is
// unreadable once the keyring is gone.
//
// Thread-safe: collaborators are; they must outlive the object.

#include <optional>
#include <string>
#include <string_view>

#include "api/http.h"
#include "base/clock.h"
#include "notify/owner_auth.h"
#include "storage/storage.h"
#include "vault/tenants.h"

namespace signet::api {

// TenantSignup says who may create tenants over the API.
enum class TenantSignup { kClosed, kInvite, kOpen };
// ParseTenantSignup maps "closed", "invite", "open".
std::optional<TenantSignup> ParseTenantSignup(std::string_view name);

inline constexpr char kInvitesNamespace[] = "invites";

// CreateInvite stores a new single-use sign-up code valid for `ttl` and returns it (the store
// keeps only its SHA-256).
Result<std::string> CreateInvite(storage::StateStore& state, Duration ttl);

class TenantLifecycle {
 public:
  TenantLifecycle(storage::Storage& storage, vault::TenantRegistry& tenants,
                  const notify::OwnerAuthenticator& owners, const Clock& clock, TenantSignup signup,
                  std::string issuer_base);

  Response Register(const Request& req) const;
  Response Suspend(const Request& req) const;
  Response Resume(const Request& req) const;
  Response Export(const Request& req) const;
  Response Delete(const Request& req) const;
  Response PairAgent(const Request& req) const;
  Response ApproveAgent(const Request& req) const;

 private:
  // Owner authenticates the request for the path's tenant; an error response otherwise.
  Result<TenantId> Owner(const Request& req) const;
  Response SetStatus(const Request& req, std::string_view status) const;
  // RefuseUnlessActive is 403 for a suspended tenant (or the storage error), nullopt if active.
  std::optional<Response> RefuseUnlessActive(const TenantId& tenant) const;

  storage::Storage& storage_;
  vault::TenantRegistry& tenants_;
  const notify::OwnerAuthenticator& owners_;
  const Clock& clock_;
  TenantSignup signup_;
  std::string issuer_base_;
};

}  // namespace signet::api
