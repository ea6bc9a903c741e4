#include "server/mcp_stack.h"

#include <gtest/gtest.h>

#include "crypto/bip39.h"
#include "crypto/random.h"
#include "storage/memory/memory_storage.h"

namespace signet::server {
namespace {

vault::DelegatedKeyring NewKeyring() {
  return vault::RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), crypto::SecretBytes())
      ->DeriveDelegatedKeyring();
}

class McpStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stack = McpStack::Create(config_, *storage_, tenants_, clock_);
    ASSERT_TRUE(stack) << stack.error().message();
    stack_ = std::move(*stack);
  }

  FakeClock clock_;
  Config config_;
  std::unique_ptr<storage::Storage> storage_ =
      storage::memory::CreateMemoryStorage({.clock = &clock_});
  vault::Kek kek_ = vault::Kek::FromBytesForTesting(crypto::RandomSecret(32));
  vault::TenantRegistry tenants_{storage_->state(), kek_, clock_};
  std::unique_ptr<McpStack> stack_;
};

// The local caller is the only tenant; the lookup is remembered for at most
// kLocalTenantRecheck, so a second tenant (or a removed one) is noticed once that has passed.
TEST_F(McpStackTest, LocalPrincipalIsTheSoleTenantRecheckedAfterAtMostASecond) {
  auto none = stack_->LocalPrincipal();
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kFailedPrecondition);

  auto first = tenants_.Register(NewKeyring());
  ASSERT_TRUE(first);
  auto p = stack_->LocalPrincipal();  // failures were not remembered
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->tenant, first->id);
  EXPECT_EQ(p->agent_id, "agent:local");
  EXPECT_TRUE(p->local);

  ASSERT_TRUE(tenants_.Register(NewKeyring()));
  EXPECT_TRUE(stack_->LocalPrincipal());  // within the recheck interval
  clock_.Advance(McpStack::kLocalTenantRecheck);
  auto two = stack_->LocalPrincipal();
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(two.error().message().find("2 tenants"), std::string::npos) << two.error().message();

  ASSERT_TRUE(tenants_.Remove(first->id).ok());
  auto second = stack_->LocalPrincipal();
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_NE(second->tenant, first->id);
}

}  // namespace
}  // namespace signet::server
