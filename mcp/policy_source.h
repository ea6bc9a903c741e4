#pragma once

// PolicySource supplies the owner's policy engine for a tenant (docs/policy.md). The rule
// document is meant to live in the vault (`signet policy set`); until that store is wired into
// the server, the server reads a JSON document named by configuration (StaticPolicySource) or
// runs with no rules at all, in which case every request escalates to the owner (fail closed).
//
// Thread safety: implementations are safe for concurrent calls.

#include <memory>
#include <string>

#include "base/ids.h"
#include "base/result.h"
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

// LoadPolicyFile reads and compiles a policy document (JSON, at most 256 KiB). An empty `path`
// gives the empty document (no rules: everything escalates).
Result<policy::PolicyEngine> LoadPolicyFile(const std::string& path);

}  // namespace signet::mcp
