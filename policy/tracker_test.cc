// The pattern tracker: counting, suggestions at the documented thresholds, and the MAC that
// makes tampered counters fail to load.

#include "policy/tracker.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "policy/choices.h"
#include "policy/policy_test_util.h"

namespace signet::policy {
namespace {

using nlohmann::json;
using testing::Doc;
using testing::Req;
using testing::T0;

crypto::SecretBytes Key(uint8_t fill = 7) { return crypto::SecretBytes::CopyFrom(Bytes(32, fill)); }

const PatternKey kShopAddress{"shop", "commerce.address", Operation::kProve, Tier::k1};
const PatternKey kShopMedical{"shop", "medical.allergies", Operation::kProve, Tier::k2};
const PatternKey kSpyPassport{"spy", "identity.passport", Operation::kRead, Tier::k3};

PatternTracker Tracked() {
  PatternTracker t;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(t.Record(kShopAddress, true, T0() + i).ok());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(t.Record(kSpyPassport, false, T0() + i).ok());
  EXPECT_TRUE(t.Record(kShopMedical, true, T0()).ok());
  EXPECT_TRUE(t.Record(kShopMedical, false, T0() + 9).ok());
  return t;
}

TEST(PatternTrackerTest, CountsAnswersPerActorAndPredicate) {
  const PatternTracker t = Tracked();
  EXPECT_EQ(t.generation(), 10u);
  EXPECT_EQ(t.entries().at(kShopAddress), (PatternCounts{5, 0, T0() + 4}));
  EXPECT_EQ(t.entries().at(kShopMedical), (PatternCounts{1, 1, T0() + 9}));
  PatternTracker bad;
  EXPECT_EQ(bad.Record({"a b", "x", Operation::kRead, Tier::k1}, true, 0).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(bad.Record({"a", "X", Operation::kRead, Tier::k1}, true, 0).ok());
  EXPECT_FALSE(bad.Record({"a", "x", Operation::kRead, Tier::k1}, true, -1).ok());
}

TEST(PatternTrackerTest, SuggestsPastTheThresholdsOnly) {
  const PatternTracker t = Tracked();
  const std::vector<Suggestion> s = t.Suggest(Doc("[]"));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].choice, OwnerChoice::kAllowAlways);
  EXPECT_EQ(s[0].key, kShopAddress);
  EXPECT_EQ(s[0].rule.kind, RuleKind::kGrant);
  EXPECT_EQ(s[0].rule.match.actors, std::vector<std::string>{"shop"});
  EXPECT_EQ(s[0].rationale, "the owner approved every request (5 approvals, 0 denials)");
  EXPECT_EQ(s[1].choice, OwnerChoice::kDenyAlways);
  EXPECT_EQ(s[1].key, kSpyPassport);
  EXPECT_EQ(s[1].rule.kind, RuleKind::kDeny);
  const std::string suggestions = SuggestionsToJson(Tracked().Suggest(Doc("[]")));
  EXPECT_NE(suggestions.find(R"("choice":"allow_always")"), std::string::npos) << suggestions;
  EXPECT_NE(suggestions.find(R"("rule":{"id":"owner-allow-)"), std::string::npos) << suggestions;
  // Higher thresholds: nothing yet.
  EXPECT_TRUE(t.Suggest(Doc("[]"), {.min_approvals = 6, .min_denials = 4}).empty());
  // Four approvals are not enough by default.
  PatternTracker four;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(four.Record(kShopAddress, true, T0()).ok());
  EXPECT_TRUE(four.Suggest(Doc("[]")).empty());
}

TEST(PatternTrackerTest, NeverSuggestsAllowAlwaysForTierThree) {
  PatternTracker t;
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(t.Record(kSpyPassport, true, T0()).ok());
  EXPECT_TRUE(t.Suggest(Doc("[]")).empty());
}

TEST(PatternTrackerTest, SuggestionsAreNotRepeatedOnceCoveredAndChangeNothingByThemselves) {
  const PatternTracker t = Tracked();
  PolicyDocument doc = Doc("[]");
  const std::vector<Suggestion> s = t.Suggest(doc);
  ASSERT_EQ(s.size(), 2u);
  // Suggesting did not touch the document: the request still escalates.
  EXPECT_EQ(PolicyEngine::Create(doc).value().Evaluate(Req()).effect, Effect::kAnomaly);
  // Once the owner accepts them, they are not suggested again, and the grant permits.
  for (const Suggestion& x : s) doc = AddRule(std::move(doc), x.rule).value();
  EXPECT_TRUE(t.Suggest(doc).empty());
  EXPECT_EQ(PolicyEngine::Create(doc).value().Evaluate(Req()).effect, Effect::kPermit);
}

TEST(PatternTrackerTest, SerializedCountersLoadBackUnderTheSameKey) {
  const PatternTracker t = Tracked();
  const std::string stored = t.Serialize(Key()).value();
  auto loaded = PatternTracker::Load(stored, Key());
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->entries(), t.entries());
  EXPECT_EQ(loaded->generation(), t.generation());
  EXPECT_EQ(loaded->Serialize(Key()).value(), stored);
  EXPECT_TRUE(PatternTracker::Load(PatternTracker().Serialize(Key()).value(), Key()));
}

// Tamper applies `edit` to the stored JSON and expects Load to fail with kDataLoss.
void ExpectTamperDetected(const std::string& stored, const std::function<void(json&)>& edit) {
  json j = json::parse(stored);
  edit(j);
  auto loaded = PatternTracker::Load(j.dump(), Key());
  ASSERT_FALSE(loaded) << j.dump();
  EXPECT_EQ(loaded.error().code(), ErrorCode::kDataLoss);
}

TEST(PatternTrackerTest, TamperedCountersAreDataLoss) {
  const std::string stored = Tracked().Serialize(Key()).value();
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["approvals"] = 50; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["denials"] = 1; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][1]["denials"] = 0; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["last_seen"] = 1; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["actor"] = "other"; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["operation"] = "read"; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["tier"] = 2; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"].erase(0); });
  ExpectTamperDetected(stored, [](json& j) { j["entries"].push_back(j["entries"][0]); });
  ExpectTamperDetected(stored, [](json& j) { j["generation"] = 1; });
  ExpectTamperDetected(stored, [](json& j) {
    std::string mac = j["mac"];
    mac[0] = mac[0] == 'A' ? 'B' : 'A';
    j["mac"] = mac;
  });
  ExpectTamperDetected(stored, [](json& j) { j.erase("mac"); });
  ExpectTamperDetected(stored, [](json& j) { j["mac"] = "!!"; });
  ExpectTamperDetected(stored, [](json& j) { j["entries"][0]["approvals"] = -1; });
  ExpectTamperDetected(stored, [](json& j) { j["extra"] = 1; });
  ExpectTamperDetected(stored, [](json& j) { j["version"] = 2; });
  // The order of entries is not part of the content: reordering is not tampering.
  json j = json::parse(stored);
  std::swap(j["entries"][0], j["entries"][2]);
  EXPECT_TRUE(PatternTracker::Load(j.dump(), Key()));
}

