#pragma once

// The holder device's secrets at rest (ARCHITECTURE.md §2 invariant 2, §3).
//
// <holder_dir>/root.json (mode 0600) holds the root key and this device's own keys, sealed
// under a key derived from the owner's passphrase with Argon2id:
//
//   {"v":1, "kdf":{"alg":"argon2id13","ops":3,"mem":67108864,"salt":"<b64u>"},
//    "vault":{"identity":"<hex>","tenant":"t_..."},
//    "device":{"id":"d_...","name":"...","ed25519":"<hex>","x25519":"<hex>"},
//    "sealed":"<b64u nonce||ciphertext||tag>"}
//
// sealed = AES-256-GCM(Argon2id(passphrase, salt), AAD = "signet/v1/root" || the JSON of the
// other members) of root (64) || device Ed25519 seed (32) || device X25519 scalar (32). The AAD
// binds the header, so editing the KDF parameters or the device record breaks decryption.
//
// Unlock sessions (Bitwarden-style): `signet unlock` re-seals the same secrets under a fresh
// random session key into <holder_dir>/sessions/<id>.json (with an expiry bound into the AAD)
// and prints SIGNET_SESSION=<id>.<b64u key> for the owner's shell. Neither half alone opens
// anything; `signet lock` deletes every session file. Nothing secret is ever written in the
// clear.

#include <chrono>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "crypto/argon2id.h"
#include "crypto/ed25519.h"
#include "crypto/x25519.h"
#include "vault/keys.h"

namespace signet::vault {

// DeviceKeys are one holder device's own keys (random, not derived from the root).
struct DeviceKeys {
  std::string id;    // "d_" + 16 hex digits
  std::string name;  // owner-chosen, e.g. "laptop"
  crypto::Ed25519PrivateKey signing;
  crypto::X25519PrivateKey agreement;

  // Generate makes a new device identity.
  static DeviceKeys Generate(std::string name);
};

// HolderSecrets is what unlocking yields.
struct HolderSecrets {
  RootKey root;
  DeviceKeys device;
};

// HolderHeader is the public part of root.json.
struct HolderHeader {
  std::string identity_public;  // hex
  std::string tenant;
  std::string device_id;
  std::string device_name;
  std::string device_ed25519;  // hex
  std::string device_x25519;   // hex
};

// HolderStore reads and writes a holder directory. `clock` must outlive it.
class HolderStore {
 public:
  HolderStore(std::string dir, const Clock& clock, crypto::Argon2idParams kdf = {});

  // Exists reports whether root.json exists.
  bool Exists() const;
  // Save seals `secrets` under `passphrase` into root.json (atomically: temp file, fsync,
  // rename). `tenant` names the tenant the root belongs to.
  Status Save(const HolderSecrets& secrets, const crypto::SecretBytes& passphrase,
              const std::string& tenant);
  // Unlock opens root.json with the passphrase (one generic error for a wrong passphrase).
  Result<HolderSecrets> Unlock(const crypto::SecretBytes& passphrase) const;
  // ReadHeader returns the public part of root.json.
  Result<HolderHeader> ReadHeader() const;

  // StartSession writes a session file valid for `ttl` and returns the SIGNET_SESSION token.
  Result<std::string> StartSession(const HolderSecrets& secrets, std::chrono::seconds ttl);
  // OpenSession opens the secrets with a session token (kUnauthenticated if unknown or expired;
  // an expired session file is deleted).
  Result<HolderSecrets> OpenSession(std::string_view token) const;
  // Lock deletes every session file and returns how many there were.
  Result<int> Lock();
  // Remove deletes root.json and the sessions (used by `signet vault erase`).
  Status Remove();

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  const Clock& clock_;
  crypto::Argon2idParams kdf_;
};

// WriteFileAtomically writes `data` to `path` with `mode` via a temporary file, fsync and rename,
// and fsyncs the directory.
Status WriteFileAtomically(const std::string& path, ByteView data, int mode);

}  // namespace signet::vault
