#pragma once

// The Signet MCP features (issue 10 item 3): seven tools, three read-only resources and the
// prompts that explain them, all served from the tenant's vault through the policy engine and
// recorded in the vault's audit chain. docs/mcp.md describes every tool for people; the
// descriptions registered here are written for models.
//
//   signet_get_proof           SD-JWT VC presentation (KB-JWT), BBS proof or range proof for a
//                              relying party, bound to its audience and nonce
//   signet_query               a Tier-1 value or a conclusion about a Tier-2 value; Tier 3
//                              suspends for the owner's approval
//   signet_request_capability  a PASETO v4.public capability token (domain, purpose, amount,
//                              one-time, expiry)
//   signet_negotiate_context   accept / counter-offer / reject a counterparty's data request;
//                              remembered per counterparty
//   signet_check_status        pending / approved / denied / expired, with the result once
//                              approved
//   signet_store, signet_list  the agent's own Tier-1/2 notes (labels "note.<key>")
//
// Resources: signet://vault/labels, signet://credentials/issued, signet://audit/tail.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "base/clock.h"
#include "mcp/approvals.h"
#include "mcp/policy_source.h"
#include "mcp/registry.h"
#include "mcp/tenant_vaults.h"
#include "policy/decision.h"
#include "storage/state_store.h"

namespace signet::mcp {

// OAuth scopes of the tools (docs/mcp.md, "Scopes").
inline constexpr std::string_view kScopeProofs = "signet:proofs";
inline constexpr std::string_view kScopeQuery = "signet:query";
inline constexpr std::string_view kScopeCapabilities = "signet:capabilities";
inline constexpr std::string_view kScopeNotes = "signet:notes";
// kAllScopes is every scope, space-separated (the default grant).
inline constexpr std::string_view kAllScopes =
    "signet:proofs signet:query signet:capabilities signet:notes";

// SignetToolsOptions tune the tools.
struct SignetToolsOptions {
  // issuer_base + "/t/" + tenant id is the "iss" of issued credentials and capability tokens
  // (the server's public URL, e.g. "https://vault.example").
  std::string issuer_base = "http://127.0.0.1:3000";
  int64_t credential_ttl_seconds = 300;                   // exp of proofs' SD-JWT VCs
  int64_t max_capability_ttl_seconds = 86400;             // longest capability token
  int64_t approval_timeout_seconds = 900;                 // no answer by then = deny
  int64_t negotiation_ttl_seconds = int64_t{30} * 86400;  // how long a negotiation is remembered
  std::chrono::milliseconds policy_deadline{20};
};

// ToolServices are what the tools run on. Everything is borrowed and must outlive the
// registries the tools are added to. `approvals` may be null (no approval channel).
struct ToolServices {
  TenantVaults& vaults;
  PolicySource& policy;
  ApprovalGateway* approvals = nullptr;
  storage::StateStore& state;
  const Clock& clock;
  SignetToolsOptions options;
  // on_decision, if set, is told the effect of every policy decision (operator metrics). It must
  // be thread-safe and fast.
  std::function<void(policy::Effect)> on_decision;
};

// SignetFeatures owns the registries filled with the Signet tools, resources and prompts.
// Immutable after construction; thread-safe.
class SignetFeatures {
 public:
  explicit SignetFeatures(ToolServices services);
  SignetFeatures(const SignetFeatures&) = delete;
  SignetFeatures& operator=(const SignetFeatures&) = delete;
  ~SignetFeatures();

  const ToolRegistry& tools() const { return tools_; }
  const ResourceRegistry& resources() const { return resources_; }
  const PromptRegistry& prompts() const { return prompts_; }

  // Instructions is the model-facing text of the InitializeResult.
  static std::string Instructions();

 private:
  struct Impl;
  void RegisterResources();
  void RegisterPrompts();

  ToolServices services_;
  ToolRegistry tools_;
  ResourceRegistry resources_;
  PromptRegistry prompts_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace signet::mcp
