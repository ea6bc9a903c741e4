// End-to-end tests of `signet policy` on the embedded backend: the real binary, rules kept in the
// vault, decisions with reasons, and bad input refused without losing the stored rules.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/e2e/harness.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

const std::vector<std::string> kFastKdf = {"SIGNET_HOLDER__KDF_OPS=2",
                                           "SIGNET_HOLDER__KDF_MEMORY=19MiB"};

constexpr char kRules[] = R"({"version": 1,
 "actors": [{"id": "shop-bot", "role": "commerce"}],
 "rules": [
  {"id": "ship", "kind": "grant",
   "match": {"roles": ["commerce"], "attributes": ["commerce.address"], "operations": ["prove"]}},
  {"id": "no-passport", "kind": "deny", "match": {"attributes": ["identity.passport"]}}
 ]})";

std::string Request(const std::string& attribute, int tier) {
  return R"({"actor": {"id": "shop-bot", "domain": "shop.example"},
             "predicate": {"attribute": ")" +
         attribute + R"(", "operation": "prove", "tier": )" + std::to_string(tier) + R"(},
             "context": {"purpose": "checkout", "domain": "shop.example",
                         "time": "2026-03-02T10:00:00Z"}})";
}

class PolicyCliTest : public ::testing::Test {
 protected:
  PolicyCliTest() {
    data_ = dir_.path() + "/data";
    std::ofstream(dir_.path() + "/pass") << "correct horse battery staple\n";
    std::ofstream(dir_.path() + "/rules.json") << kRules;
  }

  CommandResult Run(std::vector<std::string> args) {
    args.push_back("--data-dir");
    args.push_back(data_);
    return RunSignet(args, kFastKdf);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  void Init() {
    CommandResult r = Run({"init", "--passphrase-file", dir_.path() + "/pass", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  json Decide(const std::string& request_file) {
    CommandResult r = Run({"policy", "test", request_file, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }

  TempDir dir_;
  std::string data_;
};

TEST_F(PolicyCliTest, StoresRulesInTheVaultAndEvaluatesRequestsAgainstThem) {
  Init();
  CommandResult empty = Run({"policy", "show"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("no rules"), std::string::npos) << empty.out;

  CommandResult set = Run({"policy", "set", dir_.path() + "/rules.json"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("2 rules"), std::string::npos) << set.out;

  CommandResult shown = Run({"policy", "show", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  json doc = json::parse(shown.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << shown.out;
  EXPECT_EQ(doc["rules"].size(), 2u);

  json permit = Decide(Write("address.json", Request("commerce.address", 2)));
  EXPECT_EQ(permit["decision"], "permit") << permit.dump();
  EXPECT_EQ(permit["matched_rules"], json::array({"ship"})) << permit.dump();

  json deny = Decide(Write("passport.json", Request("identity.passport", 2)));
  EXPECT_EQ(deny["decision"], "deny") << deny.dump();

  // A commerce actor asking for medical data, with no rule about it: escalated, never resolved.
  json anomaly = Decide(Write("medical.json", Request("medical.blood_type", 2)));
  EXPECT_EQ(anomaly["decision"], "anomaly") << anomaly.dump();
  EXPECT_TRUE(anomaly.contains("anomaly")) << anomaly.dump();

  // The rules are the vault's own record: not listed among the owner's data.
  CommandResult list = Run({"list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.find("policy"), std::string::npos) << list.out;
  // Storing them was audited.
  CommandResult audit = Run({"audit", "list", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("policy.set"), std::string::npos) << audit.out;
}

TEST_F(PolicyCliTest, RefusesAMalformedDocumentWithOneLineAndKeepsTheStoredRules) {
  Init();
  ASSERT_EQ(Run({"policy", "set", dir_.path() + "/rules.json"}).exit_code, 0);
  const std::string bad = Write(
      "bad.json", R"({"version": 1, "rules": [{"id": "x", "kind": "grant", "colour": "red"}]})");
  CommandResult r = Run({"policy", "set", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("/rules/0"), std::string::npos) << r.err;

  CommandResult shown = Run({"policy", "show", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(json::parse(shown.out, nullptr, false)["rules"].size(), 2u);

  CommandResult usage = Run({"policy", "frobnicate"});
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(PolicyCliTest, TestRunsWithoutAVaultWhenGivenAPolicyFile) {
  const std::string req = Write("address.json", Request("commerce.address", 2));
  CommandResult r = Run({"policy", "test", req, "--policy", dir_.path() + "/rules.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("decision: PERMIT"), std::string::npos) << r.out;
}

TEST_F(PolicyCliTest, ShowWithoutAVaultFailsWithOneLine) {
  CommandResult r = Run({"policy", "show"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(PolicyCliTest, SuggestionsStartEmpty) {
  Init();
  CommandResult r = Run({"policy", "suggestions"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("no suggestions"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace signet::e2e
