#pragma once

// The Signet tool implementations (see signet_tools.h for the overview). Each tool has a name,
// a JSON Schema for its arguments, and Run, which is also what signet_check_status calls to
// complete an approved call (with the Grant the approval released). Internal to the mcp library.

#include <map>
#include <memory>
#include <string>

#include "mcp/tool_kit.h"

namespace signet::mcp {

// ProofTool is signet_get_proof.
class ProofTool {
 public:
  static constexpr std::string_view kName = "signet_get_proof";
  explicit ProofTool(ToolKit& kit);
  static Json Schema();
  ToolResult Run(const CallContext& ctx, const Json& args, const Grant* grant);

 private:
  Result<Json> SdJwt(TenantVault& vault, const CallContext& ctx, const Json& claims,
                     const std::string& audience, const std::string& nonce);
  // BbsFromVault asks Bbs for a proof derived from the vault's BBS credential.
  struct BbsFromVault {
    const vault::VaultIndex* index;
    bool unlinkable;  // refuse a proof that would disclose every claim of the credential
  };
  // Bbs proves `claims` with BBS: from the vault's credential (bbs_credential.h) with
  // selective disclosure, or, with `from_vault` null, from a credential signed over exactly
  // `claims` (the one-off commitment credentials of range proofs).
  Result<Json> Bbs(TenantVault& vault, const CallContext& ctx, const Json& claims,
                   const std::string& audience, const std::string& nonce,
                   const BbsFromVault* from_vault);
  // AvailableClaims computes up to `room` claims a new BBS credential carries besides the
  // requested ones: the derived booleans whose source is Tier 1/2, then Tier-1 values.
  Json AvailableClaims(TenantVault& vault, const vault::VaultIndex& index,
                       const credentials::CivilDate& today, size_t room);
  Result<Json> Range(TenantVault& vault, const CallContext& ctx, const Json& predicate,
                     const std::string& value, const std::string& audience,
                     const std::string& nonce);
  ToolKit& kit_;
};

// QueryTool is signet_query.
class QueryTool {
 public:
  static constexpr std::string_view kName = "signet_query";
  explicit QueryTool(ToolKit& kit) : kit_(kit) {}
  static Json Schema();
  ToolResult Run(const CallContext& ctx, const Json& args, const Grant* grant);

 private:
  ToolKit& kit_;
};

// CapabilityTool is signet_request_capability.
class CapabilityTool {
 public:
  static constexpr std::string_view kName = "signet_request_capability";
  explicit CapabilityTool(ToolKit& kit) : kit_(kit) {}
  static Json Schema();
  ToolResult Run(const CallContext& ctx, const Json& args, const Grant* grant);

 private:
  ToolKit& kit_;
};

// NegotiateTool is signet_negotiate_context.
class NegotiateTool {
 public:
  static constexpr std::string_view kName = "signet_negotiate_context";
  static constexpr std::string_view kNamespace = "mcp_negotiations";
  explicit NegotiateTool(ToolKit& kit) : kit_(kit) {}
  static Json Schema();
  ToolResult Run(const CallContext& ctx, const Json& args, const Grant* grant);

 private:
  ToolKit& kit_;
};

// NotesTools are signet_store and signet_list: the agent's own notes, vault labels
// "note.<key>", Tier 1 or 2 only.
class NotesTools {
 public:
  static constexpr std::string_view kStoreName = "signet_store";
  static constexpr std::string_view kListName = "signet_list";
  explicit NotesTools(ToolKit& kit) : kit_(kit) {}
  static Json StoreSchema();
  static Json ListSchema();
  ToolResult Store(const CallContext& ctx, const Json& args);
  ToolResult List(const CallContext& ctx, const Json& args);

 private:
  ToolKit& kit_;
};

// StatusTool is signet_check_status. `tools` maps the names of suspendable tools to their
// implementations.
class StatusTool {
 public:
  static constexpr std::string_view kName = "signet_check_status";
  StatusTool(ToolKit& kit, std::map<std::string, ToolFn, std::less<>> tools)
      : kit_(kit), tools_(std::move(tools)) {}
  static Json Schema();
  ToolResult Run(const CallContext& ctx, const Json& args);

 private:
  ToolResult Complete(const CallContext& ctx, PendingCall call, const std::string& note);
  ToolKit& kit_;
  std::map<std::string, ToolFn, std::less<>> tools_;
};

}  // namespace signet::mcp
