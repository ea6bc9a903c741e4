#include "vault/audit.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

namespace signet::vault {
namespace {

// EditableAuditStore is an AuditChainStore whose entries a test can tamper with, the way an
// attacker with write access to the database could.
class EditableAuditStore final : public storage::AuditChainStore {
 public:
  Status Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto& c = chains_[chain];
    if (expected_seq != c.size()) return Conflict("sequence taken");
    c.push_back({expected_seq, Bytes(entry.begin(), entry.end())});
    return OkStatus();
  }
  Result<std::vector<storage::AuditEntry>> Read(const BlindId& chain, uint64_t from,
                                                size_t limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<storage::AuditEntry> out;
    for (const auto& e : chains_[chain]) {
      if (e.seq >= from && out.size() < limit) out.push_back(e);
    }
    return out;
  }
  Result<std::optional<storage::AuditEntry>> Head(const BlindId& chain) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto& c = chains_[chain];
    if (c.empty()) return std::optional<storage::AuditEntry>();
    return std::optional<storage::AuditEntry>(c.back());
  }
  Status Ping() override { return OkStatus(); }

  std::vector<storage::AuditEntry>& entries(const BlindId& chain) { return chains_[chain]; }

 private:
  std::mutex mu_;
  std::map<BlindId, std::vector<storage::AuditEntry>> chains_;
};

class AuditTest : public ::testing::Test {
 protected:
  AuditTest()
      : keyring_(RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes())
                     ->DeriveDelegatedKeyring()),
        log_(store_, keyring_, clock_) {
    for (int i = 0; i < 5; ++i) {
      auto head = log_.Append("record.get", keyring_.Address("email", 0), "event " + std::to_string(i));
      EXPECT_TRUE(head);
      checkpoint_ = *head;
    }
  }
  std::vector<storage::AuditEntry>& Entries() { return store_.entries(log_.chain()); }
  AuditReport Verify() {
    auto r = log_.Verify(checkpoint_);
    EXPECT_TRUE(r);
    return r.value_or(AuditReport{});
  }

  FakeClock clock_;
  EditableAuditStore store_;
  DelegatedKeyring keyring_;
  AuditLog log_;
  AuditCheckpoint checkpoint_;
};

TEST_F(AuditTest, IntactChainVerifies) {
  AuditReport r = Verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 5u);
  EXPECT_EQ(r.head->seq, 4u);
  auto events = log_.List(2, 10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ(events->front().detail, "event 2");
  EXPECT_EQ(events->front().time, clock_.UnixSeconds());
}

TEST_F(AuditTest, DetectsModification) {
  Entries()[2].entry[30] ^= 1;  // inside the signed part
  AuditReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem, "entry 2: signature invalid (entry modified)");
}

TEST_F(AuditTest, DetectsDeletion) {
  Entries().erase(Entries().begin() + 2);
  for (size_t i = 2; i < Entries().size(); ++i) Entries()[i].seq = i;  // renumber the gap away
  AuditReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("entry 2"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, DetectsReordering) {
  std::swap(Entries()[1].entry, Entries()[3].entry);
  AuditReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("out of place"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, DetectsTruncatedTailAgainstCheckpoint) {
  Entries().pop_back();
  AuditReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("ends before the recorded checkpoint"), std::string::npos)
      << r.problem;
}

TEST_F(AuditTest, DetectsForkReplacingAnEntry) {
  // Rebuild the tail from entry 3 with different content, correctly signed by the same key:
  // the chain is self-consistent but differs from the checkpoint.
  Entries().resize(3);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(log_.Append("record.get", std::nullopt, "forged"));
  AuditReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("differs from the checkpoint"), std::string::npos) << r.problem;
}

TEST_F(AuditTest, RejectsEntriesFromAnotherVault) {
  const DelegatedKeyring other =
      RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes())
          ->DeriveDelegatedKeyring();
  AuditLog foreign(store_, other, clock_);
  // Graft a foreign entry onto our chain id.
  ASSERT_TRUE(foreign.Append("x", std::nullopt, "foreign"));
  Entries().push_back({5, store_.entries(foreign.chain()).front().entry});
  auto r = log_.Verify(std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->problem, "entry 5: signature invalid (entry modified)");
}

TEST_F(AuditTest, EventsContainNoValues) {
  const std::string raw = ToString(Entries()[0].entry);
  EXPECT_EQ(raw.find("event 0"), std::string::npos) << "audit details must be encrypted";
  EXPECT_EQ(raw.find("record.get"), std::string::npos);
}

}  // namespace
}  // namespace signet::vault
