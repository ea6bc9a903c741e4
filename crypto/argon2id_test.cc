#include "crypto/argon2id.h"

#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

// Salt 00 01 02 ... 0f.
Bytes TestSalt() {
  Bytes salt(16);
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<uint8_t>(i);
  return salt;
}

std::string DeriveHex(std::string_view passphrase, const Argon2idParams& params) {
  Result<SecretBytes> key =
      Argon2idDeriveKey(SecretBytes::CopyFrom(AsBytes(passphrase)), TestSalt(), params);
  EXPECT_TRUE(key) << key.error().ToString();
  return key ? HexEncode(key->Reveal(SecretAccess::Get())) : "";
}

// Known answers computed independently of libsodium, by two other implementations that agree:
// @noble/hashes 2.4.0 argon2id (JavaScript) and the Argon2 reference C library (Debian
// libargon2-1 0~20171227, argon2id_hash_raw), version 0x13, p = 1, 32-byte output, salt 00..0f.
// (RFC 9106 §5.3's Argon2id vector uses p = 4, a secret and associated data, which libsodium's
// interface cannot express.)
TEST(Argon2idTest, MatchesIndependentImplementationsAtTheOwaspMinimum) {
  Argon2idParams params;
  params.ops = 2;
  params.mem_bytes = 19456 * 1024;
  EXPECT_EQ(DeriveHex("signet test passphrase", params),
            "4fe312718ddbffe80d34b718dc8c2c12f6cdf9108fdd8716839e78bd85d0e531");
}

TEST(Argon2idTest, MatchesIndependentImplementationsAtTheDefaults) {
  EXPECT_EQ(DeriveHex("signet test passphrase", Argon2idParams{}),
            "5f118afb9df52f679eb24b7c897c08abecb3761018660c58e2f9fe9cf278edf7");
}

TEST(Argon2idTest, MatchesIndependentImplementationsWithWeakTestParameters) {
  Argon2idParams params;
  params.ops = 1;
  params.mem_bytes = 8 * 1024;
  params.allow_weak_for_testing = true;
  EXPECT_EQ(DeriveHex("", params),
            "31ed41e2d73f27fdfe4eb4bec651341e58ba43477051c6fe4adad735d82ee08a");
}

TEST(Argon2idTest, DefaultsAreAtLeastTheOwaspMinimum) {
  const Argon2idParams params;
  EXPECT_GE(params.ops, kArgon2idOwaspMinOps);
  EXPECT_GE(params.mem_bytes, kArgon2idOwaspMinMemBytes);
  EXPECT_EQ(params.ops, 3u);
  EXPECT_EQ(params.mem_bytes, uint64_t{64} << 20);
  EXPECT_FALSE(params.allow_weak_for_testing);
  EXPECT_TRUE(ValidateArgon2idParams(params));
}

TEST(Argon2idTest, RejectsParametersBelowTheOwaspMinimumUnlessTestingFlagIsSet) {
  Argon2idParams low_ops;
  low_ops.ops = 1;
  Argon2idParams low_mem;
  low_mem.mem_bytes = kArgon2idOwaspMinMemBytes - 1024;
  for (Argon2idParams p : {low_ops, low_mem}) {
    Status s = ValidateArgon2idParams(p);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message(),
              "argon2id: parameters below the OWASP minimum (t = 2, m = 19 MiB)");
    EXPECT_FALSE(Argon2idDeriveKey(SecretBytes::CopyFrom(AsBytes("pw")), TestSalt(), p));
    p.allow_weak_for_testing = true;
    EXPECT_TRUE(ValidateArgon2idParams(p));
  }
}

TEST(Argon2idTest, RejectsParametersOutsideTheHardLimits) {
  const auto message = [](uint32_t ops, uint64_t mem) {
    Argon2idParams p;
    p.ops = ops;
    p.mem_bytes = mem;
    p.allow_weak_for_testing = true;
    Status s = ValidateArgon2idParams(p);
    return s ? std::string("ok") : s.error().message();
  };
  EXPECT_EQ(message(17, 64 << 20), "argon2id: ops exceeds 16");
  EXPECT_EQ(message(3, (uint64_t{1} << 30) + 1024), "argon2id: memory exceeds 1 GiB");
  EXPECT_EQ(message(3, (64 << 20) + 1), "argon2id: memory must be a whole number of KiB");
  EXPECT_EQ(message(0, 64 << 20), "argon2id: parameters below the minimum (t = 1, m = 8 KiB)");
  EXPECT_EQ(message(3, 4096), "argon2id: parameters below the minimum (t = 1, m = 8 KiB)");
  EXPECT_EQ(message(16, uint64_t{1} << 30), "ok");
}

class Argon2idInputTest : public ::testing::Test {
 protected:
  Argon2idInputTest() {
    weak_.ops = 1;
    weak_.mem_bytes = 64 * 1024;
    weak_.allow_weak_for_testing = true;
  }
  Argon2idParams weak_;
  SecretBytes pw_ = SecretBytes::CopyFrom(AsBytes("passphrase"));
};

TEST_F(Argon2idInputTest, RejectsBadSaltKeySizeAndOversizedPassphrase) {
  EXPECT_EQ(Argon2idDeriveKey(pw_, Bytes(15), weak_).error().message(),
            "argon2id: salt must be 16 bytes");
  EXPECT_FALSE(Argon2idDeriveKey(pw_, Bytes(17), weak_));
  EXPECT_FALSE(Argon2idDeriveKey(pw_, TestSalt(), weak_, 15));
  EXPECT_FALSE(Argon2idDeriveKey(pw_, TestSalt(), weak_, 65));
  EXPECT_EQ(Argon2idDeriveKey(pw_, TestSalt(), weak_, 64)->size(), 64u);
  Result<SecretBytes> big =
      Argon2idDeriveKey(SecretBytes(kArgon2idMaxPassphraseSize + 1), TestSalt(), weak_);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), ErrorCode::kTooLarge);
}

TEST_F(Argon2idInputTest, DifferentSaltsOrPassphrasesGiveDifferentKeys) {
  const SecretBytes a = Argon2idDeriveKey(pw_, TestSalt(), weak_).value();
  EXPECT_TRUE(a == Argon2idDeriveKey(pw_, TestSalt(), weak_).value());
  EXPECT_FALSE(a == Argon2idDeriveKey(pw_, RandomBytes(16), weak_).value());
  EXPECT_FALSE(
      a ==
      Argon2idDeriveKey(SecretBytes::CopyFrom(AsBytes("passphrasf")), TestSalt(), weak_).value());
  Argon2idParams more = weak_;
  more.ops = 2;
  EXPECT_FALSE(a == Argon2idDeriveKey(pw_, TestSalt(), more).value());
}

}  // namespace
}  // namespace signet::crypto
