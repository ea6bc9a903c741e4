#pragma once

// Internals shared by the Signet tool implementations (signet_tools.h): policy decisions over a
// set of predicates, suspension for approval, audit events, and reading vault values for a tool.
// Not a public API of the mcp library.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/claims.h"
#include "mcp/pending.h"
#include "mcp/registry.h"
#include "mcp/signet_tools.h"
#include "policy/decision.h"

namespace signet::mcp {

// Grant is what the approvals released for a re-run of a suspended call.
struct Grant {
  std::vector<policy::Approval> approvals;
  std::shared_ptr<const vault::Tier3Access> tier3;  // null unless Tier-3 keys were released
};

// CombinedTier3Access asks each released key set in turn (one per approved predicate).
class CombinedTier3Access final : public vault::Tier3Access {
 public:
  void Add(std::shared_ptr<const vault::Tier3Access> access) {
    parts_.push_back(std::move(access));
  }
  bool empty() const { return parts_.empty(); }
  Result<crypto::SecretBytes> KeyFor(std::string_view compartment,
                                     const storage::BlindId& id) const override;

 private:
  std::vector<std::shared_ptr<const vault::Tier3Access>> parts_;
};

// ToolFn is a tool implementation; `grant` is non-null only when signet_check_status re-runs an
// approved call.
using ToolFn = std::function<ToolResult(const CallContext&, const Json& args, const Grant* grant)>;

// Ask is one predicate the policy engine decides.
struct Ask {
  std::string label;
  int tier = 2;
  policy::Operation operation = policy::Operation::kRead;
  std::string attribute;                         // empty: AttributeFor(label)
  std::optional<policy::DataCategory> category;  // empty: CategoryFor(label)
  std::string purpose;
  std::string destination;  // normalised domain, or empty
  std::optional<policy::Amount> amount;
};

// Outcome combines the decisions of all asks: any DENY denies, else any ANOMALY suspends.
enum class Outcome { kPermit, kDeny, kSuspend };

struct Verdict {
  Outcome outcome = Outcome::kDeny;
  std::vector<Ask> asks;
  std::vector<policy::Decision> decisions;  // parallel to asks
};

// SecretText is a string holding a decrypted value; wiped on destruction.
class SecretText {
 public:
  SecretText() = default;
  explicit SecretText(std::string s) : s_(std::move(s)) {}
  SecretText(SecretText&&) = default;
  SecretText& operator=(SecretText&&) = default;
  ~SecretText();
  const std::string& str() const { return s_; }

 private:
  std::string s_;
};

class ToolKit {
 public:
  explicit ToolKit(const ToolServices& services);

  const ToolServices& services() const { return s_; }
  int64_t Now() const { return s_.clock.UnixSeconds(); }

  // OpenVault opens the caller's tenant vault.
  Result<std::shared_ptr<TenantVault>> OpenVault(const Principal& principal) const;
  // Decide evaluates every ask (with a matching approval from `grant`, if any).
  Result<Verdict> Decide(const Principal& principal, std::vector<Ask> asks,
                         const Grant* grant) const;
  // Refused is the isError result for a DENY verdict, with the policy's reasons.
  ToolResult Refused(const Verdict& verdict) const;
  // Suspend files one approval request per predicate the policy escalated (scope items from
  // `index` when the label is a vault record) and returns the "pending" result.
  ToolResult Suspend(const CallContext& ctx, std::string_view tool, const Json& args,
                     const Verdict& verdict, const vault::VaultIndex* index);
  // Audit records an event for `tool` in the tenant's audit chain (group-committed).
  Status Audit(TenantVault& vault, const Principal& principal, std::string_view tool,
               Json event) const;
  // ReadValue reads the first item of `label`: Tier 1/2 with the delegated keyring, Tier 3 only
  // with a grant that released the key. The read is audited by the caller's event.
  Result<SecretText> ReadValue(TenantVault& vault, const vault::VaultIndex& index,
                               std::string_view label, const Grant* grant) const;
  // Failed turns an error into an isError result (internal errors are logged, not shown).
  ToolResult Failed(const Error& error, std::string_view tool) const;

  PendingCalls& pending() { return pending_; }

 private:
  const ToolServices& s_;
  PendingCalls pending_;
};

// AudienceDomain extracts the host of an audience ("https://shop.example/x" or "shop.example")
// and normalises it as a DNS name for the policy engine.
Result<std::string> AudienceDomain(std::string_view audience);

// VerdictJson renders the decisions (effect, reasons, rules) for a result or an audit event.
Json VerdictJson(const Verdict& verdict);

}  // namespace signet::mcp
