#pragma once

// PolicySource supplies the owner's policy engine for a tenant (docs/policy.md). The rule
// document lives in the vault (`signet policy set`, VaultPolicySource); a server may instead be
// given one JSON document for every tenant (StaticPolicySource, config mcp.policy_file). With no
// rules at all every request escalates to the owner (fail closed).
//
// Thread safety: implementations are safe for concurrent calls.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/ids.h"
#include "base/result.h"
#include "mcp/tenant_vaults.h"
#include "policy/engine.h"

namespace signet::mcp {

class PolicySource {
 public:
  virtual ~PolicySource() = default;
  // EngineFor returns the compiled policy of `tenant`.
  virtual Result<std::shared_ptr<const policy::PolicyEngine>> EngineFor(const TenantId& tenant) = 0;
};

// StaticPolicySource serves one compiled document to every tenant.
class StaticPolicySource final : public PolicySource {
 public:
  explicit StaticPolicySource(policy::PolicyEngine engine)
      : engine_(std::make_shared<const policy::PolicyEngine>(std::move(engine))) {}
  Result<std::shared_ptr<const policy::PolicyEngine>> EngineFor(const TenantId&) override {
    return engine_;
  }

 private:
  std::shared_ptr<const policy::PolicyEngine> engine_;
};

// VaultPolicySource reads each tenant's rule document from its vault: the system record
// "_signet.policy" that `signet policy set` writes (cli/policy_vault.h). A vault without a
// document gets the empty one (no rules: everything escalates to the owner). Compiled engines
// are cached per tenant for `cache_ttl`, so a new document takes effect within that time.
// Thread-safe; `vaults` must outlive the source.
class VaultPolicySource final : public PolicySource {
 public:
  explicit VaultPolicySource(TenantVaults& vaults,
                             std::chrono::seconds cache_ttl = std::chrono::seconds(30))
      : vaults_(vaults), cache_ttl_(cache_ttl) {}
  Result<std::shared_ptr<const policy::PolicyEngine>> EngineFor(const TenantId& tenant) override;

 private:
  struct Entry {
    std::shared_ptr<const policy::PolicyEngine> engine;
    std::chrono::steady_clock::time_point loaded;
  };
  TenantVaults& vaults_;
  std::chrono::seconds cache_ttl_;
  std::mutex mu_;
  std::map<TenantId, Entry> cache_;  // guarded by mu_
};

// kPolicyRecordName is the vault system record holding the rule document.
inline constexpr std::string_view kPolicyRecordName = "policy";

// LoadPolicyFile reads and compiles a policy document (JSON, at most 256 KiB). An empty `path`
// gives the empty document (no rules: everything escalates).
Result<policy::PolicyEngine> LoadPolicyFile(const std::string& path);

}  // namespace signet::mcp
