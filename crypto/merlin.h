#pragma once

// MerlinTranscript: Merlin transcripts for Fiat-Shamir (https://merlin.cool), byte-compatible
// with dalek-cryptography/merlin 1.x-3.x and gtank/merlin. A transcript is a STROBE-128 duplex
// labelled "Merlin v1.0"; every operation is framed by its label and a little-endian u32 length:
//
//   append_message(label, m) = meta_AD(label) meta_AD(LE32(|m|), more) AD(m)
//   challenge_bytes(label, n) = meta_AD(label) meta_AD(LE32(n), more) PRF(n)
//
// Not thread-safe. Copying forks the transcript (both copies continue independently).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/bytes.h"
#include "crypto/strobe.h"

namespace signet::crypto {

class MerlinTranscript {
 public:
  // MerlinTranscript starts a transcript and appends ("dom-sep", label).
  explicit MerlinTranscript(ByteView label);
  explicit MerlinTranscript(std::string_view label) : MerlinTranscript(AsBytes(label)) {}

  // AppendMessage absorbs `message` under `label`. Messages longer than 2^32 - 1 bytes are a
  // programmer error (abort).
  void AppendMessage(std::string_view label, ByteView message);
  // AppendU64 absorbs `value` as 8 little-endian bytes under `label`.
  void AppendU64(std::string_view label, uint64_t value);
  // ChallengeBytes fills `out` with challenge bytes bound to everything absorbed so far.
  void ChallengeBytes(std::string_view label, std::span<uint8_t> out);

 private:
  Strobe128 strobe_;
};

}  // namespace signet::crypto
