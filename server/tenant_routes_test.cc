// tenants.* configuration: the sign-up policy is closed by default and strictly parsed.

#include <gtest/gtest.h>

#include "server/config.h"

namespace signet::server {
namespace {

TEST(TenantsConfigTest, SignUpIsClosedByDefaultAndStrictlyParsed) {
  Config c;
  EXPECT_EQ(c.tenants.signup, "closed");
  ASSERT_TRUE(ConfigLoader::LoadYamlString("tenants:\n  signup: invite\n", "t.yaml", &c).ok());
  EXPECT_EQ(c.tenants.signup, "invite");
  ASSERT_TRUE(ConfigLoader::ApplyEnvironment({{"SIGNET_TENANTS__SIGNUP", "open"}}, &c).ok());
  EXPECT_EQ(c.tenants.signup, "open");
  Config bad;
  Status s = ConfigLoader::LoadYamlString("tenants:\n  signup: maybe\n", "t.yaml", &bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("tenants.signup"), std::string::npos) << s.error().message();
  EXPECT_FALSE(ConfigLoader::LoadYamlString("tenants:\n  sign_up: open\n", "t.yaml", &bad).ok());
}

}  // namespace
}  // namespace signet::server
