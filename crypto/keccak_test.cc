#include "crypto/keccak.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "base/encoding.h"

namespace signet::crypto {
namespace {

using nlohmann::json;

json LoadVector(const std::string& rel) {
  std::ifstream in(std::string(SIGNET_SOURCE_DIR) + "/tests/vectors/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str(), nullptr, false);
}

std::string StateHex(const KeccakState& st) {
  Bytes b(200);
  for (size_t i = 0; i < 200; ++i) b[i] = KeccakGetByte(st, i);
  return HexEncode(b);
}

// OpenSslDigest computes a SHA-3 family digest (fixed or XOF output) with OpenSSL for comparison.
Bytes OpenSslDigest(const EVP_MD* md, ByteView data, size_t out_len, bool xof) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Bytes out(out_len);
  EVP_DigestInit_ex(ctx, md, nullptr);
  EVP_DigestUpdate(ctx, data.data(), data.size());
  if (xof) {
    EVP_DigestFinalXOF(ctx, out.data(), out.size());
  } else {
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, out.data(), &n);
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

TEST(KeccakTest, PermutesZeroStateLikeVectors) {
  const json v = LoadVector("keccak/keccak-f1600.json");
  ASSERT_FALSE(v.is_discarded());
  KeccakState st{};
  KeccakF1600(st);
  EXPECT_EQ(st[0], 0xF1258F7940E1DDE7ULL);
  EXPECT_EQ(StateHex(st), v["zero_state_after_1_permutation"].get<std::string>());
  KeccakF1600(st);
  EXPECT_EQ(StateHex(st), v["zero_state_after_2_permutations"].get<std::string>());
}

TEST(KeccakTest, Sha3_512MatchesFips202Examples) {
  EXPECT_EQ(HexEncode(Sha3_512(AsBytes(""))),
            "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
            "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
  EXPECT_EQ(HexEncode(Sha3_512(AsBytes("abc"))),
            "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
            "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
}

TEST(KeccakTest, Sha3AndShakeAgreeWithOpenSslOnRandomInputs) {
  std::mt19937_64 rng(7);
  for (size_t len : {0, 1, 71, 72, 73, 135, 136, 137, 300, 1000}) {
    Bytes msg(len);
    for (auto& b : msg) b = static_cast<uint8_t>(rng());
    const Bytes want = OpenSslDigest(EVP_sha3_512(), msg, 64, false);
    const auto got = Sha3_512(msg);
    EXPECT_EQ(HexEncode(got), HexEncode(want)) << len;

    const Bytes want_xof = OpenSslDigest(EVP_shake256(), msg, 500, true);
    Shake256 shake;
    shake.Absorb(ByteView(msg).first(len / 2)).Absorb(ByteView(msg).subspan(len / 2));
    Bytes got_xof(500);
    // Squeeze in uneven pieces to cross block boundaries mid-call.
    shake.Squeeze(std::span(got_xof).first(64));
    shake.Squeeze(std::span(got_xof).subspan(64, 100));
    shake.Squeeze(std::span(got_xof).subspan(164));
    EXPECT_EQ(HexEncode(got_xof), HexEncode(want_xof)) << len;
  }
}

}  // namespace
}  // namespace signet::crypto
