#pragma once

// A sealed box: public-key encryption to an X25519 key, used to hand the root to a new device
// (device add) and to release a Tier-3 record key to a pending request (ARCHITECTURE.md §5.4).
// Only the holder of the recipient's private key can open it; the sender is anonymous (sign the
// box separately when the sender must be known). Format, version 1:
//
//   sealed  = epk (32) || nonce (12) || ciphertext || tag (16)        (60 bytes of overhead)
//   shared  = X25519(esk, rpk)                  all-zero output rejected (RFC 7748 §6.1)
//   key     = HKDF-SHA256(ikm = shared, salt = empty (HashLen zeros),
//                         info = "signet/sealed-box/v1" || epk || rpk, L = 32)   (RFC 5869)
//   ct||tag = AES-256-GCM(key, nonce, plaintext, aad)                 (crypto/aead.h)
//
// esk/epk is a fresh ephemeral X25519 key pair per box and the nonce is random. Both public keys
// are bound into the key derivation, so a box cannot be re-targeted or have its ephemeral key
// swapped. `aad` is caller context (e.g. the request id a key release answers), authenticated
// but not stored: the opener must supply the same bytes. Every failure to open returns
// DataLoss("decryption failed"). The info label is frozen by a known-answer test.

#include <cstddef>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "crypto/x25519.h"

namespace signet::crypto {

// kSealedBoxHkdfInfo is the fixed HKDF info label (followed by epk || rpk).
inline constexpr std::string_view kSealedBoxHkdfInfo = "signet/sealed-box/v1";
// kSealedBoxOverhead is the number of bytes a box adds to its plaintext.
inline constexpr size_t kSealedBoxOverhead = 32 + 12 + 16;

// SealedBoxSeal encrypts `plaintext` (at most 64 MiB) to `recipient`, authenticating `aad`
// (at most 1 MiB). Thread-safe.
Result<Bytes> SealedBoxSeal(const X25519PublicKey& recipient, ByteView plaintext, ByteView aad);

// SealedBoxOpen decrypts a box sealed to `recipient`'s public key with the same `aad`.
// DataLoss("decryption failed") on any mismatch or malformed input.
Result<SecretBytes> SealedBoxOpen(const X25519PrivateKey& recipient, ByteView sealed, ByteView aad);

// SealedBoxSealForTesting seals with a caller-chosen ephemeral key and 12-byte nonce, for
// known-answer tests only: reusing an ephemeral key breaks the scheme.
Result<Bytes> SealedBoxSealForTesting(const X25519PublicKey& recipient,
                                      const X25519PrivateKey& ephemeral, ByteView nonce,
                                      ByteView plaintext, ByteView aad);

}  // namespace signet::crypto
