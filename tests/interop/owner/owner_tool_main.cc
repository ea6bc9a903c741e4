// owner_interop_tool: the one thing the interop driver (interop.mjs) cannot make itself — a
// sign-up body for a fresh vault whose device key the peer holds. The vault root is generated
// here and thrown away; the device's Ed25519 key is the peer's own (only its public key comes
// in), so every owner signature in the test is made by http-message-signatures.
//
//   owner_interop_tool signup <ed25519 public key, 64 hex>
//     -> {"keyring": "<base64url>", "device": {"id", "name", "ed25519_public", "x25519_public"}}
// Exit 0 on success, 2 on usage errors.

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "base/encoding.h"
#include "crypto/bip39.h"
#include "crypto/ed25519.h"
#include "vault/holder.h"
#include "vault/keys.h"

namespace {

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "owner_interop_tool: %s\n", why.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "signup") Die("usage: signup <ed25519 public hex>");
  auto raw = signet::HexDecode(argv[2]);
  if (!raw || !signet::crypto::Ed25519PublicKey::FromBytes(*raw)) Die("bad Ed25519 public key");
  auto root = signet::vault::RootKey::FromMnemonic(signet::crypto::Bip39Mnemonic::Generate(),
                                                   signet::crypto::SecretBytes());
  if (!root) Die(root.error().ToString());
  const signet::vault::DeviceKeys device = signet::vault::DeviceKeys::Generate("peer");
  const auto access = signet::crypto::SecretAccess::Get();
  const signet::crypto::SecretBytes keyring = root->DeriveDelegatedKeyring().Serialize(access);
  const nlohmann::json body = {
      {"keyring", signet::Base64UrlEncode(keyring.Reveal(access))},
      {"device",
       {{"id", device.id},
        {"name", device.name},
        {"ed25519_public", signet::HexEncode(*raw)},
        {"x25519_public", signet::HexEncode(device.agreement.public_key().bytes())}}}};
  std::cout << body.dump() << "\n";
  return 0;
}
