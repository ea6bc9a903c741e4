#pragma once

// Test fixtures for the mcp library: an in-memory tenant with a populated vault, policies, a fake
// approval gateway, and helpers to call tools through the dispatcher.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "crypto/bip39.h"
#include "mcp/dispatcher.h"
#include "mcp/policy_source.h"
#include "mcp/signet_tools.h"
#include "mcp/tenant_vaults.h"
#include "policy/rules_json.h"
#include "storage/memory/memory_storage.h"
#include "vault/tenants.h"
#include "vault/vault.h"

namespace signet::mcp::testing {

// FakeApprovals is an ApprovalGateway whose answers the test sets.
class FakeApprovals final : public ApprovalGateway {
 public:
  struct Entry {
    ApprovalRequest request;
    ApprovalState state = ApprovalState::kPending;
    bool taken = false;
  };
  explicit FakeApprovals(const Clock& clock) : clock_(clock) {}
  Result<Submission> Submit(const ApprovalRequest& request) override {
    const std::string id = "apr_" + std::to_string(entries_.size());
    entries_[id] = Entry{request};
    return Submission{id, clock_.UnixSeconds() + request.ttl_seconds};
  }
  Result<ApprovalStatus> Status(const TenantId& tenant, std::string_view id) override {
    auto it = entries_.find(std::string(id));
    if (it == entries_.end() || it->second.request.tenant != tenant) return NotFound("no approval");
    return ApprovalStatus{it->second.state, 0, ""};
  }
  Result<ApprovalGrant> TakeGrant(const TenantId& tenant, std::string_view id) override {
    auto it = entries_.find(std::string(id));
    if (it == entries_.end() || it->second.request.tenant != tenant) return NotFound("no approval");
    if (it->second.state != ApprovalState::kApproved) return FailedPrecondition("not approved");
    if (it->second.taken) return AlreadyExists("grant taken");
    it->second.taken = true;
    const policy::AnomalyReport& r = it->second.request.report;
    ApprovalGrant g;
    g.approval = policy::Approval{id.data(),
                                  r.actor_id,
                                  r.predicate.attribute,
                                  r.predicate.operation,
                                  clock_.UnixSeconds() + 60,
                                  r.session};
    g.keys = keys;
    return g;
  }
  // SetAll answers every request so far.
  void SetAll(ApprovalState state) {
    for (auto& [id, e] : entries_) e.state = state;
  }
  std::map<std::string, Entry> entries_;
  std::shared_ptr<const vault::Tier3Access> keys;  // handed out with every grant

 private:
  const Clock& clock_;
};

// kPermissive lets the local agent do everything the tiers allow (Tier 3 still needs approval).
inline constexpr std::string_view kPermissive = R"({"version": 1,
  "actors": [{"id": "agent:local", "role": "trusted_agent"}],
  "rules": [{"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"},
            {"id": "t2", "kind": "tier_threshold", "tier": 2, "min_role": "public"},
            {"id": "t3", "kind": "tier_threshold", "tier": 3, "min_role": "public"}]})";

// TenantEnv is one tenant with a vault holding email (1), birthdate (2), balance (2),
// passport (3) and credit_score (2).
class TenantEnv {
 public:
  explicit TenantEnv(std::string_view policy_json = kPermissive,
                     std::optional<std::string> birthdate = "1990-05-17")
      : storage_(storage::memory::CreateMemoryStorage({.clock = &clock_})),
        kek_(vault::Kek::FromBytesForTesting(crypto::SecretBytes::CopyFrom(Bytes(32, 9)))),
        registry_(storage_->state(), kek_, clock_),
        root_(std::move(vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(),
                                                     crypto::SecretBytes()))
                  .value()),
        keyring_(root_.DeriveDelegatedKeyring()),
        vaults_(*storage_, registry_, clock_),
        approvals_(clock_) {
    auto info = registry_.Register(keyring_);
    EXPECT_TRUE(info);
    tenant_ = info->id;
    vault::Vault v(*storage_, keyring_, clock_, {.min_initial_decoys = 2, .max_initial_decoys = 2});
    EXPECT_TRUE(v.Initialize().ok());
    vault::HolderTier3Access holder(root_.DeriveCompartmentRoot());
    auto put = [&](std::string label, std::string value) {
      vault::StoreRequest req{std::move(label), std::nullopt, false, std::nullopt, ToBytes(value)};
      EXPECT_TRUE(v.Store(req, &holder));
    };
    put("email", "ada@example.org");
    if (birthdate) put("birthdate", *birthdate);
    put("balance", "1234.50");
    put("passport", "X1234567");
    put("credit_score", "720");
    SetPolicy(policy_json);
    approvals_.keys = std::make_shared<vault::HolderTier3Access>(root_.DeriveCompartmentRoot());
  }

  void SetPolicy(std::string_view json) {
    auto doc = policy::ParsePolicyDocument(json);
    EXPECT_TRUE(doc) << (doc ? "" : doc.error().message());
    policy_ = std::make_unique<StaticPolicySource>(*policy::PolicyEngine::Create(std::move(*doc)));
  }

  // Features builds the tools (with or without the fake approval gateway).
  std::unique_ptr<SignetFeatures> Features(bool with_approvals = true) {
    return std::make_unique<SignetFeatures>(
        ToolServices{vaults_, *policy_, with_approvals ? &approvals_ : nullptr, storage_->state(),
                     clock_, SignetToolsOptions{.issuer_base = "https://vault.example"}});
  }

  Principal Local() const { return Principal{tenant_, "agent:local", "", "", "", true}; }

  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_;
  vault::Kek kek_;
  vault::TenantRegistry registry_;
  vault::RootKey root_;
  vault::DelegatedKeyring keyring_;
  TenantVaults vaults_;
  FakeApprovals approvals_;
  std::unique_ptr<StaticPolicySource> policy_;
  TenantId tenant_;
};

// Session drives a Dispatcher like a client: initialize, then calls.
class Session {
 public:
  Session(const SignetFeatures& f, Principal p)
      : dispatcher_(ServerInfo{.version = "test"}, f.tools(), f.resources(), f.prompts()),
        principal_(std::move(p)) {}

  Json Request(const std::string& method, Json params = Json::object()) {
    Message m{MessageKind::kRequest, next_id_++, method, std::move(params)};
    auto out = dispatcher_.Handle(m, principal_, state_);
    EXPECT_TRUE(out.response.has_value());
    return Json::parse(*out.response);
  }
  Json Initialize(const std::string& version = "2025-11-25") {
    return Request("initialize", {{"protocolVersion", version},
                                  {"capabilities", Json::object()},
                                  {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
  }
  // Call invokes a tool and returns the CallToolResult.
  Json Call(const std::string& tool, Json args) {
    Json r = Request("tools/call", {{"name", tool}, {"arguments", std::move(args)}});
    EXPECT_TRUE(r.contains("result")) << r.dump();
    return r.value("result", Json::object());
  }

  Dispatcher dispatcher_;
  Principal principal_;
  SessionState state_;
  int next_id_ = 1;
};

}  // namespace signet::mcp::testing
