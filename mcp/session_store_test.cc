#include "mcp/session_store.h"

#include <gtest/gtest.h>

#include "storage/memory/memory_storage.h"

namespace signet::mcp {
namespace {

class SessionStoreTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_ =
      storage::memory::CreateMemoryStorage({.clock = &clock_});
  SessionStore store_{storage_->state(), clock_, std::chrono::hours(1)};
};

TEST_F(SessionStoreTest, CreatesAndReadsBack) {
  SessionState s;
  s.protocol_version = "2025-11-25";
  s.tenant = "t_1";
  s.agent_id = "agent:a";
  auto id = store_.Create(s);
  ASSERT_TRUE(id);
  EXPECT_TRUE(SessionStore::IsWellFormedSessionId(*id));
  auto got = store_.Get(*id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->agent_id, "agent:a");
  EXPECT_EQ((*got)->expires_at, clock_.UnixSeconds() + 3600);
}

TEST_F(SessionStoreTest, StoresOnlyAHashOfTheId) {
  auto id = store_.Create({});
  ASSERT_TRUE(id);
  auto all = storage_->state().Scan(storage::ns::kSessions, "", 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].key.find(*id), std::string::npos);
  EXPECT_EQ((*all)[0].key.size(), 64u);
}

TEST_F(SessionStoreTest, ExpiresAndDeletes) {
  auto a = store_.Create({});
  auto b = store_.Create({});
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(*store_.Delete(*a));
  EXPECT_FALSE(store_.Get(*a)->has_value());
  clock_.Advance(std::chrono::hours(2));
  EXPECT_FALSE(store_.Get(*b)->has_value());
}

TEST_F(SessionStoreTest, UnknownAndMalformedIdsAreAbsent) {
  EXPECT_FALSE(store_.Get("mcps_" + std::string(43, 'A'))->has_value());
  EXPECT_FALSE(store_.Get("nonsense")->has_value());
  EXPECT_FALSE(*store_.Delete("nonsense"));
}

TEST_F(SessionStoreTest, UpdateKeepsTheExpiry) {
  auto id = store_.Create({});
  ASSERT_TRUE(id);
  auto s = **store_.Get(*id);
  s.initialized = true;
  clock_.Advance(std::chrono::minutes(30));
  ASSERT_TRUE(store_.Update(*id, s).ok());
  EXPECT_TRUE((*store_.Get(*id))->initialized);
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_FALSE(store_.Get(*id)->has_value());
}

}  // namespace
}  // namespace signet::mcp
