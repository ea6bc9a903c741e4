// The tenant lifecycle through the real binary: an operator's invite, `signet init --server` on
// the owner's machine (its own holder directory; the root never reaches the server), and the
// owner's device-signed suspend / resume / export / delete.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/harness.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

const std::vector<std::string> kFastKdf = {"SIGNET_HOLDER__KDF_OPS=2",
                                           "SIGNET_HOLDER__KDF_MEMORY=19MiB"};

class TenantLifecycleE2eTest : public ::testing::Test {
 protected:
  TenantLifecycleE2eTest() : server_({.extra_yaml = "tenants:\n  signup: invite\n"}) {}

  void SetUp() override {
    ASSERT_TRUE(server_.Start()) << server_.Log();
    std::ofstream(Path("pass")) << "correct horse battery staple\n";
    url_ = "http://127.0.0.1:" + std::to_string(server_.port());
  }

  std::string Path(const std::string& name) const { return owner_.path() + "/" + name; }

  // Operator runs a command on the server's own data directory.
  CommandResult Operator(std::vector<std::string> args) {
    args.insert(args.end(), {"--data-dir", server_.data_dir()});
    return RunSignet(args, kFastKdf);
  }
  // Owner runs a command on the owner's machine (its own holder and data directories).
  CommandResult Owner(std::vector<std::string> args, const std::string& holder = "holder") {
    args.insert(args.end(), {"--holder-dir", Path(holder), "--data-dir", Path("data"),
                             "--passphrase-file", Path("pass")});
    return RunSignet(args, kFastKdf);
  }
  std::string Invite() {
    CommandResult r = Operator({"tenant", "invite", "--ttl", "10m"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::ofstream(Path("invite")) << r.out;
    return r.out;
  }
  json Tenants() {
    CommandResult r = Operator({"tenant", "list", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }

  ServerProcess server_;
  TempDir owner_;
  std::string url_;
};

TEST_F(TenantLifecycleE2eTest, AnInvitedOwnerCreatesSuspendsExportsAndDeletesTheirVault) {
  Invite();
  CommandResult init =
      Owner({"init", "--server", url_, "--invite-file", Path("invite"), "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const json created = json::parse(init.out);
  const std::string tenant = created["tenant"];
  EXPECT_EQ(created["words"].get<std::string>().size() > 50, true);
  ASSERT_EQ(Tenants().size(), 1u);
  EXPECT_EQ(Tenants()[0]["status"], "active");

  // The owner pairs an MCP agent remotely (the code is for the OAuth consent page).
  CommandResult pair = Owner({"agent", "pair", "--server", url_, "--name", "claude", "--json"});
  ASSERT_EQ(pair.exit_code, 0) << pair.err;
  const json code = json::parse(pair.out);
  EXPECT_EQ(code["agent"], "agent:claude");
  EXPECT_EQ(code["pairing_code"].get<std::string>().size(), 14u);  // XXXX-XXXX-XXXX

  ASSERT_EQ(Owner({"tenant", "suspend", "--server", url_}).exit_code, 0);
  EXPECT_EQ(Tenants()[0]["status"], "suspended");
  EXPECT_EQ(Owner({"agent", "pair", "--server", url_}).exit_code, 1);  // not while suspended
  CommandResult approve = Owner({"agent", "approve", "AAAA-AAAA-AAAA", "--server", url_});
  EXPECT_EQ(approve.exit_code, 1);
  EXPECT_NE(approve.err.find("suspended"), std::string::npos) << approve.err;
  ASSERT_EQ(Owner({"tenant", "resume", "--server", url_}).exit_code, 0);
  EXPECT_EQ(Tenants()[0]["status"], "active");
  // Active again: the same unknown approval code is now refused as unknown, and a malformed one
  // never leaves the CLI.
  approve = Owner({"agent", "approve", "AAAA-AAAA-AAAA", "--server", url_});
  EXPECT_EQ(approve.exit_code, 1);
  EXPECT_NE(approve.err.find("unknown, used or expired approval code"), std::string::npos)
      << approve.err;
  EXPECT_EQ(Owner({"agent", "approve", "not-a-code", "--server", url_}).exit_code, 2);

  CommandResult exported = Owner({"tenant", "export", "--server", url_, "--out", Path("x.json")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream in(Path("x.json"));
  std::stringstream text;
  text << in.rdbuf();
  const json e = json::parse(text.str(), nullptr, false);
  ASSERT_TRUE(e.is_object()) << text.str();
  EXPECT_EQ(e["format"], "signet-export/v1");
  EXPECT_EQ(e["tenant"], tenant);
  EXPECT_FALSE(e["index"].is_null());

  CommandResult refused = Owner({"tenant", "delete", "--server", url_});
  EXPECT_EQ(refused.exit_code, 2);  // needs --yes
  CommandResult deleted = Owner({"tenant", "delete", "--server", url_, "--yes"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_TRUE(Tenants().empty());
  // The deleted tenant's device can no longer act.
  EXPECT_NE(Owner({"tenant", "suspend", "--server", url_}).exit_code, 0);
}

TEST_F(TenantLifecycleE2eTest, SignUpNeedsAFreshInvite) {
  CommandResult none = Owner({"init", "--server", url_});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("invite"), std::string::npos) << none.err;
  Invite();
  ASSERT_EQ(Owner({"init", "--server", url_, "--invite-file", Path("invite")}).exit_code, 0);
  // The same code again, from another machine.
  CommandResult again =
      Owner({"init", "--server", url_, "--invite-file", Path("invite")}, "holder2");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err.find('\n'), again.err.size() - 1) << again.err;  // one line
  EXPECT_EQ(Tenants().size(), 1u);
}

}  // namespace
}  // namespace signet::e2e
