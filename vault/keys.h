#pragma once

// The vault key hierarchy (ARCHITECTURE.md §3). Every key below the root is an HKDF-SHA256 output
// with its own fixed `info` label (the k*Label constants, frozen by known-answer tests in
// keys_test.cc; changing one makes every existing vault unreadable):
//
//   24 words (+ optional BIP39 passphrase) -> seed -> SLIP-0010 ed25519 master = RootKey (URK)
//     RootKey
//      |- CompartmentRoot     = HKDF(URK, "signet/v1/compartment-root")   holder devices only
//      |    `- Tier-3 key     = HKDF(CompartmentRoot, "signet/v1/tier3-record-key" | cid | id)
//      `- DelegatedKeyring (may be sealed to a server under its KEK)
//           |- vault sealing  = HKDF(URK, "signet/v1/vault-sealing-key")
//           |    `- Tier-1/2 record key = HKDF(VSK, "signet/v1/record-key" | blind id)
//           |- addressing     = HKDF(URK, "signet/v1/addressing-key")  blind ids (HMAC-SHA256)
//           |- identity seed  = HKDF(URK, "signet/v1/identity-key")    Ed25519 issuer/audit key
//           |- BBS seed       = HKDF(URK, "signet/v1/bbs-issuer-key")  BBS KeyGen input
//           `- audit key      = HKDF(URK, "signet/v1/audit-key")       encrypts audit entries
//
// HKDF input: ikm = URK private key (32 bytes) || chain code (32 bytes), salt = empty.
// Structural isolation of Tier 3 (invariant 3): a DelegatedKeyring holds only the five keys
// above; no member of it yields a CompartmentRoot, and HKDF is one-way, so holding the keyring
// gives no path to Tier-3 keys.

#include <array>
#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "crypto/bip39.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"
#include "storage/blind_id.h"

namespace signet::vault {

using crypto::SecretAccess;
using crypto::SecretBytes;
using storage::BlindId;

// HKDF info labels, frozen (keys_test.cc pins the derived values).
inline constexpr std::string_view kCompartmentRootLabel = "signet/v1/compartment-root";
inline constexpr std::string_view kTier3RecordKeyLabel = "signet/v1/tier3-record-key";
inline constexpr std::string_view kVaultSealingKeyLabel = "signet/v1/vault-sealing-key";
inline constexpr std::string_view kRecordKeyLabel = "signet/v1/record-key";
// kPolicyPatternsKeyLabel derives the MAC key of the owner's pattern counters from the VSK.
inline constexpr std::string_view kPolicyPatternsKeyLabel = "signet/v1/policy-patterns-mac";
inline constexpr std::string_view kAddressingKeyLabel = "signet/v1/addressing-key";
inline constexpr std::string_view kIdentityKeyLabel = "signet/v1/identity-key";
inline constexpr std::string_view kBbsIssuerKeyLabel = "signet/v1/bbs-issuer-key";
inline constexpr std::string_view kAuditKeyLabel = "signet/v1/audit-key";

class CompartmentRoot;
class DelegatedKeyring;

// RootKey is the user root key (URK): the SLIP-0010 ed25519 master node's private key and chain
// code. It exists only on holder devices (sealed under the passphrase at rest). Move-only.
class RootKey {
 public:
  static constexpr size_t kSize = 64;  // private key || chain code

  // FromMnemonic derives the root from a BIP39 mnemonic and optional BIP39 passphrase.
  static Result<RootKey> FromMnemonic(const crypto::Bip39Mnemonic& mnemonic,
                                      const SecretBytes& bip39_passphrase);
  // FromBytes restores a root exported with Export (exactly 64 bytes).
  static Result<RootKey> FromBytes(const SecretBytes& material);

  // Export returns private key || chain code, for sealing at rest or to a new device.
  SecretBytes Export(SecretAccess access) const { return material_.Clone(access); }

  // DeriveCompartmentRoot derives the Tier-3 compartment root (holder devices only).
  CompartmentRoot DeriveCompartmentRoot() const;
  // DeriveDelegatedKeyring derives the keyring a server may hold.
  DelegatedKeyring DeriveDelegatedKeyring() const;

 private:
  explicit RootKey(SecretBytes material) : material_(std::move(material)) {}
  SecretBytes Derive(std::string_view label) const;
  SecretBytes material_;
};

// CompartmentRoot derives Tier-3 record keys. Holder devices only. Move-only.
class CompartmentRoot {
 public:
  // RecordKey derives the key of the Tier-3 record `id` in compartment `compartment`.
  SecretBytes RecordKey(std::string_view compartment, const BlindId& id) const;

 private:
  friend class RootKey;
  explicit CompartmentRoot(SecretBytes key) : key_(std::move(key)) {}
  SecretBytes key_;
};

// DelegatedKeyring is what a server holds for one tenant: enough for Tier-1/2 records,
// addressing, signing and auditing; nothing that reaches Tier 3. Move-only, immutable,
// thread-safe.
class DelegatedKeyring {
 public:
  static constexpr uint8_t kFormatVersion = 1;
  static constexpr size_t kSerializedSize = 1 + 5 * 32;

  // Serialize returns version || VSK || addressing || identity seed || BBS seed || audit key,
  // for sealing under a server KEK.
  SecretBytes Serialize(SecretAccess access) const;
  // Deserialize restores a keyring from Serialize's output.
  static Result<DelegatedKeyring> Deserialize(const SecretBytes& bytes);

  // Address computes the blind id of (label, index): HMAC-SHA256(addressing key,
  // u32be(len(label)) || label || u64be(index)).
  BlindId Address(std::string_view label, uint64_t index) const;
  // RecordKey derives the key of the Tier-1/2 record `id`.
  SecretBytes RecordKey(const BlindId& id) const;
  // PolicyPatternsKey derives the MAC key of the owner's pattern counters (policy/tracker.h).
  SecretBytes PolicyPatternsKey() const;

  // identity is the vault's Ed25519 identity key (signs credentials, tokens, audit entries).
  const crypto::Ed25519PrivateKey& identity() const { return identity_; }
  // bbs_seed is the input keying material for BBS KeyGen (the BBS issuer key).
  const SecretBytes& bbs_seed() const { return bbs_seed_; }
  // audit_key encrypts audit entries (AES-256-GCM).
  const SecretBytes& audit_key() const { return audit_key_; }

 private:
  friend class RootKey;
  DelegatedKeyring(SecretBytes vsk, SecretBytes addressing, SecretBytes identity_seed,
                   SecretBytes bbs_seed, SecretBytes audit_key, crypto::Ed25519PrivateKey identity)
      : vsk_(std::move(vsk)),
        addressing_(std::move(addressing)),
        identity_seed_(std::move(identity_seed)),
        bbs_seed_(std::move(bbs_seed)),
        audit_key_(std::move(audit_key)),
        identity_(std::move(identity)) {}

  SecretBytes vsk_;
  SecretBytes addressing_;
  SecretBytes identity_seed_;
  SecretBytes bbs_seed_;
  SecretBytes audit_key_;
  crypto::Ed25519PrivateKey identity_;
};

}  // namespace signet::vault
