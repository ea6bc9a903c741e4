// Vault benchmarks (issue 4 item 11): store/get on the embedded backend, Argon2id unlock with the
// default parameters, and AES-256-GCM sealing of 1 KiB (compared with `openssl speed` by run.sh).

#include <benchmark/benchmark.h>

#include <filesystem>

#include "crypto/aead.h"
#include "crypto/random.h"
#include "storage/embedded/embedded_storage.h"
#include "vault/holder.h"
#include "vault/vault.h"

namespace signet::vault {
namespace {

std::string TempDir() {
  std::string t = (std::filesystem::temp_directory_path() / "signet-bench-XXXXXX").string();
  return mkdtemp(t.data());
}

// Fixture: an initialised vault on the embedded backend in a temp directory.
struct EmbeddedVault {
  EmbeddedVault()
      : dir(TempDir()),
        root(std::move(RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes()))
                 .value()),
        keyring(root.DeriveDelegatedKeyring()) {
    storage::embedded::EmbeddedOptions o;
    o.data_dir = dir;
    storage = std::move(storage::embedded::OpenEmbeddedStorage(o)).value();
    vault = std::make_unique<Vault>(*storage, keyring, SystemClock::Default());
    (void)vault->Initialize();
  }
  ~EmbeddedVault() {
    vault.reset();
    storage.reset();
    std::filesystem::remove_all(dir);
  }
  std::string dir;
  RootKey root;
  DelegatedKeyring keyring;
  std::unique_ptr<storage::Storage> storage;
  std::unique_ptr<Vault> vault;
};

void BM_VaultStore1KiB(benchmark::State& state) {
  EmbeddedVault v;
  const Bytes value = crypto::RandomBytes(1024);
  int i = 0;
  for (auto _ : state) {
    auto r = v.vault->Store({"item" + std::to_string(i++ % 64), std::nullopt, false, 1, value});
    if (!r) state.SkipWithError(r.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VaultStore1KiB)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_VaultGet1KiB(benchmark::State& state) {
  EmbeddedVault v;
  (void)v.vault->Store({"item", std::nullopt, false, 1, crypto::RandomBytes(1024)});
  for (auto _ : state) {
    auto r = v.vault->Get("item", 0, nullptr, "bench");
    if (!r) state.SkipWithError(r.error().message().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VaultGet1KiB)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Argon2idUnlockDefault(benchmark::State& state) {
  const std::string dir = TempDir();
  HolderStore holder(dir, SystemClock::Default());  // default parameters: t=3, m=64 MiB
  auto root = RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes());
  HolderSecrets secrets{std::move(*root), DeviceKeys::Generate("bench")};
  const SecretBytes pass = SecretBytes::CopyFrom(AsBytes("correct horse battery staple"));
  (void)holder.Save(secrets, pass, "t_bench");
  for (auto _ : state) {
    auto r = holder.Unlock(pass);
    if (!r) state.SkipWithError(r.error().message().c_str());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Argon2idUnlockDefault)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BM_AesGcmSeal1KiB(benchmark::State& state) {
  auto aead = crypto::Aes256Gcm::Create(crypto::RandomSecret(32));
  const Bytes plaintext = crypto::RandomBytes(1024);
  for (auto _ : state) {
    auto r = aead->Seal(plaintext, {});
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * 1024);
}
BENCHMARK(BM_AesGcmSeal1KiB);

}  // namespace
}  // namespace signet::vault

BENCHMARK_MAIN();
