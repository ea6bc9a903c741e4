#include "proofs/bulletproofs/predicate.h"

#include <algorithm>
#include <array>
#include <vector>

#include "crypto/merlin.h"
#include "crypto/ristretto/precomputed.h"
#include "crypto/secret_bytes.h"
#include "proofs/bulletproofs/range_proof.h"

namespace signet::proofs::bulletproofs {
namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kBits = 64;
constexpr std::string_view kTranscriptLabel = "signet/bulletproofs/predicate v1";

bool IsKnownKind(uint8_t k) { return k >= 1 && k <= 3; }

// Aggregation size of the range proof behind a predicate kind.
size_t PartiesFor(PredicateKind kind) { return kind == PredicateKind::kBetween ? 2 : 1; }

// Encoded header size (version + kind + bounds) and range proof size for a kind.
size_t HeaderSize(PredicateKind kind) { return kind == PredicateKind::kBetween ? 18 : 10; }
size_t RangeProofSize(PredicateKind kind) {
  return kind == PredicateKind::kBetween ? 32 * (9 + 2 * 7) : 32 * (9 + 2 * 6);
}

Status CheckContext(ByteView domain, ByteView nonce) {
  if (domain.empty() || domain.size() > kMaxDomainSize) {
    return InvalidArgument("predicate proof: domain must be 1..256 bytes");
  }
  if (nonce.size() < kMinNonceSize || nonce.size() > kMaxNonceSize) {
    return InvalidArgument("predicate proof: nonce must be 16..256 bytes");
  }
  return OkStatus();
}

MerlinTranscript BoundTranscript(const Predicate& p, const RistrettoBytes& commitment,
                                 ByteView domain, ByteView nonce) {
  MerlinTranscript t(kTranscriptLabel);
  t.AppendMessage("domain", domain);
  t.AppendMessage("nonce", nonce);
  t.AppendMessage("predicate", p.Encode());
  t.AppendMessage("commitment", commitment);
  return t;
}

// TimesB returns x * B for a public x.
RistrettoPoint TimesB(uint64_t x) {
  const Scalar s[1] = {Scalar::FromU64(x)};
  const crypto::ristretto::GeneratorTable* b[1] = {&DefaultPedersenGens().B_table()};
  return crypto::ristretto::VartimeMultiscalarMulMixed(s, b, {}, {});
}

// OffsetCommitments returns C - aB and/or bB - C, in the order the proof covers them.
Result<std::vector<RistrettoBytes>> OffsetCommitments(const Predicate& p,
                                                      const RistrettoBytes& commitment) {
  auto c = RistrettoPoint::Decode(commitment);
  if (!c) return InvalidProof();
  std::vector<RistrettoBytes> out;
  if (p.kind != PredicateKind::kAtMost) out.push_back((*c - TimesB(p.lower)).Encode());
  if (p.kind != PredicateKind::kAtLeast) out.push_back((TimesB(p.upper) - *c).Encode());
  return out;
}

uint64_t ReadU64Le(ByteView b) {
  uint64_t v = 0;
  for (size_t i = 8; i-- > 0;) v = (v << 8) | b[i];
  return v;
}

struct ParsedProof {
  Predicate predicate;
  RangeProof proof;
};

Result<ParsedProof> Parse(ByteView bytes) {
  if (bytes.size() < 2 || bytes[0] != kVersion || !IsKnownKind(bytes[1])) return InvalidProof();
  ParsedProof out;
  out.predicate.kind = static_cast<PredicateKind>(bytes[1]);
  const size_t header = HeaderSize(out.predicate.kind);
  if (bytes.size() != header + RangeProofSize(out.predicate.kind)) return InvalidProof();
  const uint64_t first = ReadU64Le(bytes.subspan(2, 8));
  switch (out.predicate.kind) {
    case PredicateKind::kAtLeast:
      out.predicate.lower = first;
      break;
    case PredicateKind::kAtMost:
      out.predicate.upper = first;
      break;
    case PredicateKind::kBetween:
      out.predicate.lower = first;
      out.predicate.upper = ReadU64Le(bytes.subspan(10, 8));
      break;
  }
  if (!out.predicate.IsValid()) return InvalidProof();
  auto proof = RangeProof::FromBytes(bytes.subspan(header));
  if (!proof) return InvalidProof();
  out.proof = std::move(*proof);
  return out;
}

}  // namespace

bool Predicate::IsValid() const {
  switch (kind) {
    case PredicateKind::kAtLeast:
      return upper == 0;
    case PredicateKind::kAtMost:
      return lower == 0;
    case PredicateKind::kBetween:
      return lower <= upper;
  }
  return false;
}

bool Predicate::Holds(uint64_t value) const {
  switch (kind) {
    case PredicateKind::kAtLeast:
      return value >= lower;
    case PredicateKind::kAtMost:
      return value <= upper;
    case PredicateKind::kBetween:
      return lower <= value && value <= upper;
  }
  return false;
}

