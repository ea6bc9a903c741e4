// BIP39 + SLIP-0010 (ed25519) interop with independent implementations: @scure/bip39 2.4.0 and
// micro-ed25519-hdkey 0.1.2, driven through bip39_peer.mjs. Both directions, with fresh random
// mnemonics of every length, random ASCII passphrases and random hardened paths:
//   - the peer generates -> we validate, recover the entropy, derive the seed and the nodes;
//   - we generate -> the peer validates, recovers the entropy, derives the seed and the nodes;
//   - mnemonics with a broken checksum made by either side are rejected by both.
// Without `node` (PATH, or the SIGNET_NODE environment variable) the tests fail; they never
// skip.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "crypto/bip39.h"
#include "crypto/bip39_wordlist.h"
#include "crypto/random.h"
#include "crypto/slip10.h"

namespace signet::crypto {
namespace {

using nlohmann::json;

constexpr char kPeer[] = SIGNET_SOURCE_DIR "/tests/interop/bip39/bip39_peer.mjs";

// FindNode returns the node executable from SIGNET_NODE or PATH, or "" if there is none.
std::string FindNode() {
  if (const char* env = std::getenv("SIGNET_NODE"); env != nullptr && *env != '\0') return env;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/node";
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class Bip39InteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = FindNode();
    ASSERT_FALSE(node_.empty())
        << "node not found: the BIP39 interop tests need Node 20 on PATH (or SIGNET_NODE)";
  }

  // RunPeer runs bip39_peer.mjs with `args` and parses its stdout as JSON.
  json RunPeer(const std::string& args) {
    const std::string cmd = Quote(node_) + " " + Quote(kPeer) + " " + args;
    FILE* pipe = popen(cmd.c_str(), "r");
    EXPECT_NE(pipe, nullptr) << cmd;
    if (pipe == nullptr) return json();
    std::string out;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
    const int status = pclose(pipe);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd << " -> " << status;
    json parsed = json::parse(out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "peer output is not JSON: " << out.substr(0, 200);
    return parsed;
  }

  // RunPeerOn writes `input` to a temporary file and runs the peer's `derive` mode on it.
  json RunPeerOn(const json& input) {
    char path[] = "/tmp/signet-bip39-interop-XXXXXX";
    const int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    if (fd < 0) return json();
    close(fd);
    std::ofstream(path) << input.dump();
    json out = RunPeer("derive " + Quote(path));
    std::remove(path);
    return out;
  }

  std::string node_;
};

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof(buf), "%08x", v);
  return buf;
}

// ExpectOurDerivationMatches checks our seed and SLIP-0010 nodes against the peer's `item`.
void ExpectOurDerivationMatches(const Bip39Mnemonic& m, const json& item) {
  const SecretAccess access = SecretAccess::Get();
  EXPECT_EQ(HexEncode(m.ExportEntropy(access).Reveal(access)), item.at("entropy"));
  const std::string passphrase = item.at("passphrase");
  Result<SecretBytes> seed = m.ToSeed(SecretBytes::CopyFrom(AsBytes(passphrase)));
  ASSERT_TRUE(seed) << seed.error().ToString();
  EXPECT_EQ(HexEncode(seed->Reveal(access)), item.at("seed"));
  for (const json& n : item.at("nodes")) {
    const std::string path = n.at("path");
    SCOPED_TRACE(path);
    Result<Slip10Node> ours = Slip10DerivePath(*seed, path);
    ASSERT_TRUE(ours) << ours.error().ToString();
    EXPECT_EQ(HexEncode(ours->PrivateKey(access)), n.at("private"));
    EXPECT_EQ(HexEncode(ours->ChainCode(access)), n.at("chain_code"));
    EXPECT_EQ(HexEncode(ours->SerializedPublicKey()), n.at("public"));
    EXPECT_EQ(Hex8(ours->ParentFingerprint().value()), n.at("parent_fingerprint"));
  }
}

TEST_F(Bip39InteropTest, PeerGeneratedMnemonicsValidateAndDeriveIdenticallyHere) {
  const json peer = RunPeer("generate 25");
  ASSERT_TRUE(peer.is_object());
  ASSERT_EQ(peer.at("items").size(), 25u);
  for (const json& item : peer.at("items")) {
    const std::string mnemonic = item.at("mnemonic");
    SCOPED_TRACE(mnemonic);
    ASSERT_TRUE(item.at("valid").get<bool>());
    Result<Bip39Mnemonic> m = Bip39Mnemonic::Parse(mnemonic);
    ASSERT_TRUE(m) << m.error().ToString();
    EXPECT_EQ(m->Phrase(SecretAccess::Get()), mnemonic);
    ExpectOurDerivationMatches(*m, item);
  }
  // Every length the peer produced (5 of each) was covered.
  std::set<size_t> lengths;
  for (const json& item : peer.at("items")) {
    lengths.insert(Bip39Mnemonic::Parse(item.at("mnemonic").get<std::string>())->word_count());
  }
  EXPECT_EQ(lengths, (std::set<size_t>{12, 15, 18, 21, 24}));
}

