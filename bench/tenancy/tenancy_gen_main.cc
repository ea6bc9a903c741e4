// tenancy_gen: registers N tenants (fresh vault roots) in the embedded storage of a data
// directory, as `signet init` would on the server, and prints one /verify request per tenant
// (one JSON object per line): an SD-JWT VC issued by that tenant's identity key, with iss =
// BASE/t/<tenant>, presented with a KB-JWT for AUDIENCE and NONCE. The server resolves each
// issuer's key from its own tenant registry (unsealing the keyring under the KEK on a cache miss).
//
//   tenancy_gen --data-dir D --tenants N --base URL --audience AUD --nonce NONCE > bodies.ndjson
//
// The KEK is created in D (mode 0600) if missing. A KB-JWT stays fresh for the verifier's window
// (300 s by default) after it is printed.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "credentials/jose.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "crypto/bip39.h"
#include "server/config.h"
#include "server/storage_factory.h"
#include "vault/keys.h"
#include "vault/tenants.h"

namespace {

namespace cr = signet::credentials;

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: tenancy_gen --data-dir D --tenants N --base URL --audience AUD --nonce N\n");
  std::exit(2);
}

[[noreturn]] void Fail(const signet::Error& e) {
  std::fprintf(stderr, "tenancy_gen: %s\n", e.message().c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir, base, audience, nonce;
  long tenants = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--data-dir") data_dir = argv[i + 1];
    else if (a == "--tenants") tenants = std::strtol(argv[i + 1], nullptr, 10);
    else if (a == "--base") base = argv[i + 1];
    else if (a == "--audience") audience = argv[i + 1];
    else if (a == "--nonce") nonce = argv[i + 1];
    else Usage();
  }
  if (data_dir.empty() || base.empty() || audience.empty() || nonce.empty() || tenants < 1 ||
      tenants > 100000) {
    Usage();
  }
  signet::server::Config config;
  config.data_dir = data_dir;
  auto storage = signet::server::OpenStorage(config);
  if (!storage) Fail(storage.error());
  auto kek = signet::vault::Kek::LoadOrCreate(data_dir + "/kek");
  if (!kek) Fail(kek.error());
  const signet::SystemClock& clock = signet::SystemClock::Default();
  signet::vault::TenantRegistry registry((*storage)->state(), *kek, clock);
  const int64_t now = clock.UnixSeconds();
  for (long n = 0; n < tenants; ++n) {
    auto root = signet::vault::RootKey::FromMnemonic(signet::crypto::Bip39Mnemonic::Generate(),
                                                     signet::crypto::SecretBytes());
    if (!root) Fail(root.error());
    const signet::vault::DelegatedKeyring keyring = root->DeriveDelegatedKeyring();
    auto info = registry.Register(keyring);
    if (!info) Fail(info.error());
    const auto holder_key = signet::crypto::Ed25519PrivateKey::Generate();
    const cr::Ed25519JwsSigner holder(holder_key);
    const cr::Ed25519JwsSigner issuer(keyring.identity(), "identity");
    cr::sdjwt::VcClaims vc;
    vc.issuer = base + "/t/" + info->id.value();
    vc.vct = "urn:signet:claims:v1";
    vc.issued_at = now - 60;
    vc.expires_at = now + 24 * 3600;
    vc.holder_key = holder.public_jwk();
    vc.claims = {{"age_over_18", true}, {"age_over_21", true}, {"email", "a@example.org"}};
    cr::sdjwt::DisclosureFrame frame;
    frame.sd = {"age_over_18", "age_over_21", "email"};
    auto issued = cr::sdjwt::IssueVc(vc, frame, issuer);
    if (!issued) Fail(issued.error());
    cr::sdjwt::KeyBinding kb{audience, nonce, now, &holder};
    const std::vector<std::string> reveal = {"age_over_21"};
    auto presented = cr::sdjwt::Present(issued->Serialize(), reveal, &kb);
    if (!presented) Fail(presented.error());
    const cr::Json body = {{"presentation", *presented}, {"audience", audience}, {"nonce", nonce}};
    std::cout << body.dump() << "\n";
  }
  return 0;
}
