#pragma once

// Test fixtures for notify/: an in-memory vault with a tenant, a registered holder device, one
// Tier-3 and two Tier-2 records, and an approval service over it; a fake HttpSender whose calls
// the test completes by hand.

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "base/encoding.h"
#include "crypto/random.h"
#include "notify/approvals.h"
#include "notify/http_sender.h"
#include "storage/memory/memory_storage.h"
#include "vault/holder.h"
#include "vault/tenants.h"
#include "vault/vault.h"

namespace signet::notify::testing {

// FakeSender records calls; the test answers them with Complete.
class FakeSender final : public HttpSender {
 public:
  void Send(HttpCall call, HttpDone done) override {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.push_back({std::move(call), std::move(done)});
  }
  size_t pending() {
    std::lock_guard<std::mutex> lock(mu_);
    return pending_.size();
  }
  // Front returns the oldest unanswered call.
  HttpCall Front() {
    std::lock_guard<std::mutex> lock(mu_);
    return pending_.front().first;
  }
  // Complete answers the oldest call.
  void Complete(Result<HttpReply> reply) {
    HttpDone done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done = std::move(pending_.front().second);
      pending_.pop_front();
    }
    done(std::move(reply));
  }
  void CompleteStatus(int status) { Complete(HttpReply{status, "", std::nullopt}); }

 private:
  std::mutex mu_;
  std::deque<std::pair<HttpCall, HttpDone>> pending_;
};

inline std::string Header(const HttpCall& call, std::string_view name) {
  for (const auto& [k, v] : call.headers) {
    if (k == name) return v;
  }
  return "";
}

// VaultFixture is a tenant with a vault, a device and records.
class VaultFixture {
 public:
  VaultFixture()
      : storage_(storage::memory::CreateMemoryStorage({.clock = &clock_})),
        kek_(vault::Kek::FromBytesForTesting(crypto::RandomSecret(32))),
        tenants_(storage_->state(), kek_, clock_),
        root_(std::move(vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(),
                                                     crypto::SecretBytes()))
                  .value()),
        keyring_(root_.DeriveDelegatedKeyring()),
        device_(vault::DeviceKeys::Generate("laptop")),
        tenant_(vault::TenantIdFor(keyring_.identity().public_key())) {
    EXPECT_TRUE(tenants_.Register(keyring_));
    vault::Vault v(*storage_, keyring_, clock_, {0, 0, false});
    EXPECT_TRUE(v.Initialize().ok());
    vault::HolderTier3Access t3(root_.DeriveCompartmentRoot());
    EXPECT_TRUE(v.Store({"passport", std::nullopt, false, std::nullopt, ToBytes("P123456")}, &t3));
    EXPECT_TRUE(v.Store({"birthdate", std::nullopt, false, std::nullopt, ToBytes("1990-01-01")}));
    EXPECT_TRUE(v.Store({"address", std::nullopt, false, std::nullopt, ToBytes("Main St 1")}));
    EXPECT_TRUE(v.UpdateIndex([&](vault::VaultIndex& idx) {
                   idx.devices.push_back(
                       {device_.id, device_.name, HexEncode(device_.signing.public_key().bytes()),
                        HexEncode(device_.agreement.public_key().bytes()), 0, ""});
                   return OkStatus();
                 }).ok());
  }

  static Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

  // Secrets returns the holder's secrets (root + device), as an unlocked device has them.
  vault::HolderSecrets Secrets() const {
    auto root = vault::RootKey::FromBytes(root_.Export(crypto::SecretAccess::Get()));
    auto seed = device_.signing.ExportSeed(crypto::SecretAccess::Get());
    vault::DeviceKeys d{device_.id, device_.name,
                        std::move(crypto::Ed25519PrivateKey::FromSeed(seed)).value(),
                        std::move(crypto::X25519PrivateKey::FromBytes(
                                      device_.agreement.Export(crypto::SecretAccess::Get())))
                            .value()};
    return vault::HolderSecrets{std::move(root).value(), std::move(d)};
  }

  vault::VaultIndex Index() {
    vault::Vault v(*storage_, keyring_, clock_);
    return v.ReadIndex().value();
  }

  // AuditKinds lists the kinds in the tenant's audit chain.
  std::vector<std::string> AuditKinds() {
    vault::AuditLog log(storage_->audit(), keyring_, clock_);
    std::vector<std::string> out;
    auto events = log.List(0, 1000);
    EXPECT_TRUE(events);
    for (const auto& e : *events) out.push_back(e.kind);
    return out;
  }
  std::vector<vault::AuditEvent> AuditEvents() {
    vault::AuditLog log(storage_->audit(), keyring_, clock_);
    return log.List(0, 1000).value();
  }

  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_;
  vault::Kek kek_;
  vault::TenantRegistry tenants_;
  vault::RootKey root_;
  vault::DelegatedKeyring keyring_;
  vault::DeviceKeys device_;
  TenantId tenant_;
};

// Report returns a typical anomaly report for `attribute` at `tier`.
inline policy::AnomalyReport Report(const std::string& attribute, policy::Tier tier) {
  policy::AnomalyReport r;
  r.actor_id = "shop-bot";
  r.actor_domain = "shop.example";
  r.classification = {policy::Role::kCommerce, policy::ClassificationMethod::kDomainInference, 70,
                      false, false};
  r.predicate = {attribute, *policy::CategoryFromAttribute(attribute), policy::Operation::kProve,
                 tier};
  r.purpose = "checkout";
  r.destination_domain = "shop.example";
  r.session = "s-1";
  r.kinds = {tier == policy::Tier::k3 ? policy::AnomalyKind::kTier3Approval
                                      : policy::AnomalyKind::kInsufficientRole};
  r.severity = policy::Severity::kHigh;
  r.rule_ids = {"r-1"};
  r.options = {policy::OwnerChoice::kDenyOnce, policy::OwnerChoice::kDenyAlways,
               policy::OwnerChoice::kAllowOnce};
  r.time = 1'800'000'000;
  return r;
}

}  // namespace signet::notify::testing
