#include "proofs/bulletproofs/generators.h"

#include <array>

#include "base/check.h"
#include "crypto/keccak.h"
#include "crypto/ristretto/precomputed.h"

namespace signet::proofs::bulletproofs {
namespace {

// GeneratorsChain appends the first `count` points of dalek's GeneratorsChain(label).
void AppendChain(ByteView label, size_t count, std::vector<RistrettoPoint>* out) {
  crypto::Shake256 shake;
  shake.Absorb(AsBytes("GeneratorsChain")).Absorb(label);
  std::array<uint8_t, 64> block;
  for (size_t i = 0; i < count; ++i) {
    shake.Squeeze(block);
    out->push_back(RistrettoPoint::FromUniformBytes(block));
  }
}

}  // namespace

PedersenGens::PedersenGens() : b_(RistrettoPoint::Basepoint()) {
  const RistrettoBytes encoded = b_.Encode();
  b_blinding_ = RistrettoPoint::FromUniformBytes(crypto::Sha3_512(encoded));
  const RistrettoPoint both[2] = {b_, b_blinding_};
  tables_ = GeneratorTable::BuildMany(both);
  ct_ = Radix16Table::BuildMany(both);
}

RistrettoPoint PedersenGens::Commit(const Scalar& value, const Scalar& blinding) const {
  Scalar scalars[2] = {value, blinding};
  const Radix16Table* tables[2] = {&ct_[0], &ct_[1]};
  RistrettoPoint c = crypto::ristretto::MultiscalarMulPrecomputed(scalars, tables);
  for (Scalar& s : scalars) s.Wipe();
  return c;
}

BulletproofGens::BulletproofGens(size_t gens_capacity, size_t party_capacity)
    : gens_capacity_(gens_capacity), party_capacity_(party_capacity) {
  g_.reserve(gens_capacity * party_capacity);
  h_.reserve(gens_capacity * party_capacity);
  for (size_t j = 0; j < party_capacity; ++j) {
    std::array<uint8_t, 5> label = {'G', static_cast<uint8_t>(j), static_cast<uint8_t>(j >> 8),
                                    static_cast<uint8_t>(j >> 16), static_cast<uint8_t>(j >> 24)};
    AppendChain(label, gens_capacity, &g_);
    label[0] = 'H';
    AppendChain(label, gens_capacity, &h_);
  }
  g_table_ = GeneratorTable::BuildMany(g_);
  h_table_ = GeneratorTable::BuildMany(h_);
  g_ct_ = Radix16Table::BuildMany(g_);
  h_ct_ = Radix16Table::BuildMany(h_);
}

void BulletproofGens::AggregatedTables(size_t n, size_t m, bool h,
                                       std::vector<const GeneratorTable*>* out) const {
  CHECK(n <= gens_capacity_ && m <= party_capacity_);
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < n; ++i) out->push_back(h ? &H_table(j, i) : &G_table(j, i));
  }
}

Result<BulletproofGens> BulletproofGens::Create(size_t gens_capacity, size_t party_capacity) {
  if (gens_capacity == 0 || gens_capacity > kMaxGensCapacity || party_capacity == 0 ||
      party_capacity > kMaxPartyCapacity) {
    return InvalidArgument("bulletproof generator capacity out of range");
  }
  return BulletproofGens(gens_capacity, party_capacity);
}

std::vector<RistrettoPoint> BulletproofGens::AggregatedG(size_t n, size_t m) const {
  CHECK(n <= gens_capacity_ && m <= party_capacity_);
  std::vector<RistrettoPoint> out;
  out.reserve(n * m);
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < n; ++i) out.push_back(G(j, i));
  }
  return out;
}

std::vector<RistrettoPoint> BulletproofGens::AggregatedH(size_t n, size_t m) const {
  CHECK(n <= gens_capacity_ && m <= party_capacity_);
  std::vector<RistrettoPoint> out;
  out.reserve(n * m);
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < n; ++i) out.push_back(H(j, i));
  }
  return out;
}

const PedersenGens& DefaultPedersenGens() {
  static const PedersenGens* gens = new PedersenGens();
  return *gens;
}

const BulletproofGens& DefaultBulletproofGens() {
  static const BulletproofGens* gens = new BulletproofGens(BulletproofGens::Create(64, 8).value());
  return *gens;
}

}  // namespace signet::proofs::bulletproofs
