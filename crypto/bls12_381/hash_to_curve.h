#pragma once

// RFC 9380 hashing to BLS12-381 G1, suite BLS12381G1_XMD:SHA-256_SSWU_RO_:
// expand_message_xmd (Section 5.3.1) with SHA-256, hash_to_field with L = 64 (Section 5.2),
// the simplified SWU map onto the 11-isogenous curve E' (Section 6.6.2), the 11-isogeny
// (Appendix E.2) and cofactor clearing by h_eff = 0xd201000000010001 (Section 8.8.1).
// Straight-line code without branches on the data. Thread-safe.

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/bls12_381/curves.h"

namespace signet::crypto::bls12_381 {

// ExpandMessageXmd returns len_in_bytes uniform bytes (RFC 9380 Section 5.3.1, SHA-256). A DST
// longer than 255 bytes is first hashed as the RFC prescribes (Section 5.3.3). Fails with
// kInvalidArgument when len_in_bytes is 0 or above 255 * 32.
Result<Bytes> ExpandMessageXmd(ByteView msg, ByteView dst, size_t len_in_bytes);

// MapToCurveG1 is map_to_curve (SSWU on E' followed by the 11-isogeny), without cofactor
// clearing; the result is on E but not necessarily in G1.
G1 MapToCurveG1(const Fp& u);

// ClearCofactorG1 multiplies by h_eff = 1 - u.
G1 ClearCofactorG1(const G1& p);

// HashToG1 is hash_to_curve with the random-oracle construction (two field elements).
Result<G1> HashToG1(ByteView msg, ByteView dst);

}  // namespace signet::crypto::bls12_381
