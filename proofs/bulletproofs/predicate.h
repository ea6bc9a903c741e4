#pragma once

// Range predicates over a committed credential value, proven with Bulletproofs.
//
// An issuer commits to a 64-bit value v as a Pedersen commitment C = v B + gamma B_blinding
// (CommitToValue). The holder keeps (v, gamma) in the vault and later proves one predicate to a
// relying party without revealing v:
//
//   AtLeast(a):     v >= a       proves  v - a in [0, 2^64)  on  C - a B  (blinding gamma)
//   AtMost(b):      v <= b       proves  b - v in [0, 2^64)  on  b B - C  (blinding -gamma)
//   Between(a, b):  a <= v <= b  both, as one aggregated proof (m = 2)
//
// Soundness relies on the issuer having committed to a 64-bit value (true for commitments made
// by CommitToValue); the offset commitments then pin v to the stated interval.
//
// Binding: the Merlin transcript is labelled "signet/bulletproofs/predicate v1" and absorbs,
// before the range proof's own transcript, the relying party's domain ("domain"), its nonce
// ("nonce"), the predicate encoding below ("predicate") and the commitment C ("commitment").
// A proof therefore verifies only for the same commitment, predicate, domain and nonce.
//
// Encoding of a PredicateProof (all integers little-endian):
//
//   offset size  field
//   0      1     version = 0x01
//   1      1     kind: 0x01 AtLeast, 0x02 AtMost, 0x03 Between
//   2      8     bound: a for AtLeast/Between, b for AtMost (u64)
//   10     8     upper bound b (u64)                          -- Between only
//   ...          dalek range proof, n = 64: 672 bytes (m = 1) or 736 bytes (m = 2, Between)
//
// Parsing is strict: unknown version or kind, a > b, or any length other than exactly
// 10 + 672 (AtLeast/AtMost) or 18 + 736 (Between) bytes is rejected.
//
// All verification failures return one generic "invalid proof" error. Proving fails with
// kInvalidArgument (and produces nothing) when the value does not satisfy the predicate.
// Thread-safe; secrets are never copied outside wiped buffers.

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "proofs/bulletproofs/generators.h"
#include "proofs/bulletproofs/transcript.h"

namespace signet::proofs::bulletproofs {

enum class PredicateKind : uint8_t {
  kAtLeast = 1,
  kAtMost = 2,
  kBetween = 3,
};

// Predicate is a public statement about a committed value.
struct Predicate {
  PredicateKind kind = PredicateKind::kAtLeast;
  uint64_t lower = 0;  // a (AtLeast, Between)
  uint64_t upper = 0;  // b (AtMost, Between)

  static Predicate AtLeast(uint64_t a) { return {PredicateKind::kAtLeast, a, 0}; }
  static Predicate AtMost(uint64_t b) { return {PredicateKind::kAtMost, 0, b}; }
  static Predicate Between(uint64_t a, uint64_t b) { return {PredicateKind::kBetween, a, b}; }

  // IsValid rejects unknown kinds, Between with a > b, and a bound set that the kind does not
  // use (so encoding and parsing round-trip exactly).
  bool IsValid() const;
  // Holds reports whether `value` satisfies the predicate.
  bool Holds(uint64_t value) const;
  // Encode returns the predicate's canonical bytes (the proof header without the version).
  Bytes Encode() const;
  // ToString renders e.g. "value >= 18" or "10 <= value <= 20" for reports.
  std::string ToString() const;

  friend bool operator==(const Predicate&, const Predicate&) = default;
};

// Limits on the relying party's context.
inline constexpr size_t kMaxDomainSize = 256;
inline constexpr size_t kMinNonceSize = 16;
inline constexpr size_t kMaxNonceSize = 256;

// CommitmentOpening is the secret opening of a commitment; Wipe() it (the destructor does).
struct CommitmentOpening {
  // Size of Serialize(): LE64(value) || blinding (32-byte canonical scalar).
  static constexpr size_t kSerializedSize = 40;

  uint64_t value = 0;
  Scalar blinding;
  CommitmentOpening() = default;
  CommitmentOpening(uint64_t v, const Scalar& b) : value(v), blinding(b) {}
  CommitmentOpening(const CommitmentOpening&) = default;
  CommitmentOpening& operator=(const CommitmentOpening&) = default;
  ~CommitmentOpening() { Wipe(); }
  void Wipe();

  // Serialize returns the opening as secret bytes for the vault.
  crypto::SecretBytes Serialize() const;
  // Parse reads Serialize()'s format strictly (exact size, canonical blinding).
  static Result<CommitmentOpening> Parse(ByteView bytes);
};

// IssuedCommitment is a fresh commitment and its opening.
struct IssuedCommitment {
  RistrettoBytes commitment;
  CommitmentOpening opening;
};

// CommitToValue commits to `value` with a fresh random blinding (for credential issuance).
IssuedCommitment CommitToValue(uint64_t value, const RandomSource& rng = OsRandomSource());
// CommitmentFor recomputes the commitment of an opening.
RistrettoBytes CommitmentFor(const CommitmentOpening& opening);

// ProvePredicate proves `predicate` for the value opened by `opening`, bound to the relying
// party's domain and nonce. Fails (kInvalidArgument) on an invalid predicate, a value that does
// not satisfy it, or a domain/nonce outside the limits above.
Result<Bytes> ProvePredicate(const Predicate& predicate, const CommitmentOpening& opening,
                             ByteView domain, ByteView nonce,
                             const RandomSource& rng = OsRandomSource());

// VerifyPredicate checks `proof` for `commitment` under (domain, nonce) and returns the proven
// predicate. The caller must still check that it is the predicate it asked for (or use
// VerifyExpectedPredicate).
Result<Predicate> VerifyPredicate(const RistrettoBytes& commitment, ByteView domain, ByteView nonce,
                                  ByteView proof);

// VerifyExpectedPredicate is VerifyPredicate plus a check that the proof is for `expected`.
Status VerifyExpectedPredicate(const Predicate& expected, const RistrettoBytes& commitment,
                               ByteView domain, ByteView nonce, ByteView proof);

}  // namespace signet::proofs::bulletproofs
