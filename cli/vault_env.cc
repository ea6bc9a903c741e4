#include "cli/vault_env.h"

#include <cstdlib>

#include "cli/config_loading.h"
#include "cli/prompt.h"
#include "server/storage_factory.h"

namespace signet::cli {

crypto::Argon2idParams HolderKdf(const server::Config& config) {
  crypto::Argon2idParams p;
  p.ops = config.holder.kdf_ops;
  p.mem_bytes = config.holder.kdf_memory;
  return p;
}

Result<std::unique_ptr<VaultEnv>> VaultEnv::Open(const Args& args, bool create_kek) {
  auto config = LoadConfig(args);
  if (!config) return std::move(config).error();
  std::unique_ptr<VaultEnv> env(new VaultEnv());
  env->config_ = std::move(*config);
  auto storage = server::OpenStorage(env->config_);
  if (!storage) return std::move(storage).error();
  env->storage_ = std::move(*storage);
  const std::string kek_path = server::KekPath(env->config_);
  auto kek = create_kek ? vault::Kek::LoadOrCreate(kek_path) : vault::Kek::Load(kek_path);
  if (!kek) {
    if (!create_kek && kek.error().code() == ErrorCode::kFailedPrecondition &&
        kek.error().message().starts_with("cannot open")) {
      return NotFound("no vault here (" + env->config_.data_dir + "): run `signet init` first");
    }
    return std::move(kek).error();
  }
  env->kek_.emplace(std::move(*kek));
  env->tenants_ = std::make_unique<vault::TenantRegistry>(env->storage_->state(), *env->kek_,
                                                          env->clock_);
  env->holder_ = std::make_unique<vault::HolderStore>(server::HolderDir(env->config_),
                                                      env->clock_, HolderKdf(env->config_));
  return env;
}

Result<vault::TenantInfo> VaultEnv::Tenant() {
  if (holder_->Exists()) {
    auto header = holder_->ReadHeader();
    if (!header) return std::move(header).error();
    auto tenant = tenants_->Get(TenantId(header->tenant));
    if (!tenant && tenant.error().code() == ErrorCode::kNotFound) {
      return NotFound("this device's root belongs to a vault the server no longer holds (" +
                      header->tenant +
                      "); if another device removed a device, run `signet device sync`");
    }
    return tenant;
  }
  return tenants_->SoleTenant();
}

Result<const vault::DelegatedKeyring*> VaultEnv::Keyring() {
  if (!keyring_) {
    auto tenant = Tenant();
    if (!tenant) return std::move(tenant).error();
    auto keyring = tenants_->Open(tenant->id);
    if (!keyring) return std::move(keyring).error();
    keyring_.emplace(std::move(*keyring));
  }
  return &*keyring_;
}

Result<vault::Vault*> VaultEnv::OpenVault() {
  if (!vault_) {
    auto keyring = Keyring();
    if (!keyring) return std::move(keyring).error();
    vault_ = std::make_unique<vault::Vault>(*storage_, **keyring, clock_);
  }
  return vault_.get();
}

Result<vault::HolderSecrets> VaultEnv::RootAccess(const Args& args) {
  return OpenHolderSecrets(*holder_, args);
}

Result<vault::HolderSecrets> OpenHolderSecrets(const vault::HolderStore& holder, const Args& args) {
  if (!holder.Exists()) {
    return FailedPrecondition("this device holds no vault root (" + holder.dir() +
                              "): use `signet recover` or `signet device join`");
  }
  if (const char* session = std::getenv("SIGNET_SESSION"); session != nullptr && *session) {
    return holder.OpenSession(session);
  }
  auto pass = ReadPassphrase(args.Get("passphrase-file"), false);
  if (!pass) return std::move(pass).error();
  return holder.Unlock(*pass);
}

}  // namespace signet::cli
