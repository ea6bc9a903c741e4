#include "crypto/slip10.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof(buf), "%08x", v);
  return buf;
}

SecretBytes SecretHex(std::string_view s) { return SecretBytes::CopyFrom(HexDecode(s).value()); }

// Every chain of SLIP-0010 "Test vector 1/2 for ed25519": chain code, private key, 0x00 || public
// key and parent fingerprint.
TEST(Slip10Test, PassesTheSlip10Ed25519Vectors) {
  const auto doc = nlohmann::json::parse(
      ReadFile(SIGNET_SOURCE_DIR "/tests/vectors/slip10/slip10-ed25519.json"), nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_EQ(doc.at("hmac_key"), "ed25519 seed");
  size_t checked = 0;
  for (const auto& vector : doc.at("vectors")) {
    const SecretBytes seed = SecretHex(vector.at("seed").get<std::string>());
    for (const auto& chain : vector.at("chains")) {
      const std::string path = chain.at("path");
      SCOPED_TRACE(vector.at("name").get<std::string>() + " " + path);
      Result<Slip10Node> node = Slip10DerivePath(seed, path);
      ASSERT_TRUE(node) << node.error().ToString();
      const SecretAccess access = SecretAccess::Get();
      EXPECT_EQ(HexEncode(node->ChainCode(access)), chain.at("chain_code"));
      EXPECT_EQ(HexEncode(node->PrivateKey(access)), chain.at("private"));
      EXPECT_EQ(HexEncode(node->SerializedPublicKey()), chain.at("public"));
      EXPECT_EQ(Hex8(node->ParentFingerprint().value()), chain.at("fingerprint"));
      EXPECT_EQ(HexEncode(node->SigningKey().public_key().bytes()),
                chain.at("public").get<std::string>().substr(2));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 12u);
}

TEST(Slip10Test, StepwiseDerivationMatchesPathDerivationAndTracksPosition) {
  const SecretBytes seed = SecretHex("000102030405060708090a0b0c0d0e0f");
  const Slip10Node master = Slip10Node::FromSeed(seed).value();
  EXPECT_EQ(master.depth(), 0u);
  EXPECT_EQ(master.ParentFingerprint().value(), 0u);
  const Slip10Node child = master.DeriveChild(kSlip10Hardened + 0).value();
  const Slip10Node grandchild = child.DeriveChild(kSlip10Hardened + 1).value();
  const Slip10Node by_path = Slip10DerivePath(seed, "m/0'/1h").value();
  EXPECT_EQ(grandchild.public_key(), by_path.public_key());
  EXPECT_EQ(grandchild.depth(), 2u);
  EXPECT_EQ(grandchild.child_index(), kSlip10Hardened + 1);
  EXPECT_EQ(grandchild.ParentFingerprint().value(), child.Fingerprint().value());
  EXPECT_EQ(child.ParentFingerprint().value(), master.Fingerprint().value());
  // The node's signing key signs verifiably under its public key.
  const Ed25519Signature sig = by_path.SigningKey().Sign(AsBytes("m"));
  EXPECT_TRUE(by_path.public_key().Verify(AsBytes("m"), sig));
}

TEST(Slip10Test, RejectsNonHardenedDerivation) {
  const Slip10Node master = Slip10Node::FromSeed(RandomSecret(32)).value();
  for (uint32_t index : {0u, 1u, kSlip10Hardened - 1}) {
    Result<Slip10Node> child = master.DeriveChild(index);
    ASSERT_FALSE(child);
    EXPECT_EQ(child.error().message(),
              "slip10: ed25519 allows only hardened derivation (index >= 2^31)");
  }
  EXPECT_EQ(Slip10DerivePath(RandomSecret(32), "m/44'/0").error().message(),
            "slip10: path component 2 is not hardened (ed25519 allows only hardened derivation)");
}

TEST(Slip10Test, ParsesPathsStrictly) {
  EXPECT_EQ(ParseSlip10Path("m").value(), std::vector<uint32_t>{});
  EXPECT_EQ(ParseSlip10Path("m/44'/0H/2147483647h").value(),
            (std::vector<uint32_t>{kSlip10Hardened + 44, kSlip10Hardened, 0xffffffffu}));
  const std::pair<const char*, const char*> bad[] = {
      {"", "slip10: path must start with \"m\""},
      {"M/0'", "slip10: path must start with \"m\""},
      {"0'", "slip10: path must start with \"m\""},
      {"m0'", "slip10: expected \"/\" between path components"},
      {"m/", "slip10: path component 1 is empty"},
      {"m//0'", "slip10: path component 1 is empty"},
      {"m/0'/", "slip10: path component 2 is empty"},
      {"m/'", "slip10: path component 1 is not a decimal index"},
      {"m/01'", "slip10: path component 1 is not a decimal index"},
      {"m/-1'", "slip10: path component 1 is not a decimal index"},
      {"m/1a'", "slip10: path component 1 is not a decimal index"},
      {"m/ 1'", "slip10: path component 1 is not a decimal index"},
      {"m/2147483648'", "slip10: path component 1 is not below 2^31"},
      {"m/99999999999'", "slip10: path component 1 is not a decimal index"},
      {"m/0'/1",
       "slip10: path component 2 is not hardened (ed25519 allows only hardened "
       "derivation)"},
  };
  for (const auto& [path, message] : bad) {
    Result<std::vector<uint32_t>> parsed = ParseSlip10Path(path);
    ASSERT_FALSE(parsed) << path;
    EXPECT_EQ(parsed.error().message(), message) << path;
  }
}

TEST(Slip10Test, EnforcesDepthPathAndSeedLimits) {
  std::string deep = "m";
  for (int i = 0; i < 255; ++i) deep += "/0'";
  EXPECT_EQ(ParseSlip10Path(deep)->size(), 255u);
  Result<std::vector<uint32_t>> too_deep = ParseSlip10Path(deep + "/0'");
  ASSERT_FALSE(too_deep);
  EXPECT_EQ(too_deep.error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(ParseSlip10Path(std::string(5000, 'm')).error().code(), ErrorCode::kTooLarge);

  Result<Slip10Node> node = Slip10DerivePath(RandomSecret(32), deep);
  ASSERT_TRUE(node);
  EXPECT_EQ(node->depth(), 255u);
  EXPECT_EQ(node->DeriveChild(kSlip10Hardened).error().message(), "slip10: depth exceeds 255");

  EXPECT_FALSE(Slip10Node::FromSeed(RandomSecret(15)));
  EXPECT_FALSE(Slip10Node::FromSeed(RandomSecret(65)));
  EXPECT_TRUE(Slip10Node::FromSeed(RandomSecret(16)));
  EXPECT_TRUE(Slip10Node::FromSeed(RandomSecret(64)));
}

}  // namespace
}  // namespace signet::crypto