Bytes Predicate::Encode() const {
  Bytes out = {static_cast<uint8_t>(kind)};
  AppendU64LE(&out, kind == PredicateKind::kAtMost ? upper : lower);
  if (kind == PredicateKind::kBetween) AppendU64LE(&out, upper);
  return out;
}

std::string Predicate::ToString() const {
  switch (kind) {
    case PredicateKind::kAtLeast:
      return "value >= " + std::to_string(lower);
    case PredicateKind::kAtMost:
      return "value <= " + std::to_string(upper);
    case PredicateKind::kBetween:
      return std::to_string(lower) + " <= value <= " + std::to_string(upper);
  }
  return "invalid predicate";
}

void CommitmentOpening::Wipe() {
  crypto::SecureWipe(&value, sizeof(value));
  blinding.Wipe();
}

crypto::SecretBytes CommitmentOpening::Serialize() const {
  crypto::SecretBytes out(kSerializedSize);
  uint8_t* p = out.MutableData(crypto::SecretAccess::Get());
  for (size_t i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(value >> (8 * i));
  std::array<uint8_t, 32> b = blinding.ToBytes();
  std::copy(b.begin(), b.end(), p + 8);
  crypto::SecureWipe(b.data(), b.size());
  return out;
}

Result<CommitmentOpening> CommitmentOpening::Parse(ByteView bytes) {
  if (bytes.size() != kSerializedSize) return InvalidArgument("invalid commitment opening");
  auto blinding = Scalar::FromCanonicalBytes(bytes.subspan(8));
  if (!blinding) return InvalidArgument("invalid commitment opening");
  CommitmentOpening out(ReadU64Le(bytes.first(8)), *blinding);
  blinding->Wipe();
  return out;
}

IssuedCommitment CommitToValue(uint64_t value, const RandomSource& rng) {
  IssuedCommitment out;
  out.opening = CommitmentOpening(value, RandomScalar(rng));
  out.commitment = CommitmentFor(out.opening);
  return out;
}

RistrettoBytes CommitmentFor(const CommitmentOpening& opening) {
  Scalar v = Scalar::FromU64(opening.value);
  const RistrettoBytes c = DefaultPedersenGens().Commit(v, opening.blinding).Encode();
  v.Wipe();
  return c;
}

Result<Bytes> ProvePredicate(const Predicate& predicate, const CommitmentOpening& opening,
                             ByteView domain, ByteView nonce, const RandomSource& rng) {
  if (!predicate.IsValid()) return InvalidArgument("predicate proof: invalid predicate");
  if (Status s = CheckContext(domain, nonce); !s) return s.error();
  if (!predicate.Holds(opening.value)) {
    return InvalidArgument("predicate proof: the value does not satisfy the predicate");
  }
  const size_t m = PartiesFor(predicate.kind);
  uint64_t values[2] = {};
  crypto::ristretto::SecretScalars blindings(m);
  size_t j = 0;
  if (predicate.kind != PredicateKind::kAtMost) {
    values[j] = opening.value - predicate.lower;
    blindings[j++] = opening.blinding;
  }
  if (predicate.kind != PredicateKind::kAtLeast) {
    values[j] = predicate.upper - opening.value;
    blindings[j++] = -opening.blinding;
  }
  MerlinTranscript t = BoundTranscript(predicate, CommitmentFor(opening), domain, nonce);
  auto out = RangeProof::Prove(DefaultBulletproofGens(), DefaultPedersenGens(), t,
                               std::span<const uint64_t>(values, m), blindings.span(), kBits, rng);
  crypto::SecureWipe(values, sizeof(values));
  if (!out) return std::move(out).error();
  Bytes bytes = {kVersion};
  Append(&bytes, predicate.Encode());
  Append(&bytes, out->proof.ToBytes());
  return bytes;
}

Result<Predicate> VerifyPredicate(const RistrettoBytes& commitment, ByteView domain, ByteView nonce,
                                  ByteView proof) {
  if (!CheckContext(domain, nonce)) return InvalidProof();
  auto parsed = Parse(proof);
  if (!parsed) return std::move(parsed).error();
  auto offsets = OffsetCommitments(parsed->predicate, commitment);
  if (!offsets) return std::move(offsets).error();
  MerlinTranscript t = BoundTranscript(parsed->predicate, commitment, domain, nonce);
  if (!parsed->proof.Verify(DefaultBulletproofGens(), DefaultPedersenGens(), t, *offsets, kBits)) {
    return InvalidProof();
  }
  return parsed->predicate;
}

Status VerifyExpectedPredicate(const Predicate& expected, const RistrettoBytes& commitment,
                               ByteView domain, ByteView nonce, ByteView proof) {
  auto proven = VerifyPredicate(commitment, domain, nonce, proof);
  if (!proven) return std::move(proven).error();
  if (!(*proven == expected)) return InvalidProof();
  return OkStatus();
}

}  // namespace signet::proofs::bulletproofs
