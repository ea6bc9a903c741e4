// PASETO v4 test vectors (tests/vectors/paseto/v4.json, paseto-standard/test-vectors): every
// v4.local and v4.public case decrypts / verifies to its payload and re-encrypts / re-signs to the
// identical token; every expect-fail case is rejected.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "base/encoding.h"
#include "credentials/paseto.h"
#include "credentials/reason.h"

namespace signet::credentials::paseto {
namespace {

Json LoadVectors() {
  std::ifstream in(SIGNET_SOURCE_DIR "/tests/vectors/paseto/v4.json");
  return Json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
}

Bytes Hex(const Json& j) { return HexDecode(j.get<std::string>()).value(); }
ByteView Str(const Json& j) { return AsBytes(j.get_ref<const std::string&>()); }

// RunCase returns the authenticated message of one vector, or the error.
Result<Token> RunCase(const Json& t) {
  const std::string& token = t["token"].get_ref<const std::string&>();
  if (t.contains("public-key")) {
    Result<crypto::Ed25519PublicKey> pk = crypto::Ed25519PublicKey::FromBytes(Hex(t["public-key"]));
    if (!pk) return std::move(pk).error();
    return VerifyPublic(*pk, token, Str(t["implicit-assertion"]), Str(t["footer"]));
  }
  Result<LocalKey> key = LocalKey::FromBytes(crypto::SecretBytes::CopyFrom(Hex(t["key"])));
  if (!key) return std::move(key).error();
  return Decrypt(*key, token, Str(t["implicit-assertion"]), Str(t["footer"]));
}

TEST(PasetoVectorTest, EveryCaseBehavesAsExpected) {
  const Json v = LoadVectors();
  size_t pass = 0, fail = 0;
  for (const Json& t : v["tests"]) {
    SCOPED_TRACE(t["name"].get<std::string>());
    Result<Token> r = RunCase(t);
    if (t["expect-fail"].get<bool>()) {
      EXPECT_FALSE(r);
      ++fail;
      continue;
    }
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(AsStringView(r->message), t["payload"].get<std::string>());
    EXPECT_EQ(AsStringView(r->footer), t["footer"].get<std::string>());
    ++pass;
  }
  EXPECT_EQ(pass, 12u);
  EXPECT_EQ(fail, 5u);
}

TEST(PasetoVectorTest, ExpectedFailuresFailForTheirOwnReason) {
  const Json v = LoadVectors();
  std::map<std::string, std::string> want = {{"4-F-1", "wrong_header"},
                                             {"4-F-2", "wrong_header"},
                                             {"4-F-3", "wrong_header"},
                                             // Only the unused trailing bits of the last
                                             // base64url character differ from 4-E-1.
                                             {"4-F-4", "base64url_malformed"},
                                             {"4-F-5", "base64url_malformed"}};
  for (const Json& t : v["tests"]) {
    auto it = want.find(t["name"].get<std::string>());
    if (it == want.end()) continue;
    Result<Token> r = RunCase(t);
    ASSERT_FALSE(r) << it->first;
    EXPECT_EQ(ReasonOf(r.error()), it->second) << it->first;
  }
}

TEST(PasetoVectorTest, SigningAndEncryptingReproduceTheTokens) {
  const Json v = LoadVectors();
  for (const Json& t : v["tests"]) {
    if (t["expect-fail"].get<bool>()) continue;
    SCOPED_TRACE(t["name"].get<std::string>());
    if (t.contains("secret-key-seed")) {
      Result<crypto::Ed25519PrivateKey> sk =
          crypto::Ed25519PrivateKey::FromSeed(crypto::SecretBytes::CopyFrom(Hex(t["secret-key-seed"])));
      ASSERT_TRUE(sk);
      EXPECT_EQ(SignPublic(*sk, Str(t["payload"]), Str(t["footer"]), Str(t["implicit-assertion"])),
                t["token"]);
    } else {
      Result<LocalKey> key = LocalKey::FromBytes(crypto::SecretBytes::CopyFrom(Hex(t["key"])));
      ASSERT_TRUE(key);
      Result<std::string> token = EncryptWithNonce(*key, Hex(t["nonce"]), Str(t["payload"]),
                                                   Str(t["footer"]), Str(t["implicit-assertion"]));
      ASSERT_TRUE(token);
      EXPECT_EQ(*token, t["token"]);
    }
  }
}

TEST(PasetoVectorTest, PaserkSecretOfTheVectorKeyIsItsSecretKeyBytes) {
  const Json v = LoadVectors();
  for (const Json& t : v["tests"]) {
    if (t["name"] != "4-S-1") continue;
    Result<crypto::Ed25519PrivateKey> sk =
        crypto::Ed25519PrivateKey::FromSeed(crypto::SecretBytes::CopyFrom(Hex(t["secret-key-seed"])));
    ASSERT_TRUE(sk);
    const crypto::SecretBytes paserk = PaserkSecret(*sk);
    const std::string s(AsStringView(paserk.Reveal(crypto::SecretAccess::Get())));
    EXPECT_EQ(s, "k4.secret." + Base64UrlEncode(Hex(t["secret-key"])));
    Result<crypto::Ed25519PrivateKey> back = ParsePaserkSecret(s);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->public_key(), sk->public_key());
    EXPECT_EQ(PaserkPublic(sk->public_key()), "k4.public." + Base64UrlEncode(Hex(t["public-key"])));
  }
}

}  // namespace
}  // namespace signet::credentials::paseto
