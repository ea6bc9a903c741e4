#pragma once

// Generators for Pedersen commitments and Bulletproofs, identical to dalek-cryptography's
// bulletproofs crate (PedersenGens::default and BulletproofGens::new):
//
//   B          = the ristretto255 basepoint
//   B_blinding = FromUniformBytes(SHA3-512(encode(B)))
//   G_j[i], H_j[i] = the i-th point of GeneratorsChain("G" || LE32(j)), resp. ("H" || LE32(j)),
//     where GeneratorsChain(label) reads SHAKE256("GeneratorsChain" || label) in 64-byte blocks
//     and maps each with ristretto255 FromUniformBytes (RFC 9496 §4.3.4).
//
// Both types keep precomputed tables of their points (about 12 KiB per point, 12 MiB for
// the default 64 x 8 generators; built once, in roughly 0.1-0.3 s) so proving and
// verifying never rebuild them. Both are immutable after construction and safe to share between
// threads.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "crypto/ristretto/precomputed.h"
#include "crypto/ristretto/ristretto.h"
#include "crypto/ristretto/scalar.h"

namespace signet::proofs::bulletproofs {

using crypto::ristretto::GeneratorTable;
using crypto::ristretto::Radix16Table;
using crypto::ristretto::RistrettoBytes;
using crypto::ristretto::RistrettoPoint;
using crypto::ristretto::Scalar;

// PedersenGens: the two bases of a Pedersen commitment Com(v, r) = v B + r B_blinding.
class PedersenGens {
 public:
  // PedersenGens() builds dalek's default pair (see the file comment).
  PedersenGens();

  const RistrettoPoint& B() const { return b_; }
  const RistrettoPoint& B_blinding() const { return b_blinding_; }

  // Commit returns value * B + blinding * B_blinding in constant time (both may be secret).
  RistrettoPoint Commit(const Scalar& value, const Scalar& blinding) const;

  // Precomputed tables: for variable-time equations (Naf) and secret scalars (Ct).
  const GeneratorTable& B_table() const { return tables_[0]; }
  const GeneratorTable& B_blinding_table() const { return tables_[1]; }
  const Radix16Table& B_ct() const { return ct_[0]; }
  const Radix16Table& B_blinding_ct() const { return ct_[1]; }

 private:
  RistrettoPoint b_;
  RistrettoPoint b_blinding_;
  std::vector<GeneratorTable> tables_;
  std::vector<Radix16Table> ct_;
};

// BulletproofGens: gens_capacity G and H generators for each of party_capacity parties.
class BulletproofGens {
 public:
  // Limits that keep generator tables bounded (dalek supports more; we need 64 x 8).
  static constexpr size_t kMaxGensCapacity = 64;
  static constexpr size_t kMaxPartyCapacity = 16;

  // Create derives the generators; fails on a zero or too-large capacity.
  static Result<BulletproofGens> Create(size_t gens_capacity, size_t party_capacity);

  size_t gens_capacity() const { return gens_capacity_; }
  size_t party_capacity() const { return party_capacity_; }

  // G / H return party j's i-th generator (i < gens_capacity, j < party_capacity).
  const RistrettoPoint& G(size_t j, size_t i) const { return g_[j * gens_capacity_ + i]; }
  const RistrettoPoint& H(size_t j, size_t i) const { return h_[j * gens_capacity_ + i]; }

  // Precomputed tables of G(j, i) and H(j, i) (see PedersenGens).
  const GeneratorTable& G_table(size_t j, size_t i) const {
    return g_table_[j * gens_capacity_ + i];
  }
  const GeneratorTable& H_table(size_t j, size_t i) const {
    return h_table_[j * gens_capacity_ + i];
  }
  const Radix16Table& G_ct(size_t j, size_t i) const { return g_ct_[j * gens_capacity_ + i]; }
  const Radix16Table& H_ct(size_t j, size_t i) const { return h_ct_[j * gens_capacity_ + i]; }

  // AggregatedTables appends the NAF tables of the first n G (then H, if `h`) generators of
  // parties 0..m-1, in dalek's aggregated order, to `out`.
  void AggregatedTables(size_t n, size_t m, bool h, std::vector<const GeneratorTable*>* out) const;

  // AggregatedG / AggregatedH return the first n generators of parties 0..m-1, concatenated
  // party by party (dalek's BulletproofGens::G(n, m)). Requires n <= gens_capacity and
  // m <= party_capacity.
  std::vector<RistrettoPoint> AggregatedG(size_t n, size_t m) const;
  std::vector<RistrettoPoint> AggregatedH(size_t n, size_t m) const;

 private:
  BulletproofGens(size_t gens_capacity, size_t party_capacity);

  size_t gens_capacity_;
  size_t party_capacity_;
  std::vector<RistrettoPoint> g_;  // party-major
  std::vector<RistrettoPoint> h_;
  std::vector<GeneratorTable> g_table_, h_table_;
  std::vector<Radix16Table> g_ct_, h_ct_;
};

// DefaultPedersenGens returns a shared PedersenGens (built once, thread-safe).
const PedersenGens& DefaultPedersenGens();
// DefaultBulletproofGens returns shared generators for 64-bit proofs and up to 8 parties.
const BulletproofGens& DefaultBulletproofGens();

}  // namespace signet::proofs::bulletproofs
