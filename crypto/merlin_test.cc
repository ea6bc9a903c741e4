#include "crypto/merlin.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"

namespace signet::crypto {
namespace {

using nlohmann::json;

json LoadMerlinVectors() {
  std::ifstream in(std::string(SIGNET_SOURCE_DIR) + "/tests/vectors/merlin/merlin-transcript.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str(), nullptr, false);
}

TEST(MerlinTranscriptTest, MatchesSimpleTranscriptVector) {
  const json v = LoadMerlinVectors();
  ASSERT_FALSE(v.is_discarded());
  const json& c = v["cases"][0];
  ASSERT_EQ(c["name"], "simple");
  MerlinTranscript t(c["transcript_label"].get<std::string>());
  Bytes out;
  for (const json& op : c["ops"]) {
    if (op["op"] == "append_message") {
      t.AppendMessage(op["label"].get<std::string>(),
                      AsBytes(op["message_utf8"].get<std::string>()));
    } else {
      out.resize(op["len"].get<size_t>());
      t.ChallengeBytes(op["label"].get<std::string>(), out);
    }
  }
  EXPECT_EQ(HexEncode(out), c["expected_challenge_hex"].get<std::string>());
}

TEST(MerlinTranscriptTest, MatchesComplexTranscriptVector) {
  const json v = LoadMerlinVectors();
  ASSERT_FALSE(v.is_discarded());
  const json& c = v["cases"][1];
  ASSERT_EQ(c["name"], "complex");
  MerlinTranscript t(c["transcript_label"].get<std::string>());
  t.AppendMessage("step1", AsBytes("some data"));
  const Bytes big(1024, 0x63);
  Bytes chl(32);
  for (int i = 0; i < 32; ++i) {
    t.ChallengeBytes("challenge", chl);
    t.AppendMessage("bigdata", big);
    t.AppendMessage("challengedata", chl);
  }
  EXPECT_EQ(HexEncode(chl), c["expected_challenge_hex"].get<std::string>());
}

TEST(MerlinTranscriptTest, AppendU64IsLittleEndianMessage) {
  MerlinTranscript a("proto"), b("proto");
  a.AppendU64("n", 0x0102030405060708ULL);
  const uint8_t le[8] = {8, 7, 6, 5, 4, 3, 2, 1};
  b.AppendMessage("n", le);
  Bytes ca(16), cb(16);
  a.ChallengeBytes("c", ca);
  b.ChallengeBytes("c", cb);
  EXPECT_EQ(ca, cb);
}

TEST(MerlinTranscriptTest, DifferentLabelsOrMessagesGiveDifferentChallenges) {
  auto challenge = [](std::string_view proto, std::string_view label, std::string_view msg) {
    MerlinTranscript t(proto);
    t.AppendMessage(label, AsBytes(msg));
    Bytes c(32);
    t.ChallengeBytes("c", c);
    return c;
  };
  const Bytes base = challenge("p", "l", "m");
  EXPECT_NE(base, challenge("q", "l", "m"));
  EXPECT_NE(base, challenge("p", "k", "m"));
  EXPECT_NE(base, challenge("p", "l", "n"));
  EXPECT_EQ(base, challenge("p", "l", "m"));
}

TEST(MerlinTranscriptTest, LongChallengeCrossesStrobeBlocks) {
  // 400 bytes spans three STROBE blocks; a copy of the transcript reproduces it exactly.
  MerlinTranscript t("proto");
  t.AppendMessage("m", AsBytes("x"));
  MerlinTranscript fork = t;
  Bytes a(400), b(400);
  t.ChallengeBytes("c", a);
  fork.ChallengeBytes("c", b);
  EXPECT_EQ(a, b);
  EXPECT_NE(Bytes(a.begin(), a.begin() + 166), Bytes(a.begin() + 166, a.begin() + 332));
}

}  // namespace
}  // namespace signet::crypto
