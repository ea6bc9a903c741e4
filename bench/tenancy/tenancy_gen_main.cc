// tenancy_gen: registers N tenants (fresh vault roots) in a server's storage, as `signet init`
// would on the server, and prints one line (a JSON object) per tenant or agent. Two modes:
//
//   tenancy_gen --data-dir D --tenants N --base URL --audience AUD --nonce NONCE > bodies.ndjson
//     One /verify request per tenant: an SD-JWT VC issued by that tenant's identity key, with
//     iss = BASE/t/<tenant>, presented with a KB-JWT for AUDIENCE and NONCE. The server resolves
//     each issuer's key from its own tenant registry (unsealing the keyring under the KEK on a
//     cache miss). A KB-JWT stays fresh for the verifier's window (300 s by default).
//
//   tenancy_gen [--config F] [--data-dir D] --tenants N --agents K > pairings.ndjson
//     MCP agents: each tenant's vault is initialised (index, decoys, audit chain) and given an
//     `email` (Tier 1) and a `birthdate` (Tier 2), as `signet init` and `signet store` do on the
//     server, and K single-use pairing codes for agent "bench" are created, as `signet agent
//     pair` does ({"tenant", "pairing_code"} per line). An agent redeems its code at the
//     server's OAuth consent page (docs/mcp.md), the real way.
//
// --config reads the server's YAML (e.g. storage.kind: hosted, kek_file); otherwise the storage
// is the embedded one in D. The KEK is created (mode 0600) if missing.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "api/oauth_store.h"
#include "credentials/jose.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "crypto/bip39.h"
#include "server/config.h"
#include "server/storage_factory.h"
#include "vault/keys.h"
#include "vault/tenants.h"
#include "vault/vault.h"

namespace {

namespace cr = signet::credentials;

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: tenancy_gen --data-dir D --tenants N --base URL --audience AUD --nonce N\n"
               "       tenancy_gen [--config F] [--data-dir D] --tenants N --agents K\n");
  std::exit(2);
}

[[noreturn]] void Fail(const signet::Error& e) {
  std::fprintf(stderr, "tenancy_gen: %s\n", e.message().c_str());
  std::exit(1);
}

void Check(const signet::Status& s) {
  if (!s.ok()) Fail(s.error());
}

// VerifyBody is one /verify request for a tenant: an SD-JWT VC by its identity key, presented
// with a KB-JWT by a fresh holder key.
cr::Json VerifyBody(const signet::vault::DelegatedKeyring& keyring, const std::string& issuer_url,
                    const std::string& audience, const std::string& nonce, int64_t now) {
  const auto holder_key = signet::crypto::Ed25519PrivateKey::Generate();
  const cr::Ed25519JwsSigner holder(holder_key);
  const cr::Ed25519JwsSigner issuer(keyring.identity(), "identity");
  cr::sdjwt::VcClaims vc;
  vc.issuer = issuer_url;
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
  return {{"presentation", *presented}, {"audience", audience}, {"nonce", nonce}};
}

// StoreValue writes one value into the vault, as `signet store --label L --tier T` does.
void StoreValue(signet::vault::Vault& v, const std::string& label, int tier,
                std::string_view value) {
  signet::vault::StoreRequest req;
  req.label = label;
  req.tier = tier;
  req.value.assign(value.begin(), value.end());
  auto stored = v.Store(req);
  if (!stored) Fail(stored.error());
}

// ProvisionAgents initialises a registered tenant's vault with an email and a birthdate and
// prints `agents` pairing codes for agent "bench".
void ProvisionAgents(signet::storage::Storage& storage,
                     const signet::vault::DelegatedKeyring& keyring,
                     const signet::vault::TenantInfo& info, long agents,
                     const signet::Clock& clock) {
  signet::vault::Vault v(storage, keyring, clock);
  Check(v.Initialize());
  StoreValue(v, "email", 1, "ada@example.org");
  StoreValue(v, "birthdate", 2, "1990-05-17");
  const signet::api::OAuthStore oauth(storage.state(), clock);
  for (long a = 0; a < agents; ++a) {
    auto code = oauth.CreatePairingCode(info.id, "bench", std::chrono::minutes(30));
    if (!code) Fail(code.error());
    std::cout << cr::Json{{"tenant", info.id.value()}, {"pairing_code", *code}}.dump() << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_file, data_dir, base, audience, nonce;
  long tenants = 0;
  long agents = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--config")
      config_file = argv[i + 1];
    else if (a == "--data-dir")
      data_dir = argv[i + 1];
    else if (a == "--tenants")
      tenants = std::strtol(argv[i + 1], nullptr, 10);
    else if (a == "--agents")
      agents = std::strtol(argv[i + 1], nullptr, 10);
    else if (a == "--base")
      base = argv[i + 1];
    else if (a == "--audience")
      audience = argv[i + 1];
    else if (a == "--nonce")
      nonce = argv[i + 1];
    else
      Usage();
  }
  const bool verify_mode = agents == 0;
  if (tenants < 1 || tenants > 100000 || agents < 0 || agents > 100000 ||
      (config_file.empty() && data_dir.empty()) ||
      (verify_mode && (base.empty() || audience.empty() || nonce.empty()))) {
    Usage();
  }
  signet::server::Config config;
  if (!config_file.empty()) Check(signet::server::ConfigLoader::LoadYamlFile(config_file, &config));
  if (!data_dir.empty()) config.data_dir = data_dir;
  Check(signet::server::ConfigLoader::Validate(config));
  auto storage = signet::server::OpenStorage(config);
  if (!storage) Fail(storage.error());
  auto kek = signet::vault::Kek::LoadOrCreate(signet::server::KekPath(config));
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
    if (verify_mode) {
      std::cout << VerifyBody(keyring, base + "/t/" + info->id.value(), audience, nonce, now).dump()
                << "\n";
    } else {
      ProvisionAgents(**storage, keyring, *info, agents, clock);
    }
  }
  return 0;
}
