#pragma once

// Keccak-f[1600] (FIPS 202 §3) and the two sponge functions Signet needs from it: SHA3-512 and
// the SHAKE256 extendable-output function (FIPS 202 §6). Written here because OpenSSL 3.0 does
// not expose the bare permutation, which STROBE/Merlin (crypto/strobe.h) are built on.
//
// Nothing here touches secrets in a data-dependent way: the permutation is a fixed sequence of
// word operations, so it is constant-time for any input.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.h"

namespace signet::crypto {

// KeccakState is the 1600-bit state as 25 64-bit lanes, lane (x, y) at index x + 5y. Lanes are
// little-endian when viewed as the 200-byte string the sponge absorbs into.
using KeccakState = std::array<uint64_t, 25>;

// KeccakF1600 applies the 24-round Keccak-f[1600] permutation to `state` in place.
void KeccakF1600(KeccakState& state);

// KeccakXorBytes xors `data` into the byte view of `state`, starting at byte `offset`.
// Requires offset + data.size() <= 200.
void KeccakXorBytes(KeccakState& state, size_t offset, ByteView data);
// KeccakGetByte / KeccakSetByte read or write byte `i` (< 200) of the byte view of `state`.
uint8_t KeccakGetByte(const KeccakState& state, size_t i);
void KeccakSetByte(KeccakState& state, size_t i, uint8_t value);

using Sha3_512Digest = std::array<uint8_t, 64>;

// Sha3_512 returns SHA3-512(data) (FIPS 202 §6.1).
Sha3_512Digest Sha3_512(ByteView data);

// Shake256 is the SHAKE256 XOF (FIPS 202 §6.2): Absorb any number of times, then Squeeze any
// number of times; the first Squeeze finalises absorption (Absorb after that is a programmer
// error and aborts). Not thread-safe; cheap to copy.
class Shake256 {
 public:
  Shake256() = default;

  // Absorb feeds `data` into the sponge.
  Shake256& Absorb(ByteView data);
  // Squeeze writes the next out.size() output bytes.
  void Squeeze(std::span<uint8_t> out);

 private:
  static constexpr size_t kRate = 136;

  KeccakState state_{};
  size_t pos_ = 0;
  bool squeezing_ = false;
};

}  // namespace signet::crypto
