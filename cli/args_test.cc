#include "cli/args.h"

#include <gtest/gtest.h>

#include "cli/commands.h"

namespace signet::cli {
namespace {

const FlagSpec kSpec{.with_value = {"config", "listen"}, .boolean = {"json"}};

TEST(ArgsTest, ParsesValueFormsBooleansAndPositionals) {
  auto a = Args::Parse({"--config", "f.yaml", "--listen=127.0.0.1:1", "--json", "pos"}, kSpec);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->Get("config"), "f.yaml");
  EXPECT_EQ(a->Get("listen"), "127.0.0.1:1");
  EXPECT_TRUE(a->Has("json"));
  EXPECT_EQ(a->positional(), std::vector<std::string>{"pos"});
}

TEST(ArgsTest, RejectsUnknownAndMalformedFlags) {
  EXPECT_EQ(Args::Parse({"--bogus"}, kSpec).error().message(), "unknown flag --bogus");
  EXPECT_EQ(Args::Parse({"--config"}, kSpec).error().message(), "flag --config needs a value");
  EXPECT_EQ(Args::Parse({"--json=1"}, kSpec).error().message(), "flag --json takes no value");
  EXPECT_FALSE(Args::Parse({"--config", "a", "--config", "b"}, kSpec));
}

TEST(ArgsTest, DoubleDashEndsFlags) {
  auto a = Args::Parse({"--", "--json"}, kSpec);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->Has("json"));
  EXPECT_EQ(a->positional(), std::vector<std::string>{"--json"});
}

TEST(CliTest, UnknownCommandOrFlagIsUsageError) {
  EXPECT_EQ(Main({}), kExitUsage);
  EXPECT_EQ(Main({"frobnicate"}), kExitUsage);
  EXPECT_EQ(Main({"serve", "--bogus"}), kExitUsage);
  EXPECT_EQ(Main({"version", "--bogus"}), kExitUsage);
  EXPECT_EQ(Main({"config"}), kExitUsage);
}

TEST(CliTest, ConfigCheckFailsOnMissingFile) {
  EXPECT_EQ(Main({"config", "check", "/nonexistent/signet.yaml"}), kExitFailure);
}

TEST(CliTest, VersionSucceeds) { EXPECT_EQ(Main({"version", "--json"}), kExitOk); }

}  // namespace
}  // namespace signet::cli
