#pragma once

// SignetResources serves the read-only MCP resources (internal to the mcp library):
//   signet://vault/labels       labels, tiers, compartments and categories (never values)
//   signet://credentials/issued proofs and capability tokens issued through MCP (audit events)
//   signet://audit/tail         the last 50 entries of the vault's audit chain

#include "mcp/tool_kit.h"

namespace signet::mcp {

inline constexpr std::string_view kLabelsUri = "signet://vault/labels";
inline constexpr std::string_view kIssuedUri = "signet://credentials/issued";
inline constexpr std::string_view kAuditUri = "signet://audit/tail";

class SignetResources {
 public:
  explicit SignetResources(ToolKit& kit) : kit_(kit) {}
  Result<ResourceContent> Labels(const CallContext& ctx);
  Result<ResourceContent> Issued(const CallContext& ctx);
  Result<ResourceContent> AuditTail(const CallContext& ctx);

 private:
  ToolKit& kit_;
};

}  // namespace signet::mcp
