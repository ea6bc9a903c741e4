// credentials_token_gen: prints a ready-to-POST /verify request (an SD-JWT VC + KB-JWT revealing
// three of ten claims) for HTTP load tests, and the issuer trust entry the server needs.
//
//   credentials_token_gen --audience https://rp.example --nonce N [--iat UNIX] [--issuer-seed HEX]
//       -> {"presentation": ..., "audience": ..., "nonce": ...}           (the request body)
//   credentials_token_gen --print-issuer [--issuer-seed HEX]
//       -> {"issuer": "https://vault.example/u/alice", "jwk": {...}}      (trust this)
//
// The issuer key comes from a fixed default seed (or --issuer-seed), so the printed trust entry
// stays valid across runs; the holder key is fresh each time. A KB-JWT is fresh for the verifier's
// window (default 300 s) after --iat (default now): regenerate for longer runs.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "base/encoding.h"
#include "bench/credentials/bench_fixture.h"
#include "credentials/jose.h"
#include "credentials/sdjwt_present.h"

namespace {

namespace cr = signet::credentials;

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: credentials_token_gen --audience AUD --nonce NONCE [--iat UNIX] [--issuer-seed HEX]\n"
               "       credentials_token_gen --print-issuer [--issuer-seed HEX]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string audience, nonce, seed_hex(64, '5');
  bool print_issuer = false;
  int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--audience" && has_value) {
      audience = argv[++i];
    } else if (a == "--nonce" && has_value) {
      nonce = argv[++i];
    } else if (a == "--iat" && has_value) {
      iat = std::stoll(argv[++i]);
    } else if (a == "--issuer-seed" && has_value) {
      seed_hex = argv[++i];
    } else if (a == "--print-issuer") {
      print_issuer = true;
    } else {
      Usage();
    }
  }
  signet::Result<signet::Bytes> seed = signet::HexDecode(seed_hex);
  if (!seed || seed->size() != 32) Usage();
  const auto issuer_key =
      signet::crypto::Ed25519PrivateKey::FromSeed(signet::crypto::SecretBytes::CopyFrom(*seed)).value();
  cr::Ed25519JwsSigner issuer(issuer_key);
  if (print_issuer) {
    std::cout << cr::Json{{"issuer", cr::bench::kIssuer}, {"jwk", issuer.public_jwk().ToJson()}}.dump() << "\n";
    return 0;
  }
  if (audience.empty() || nonce.empty()) Usage();
  const auto holder_key = signet::crypto::Ed25519PrivateKey::Generate();
  cr::Ed25519JwsSigner holder(holder_key);
  cr::sdjwt::VcClaims vc;
  vc.issuer = cr::bench::kIssuer;
  vc.vct = "urn:signet:identity:1";
  vc.issued_at = iat - 60;
  vc.expires_at = iat + 24 * 3600;
  vc.holder_key = holder.public_jwk();
  vc.claims = cr::bench::TenClaims();
  const std::string credential = cr::sdjwt::IssueVc(vc, cr::bench::TenFrame(), issuer).value().Serialize();
  cr::sdjwt::KeyBinding kb{audience, nonce, iat, &holder};
  const std::string presentation = cr::sdjwt::Present(credential, cr::bench::RevealThree(), &kb).value();
  std::cout << cr::Json{{"presentation", presentation}, {"audience", audience}, {"nonce", nonce}}.dump() << "\n";
  return 0;
}
