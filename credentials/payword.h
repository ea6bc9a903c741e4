#pragma once

// PayWord-style budget hash chains (Rivest & Shamir, "PayWord and MicroMint", 1996), used by
// capability tokens: the issuer puts the anchor w_0 = H^n(seed) in the token; the agent, holding
// the seed, spends k units in total by revealing w_k = H^(n-k)(seed); anyone verifies offline that
// H^k(w_k) = w_0. A verifier keeps a high-water mark per token and accepts only links beyond it
// (so a link, or any earlier link anyone could hash forward from it, is never accepted twice).
//
// H(x) = SHA-256("signet-payword-v1" || x) on 32-byte values.

#include <array>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::credentials {

using PaywordLink = std::array<uint8_t, 32>;

// PaywordHash is one step of the chain.
PaywordLink PaywordHash(ByteView x);
// PaywordIterate applies PaywordHash `times` times to `x`.
PaywordLink PaywordIterate(ByteView x, uint32_t times);

// PaywordChain is the agent's side of a budget: the secret seed and the chain length. Move-only.
class PaywordChain {
 public:
  // Verification hashes up to kMaxLength times; longer chains would let a presenter make the
  // verifier burn CPU.
  static constexpr uint32_t kMaxLength = 10000;

  // Create makes a chain of `length` (1..kMaxLength) units from a fresh CSPRNG seed.
  static Result<PaywordChain> Create(uint32_t length);
  // FromSeed rebuilds a chain from its 32-byte seed.
  static Result<PaywordChain> FromSeed(const crypto::SecretBytes& seed, uint32_t length);

  uint32_t length() const { return length_; }
  // Anchor returns w_0 = H^n(seed), which goes into the token.
  PaywordLink Anchor() const;
  // Link returns w_k = H^(n-k)(seed) for a cumulative spend of k units (1..n).
  Result<PaywordLink> Link(uint32_t spent) const;
  // ExportSeed copies the seed out (to hand it to the agent or seal it).
  crypto::SecretBytes ExportSeed(crypto::SecretAccess access) const { return seed_.Clone(access); }

 private:
  PaywordChain(crypto::SecretBytes seed, uint32_t length) : seed_(std::move(seed)), length_(length) {}

  crypto::SecretBytes seed_;
  uint32_t length_;
};

}  // namespace signet::credentials
