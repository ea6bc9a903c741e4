#include "cli/policy_vault.h"

#include <algorithm>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/args.h"
#include "cli/config_loading.h"
#include "cli/policy_commands.h"
#include "cli/vault_env.h"
#include "policy/request_json.h"
#include "policy/rules_json.h"

namespace signet::cli {
namespace {

constexpr char kPolicyRecord[] = "policy";
constexpr char kPatternsRecord[] = "policy.patterns";

// VaultPolicyEnv opens the vault lazily from the config flags and keeps policy state in it.
class VaultPolicyEnv final : public PolicyCommandEnv {
 public:
  explicit VaultPolicyEnv(Args config_args) : config_args_(std::move(config_args)) {}

  Result<std::optional<std::string>> LoadPolicy() override {
    auto v = Vault();
    if (!v) return std::move(v).error();
    auto stored = (*v)->GetSystemRecord(kPolicyRecord);
    if (!stored) return std::move(stored).error();
    if (!*stored) return std::optional<std::string>();
    return std::optional<std::string>(ToString((*stored)->Reveal(crypto::SecretAccess::Get())));
  }

  Status StorePolicy(const std::string& json) override {
    auto v = Vault();
    if (!v) return std::move(v).error();
    return (*v)->PutSystemRecord(kPolicyRecord, AsBytes(json), "policy.set");
  }

  Result<policy::PatternTracker> LoadPatternTracker() override {
    auto v = Vault();
    if (!v) return std::move(v).error();
    auto stored = (*v)->GetSystemRecord(kPatternsRecord);
    if (!stored) return std::move(stored).error();
    if (!*stored) return policy::PatternTracker{};
    return policy::PatternTracker::Load(
        AsStringView((*stored)->Reveal(crypto::SecretAccess::Get())),
        (*v)->keyring().PolicyPatternsKey());
  }

  Result<std::string> ReadInput(const std::string& path) override {
    return ReadFileOrStdin(path, std::max(policy::kMaxRequestBytes, policy::kMaxDocumentBytes));
  }
  int64_t NowUnix() override { return static_cast<int64_t>(std::time(nullptr)); }
  std::ostream& Out() override { return std::cout; }
  std::ostream& Err() override { return std::cerr; }

 private:
  Result<vault::Vault*> Vault() {
    if (!env_) {
      auto env = VaultEnv::Open(config_args_, false);
      if (!env) return std::move(env).error();
      env_ = std::move(*env);
    }
    return env_->OpenVault();
  }

  Args config_args_;
  std::unique_ptr<VaultEnv> env_;
};

// SplitConfigFlags moves the config flags out of `args` into `config`.
void SplitConfigFlags(const std::vector<std::string>& args, std::vector<std::string>& config,
                      std::vector<std::string>& rest) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool taken = false;
    for (const char* flag : kConfigFlags) {
      const std::string name = std::string("--") + flag;
      if (a.rfind(name + "=", 0) == 0) {
        config.push_back(a);
        taken = true;
      } else if (a == name && i + 1 < args.size()) {
        config.push_back(a);
        config.push_back(args[++i]);
        taken = true;
      }
      if (taken) break;
    }
    if (!taken) rest.push_back(a);
  }
}

}  // namespace

int RunPolicyVaultCommand(const std::vector<std::string>& args) {
  std::vector<std::string> config_argv;
  std::vector<std::string> rest;
  SplitConfigFlags(args, config_argv, rest);
  FlagSpec spec;
  for (const char* f : kConfigFlags) spec.with_value.insert(f);
  auto config_args = Args::Parse(config_argv, spec);
  if (!config_args) {
    std::cerr << "signet policy: " << config_args.error().message() << "\n";
    return 2;
  }
  VaultPolicyEnv env(std::move(*config_args));
  return RunPolicyCommand(rest, env);
}

}  // namespace signet::cli
