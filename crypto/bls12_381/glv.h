#pragma once

// GLV scalar multiplication on G1 (Gallant, Lambert, Vanstone 2001). The endomorphism
// phi(x, y) = (beta x, y) acts on G1 as multiplication by -u^2, so with s = u^2 (128 bits) every
// scalar k < 2^256 splits as k = q s + k0 with k0 < s and q < 2^129, and
//   [k]P = [k0]P + [q](-phi(P)),
// two half-length multiplications that share their doublings. The split is a constant-time
// long division, so the *Ct functions stay constant time for secret scalars. Points must be in
// G1 (the identity is fine); the results are only meaningful there.

#include <span>

#include "crypto/bls12_381/curves.h"

namespace signet::crypto::bls12_381 {

// GlvSplit returns (k0, q) with k = q * u^2 + k0, 0 <= k0 < u^2 (constant time).
void GlvSplit(const ScalarLimbs& k, std::array<uint64_t, 2>* k0, std::array<uint64_t, 3>* q);

// G1MulGlvCt returns [k]p in constant time.
G1 G1MulGlvCt(const G1& p, const ScalarLimbs& k);

// G1MsmGlvCt returns sum [k_i] p_i in constant time.
G1 G1MsmGlvCt(std::span<const G1> points, std::span<const ScalarLimbs> scalars);

// G1MsmGlvVartime returns sum [k_i] p_i for PUBLIC scalars (zero digits skipped).
G1 G1MsmGlvVartime(std::span<const G1> points, std::span<const ScalarLimbs> scalars);

}  // namespace signet::crypto::bls12_381
