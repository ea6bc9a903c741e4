#include "mcp/audit_batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "crypto/bip39.h"
#include "storage/memory/memory_storage.h"
#include "vault/vault.h"

namespace signet::mcp {
namespace {

vault::DelegatedKeyring NewKeyring() {
  return vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), crypto::SecretBytes())
      ->DeriveDelegatedKeyring();
}

TEST(AuditBatcherTest, ConcurrentEventsAllLandInAVerifiableChain) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  const vault::DelegatedKeyring keyring = NewKeyring();
  vault::AuditLog log(storage->audit(), keyring, clock);
  AuditBatcher batcher(log);
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        EXPECT_TRUE(batcher.Record({{"thread", t}, {"i", i}}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  auto report = log.Verify(std::nullopt);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  auto events = log.List(0, 1000);
  ASSERT_TRUE(events);
  size_t total = 0;
  for (const auto& e : *events) {
    EXPECT_EQ(e.kind, kAuditKind);
    total += Json::parse(e.detail).size();
  }
  EXPECT_EQ(total, size_t{kThreads * kEach});
  EXPECT_LE(events->size(), total);
}

// FailingChain refuses every append after the first `ok_appends`, like a disk that fills up.
class FailingChain final : public storage::AuditChainStore {
 public:
  FailingChain(storage::AuditChainStore& inner, int ok_appends)
      : inner_(inner), left_(ok_appends) {}
  Status Append(const storage::BlindId& chain, uint64_t expected_seq, ByteView entry) override {
    if (left_.fetch_sub(1) <= 0) return Unavailable("disk full");
    return inner_.Append(chain, expected_seq, entry);
  }
  Result<std::vector<storage::AuditEntry>> Read(const storage::BlindId& chain, uint64_t from_seq,
                                                size_t limit) override {
    return inner_.Read(chain, from_seq, limit);
  }
  Result<std::optional<storage::AuditEntry>> Head(const storage::BlindId& chain) override {
    return inner_.Head(chain);
  }
  Status Ping() override { return inner_.Ping(); }

 private:
  storage::AuditChainStore& inner_;
  std::atomic<int> left_;
};

// Fail closed: once the chain refuses writes, every caller (whichever batch it joined) gets the
// error, none hangs, and every event reported as stored is in the chain.
TEST(AuditBatcherTest, EveryCallerOfAFailedBatchGetsTheError) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  const vault::DelegatedKeyring keyring = NewKeyring();
  FailingChain chain(storage->audit(), 3);
  vault::AuditLog log(chain, keyring, clock);
  AuditBatcher batcher(log);
  constexpr int kThreads = 8;
  constexpr int kEach = 20;
  std::atomic<int> stored{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status s = batcher.Record({{"thread", t}, {"i", i}});
        if (s.ok()) {
          ++stored;
        } else {
          EXPECT_NE(s.error().message().find("disk full"), std::string::npos);
          ++refused;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(stored + refused, kThreads * kEach);
  EXPECT_GT(refused.load(), 0);
  auto events = log.List(0, 1000);
  ASSERT_TRUE(events);
  EXPECT_LE(events->size(), 3u);
  size_t total = 0;
  for (const auto& e : *events) total += Json::parse(e.detail).size();
  EXPECT_EQ(total, static_cast<size_t>(stored.load()));
}

TEST(AuditBatcherTest, TruncatesOversizeEvents) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  const vault::DelegatedKeyring keyring = NewKeyring();
  vault::AuditLog log(storage->audit(), keyring, clock);
  AuditBatcher batcher(log);
  ASSERT_TRUE(batcher.Record({{"x", std::string(4096, 'a')}}).ok());
  auto events = log.List(0, 10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  const Json batch = Json::parse((*events)[0].detail);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_TRUE(batch[0].contains("truncated"));
  EXPECT_LE(Dump(batch[0]).size(), AuditBatcher::kMaxEventBytes + 64);
}

}  // namespace
}  // namespace signet::mcp
