// Fuzz target: PASETO v4 tokens and capability presentations from untrusted bytes. Keys are the
// official test-vector keys (tests/vectors/paseto/v4.json), so the seed corpus
// (testdata/paseto_parse_fuzz: the vector tokens and a capability token under the vector key)
// verifies and mutations reach the code behind the signature / MAC. Nothing may crash; a
// mutated token must never verify.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "credentials/capability.h"
#include "credentials/issuer_keys.h"
#include "credentials/paseto.h"

namespace {

namespace cr = signet::credentials;
namespace paseto = signet::credentials::paseto;

constexpr char kPublicKey[] = "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2";
constexpr char kLocalKey[] = "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  static const auto pk = signet::crypto::Ed25519PublicKey::FromBytes(signet::HexDecode(kPublicKey).value()).value();
  static const auto lk =
      paseto::LocalKey::FromBytes(signet::crypto::SecretBytes::CopyFrom(signet::HexDecode(kLocalKey).value())).value();
  static const signet::FakeClock clock{signet::Time{std::chrono::seconds{1800000000}}};
  static const cr::TrustList* trust = [] {
    auto* t = new cr::TrustList();
    t->Add("https://vault.example", cr::PublicJwk::Ed25519(pk));
    return t;
  }();

  for (std::string_view implicit : {std::string_view(), std::string_view("{\"test-vector\":\"4-S-3\"}")}) {
    signet::Result<paseto::Token> t = paseto::VerifyPublic(pk, in, signet::AsBytes(implicit));
    if (t) (void)paseto::ParseClaims(t->message, {.clock = &clock});
    (void)paseto::Decrypt(lk, in, signet::AsBytes(implicit));
  }
  (void)paseto::ParsePaserkPublic(in);
  (void)paseto::ParsePaserkSecret(in);

  cr::CapabilityVerifyOptions o;
  o.issuer_keys = trust;
  o.clock = &clock;
  o.audience = "shop.example";
  o.nonce = "n";
  signet::Result<cr::VerifiedCapability> v = cr::VerifyCapability(in, o);
  if (v) CHECK(v->issuer == "https://vault.example") << "capability from an unknown issuer accepted";
  return 0;
}
