#pragma once

// The transcript protocol of dalek's bulletproofs (src/transcript.rs) on a Merlin transcript:
// the labels and framing below are part of the proof format; changing any of them breaks
// compatibility with dalek.
//
//   RangeProofDomainSep(n, m): append("dom-sep", "rangeproof v1"), u64("n", n), u64("m", m)
//   InnerProductDomainSep(n):  append("dom-sep", "ipp v1"), u64("n", n)
//   AppendPoint / AppendScalar: append(label, 32-byte encoding)
//   ValidateAndAppendPoint: as AppendPoint, but the identity encoding (32 zero bytes) is an error
//   ChallengeScalar(label): 64 challenge bytes reduced mod l

#include <functional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "crypto/merlin.h"
#include "crypto/ristretto/ristretto.h"
#include "crypto/ristretto/scalar.h"

namespace signet::proofs::bulletproofs {

using crypto::MerlinTranscript;

// RangeProofDomainSep / InnerProductDomainSep and the Append/Challenge helpers implement the
// table in the file comment, one function per row.
void RangeProofDomainSep(MerlinTranscript& t, uint64_t n, uint64_t m);
void InnerProductDomainSep(MerlinTranscript& t, uint64_t n);
void AppendPoint(MerlinTranscript& t, std::string_view label,
                 const crypto::ristretto::RistrettoBytes& point);
void AppendScalar(MerlinTranscript& t, std::string_view label,
                  const crypto::ristretto::Scalar& scalar);
Status ValidateAndAppendPoint(MerlinTranscript& t, std::string_view label,
                              const crypto::ristretto::RistrettoBytes& point);
crypto::ristretto::Scalar ChallengeScalar(MerlinTranscript& t, std::string_view label);

// RandomSource fills a buffer with uniformly random bytes. Provers and verifiers take one so
// tests can inject a deterministic source; OsRandomSource (the default) is the OS CSPRNG.
using RandomSource = std::function<void(std::span<uint8_t>)>;
const RandomSource& OsRandomSource();
// RandomScalar draws 64 random bytes and reduces them mod l (dalek's Scalar::random).
crypto::ristretto::Scalar RandomScalar(const RandomSource& rng);

// InvalidProof is the single error every verification failure returns.
Error InvalidProof();

}  // namespace signet::proofs::bulletproofs
