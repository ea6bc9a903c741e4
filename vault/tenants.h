#pragma once

// Tenancy (issue 4 item 5): a server holds tenants; a tenant is one vault's delegated keyring,
// sealed at rest under the server's key-encryption key (KEK) and kept in the shared StateStore
// (namespace "tenants"), so every replica can open it. The embedded default has exactly one
// tenant, created by `signet init`.
//
// The KEK is 32 random bytes in a file named by config (`kek_file`, default <data_dir>/kek). It
// must be a regular file of mode 0600 (or stricter) owned by the server's user; anything else is
// refused so a KEK readable by others is never used.

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "storage/state_store.h"
#include "vault/keys.h"

namespace signet::vault {

inline constexpr char kTenantsNamespace[] = "tenants";

// Kek seals tenant keyrings with AES-256-GCM. Immutable, thread-safe, move-only.
class Kek {
 public:
  // Load reads an existing KEK file (exactly 32 bytes, mode 0600 or stricter).
  static Result<Kek> Load(const std::string& path);
  // Create writes a new random KEK file (mode 0600, fails if the file exists).
  static Result<Kek> Create(const std::string& path);
  // LoadOrCreate loads the file, creating it if it does not exist.
  static Result<Kek> LoadOrCreate(const std::string& path);
  // FromBytesForTesting wraps a key (tests only).
  static Kek FromBytesForTesting(SecretBytes key) { return Kek(std::move(key)); }

  Result<Bytes> Seal(ByteView plaintext, ByteView aad) const;
  Result<SecretBytes> Open(ByteView sealed, ByteView aad) const;

 private:
  explicit Kek(SecretBytes key) : key_(std::move(key)) {}
  SecretBytes key_;
};

// TenantInfo is the registry's public record of a tenant.
struct TenantInfo {
  TenantId id;
  std::string identity_public;  // hex Ed25519 public key of the vault identity
  int64_t created = 0;
  std::string status = "active";  // "active" | "suspended"
};

// TenantIdFor derives the stable tenant id of a vault from its identity public key
// ("t_" + 20 hex digits of SHA-256("signet/v1/tenant" || public key)), so recovering a vault
// from its words finds the same tenant.
TenantId TenantIdFor(const crypto::Ed25519PublicKey& identity);

// TenantRegistry stores sealed keyrings. Thread-safe; `state`, `kek` and `clock` must outlive it.
class TenantRegistry {
 public:
  TenantRegistry(storage::StateStore& state, const Kek& kek, const Clock& clock);

  // Register seals and stores `keyring` (kAlreadyExists if the tenant exists).
  Result<TenantInfo> Register(const DelegatedKeyring& keyring);
  // Open unseals a tenant's keyring (kNotFound, kPermissionDenied if suspended, kDataLoss if it
  // does not open under this KEK).
  Result<DelegatedKeyring> Open(const TenantId& id);
  // OpenForOwner unseals a tenant's keyring whatever its status: the owner's own operations
  // (resume, export, delete, approvals) still work on a suspended tenant.
  Result<DelegatedKeyring> OpenForOwner(const TenantId& id);
  // SetStatus marks a tenant "active" or "suspended" (kNotFound, kInvalidArgument for another
  // status). Open refuses a suspended tenant at once on every replica.
  Status SetStatus(const TenantId& id, std::string_view status);
  // Get returns a tenant's public record.
  Result<TenantInfo> Get(const TenantId& id);
  // List returns every tenant.
  Result<std::vector<TenantInfo>> List();
  // Remove deletes a tenant's sealed keyring (crypto-erasure of the server's copy).
  Status Remove(const TenantId& id);
  // SoleTenant returns the only tenant (the embedded default); kNotFound if there is none,
  // kFailedPrecondition if there are several.
  Result<TenantInfo> SoleTenant();

 private:
  Result<DelegatedKeyring> Unseal(const TenantId& id, bool any_status);

  storage::StateStore& state_;
  const Kek& kek_;
  const Clock& clock_;
};

}  // namespace signet::vault
