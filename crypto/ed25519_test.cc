#include "crypto/ed25519.h"

#include <gtest/gtest.h>

#include <string>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::crypto {
namespace {

Bytes Hex(std::string_view s) { return HexDecode(s).value(); }

struct Rfc8032Case {
  const char* name;
  const char* secret;
  const char* public_key;
  std::string message_hex;
  const char* signature;
};

// RFC 8032 §7.1, message of TEST 1024 (1023 bytes).
constexpr char kMessage1024[] =
    "08b8b2b733424243760fe426a4b54908"
    "632110a66c2f6591eabd3345e3e4eb98"
    "fa6e264bf09efe12ee50f8f54e9f77b1"
    "e355f6c50544e23fb1433ddf73be84d8"
    "79de7c0046dc4996d9e773f4bc9efe57"
    "38829adb26c81b37c93a1b270b20329d"
    "658675fc6ea534e0810a4432826bf58c"
    "941efb65d57a338bbd2e26640f89ffbc"
    "1a858efcb8550ee3a5e1998bd177e93a"
    "7363c344fe6b199ee5d02e82d522c4fe"
    "ba15452f80288a821a579116ec6dad2b"
    "3b310da903401aa62100ab5d1a36553e"
    "06203b33890cc9b832f79ef80560ccb9"
    "a39ce767967ed628c6ad573cb116dbef"
    "efd75499da96bd68a8a97b928a8bbc10"
    "3b6621fcde2beca1231d206be6cd9ec7"
    "aff6f6c94fcd7204ed3455c68c83f4a4"
    "1da4af2b74ef5c53f1d8ac70bdcb7ed1"
    "85ce81bd84359d44254d95629e9855a9"
    "4a7c1958d1f8ada5d0532ed8a5aa3fb2"
    "d17ba70eb6248e594e1a2297acbbb39d"
    "502f1a8c6eb6f1ce22b3de1a1f40cc24"
    "554119a831a9aad6079cad88425de6bd"
    "e1a9187ebb6092cf67bf2b13fd65f270"
    "88d78b7e883c8759d2c4f5c65adb7553"
    "878ad575f9fad878e80a0c9ba63bcbcc"
    "2732e69485bbc9c90bfbd62481d9089b"
    "eccf80cfe2df16a2cf65bd92dd597b07"
    "07e0917af48bbb75fed413d238f5555a"
    "7a569d80c3414a8d0859dc65a46128ba"
    "b27af87a71314f318c782b23ebfe808b"
    "82b0ce26401d2e22f04d83d1255dc51a"
    "ddd3b75a2b1ae0784504df543af8969b"
    "e3ea7082ff7fc9888c144da2af58429e"
    "c96031dbcad3dad9af0dcbaaaf268cb8"
    "fcffead94f3c7ca495e056a9b47acdb7"
    "51fb73e666c6c655ade8297297d07ad1"
    "ba5e43f1bca32301651339e22904cc8c"
    "42f58c30c04aafdb038dda0847dd988d"
    "cda6f3bfd15c4b4c4525004aa06eeff8"
    "ca61783aacec57fb3d1f92b0fe2fd1a8"
    "5f6724517b65e614ad6808d6f6ee34df"
    "f7310fdc82aebfd904b01e1dc54b2927"
    "094b2db68d6f903b68401adebf5a7e08"
    "d78ff4ef5d63653a65040cf9bfd4aca7"
    "984a74d37145986780fc0b16ac451649"
    "de6188a7dbdf191f64b5fc5e2ab47b57"
    "f7f7276cd419c17a3ca8e1b939ae49e4"
    "88acba6b965610b5480109c8b17b80e1"
    "b7b750dfc7598d5d5011fd2dcc5600a3"
    "2ef5b52a1ecc820e308aa342721aac09"
    "43bf6686b64b2579376504ccc493d97e"
    "6aed3fb0f9cd71a43dd497f01f17c0e2"
    "cb3797aa2a2f256656168e6c496afc5f"
    "b93246f6b1116398a346f1a641f3b041"
    "e989f7914f90cc2c7fff357876e506b5"
    "0d334ba77c225bc307ba537152f3f161"
    "0e4eafe595f6d9d90d11faa933a15ef1"
    "369546868a7f3a45a96768d40fd9d034"
    "12c091c6315cf4fde7cb68606937380d"
    "b2eaaa707b4c4185c32eddcdd306705e"
    "4dc1ffc872eeee475a64dfac86aba41c"
    "0618983f8741c5ef68d3a101e8a3b8ca"
    "c60c905c15fc910840b94c00a0b9d0";

std::vector<Rfc8032Case> Rfc8032Cases() {
  return {
      {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701c"
       "f9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0"
       "f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
       "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f76098"
       "4dc6594a7c15e9716ed28dc027beceea1ec40a"},
      {"TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
       "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e", kMessage1024,
       "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c4"
       "36d94b5e8fcd4f681e30a6ac00a9704a188a03"},
      // The message is SHA-512("abc").
      {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
       "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
       HexEncode(Sha512(AsBytes("abc"))),
       "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c664"
       "31e0303dca179c138ac17ad9bef1177331a704"},
  };
}

TEST(Ed25519Test, MatchesRfc8032Section71Vectors) {
  for (const Rfc8032Case& c : Rfc8032Cases()) {
    SCOPED_TRACE(c.name);
    const Bytes message = Hex(c.message_hex);
    Result<Ed25519PrivateKey> key =
        Ed25519PrivateKey::FromSeed(SecretBytes::CopyFrom(Hex(c.secret)));
    ASSERT_TRUE(key);
    EXPECT_EQ(HexEncode(key->public_key().bytes()), c.public_key);
    const Ed25519Signature sig = key->Sign(message);
    EXPECT_EQ(HexEncode(sig), c.signature);

    Result<Ed25519PublicKey> pk = Ed25519PublicKey::FromBytes(Hex(c.public_key));
    ASSERT_TRUE(pk);
    EXPECT_TRUE(pk->Verify(message, Hex(c.signature)));
    EXPECT_EQ(HexEncode(key->ExportSeed(SecretAccess::Get()).Reveal(SecretAccess::Get())),
              c.secret);
  }
}

TEST(Ed25519Test, RejectsAnyFlippedBitInSignatureOrMessage) {
  const Ed25519PrivateKey key = Ed25519PrivateKey::Generate();
  const Bytes message = ToBytes("audit entry 42");
  const Ed25519Signature sig = key.Sign(message);
  ASSERT_TRUE(key.public_key().Verify(message, sig));
  for (size_t bit = 0; bit < sig.size() * 8; ++bit) {
    Ed25519Signature bad = sig;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    Status s = key.public_key().Verify(message, bad);
    ASSERT_FALSE(s) << "bit " << bit;
    EXPECT_EQ(s.error().message(), "invalid signature");
  }
  Bytes other = message;
  other.back() ^= 1;
  EXPECT_EQ(key.public_key().Verify(other, sig).error().message(), "invalid signature");
  EXPECT_FALSE(Ed25519PrivateKey::Generate().public_key().Verify(message, sig));
}

TEST(Ed25519Test, RejectsSignaturesOfTheWrongLength) {
  const Ed25519PrivateKey key = Ed25519PrivateKey::Generate();
  const Ed25519Signature sig = key.Sign(AsBytes("m"));
  EXPECT_FALSE(key.public_key().Verify(AsBytes("m"), ByteView(sig).first(63)));
  Bytes longer(sig.begin(), sig.end());
  longer.push_back(0);
  EXPECT_EQ(key.public_key().Verify(AsBytes("m"), longer).error().message(), "invalid signature");
  EXPECT_FALSE(key.public_key().Verify(AsBytes("m"), {}));
}

// S + L verifies under a lax verifier ([S+L]B == [S]B); RFC 8032 §5.1.7 and libsodium require
// S < L, which makes signatures non-malleable.
TEST(Ed25519Test, RejectsNonCanonicalScalarS) {
  // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
  const Bytes order = Hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  const Rfc8032Case c = Rfc8032Cases()[0];
  Bytes sig = Hex(c.signature);
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned sum = sig[32 + i] + order[i] + carry;
    sig[32 + i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);
  const Ed25519PublicKey pk = Ed25519PublicKey::FromBytes(Hex(c.public_key)).value();
  EXPECT_EQ(pk.Verify({}, sig).error().message(), "invalid signature");
}

TEST(Ed25519Test, RejectsSmallOrderAndNonCanonicalPublicKeys) {
  const char* bad_keys[] = {
      // Small order: the identity (y = 1), the point of order 2 (y = -1), the two points of
      // order 4 (y = 0, either sign of x).
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      // Non-canonical: y = p and y = p + 1 (aliases of 0 and 1).
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  };
  for (const char* hex : bad_keys) {
    Result<Ed25519PublicKey> pk = Ed25519PublicKey::FromBytes(Hex(hex));
    ASSERT_FALSE(pk) << hex;
    EXPECT_EQ(pk.error().message(), "ed25519: invalid public key");
  }
  EXPECT_FALSE(Ed25519PublicKey::FromBytes(Bytes(31, 1)));
  EXPECT_FALSE(Ed25519PublicKey::FromBytes(Bytes(33, 1)));
}

TEST(Ed25519Test, RejectsSeedsThatAreNot32Bytes) {
  EXPECT_FALSE(Ed25519PrivateKey::FromSeed(RandomSecret(31)));
  EXPECT_FALSE(Ed25519PrivateKey::FromSeed(RandomSecret(64)));
  EXPECT_FALSE(Ed25519PrivateKey::FromSeed(SecretBytes()));
}

TEST(Ed25519Test, GeneratesDistinctKeysThatRoundTripThroughTheirSeed) {
  const Ed25519PrivateKey a = Ed25519PrivateKey::Generate();
  const Ed25519PrivateKey b = Ed25519PrivateKey::Generate();
  EXPECT_NE(a.public_key(), b.public_key());
  const Ed25519PrivateKey a2 =
      Ed25519PrivateKey::FromSeed(a.ExportSeed(SecretAccess::Get())).value();
  EXPECT_EQ(a2.public_key(), a.public_key());
  EXPECT_EQ(a2.Sign(AsBytes("x")), a.Sign(AsBytes("x")));
}

}  // namespace
}  // namespace signet::crypto
