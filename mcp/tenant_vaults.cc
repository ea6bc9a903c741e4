#include "mcp/tenant_vaults.h"

namespace signet::mcp {

TenantVault::TenantVault(TenantId tenant, vault::DelegatedKeyring keyring,
                         storage::Storage& storage, const Clock& clock, vault::VaultOptions options)
    : tenant_(std::move(tenant)),
      keyring_(std::move(keyring)),
      storage_(storage),
      vault_(storage, keyring_, clock, options),
      batcher_(vault_.audit()) {}

TenantVaults::TenantVaults(storage::Storage& storage, vault::TenantRegistry& tenants,
                           const Clock& clock, vault::VaultOptions options,
                           std::chrono::seconds cache_ttl)
    : storage_(storage),
      tenants_(tenants),
      clock_(clock),
      options_(options),
      cache_ttl_(cache_ttl) {}

Result<std::shared_ptr<TenantVault>> TenantVaults::Open(const TenantId& tenant) {
  const auto now = clock_.Monotonic();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(tenant);
    if (it != cache_.end() && now - it->second.loaded < cache_ttl_) return it->second.vault;
  }
  auto keyring = tenants_.Open(tenant);
  if (!keyring) {
    std::lock_guard<std::mutex> lock(mu_);
    cache_.erase(tenant);
    return std::move(keyring).error();
  }
  auto opened =
      std::make_shared<TenantVault>(tenant, std::move(*keyring), storage_, clock_, options_);
  std::lock_guard<std::mutex> lock(mu_);
  cache_[tenant] = Entry{opened, now};
  return opened;
}

}  // namespace signet::mcp