TEST_F(Bip39InteropTest, MnemonicsThePeerRejectsAreRejectedHere) {
  const json peer = RunPeer("generate 10");
  ASSERT_TRUE(peer.is_object());
  ASSERT_EQ(peer.at("tampered").size(), 10u);
  for (const json& t : peer.at("tampered")) {
    Result<Bip39Mnemonic> m = Bip39Mnemonic::Parse(t.get<std::string>());
    ASSERT_FALSE(m) << t;
    EXPECT_EQ(m.error().message(), "checksum mismatch");
  }
}

// RandomAsciiPassphrase returns 0..23 printable ASCII characters.
std::string RandomAsciiPassphrase() {
  const Bytes r = RandomBytes(24);
  std::string s;
  for (size_t i = 0; i < r[0] % 24; ++i) s += static_cast<char>(0x20 + r[i + 1] % 0x5f);
  return s;
}

std::string RandomHardenedPath() {
  std::string path = "m";
  const size_t depth = 1 + RandomUint64() % 5;
  for (size_t i = 0; i < depth; ++i) {
    path += "/" + std::to_string(RandomUint64() % kSlip10Hardened) + "'";
  }
  return path;
}

TEST_F(Bip39InteropTest, OurMnemonicsValidateAndDeriveIdenticallyInThePeer) {
  std::vector<Bip39Mnemonic> ours;
  for (int i = 0; i < 5; ++i) ours.push_back(Bip39Mnemonic::Generate());  // 24 words
  for (size_t size : {16, 20, 24, 28, 32}) {
    for (int i = 0; i < 4; ++i)
      ours.push_back(Bip39Mnemonic::FromEntropy(RandomSecret(size)).value());
  }
  json input = json::array();
  for (const Bip39Mnemonic& m : ours) {
    input.push_back({{"mnemonic", std::string(m.Phrase(SecretAccess::Get()))},
                     {"passphrase", RandomAsciiPassphrase()},
                     {"paths", {"m", "m/0'", "m/44'/501'/0'/0'", RandomHardenedPath()}}});
  }
  const json peer = RunPeerOn(input);
  ASSERT_TRUE(peer.is_array());
  ASSERT_EQ(peer.size(), ours.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    SCOPED_TRACE(input[i].at("mnemonic").get<std::string>());
    ASSERT_TRUE(peer[i].at("valid").get<bool>()) << "the peer rejected our mnemonic";
    EXPECT_EQ(peer[i].at("passphrase"), input[i].at("passphrase"));
    ExpectOurDerivationMatches(ours[i], peer[i]);
  }
}

TEST_F(Bip39InteropTest, MnemonicsWeRejectAreRejectedByThePeer) {
  json input = json::array();
  for (size_t size : {16, 20, 24, 28, 32}) {
    const Bip39Mnemonic m = Bip39Mnemonic::FromEntropy(RandomSecret(size)).value();
    std::string phrase(m.Phrase(SecretAccess::Get()));
    const size_t last = phrase.rfind(' ') + 1;
    // Replace the last word until our own checksum check fails.
    for (;;) {
      const std::string candidate =
          phrase.substr(0, last) + kBip39EnglishWords[RandomUint64() % kBip39WordCount];
      Result<Bip39Mnemonic> parsed = Bip39Mnemonic::Parse(candidate);
      if (!parsed) {
        ASSERT_EQ(parsed.error().message(), "checksum mismatch");
        input.push_back({{"mnemonic", candidate}, {"passphrase", ""}, {"paths", json::array()}});
        break;
      }
    }
  }
  // A word that is not in the list.
  input.push_back({{"mnemonic",
                    "legal winner thank year wave sausage wurth useful legal winner "
                    "thank yellow"},
                   {"passphrase", ""},
                   {"paths", json::array()}});
  const json peer = RunPeerOn(input);
  ASSERT_TRUE(peer.is_array());
  ASSERT_EQ(peer.size(), input.size());
  for (const json& r : peer) EXPECT_FALSE(r.at("valid").get<bool>()) << r.at("mnemonic");
}

}  // namespace
}  // namespace signet::crypto
