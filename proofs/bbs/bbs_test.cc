#include "proofs/bbs/bbs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"
#include "crypto/bls12_381/curves.h"

namespace signet::proofs::bbs {
namespace {

using nlohmann::json;

const std::string kDir = std::string(SIGNET_SOURCE_DIR) + "/tests/vectors/bbs-bls12-381-sha-256/";

json Load(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

Bytes Hex(const json& j) { return *HexDecode(j.get<std::string>()); }

std::vector<Bytes> HexList(const json& j) {
  std::vector<Bytes> out;
  for (const auto& x : j) out.push_back(Hex(x));
  return out;
}

std::vector<std::string> Files(const std::string& sub) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(kDir + sub)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

crypto::SecretBytes Secret(const json& j) { return crypto::SecretBytes::CopyFrom(Hex(j)); }

RandomScalars MockedRng() {
  const json m = Load(kDir + "mockedRng.json");
  return SeededRandomScalarsForTesting(Hex(m["seed"]), Hex(m["dst"]));
}

TEST(BbsFixturesTest, KeyPairMatches) {
  const json k = Load(kDir + "keypair.json");
  auto sk = KeyGen(Hex(k["keyMaterial"]), Hex(k["keyInfo"]), Hex(k["keyDst"]));
  ASSERT_TRUE(sk.has_value());
  EXPECT_EQ(HexEncode(sk->Reveal(crypto::SecretAccess::Get())),
            k["keyPair"]["secretKey"].get<std::string>());
  auto sk_default = KeyGen(Hex(k["keyMaterial"]), Hex(k["keyInfo"]));
  ASSERT_TRUE(sk_default.has_value());
  EXPECT_TRUE(*sk_default == *sk);  // the fixture DST is the default one
  auto pk = SkToPk(*sk);
  ASSERT_TRUE(pk.has_value());
  EXPECT_EQ(HexEncode(*pk), k["keyPair"]["publicKey"].get<std::string>());
  EXPECT_FALSE(KeyGen(Bytes(31, 1), {}).has_value());
}

TEST(BbsFixturesTest, GeneratorsMatch) {
  const json g = Load(kDir + "generators.json");
  const size_t n = g["MsgGenerators"].size();
  auto gens = CreateGenerators(n + 1);
  ASSERT_TRUE(gens.has_value());
  EXPECT_EQ(HexEncode((*gens)[0]), g["Q1"].get<std::string>());
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(HexEncode((*gens)[i + 1]), g["MsgGenerators"][i].get<std::string>()) << i;
  }
  // P1 is the fixed ciphersuite constant; CreateGenerators must not include it.
  EXPECT_NE(HexEncode((*gens)[0]), g["P1"].get<std::string>());
}

TEST(BbsFixturesTest, HashToScalarAndMapMessageToScalarMatch) {
  const json h = Load(kDir + "h2s.json");
  auto s = HashToScalar(Hex(h["message"]), Hex(h["dst"]));
  ASSERT_TRUE(s.has_value());
  uint8_t b[32];
  crypto::bls12_381::FrToBytes(*s, b);
  EXPECT_EQ(HexEncode(ByteView(b, 32)), h["scalar"].get<std::string>());
  const json m = Load(kDir + "MapMessageToScalarAsHash.json");
  std::vector<Bytes> msgs;
  for (const auto& c : m["cases"]) msgs.push_back(Hex(c["message"]));
  auto scalars = MessagesToScalars(msgs);
  ASSERT_TRUE(scalars.has_value());
  ASSERT_EQ(scalars->size(), m["cases"].size());
  for (size_t i = 0; i < msgs.size(); ++i) {
    crypto::bls12_381::FrToBytes((*scalars)[i], b);
    EXPECT_EQ(HexEncode(ByteView(b, 32)), m["cases"][i]["scalar"].get<std::string>()) << i;
  }
}

TEST(BbsFixturesTest, MockedRandomScalarsMatch) {
  const json m = Load(kDir + "mockedRng.json");
  std::vector<Fr> out(m["count"].get<size_t>());
  MockedRng()(out);
  for (size_t i = 0; i < out.size(); ++i) {
    uint8_t b[32];
    crypto::bls12_381::FrToBytes(out[i], b);
    EXPECT_EQ(HexEncode(ByteView(b, 32)), m["mockedScalars"][i].get<std::string>()) << i;
  }
}

TEST(BbsFixturesTest, EverySignatureFixture) {
  int count = 0;
  for (const auto& f : Files("signature")) {
    const json c = Load(f);
    const Bytes pk = Hex(c["signerKeyPair"]["publicKey"]);
    const Bytes header = Hex(c["header"]);
    const auto msgs = HexList(c["messages"]);
    const Bytes sig = Hex(c["signature"]);
    const bool valid = c["result"]["valid"];
    EXPECT_EQ(Verify(pk, sig, header, msgs).has_value(), valid) << f;
    if (valid) {
      auto again = Sign(Secret(c["signerKeyPair"]["secretKey"]), pk, header, msgs);
      ASSERT_TRUE(again.has_value()) << f;
      EXPECT_EQ(HexEncode(*again), HexEncode(sig)) << f;
    }
    ++count;
  }
  EXPECT_EQ(count, 10);
}

TEST(BbsFixturesTest, EveryProofFixture) {
  int count = 0;
  for (const auto& f : Files("proof")) {
    const json c = Load(f);
    const Bytes pk = Hex(c["signerPublicKey"]);
    const Bytes header = Hex(c["header"]);
    const Bytes ph = Hex(c["presentationHeader"]);
    const auto msgs = HexList(c["messages"]);
    std::vector<size_t> idx = c["disclosedIndexes"].get<std::vector<size_t>>();
    std::vector<Bytes> disclosed;
    for (size_t i : idx) disclosed.push_back(msgs[i]);
    const Bytes proof = Hex(c["proof"]);
    const bool valid = c["result"]["valid"];
    auto st = ProofVerify(pk, proof, header, ph, disclosed, idx);
    EXPECT_EQ(st.has_value(), valid) << f << (st ? "" : st.error().ToString());
    if (valid) {
      auto again = ProofGen(pk, Hex(c["signature"]), header, ph, msgs, idx, MockedRng());
      ASSERT_TRUE(again.has_value()) << f;
      EXPECT_EQ(HexEncode(*again), HexEncode(proof)) << f;
    }
    ++count;
  }
  EXPECT_EQ(count, 15);
}

}  // namespace
}  // namespace signet::proofs::bbs
