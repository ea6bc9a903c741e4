#include "crypto/merlin.h"

#include <array>
#include <limits>

#include "base/check.h"

namespace signet::crypto {
namespace {

// Le32 encodes a length as 4 little-endian bytes (Merlin frames every operation with it).
std::array<uint8_t, 4> Le32(size_t n) {
  CHECK(n <= std::numeric_limits<uint32_t>::max()) << "Merlin: length exceeds u32";
  return {static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n >> 16),
          static_cast<uint8_t>(n >> 24)};
}

}  // namespace

MerlinTranscript::MerlinTranscript(ByteView label) : strobe_(AsBytes("Merlin v1.0")) {
  AppendMessage("dom-sep", label);
}

void MerlinTranscript::AppendMessage(std::string_view label, ByteView message) {
  const auto len = Le32(message.size());
  strobe_.MetaAd(AsBytes(label), false);
  strobe_.MetaAd(len, true);
  strobe_.Ad(message, false);
}

void MerlinTranscript::AppendU64(std::string_view label, uint64_t value) {
  uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(value >> (8 * i));
  AppendMessage(label, le);
}

void MerlinTranscript::ChallengeBytes(std::string_view label, std::span<uint8_t> out) {
  const auto len = Le32(out.size());
  strobe_.MetaAd(AsBytes(label), false);
  strobe_.MetaAd(len, true);
  strobe_.Prf(out, false);
}

}  // namespace signet::crypto
