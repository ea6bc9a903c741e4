#include "crypto/xchacha20.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "crypto/random.h"

namespace signet::crypto {
namespace {

// XChaCha20 is ChaCha20 (IETF, 96-bit nonce) under the HChaCha20 subkey of the first 16 nonce
// bytes, with nonce 0^4 || nonce[16..24] (draft-irtf-cfrg-xchacha §2.3). Check the wrapper against
// that construction built from libsodium's separate primitives.
TEST(XChaCha20Test, EqualsHChaCha20SubkeyThenIetfChaCha20) {
  ASSERT_GE(sodium_init(), 0);
  const Bytes key = RandomBytes(32);
  const Bytes nonce = RandomBytes(24);
  const Bytes msg = RandomBytes(300);
  Bytes ours(msg.size());
  ASSERT_TRUE(XChaCha20Xor(key, nonce, msg, ours));

  uint8_t subkey[32];
  crypto_core_hchacha20(subkey, nonce.data(), key.data(), nullptr);
  uint8_t ietf_nonce[12] = {0};
  std::copy(nonce.begin() + 16, nonce.end(), ietf_nonce + 4);
  Bytes expected(msg.size());
  crypto_stream_chacha20_ietf_xor(expected.data(), msg.data(), msg.size(), ietf_nonce, subkey);
  EXPECT_EQ(ours, expected);

  Bytes back(msg.size());
  ASSERT_TRUE(XChaCha20Xor(key, nonce, ours, back));
  EXPECT_EQ(back, msg);
}

TEST(XChaCha20Test, RejectsWrongSizes) {
  Bytes out(4);
  EXPECT_FALSE(XChaCha20Xor(Bytes(31), Bytes(24), Bytes(4), out));
  EXPECT_FALSE(XChaCha20Xor(Bytes(32), Bytes(12), Bytes(4), out));
  EXPECT_FALSE(XChaCha20Xor(Bytes(32), Bytes(24), Bytes(5), out));
}

}  // namespace
}  // namespace signet::crypto
