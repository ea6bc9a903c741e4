#include "proofs/bulletproofs/transcript.h"

#include <array>

#include "crypto/random.h"
#include "crypto/secret_bytes.h"

namespace signet::proofs::bulletproofs {

using crypto::ristretto::RistrettoBytes;
using crypto::ristretto::Scalar;

void RangeProofDomainSep(MerlinTranscript& t, uint64_t n, uint64_t m) {
  t.AppendMessage("dom-sep", AsBytes("rangeproof v1"));
  t.AppendU64("n", n);
  t.AppendU64("m", m);
}

void InnerProductDomainSep(MerlinTranscript& t, uint64_t n) {
  t.AppendMessage("dom-sep", AsBytes("ipp v1"));
  t.AppendU64("n", n);
}

void AppendPoint(MerlinTranscript& t, std::string_view label, const RistrettoBytes& point) {
  t.AppendMessage(label, point);
}

void AppendScalar(MerlinTranscript& t, std::string_view label, const Scalar& scalar) {
  t.AppendMessage(label, scalar.ToBytes());
}

Status ValidateAndAppendPoint(MerlinTranscript& t, std::string_view label,
                              const RistrettoBytes& point) {
  uint8_t acc = 0;
  for (uint8_t b : point) acc |= b;
  if (acc == 0) return InvalidProof();
  AppendPoint(t, label, point);
  return OkStatus();
}

Scalar ChallengeScalar(MerlinTranscript& t, std::string_view label) {
  std::array<uint8_t, 64> buf;
  t.ChallengeBytes(label, buf);
  return Scalar::FromBytesModOrderWide(buf);
}

const RandomSource& OsRandomSource() {
  static const RandomSource* source =
      new RandomSource([](std::span<uint8_t> out) { crypto::FillRandom(out); });
  return *source;
}

Scalar RandomScalar(const RandomSource& rng) {
  std::array<uint8_t, 64> buf;
  rng(buf);
  const Scalar s = Scalar::FromBytesModOrderWide(buf);
  crypto::SecureWipe(buf.data(), buf.size());
  return s;
}

Error InvalidProof() { return InvalidArgument("invalid proof"); }

}  // namespace signet::proofs::bulletproofs
