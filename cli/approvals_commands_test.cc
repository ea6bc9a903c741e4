// `signet approvals`: argument handling, the origin rule for answers and the human rendering of
// a request (the flows against a live server are in tests/e2e/approvals_e2e_test.cc).

#include "cli/approvals_commands.h"

#include <gtest/gtest.h>

#include "cli/commands.h"

namespace signet::cli {
namespace {

TEST(ApprovalsCommandTest, ParsesScopeLists) {
  EXPECT_EQ(*ParseScopeList("passport#0"), std::vector<std::string>{"passport#0"});
  EXPECT_EQ(*ParseScopeList("a.b#1,c-d#22"), (std::vector<std::string>{"a.b#1", "c-d#22"}));
  for (const char* bad : {"", "passport", "#0", "a#", "a#x", "a#0,,b#1", "a#-1"}) {
    EXPECT_FALSE(ParseScopeList(bad)) << bad;
  }
}

TEST(ApprovalsCommandTest, ComparesOrigins) {
  EXPECT_TRUE(SameOrigin("http://127.0.0.1:3000/callbacks/apr_1", "http://127.0.0.1:3000"));
  EXPECT_TRUE(SameOrigin("https://Signet.Example/x", "https://signet.example:443/"));
  EXPECT_FALSE(SameOrigin("https://signet.example/x", "http://signet.example/x"));
  EXPECT_FALSE(SameOrigin("https://evil.example/callbacks/x", "https://signet.example"));
  EXPECT_FALSE(SameOrigin("https://signet.example:8443/", "https://signet.example/"));
  EXPECT_FALSE(SameOrigin("not a url", "https://signet.example/"));
}

TEST(ApprovalsCommandTest, DescribesWhoWhatWhyAndTheOptions) {
  notify::ApprovalPayload p;
  p.request_id = "apr_0123456789abcdef0123456789abcdef";
  p.kind = notify::ApprovalKind::kTier3;
  p.report.actor_id = "shop-bot";
  p.report.actor_domain = "shop.example";
  p.report.classification = {policy::Role::kCommerce,
                             policy::ClassificationMethod::kDomainInference, 70, false, false};
  p.report.predicate = {"identity.passport", policy::DataCategory::kIdentity,
                        policy::Operation::kProve, policy::Tier::k3};
  p.report.severity = policy::Severity::kHigh;
  p.scope = {{"passport", 0, 3, "identity"}, {"birthdate", 0, 2, ""}};
  p.deadline = 1'800'000'300;
  p.device_signature_required = true;
  const std::string text = DescribePayload(p, 1'800'000'000);
  for (const char* part :
       {"shop-bot (shop.example)", "role commerce", "confidence 70%",
        "prove identity.passport (tier 3)", "passport#0, birthdate#0", "severity high",
        "modify --scope", "releases Tier-3 keys", "300s left"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  }
}

TEST(ApprovalsCommandTest, RejectsBadUsage) {
  EXPECT_EQ(RunApprovalsCommand({}), kExitUsage);
  EXPECT_EQ(RunApprovalsCommand({"frobnicate"}), kExitUsage);
  EXPECT_EQ(RunApprovalsCommand({"modify", "apr_x"}), kExitUsage);
  EXPECT_EQ(RunApprovalsCommand({"approve"}), kExitUsage);
  EXPECT_EQ(RunApprovalsCommand({"approve", "apr_x", "--scope", "a#0"}), kExitUsage);
  EXPECT_EQ(RunApprovalsCommand({"list", "extra"}), kExitUsage);
  EXPECT_EQ(RunApprovalsCommand({"list", "--bogus"}), kExitUsage);
}

}  // namespace
}  // namespace signet::cli