TEST(PatternTrackerTest, LoadsCountersMacdIndependentlyFromTheDocumentedFormat) {
  // testdata/policy_counters_fuzz/valid.json was produced by a Python script (Python's hmac and
  // struct modules) straight from the format in tracker.h, with the key 32 x 0x42.
  std::ifstream in(SIGNET_SOURCE_DIR "/policy/testdata/policy_counters_fuzz/valid.json");
  const std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(stored.empty());
  const crypto::SecretBytes key = crypto::SecretBytes::CopyFrom(Bytes(32, 0x42));
  auto t = PatternTracker::Load(stored, key);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(t->generation(), 8u);
  EXPECT_EQ(t->entries().at(kShopAddress), (PatternCounts{5, 0, 1772445600}));
  EXPECT_EQ(t->entries().at(kSpyPassport), (PatternCounts{0, 3, 1772445601}));
  EXPECT_EQ(PatternTracker::Load(stored, Key()).error().code(), ErrorCode::kDataLoss);
}

TEST(PatternTrackerTest, WrongOrShortKeyIsRejected) {
  const std::string stored = Tracked().Serialize(Key()).value();
  EXPECT_EQ(PatternTracker::Load(stored, Key(8)).error().code(), ErrorCode::kDataLoss);
  const crypto::SecretBytes short_key = crypto::SecretBytes::CopyFrom(Bytes(31, 1));
  EXPECT_EQ(PatternTracker::Load(stored, short_key).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Tracked().Serialize(short_key).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(PatternTracker::Load("not json", Key()).error().code(), ErrorCode::kDataLoss);
}

TEST(PatternTrackerTest, EntryCountIsBounded) {
  PatternTracker t;
  for (size_t i = 0; i < PatternTracker::kMaxEntries; ++i) {
    ASSERT_TRUE(t.Record({"a" + std::to_string(i), "x", Operation::kRead, Tier::k1}, true, 0).ok());
  }
  EXPECT_EQ(t.Record({"new", "x", Operation::kRead, Tier::k1}, true, 0).error().code(),
            ErrorCode::kResourceExhausted);
  EXPECT_TRUE(t.Record({"a1", "x", Operation::kRead, Tier::k1}, true, 0).ok());  // existing key
}

TEST(PatternTrackerTest, KeyOfAnAnomalyReport) {
  AnomalyReport rep;
  rep.actor_id = "shop";
  rep.predicate = {"commerce.address", DataCategory::kCommerce, Operation::kProve, Tier::k1};
  EXPECT_EQ(PatternKeyFor(rep), kShopAddress);
}

}  // namespace
}  // namespace signet::policy
