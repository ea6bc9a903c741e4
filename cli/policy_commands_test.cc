// `signet policy ...` over an in-memory PolicyCommandEnv.

#include "cli/policy_commands.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "policy/rules_json.h"

namespace signet::cli {
namespace {

class FakeEnv final : public PolicyCommandEnv {
 public:
  Result<std::optional<std::string>> LoadPolicy() override { return policy; }
  Status StorePolicy(const std::string& json) override {
    policy = json;
    ++stores;
    return OkStatus();
  }
  Result<policy::PatternTracker> LoadPatternTracker() override {
    if (tampered) return DataLoss("policy counters failed their integrity check");
    return tracker;
  }
  Result<std::string> ReadInput(const std::string& path) override {
    auto it = files.find(path);
    if (it == files.end()) return NotFound(path + ": cannot open");
    return it->second;
  }
  int64_t NowUnix() override { return 1772445600; }  // Monday 2026-03-02 10:00 UTC
  std::ostream& Out() override { return out; }
  std::ostream& Err() override { return err; }

  std::optional<std::string> policy;
  std::map<std::string, std::string> files;
  policy::PatternTracker tracker;
  bool tampered = false;
  int stores = 0;
  std::ostringstream out, err;
};

constexpr const char* kRules = R"({"version":1,
  "actors":[{"id":"shop","role":"commerce"}],
  "rules":[{"id":"t1","kind":"tier_threshold","tier":1,"min_role":"commerce"},
           {"id":"no-ids","kind":"deny","match":{"attributes":["identity.*"]}}]})";
constexpr const char* kRequest = R"({"actor":{"id":"shop"},
  "predicate":{"attribute":"commerce.address","operation":"prove","tier":1},
  "context":{"domain":"shop.example","time":"2026-03-02T10:00:00Z"}})";
constexpr const char* kMedicalRequest = R"({"actor":{"id":"shop"},
  "predicate":{"attribute":"medical.blood_type","operation":"prove","tier":2},
  "context":{"domain":"shop.example"}})";

TEST(PolicyCommandsTest, SetValidatesAndStoresTheCanonicalForm) {
  FakeEnv env;
  env.files["rules.json"] = kRules;
  EXPECT_EQ(RunPolicyCommand({"set", "rules.json"}, env), 0) << env.err.str();
  ASSERT_TRUE(env.policy);
  EXPECT_EQ(*env.policy,
            policy::SerializePolicyDocument(policy::ParsePolicyDocument(kRules).value()));
  EXPECT_EQ(env.out.str(), "policy stored: 2 rules\n");
}

TEST(PolicyCommandsTest, SetRejectsAMalformedDocumentWithItsPath) {
  FakeEnv env;
  env.files["bad.json"] = R"({"version":1,"rules":[{"id":"x","kind":"allow"}]})";
  EXPECT_EQ(RunPolicyCommand({"set", "bad.json"}, env), 1);
  EXPECT_EQ(env.err.str(), "signet policy: /rules/0/kind: unknown rule kind \"allow\"\n");
  EXPECT_EQ(env.stores, 0);
  EXPECT_EQ(RunPolicyCommand({"set", "missing.json"}, env), 1);
  EXPECT_EQ(env.stores, 0);
}

TEST(PolicyCommandsTest, DryRunDoesNotStore) {
  FakeEnv env;
  env.files["-"] = kRules;
  EXPECT_EQ(RunPolicyCommand({"set", "-", "--dry-run"}, env), 0);
  EXPECT_EQ(env.stores, 0);
  EXPECT_EQ(env.out.str(), "policy ok: 2 rules (not stored)\n");
}

TEST(PolicyCommandsTest, ShowPrintsRulesOrJson) {
  FakeEnv env;
  EXPECT_EQ(RunPolicyCommand({"show"}, env), 0);
  EXPECT_NE(env.out.str().find("no rules: every request escalates to the owner"),
            std::string::npos);
  env.policy = kRules;
  env.out.str("");
  EXPECT_EQ(RunPolicyCommand({"show"}, env), 0);
  EXPECT_NE(env.out.str().find("actor  shop = commerce"), std::string::npos) << env.out.str();
  EXPECT_NE(env.out.str().find(R"(rule   {"id":"no-ids","kind":"deny")"), std::string::npos);
  env.out.str("");
  EXPECT_EQ(RunPolicyCommand({"show", "--json"}, env), 0);
  EXPECT_EQ(policy::ParsePolicyDocument(env.out.str()).value(),
            policy::ParsePolicyDocument(kRules).value());
  env.policy = "{not json";
  EXPECT_EQ(RunPolicyCommand({"show"}, env), 1);
  EXPECT_EQ(env.err.str(), "signet policy: stored policy is invalid: malformed JSON\n");
}

