#pragma once

// SLIP-0010 hierarchical deterministic keys for ed25519
// (https://github.com/satoshilabs/slips/blob/master/slip-0010.md).
//
//   Result<Slip10Node> urk = Slip10Node::FromSeed(bip39_seed);            // "m"
//   Result<Slip10Node> node = Slip10DerivePath(bip39_seed, "m/44'/0'");
//   Ed25519PrivateKey key = node->SigningKey();
//
// Master: I = HMAC-SHA512(key = "ed25519 seed", data = seed); private key = I[0..32),
// chain code = I[32..64). Child i (hardened only: i >= 2^31):
// I = HMAC-SHA512(key = chain code, data = 0x00 || private key || ser32(i)). ed25519 has no
// public (non-hardened) derivation, so a non-hardened index or path component is an error. The
// public key is serialised as 0x00 || the 32-byte Ed25519 public key, and the fingerprint is the
// first 4 bytes of RIPEMD160(SHA256(that)), as in the SLIP-0010 test vectors.
//
// Private keys and chain codes live in SecretBytes; intermediate HMAC outputs are wiped.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// kSlip10Hardened is the hardened-index offset 2^31 (written ' or H in paths).
inline constexpr uint32_t kSlip10Hardened = 0x80000000u;

// Slip10Node is one ed25519 key in the tree: private key, chain code, public key and position.
// Immutable and thread-safe; move-only.
class Slip10Node {
 public:
  static constexpr size_t kMinSeedSize = 16;  // 128 bits, as BIP32 asks
  static constexpr size_t kMaxSeedSize = 64;  // 512 bits (a BIP39 seed)
  static constexpr size_t kMaxDepth = 255;    // depth is one byte in BIP32 serialisation

  // FromSeed makes the master node "m" from a 16..64-byte seed (InvalidArgument otherwise).
  static Result<Slip10Node> FromSeed(const SecretBytes& seed);

  // DeriveChild derives child `index`, which must be hardened (>= 2^31). InvalidArgument for a
  // non-hardened index or beyond depth 255.
  Result<Slip10Node> DeriveChild(uint32_t index) const;

  // PrivateKey views the 32-byte private key (the Ed25519 seed).
  ByteView PrivateKey(SecretAccess access) const { return key_.Reveal(access); }
  // ChainCode views the 32-byte chain code.
  ByteView ChainCode(SecretAccess access) const { return chain_code_.Reveal(access); }
  // public_key is the node's Ed25519 public key.
  const Ed25519PublicKey& public_key() const { return public_key_; }
  // SerializedPublicKey is 0x00 || public key (33 bytes), SLIP-0010's serP for ed25519.
  Bytes SerializedPublicKey() const;
  // SigningKey returns the node's Ed25519 signing key.
  Ed25519PrivateKey SigningKey() const;

  // depth is 0 for the master node.
  size_t depth() const { return depth_; }
  // child_index is the (hardened) index this node was derived with; 0 for the master node.
  uint32_t child_index() const { return child_index_; }
  // Fingerprint is the first 4 bytes of HASH160(SerializedPublicKey()), big-endian.
  Result<uint32_t> Fingerprint() const;
  // ParentFingerprint is the parent's Fingerprint, or 0 for the master node.
  Result<uint32_t> ParentFingerprint() const;

 private:
  Slip10Node(SecretBytes key, SecretBytes chain_code, const Ed25519PublicKey& pk, size_t depth,
             uint32_t child_index, std::optional<Ed25519PublicKey> parent)
      : key_(std::move(key)),
        chain_code_(std::move(chain_code)),
        public_key_(pk),
        depth_(depth),
        child_index_(child_index),
        parent_(parent) {}
  // FromHmac splits a 64-byte HMAC output into key and chain code.
  static Slip10Node FromHmac(ByteView i, size_t depth, uint32_t child_index,
                             std::optional<Ed25519PublicKey> parent);

  SecretBytes key_;
  SecretBytes chain_code_;
  Ed25519PublicKey public_key_;
  size_t depth_;
  uint32_t child_index_;
  std::optional<Ed25519PublicKey> parent_;  // the parent's public key, for its fingerprint
};

// ParseSlip10Path parses "m" or "m/a'/b'/..." (hardened marker ' or H or h; indices below 2^31,
// decimal without leading zeros) into full indices (with 2^31 added). InvalidArgument with the
// reason otherwise, including for a non-hardened component; TooLarge beyond 255 levels or 4096
// characters.
Result<std::vector<uint32_t>> ParseSlip10Path(std::string_view path);

// Slip10DerivePath derives the node at `path` from `seed`.
Result<Slip10Node> Slip10DerivePath(const SecretBytes& seed, std::string_view path);

}  // namespace signet::crypto
