// Fuzz target: SD-JWT+KB presentations (and the strict JSON, disclosure and /verify request
// parsers under them) from untrusted bytes. Nothing may crash, and nothing may verify unless it
// carries the one issuer signature the seed corpus holds (signatures cannot be forged).
//
// Keys and time are fixed so the seed corpus (testdata/sdjwt_verify_fuzz, made with
// tests/interop/sdjwt/sdjwt_interop_tool from seeds 01..01 / 02..02 at t = 1800000000) contains
// presentations that really verify, and mutations explore the paths right behind the signature.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "base/clock.h"
#include "credentials/issuer_keys.h"
#include "credentials/json.h"
#include "credentials/sdjwt_disclosure.h"
#include "credentials/sdjwt_verify.h"
#include "credentials/verifier.h"
#include "crypto/ed25519.h"

namespace {

namespace cr = signet::credentials;

constexpr int64_t kNow = 1800000000;
constexpr char kIssuer[] = "https://vault.example/u/alice";

const cr::TrustList& Trust() {
  static const cr::TrustList* trust = [] {
    auto* t = new cr::TrustList();
    const auto key = signet::crypto::Ed25519PrivateKey::FromSeed(
                         signet::crypto::SecretBytes::CopyFrom(signet::Bytes(32, 0x01)))
                         .value();
    t->Add(kIssuer, cr::PublicJwk::Ed25519(key.public_key()));
    return t;
  }();
  return *trust;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  static const signet::FakeClock clock{signet::Time{std::chrono::seconds{kNow}}};
  (void)cr::ParseJson(in);
  (void)cr::sdjwt::ParseDisclosure(in, {});
  (void)cr::ParseVerifyRequest(in, 64 * 1024);

  cr::sdjwt::VerifyOptions o;
  o.issuer_keys = &Trust();
  o.clock = &clock;
  o.audience = "https://shop.example";
  o.nonce = "fuzz-nonce";
  signet::Result<cr::sdjwt::Verified> v = cr::sdjwt::Verify(in, o);
  if (v) {
    // Only the seed issuer's signed JWT can be behind an accepted presentation.
    CHECK(v->issuer == kIssuer) << "accepted a presentation from an unknown issuer";
    CHECK(v->key_bound) << "accepted a presentation without key binding";
  }
  o.require_key_binding = false;
  (void)cr::sdjwt::Verify(in, o);
  return 0;
}