TEST(PolicyCommandsTest, TestPrintsTheDecisionWithReasons) {
  FakeEnv env;
  env.policy = kRules;
  env.files["req.json"] = kRequest;
  env.files["medical.json"] = kMedicalRequest;
  EXPECT_EQ(RunPolicyCommand({"test", "req.json"}, env), 0) << env.err.str();
  EXPECT_NE(env.out.str().find("decision: PERMIT (expires 2026-03-02T10:05:00Z)"),
            std::string::npos)
      << env.out.str();
  EXPECT_NE(env.out.str().find("[rule_permit] tier_threshold permits (rule t1)"),
            std::string::npos);
  env.out.str("");
  EXPECT_EQ(RunPolicyCommand({"test", "medical.json", "--json"}, env), 0);
  const std::string json = env.out.str();
  EXPECT_NE(json.find(R"("decision":"anomaly")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("code":"no_matching_rule")"), std::string::npos);
  EXPECT_NE(json.find(R"("code":"insufficient_role")"), std::string::npos);
  EXPECT_NE(json.find(R"("time":"2026-03-02T10:00:00Z")"), std::string::npos);  // NowUnix
}

TEST(PolicyCommandsTest, TestCanUseAPolicyFileInsteadOfTheStoredOne) {
  FakeEnv env;
  env.files["req.json"] = kRequest;
  env.files["deny.json"] = R"({"version":1,"rules":[{"id":"d","kind":"deny"}]})";
  EXPECT_EQ(RunPolicyCommand({"test", "req.json", "--policy", "deny.json"}, env), 0);
  EXPECT_NE(env.out.str().find("decision: DENY"), std::string::npos) << env.out.str();
  env.files["bad-req.json"] = R"({"actor":{},"predicate":{},"context":{}})";
  EXPECT_EQ(RunPolicyCommand({"test", "bad-req.json"}, env), 1);
  EXPECT_EQ(env.err.str(), "signet policy: /actor/id: is required\n");
}

TEST(PolicyCommandsTest, SuggestionsAreListedAndAppliedOnlyOnRequest) {
  FakeEnv env;
  env.policy = kRules;
  const policy::PatternKey key{"shop", "medical.allergies", policy::Operation::kProve,
                               policy::Tier::k2};
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(env.tracker.Record(key, true, 1772445600).ok());
  EXPECT_EQ(RunPolicyCommand({"suggestions"}, env), 0);
  EXPECT_EQ(env.stores, 0);  // listing never changes the policy
  const std::string listing = env.out.str();
  EXPECT_NE(listing.find("allow_always: shop prove medical.allergies (tier 2)"), std::string::npos)
      << listing;
  const size_t at = listing.find("--apply ");
  ASSERT_NE(at, std::string::npos);
  const std::string id = listing.substr(at + 8, listing.find('\n', at) - at - 8);
  env.out.str("");
  EXPECT_EQ(RunPolicyCommand({"suggestions", "--json"}, env), 0);
  EXPECT_NE(env.out.str().find("\"" + id + "\""), std::string::npos);
  EXPECT_EQ(RunPolicyCommand({"suggestions", "--apply", "nope"}, env), 1);
  EXPECT_EQ(RunPolicyCommand({"suggestions", "--apply", id}, env), 0) << env.err.str();
  EXPECT_EQ(env.stores, 1);
  EXPECT_EQ(policy::ParsePolicyDocument(*env.policy)->rules.back().id, id);
  env.out.str("");
  EXPECT_EQ(RunPolicyCommand({"suggestions"}, env), 0);
  EXPECT_EQ(env.out.str(), "no suggestions\n");
}

TEST(PolicyCommandsTest, TamperedCountersFail) {
  FakeEnv env;
  env.tampered = true;
  EXPECT_EQ(RunPolicyCommand({"suggestions"}, env), 1);
  EXPECT_EQ(env.err.str(), "signet policy: policy counters failed their integrity check\n");
}

TEST(PolicyCommandsTest, UsageErrors) {
  FakeEnv env;
  EXPECT_EQ(RunPolicyCommand({}, env), 2);
  EXPECT_EQ(RunPolicyCommand({"frob"}, env), 2);
  EXPECT_EQ(RunPolicyCommand({"show", "x"}, env), 2);
  EXPECT_EQ(RunPolicyCommand({"set"}, env), 2);
  EXPECT_EQ(RunPolicyCommand({"test", "a", "b"}, env), 2);
  EXPECT_EQ(RunPolicyCommand({"suggestions", "--bogus"}, env), 2);
  EXPECT_NE(env.err.str().find("usage:"), std::string::npos);
}

TEST(PolicyCommandsTest, ReadFileOrStdinBoundsItsInput) {
  const std::string path = ::testing::TempDir() + "/policy_commands_test_input.json";
  {
    std::ofstream f(path);
    f << std::string(100, 'x');
  }
  EXPECT_EQ(ReadFileOrStdin(path, 100).value().size(), 100u);
  EXPECT_EQ(ReadFileOrStdin(path, 99).error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(ReadFileOrStdin(path + ".missing", 100).error().code(), ErrorCode::kNotFound);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace signet::cli
