#include "mcp/audit_batcher.h"

#include <gtest/gtest.h>

#include <thread>

#include "crypto/bip39.h"
#include "storage/memory/memory_storage.h"
#include "vault/vault.h"

namespace signet::mcp {
namespace {

TEST(AuditBatcherTest, ConcurrentEventsAllLandInAVerifiableChain) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  auto root = std::move(vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(),
                                                     crypto::SecretBytes()))
                  .value();
  auto keyring = root.DeriveDelegatedKeyring();
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

TEST(AuditBatcherTest, TruncatesOversizeEvents) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  auto root = std::move(vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(),
                                                     crypto::SecretBytes()))
                  .value();
  auto keyring = root.DeriveDelegatedKeyring();
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
