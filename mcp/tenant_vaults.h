#pragma once

// TenantVaults opens the vault of the tenant an agent session belongs to: the tenant's delegated
// keyring is unsealed from the TenantRegistry (server KEK) and a Vault plus an AuditBatcher are
// built over the shared storage. Opened vaults are cached for `cache_ttl` (so a suspended or
// removed tenant stops being served within that time) and shared by concurrent calls.
//
// Thread-safe. Failure modes: kNotFound (no such tenant), kPermissionDenied (suspended),
// kDataLoss (keyring does not open under this KEK), kUnavailable (storage).

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "mcp/audit_batcher.h"
#include "storage/storage.h"
#include "vault/tenants.h"
#include "vault/vault.h"

namespace signet::mcp {

// TenantVault is one tenant's open vault. Not copyable or movable (the vault refers to the
// keyring member). Thread-safe.
class TenantVault {
 public:
  TenantVault(TenantId tenant, vault::DelegatedKeyring keyring, storage::Storage& storage,
              const Clock& clock, vault::VaultOptions options = {});
  TenantVault(const TenantVault&) = delete;
  TenantVault& operator=(const TenantVault&) = delete;

  const TenantId& tenant() const { return tenant_; }
  const vault::DelegatedKeyring& keyring() const { return keyring_; }
  vault::Vault& vault() { return vault_; }
  storage::Storage& storage() { return storage_; }
  AuditBatcher& audit() { return batcher_; }

 private:
  TenantId tenant_;
  vault::DelegatedKeyring keyring_;
  storage::Storage& storage_;
  vault::Vault vault_;
  AuditBatcher batcher_;
};

class TenantVaults {
 public:
  // Everything must outlive this object. Every vault is opened with `options` (the server's
  // per-tenant quota: limits.tenant_records and limits.tenant_bytes).
  TenantVaults(storage::Storage& storage, vault::TenantRegistry& tenants, const Clock& clock,
               vault::VaultOptions options = {},
               std::chrono::seconds cache_ttl = std::chrono::seconds(60));

  // Open returns the tenant's vault (cached).
  Result<std::shared_ptr<TenantVault>> Open(const TenantId& tenant);

 private:
  struct Entry {
    std::shared_ptr<TenantVault> vault;
    std::chrono::steady_clock::time_point loaded;
  };
  storage::Storage& storage_;
  vault::TenantRegistry& tenants_;
  const Clock& clock_;
  vault::VaultOptions options_;
  std::chrono::seconds cache_ttl_;
  std::mutex mu_;
  std::map<TenantId, Entry> cache_;  // guarded by mu_
};

}  // namespace signet::mcp
