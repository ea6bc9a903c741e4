#pragma once

// VaultEnv: what a vault command needs, opened from the configuration — storage, the server KEK,
// the tenant registry, the tenant's delegated keyring, and the holder store for root access.

#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "cli/args.h"
#include "server/config.h"
#include "storage/storage.h"
#include "vault/holder.h"
#include "vault/tenants.h"
#include "vault/vault.h"

namespace signet::cli {

class VaultEnv {
 public:
  // Open loads the configuration and opens storage; `create_kek` creates the KEK file if missing
  // (only `signet init` and `signet recover` do).
  static Result<std::unique_ptr<VaultEnv>> Open(const Args& args, bool create_kek);

  // Tenant returns this vault's tenant: the one named in the holder's root.json, else the
  // server's only tenant.
  Result<vault::TenantInfo> Tenant();
  // Keyring opens the tenant's delegated keyring (cached).
  Result<const vault::DelegatedKeyring*> Keyring();
  // OpenVault returns the vault over the tenant's keyring (cached).
  Result<vault::Vault*> OpenVault();
  // RootAccess opens the holder's secrets: SIGNET_SESSION if set, else --passphrase-file, else a
  // terminal prompt.
  Result<vault::HolderSecrets> RootAccess(const Args& args);

  const server::Config& config() const { return config_; }
  storage::Storage& storage() { return *storage_; }
  vault::TenantRegistry& tenants() { return *tenants_; }
  vault::HolderStore& holder() { return *holder_; }
  const Clock& clock() const { return clock_; }

 private:
  VaultEnv() = default;

  SystemClock clock_;
  server::Config config_;
  std::unique_ptr<storage::Storage> storage_;
  std::optional<vault::Kek> kek_;
  std::unique_ptr<vault::TenantRegistry> tenants_;
  std::unique_ptr<vault::HolderStore> holder_;
  std::optional<vault::DelegatedKeyring> keyring_;
  std::unique_ptr<vault::Vault> vault_;
};

// OpenHolderSecrets opens a holder's secrets: SIGNET_SESSION if set, else --passphrase-file,
// else a terminal prompt.
Result<vault::HolderSecrets> OpenHolderSecrets(const vault::HolderStore& holder, const Args& args);

// HolderKdf returns the Argon2id parameters the configuration asks for.
crypto::Argon2idParams HolderKdf(const server::Config& config);

}  // namespace signet::cli
