#pragma once

// Strobe128: the subset of the STROBE v1.0.2 protocol framework (Keccak-f[1600], 128-bit security,
// rate 166 bytes) that Merlin transcripts use: meta-AD, AD and PRF operations, plus KEY for
// completeness. See https://strobe.sourceforge.io/specs/ (§6 operations) and the Merlin
// specification (merlin.cool, "STROBE-lite"). Directional flags (T) and the transport operations
// are deliberately absent.
//
// Not thread-safe. Copyable (a copy forks the protocol state). The state may hold secret-derived
// bytes (after KEY), so it is wiped on destruction.

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.h"
#include "crypto/keccak.h"

namespace signet::crypto {

class Strobe128 {
 public:
  // Strobe128 initialises the duplex with `protocol_label` absorbed as meta-AD (STROBE §5.1).
  explicit Strobe128(ByteView protocol_label);
  Strobe128(const Strobe128&) = default;
  Strobe128& operator=(const Strobe128&) = default;
  ~Strobe128();

  // MetaAd absorbs framing data (flags M|A). With `more`, continues the previous MetaAd.
  void MetaAd(ByteView data, bool more);
  // Ad absorbs associated data (flag A). With `more`, continues the previous Ad.
  void Ad(ByteView data, bool more);
  // Prf squeezes out.size() pseudorandom bytes (flags I|A|C).
  void Prf(std::span<uint8_t> out, bool more);
  // Key overwrites the state with key material (flags A|C).
  void Key(ByteView key, bool more);

 private:
  // BeginOp starts an operation with `flags`, or checks that a continued one matches.
  void BeginOp(uint8_t flags, bool more);
  void Absorb(ByteView data);
  void Overwrite(ByteView data);
  void Squeeze(std::span<uint8_t> out);
  void RunF();

  KeccakState state_{};
  uint8_t pos_ = 0;
  uint8_t pos_begin_ = 0;
  uint8_t cur_flags_ = 0;
};

}  // namespace signet::crypto
