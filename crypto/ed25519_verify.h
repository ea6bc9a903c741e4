#pragma once

// Ed25519VerifyEncodedKey: strict Ed25519 verification (RFC 8032 §5.1.7, libsodium 1.0.18) with
// the public key given as its 32-byte encoding, for keys that arrive inside signed data (an
// SD-JWT's cnf holder key, a capability token's agent key) and are used exactly once.
//
// Ed25519PublicKey::FromBytes additionally proves that the key lies in the prime-order subgroup
// (a scalar multiplication by L, about as costly as the verification itself). Here the key gets
// the checks libsodium's verification performs on its own: it must be canonically encoded,
// decode to a curve point, and not be of small order; the signature's S must be reduced and R
// must not be of small order. A key with a torsion component is only ever produced by whoever
// chose it, and lets that party do nothing it could not do with its own honest key, so the
// subgroup proof buys nothing for such one-shot keys. Keys that are trusted for many
// verifications (issuer keys) still go through Ed25519PublicKey::FromBytes.

#include "base/bytes.h"
#include "base/result.h"

namespace signet::crypto {

// Ed25519VerifyEncodedKey returns OK iff `signature` (64 bytes) is valid for `message` under the
// encoded key `public_key` (32 bytes). Every failure: InvalidArgument("invalid signature").
Status Ed25519VerifyEncodedKey(ByteView public_key, ByteView message, ByteView signature);

}  // namespace signet::crypto
