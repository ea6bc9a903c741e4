#pragma once

// Shared building blocks of the BBS implementation (not a public API): the ciphersuite
// constants, cached generators, the domain, serialization helpers and the decoders for public
// keys and signatures. See bbs.h for the contract.

#include <array>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/bls12_381/curves.h"
#include "crypto/bls12_381/pairing.h"

namespace signet::proofs::bbs::internal {

using crypto::bls12_381::Fr;
using crypto::bls12_381::G1;
using crypto::bls12_381::G2;

using G1Table = crypto::bls12_381::FixedBaseTable<G1>;

// kTabledGenerators is how many generators (Q_1, H_1, ...) get a fixed-base table (~92 KB each).
inline constexpr size_t kTabledGenerators = 64;

// Generators is create_generators(count): points = (Q_1, H_1 .. H_{count-1}), their compressed
// encodings (used by calculate_domain) and, for the first kTabledGenerators, fixed-base tables.
struct Generators {
  std::vector<G1> points;
  std::vector<std::array<uint8_t, 48>> encoded;
  std::vector<std::shared_ptr<const G1Table>> tables;  // null past kTabledGenerators
};

// kP1Index names P1 in GeneratorCombination's `which` list.
inline constexpr size_t kP1Index = static_cast<size_t>(-1);

// GeneratorCombination returns sum scalars[k] * B_k where B_k is P1 (kP1Index) or
// gens.points[which[k]], using the fixed-base tables where there are some. `secret` selects
// constant-time code for secret scalars.
G1 GeneratorCombination(const Generators& gens, std::span<const size_t> which,
                        std::span<const Fr> scalars, bool secret);

// GetGenerators returns the first `count` generators from the process-wide cache (computed once,
// thread-safe). count must be <= kMaxMessages + 1.
Generators GetGenerators(size_t count);

// P1 is the ciphersuite's fixed base point.
const G1& P1();

// Dst returns api_id || suffix.
Bytes Dst(std::string_view suffix);

// CalculateDomain is calculate_domain(PK, Q_1, (H_1..H_L), header, api_id).
Result<Fr> CalculateDomain(ByteView pk, const Generators& gens, size_t l, ByteView header);

// Serialization helpers (draft Section 4.2.4 serialize).
void AppendU64(Bytes* out, uint64_t v);
void AppendScalar(Bytes* out, const Fr& s);
void AppendPoint(Bytes* out, const G1& p);

// PublicKey is a decoded public key W with its precomputed Miller-loop lines.
struct PublicKey {
  G2 w;
  std::shared_ptr<const crypto::bls12_381::G2Prepared> prepared;
};

// ParsePublicKey is octets_to_pubkey: a valid, non-identity G2 point. Valid keys are cached
// (a small process-wide map), since decoding and preparing a key costs a third of a pairing.
Result<PublicKey> ParsePublicKey(ByteView pk);

// MinusBp2Prepared is -BP2 (the negated G2 generator) with precomputed lines.
const crypto::bls12_381::G2Prepared& MinusBp2Prepared();

// Signature is a decoded (A, e).
struct Signature {
  G1 a;
  Fr e;
};
// ParseSignature is octets_to_signature (80 bytes, A valid and not the identity, 0 < e < r).
Result<Signature> ParseSignature(ByteView sig);

// ParseScalar decodes 32 bytes as a scalar; rejects values >= r and, if nonzero_required, zero.
Result<Fr> ParseScalar(ByteView in, bool nonzero_required);

// CheckInputs enforces the size limits on header / presentation header and messages.
Status CheckInputs(ByteView header, ByteView ph, std::span<const Bytes> messages);

// CheckIndexes verifies that indexes are strictly ascending and < l.
Status CheckIndexes(std::span<const size_t> indexes, size_t l);

// ComputeB returns P1 + Q_1 * domain + sum H_i * msg_i. `secret` selects the constant-time MSM
// (signing, proving) over the variable-time one (verification).
G1 ComputeB(const Generators& gens, const Fr& domain, std::span<const Fr> msgs, bool secret);

// ToLimbs converts a scalar for the curve routines.
inline crypto::bls12_381::ScalarLimbs ToLimbs(const Fr& s) { return s.ToCanonical(); }

// InvalidSignature / InvalidProof are the generic verification failures.
Error InvalidSignature();
Error InvalidProof();

}  // namespace signet::proofs::bbs::internal
