#include "crypto/strobe.h"

#include "base/check.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {
namespace {

constexpr uint8_t kRate = 166;  // 200 - 2 * (128 / 8) - 2 (STROBE §4, security level 128)

constexpr uint8_t kFlagI = 1 << 0;
constexpr uint8_t kFlagA = 1 << 1;
constexpr uint8_t kFlagC = 1 << 2;
constexpr uint8_t kFlagT = 1 << 3;
constexpr uint8_t kFlagM = 1 << 4;
constexpr uint8_t kFlagK = 1 << 5;

}  // namespace

Strobe128::Strobe128(ByteView protocol_label) {
  // Initial block: [1, R + 2, 1, 0, 1, 12 * 8] || "STROBEv1.0.2", then F (STROBE §5.1).
  const uint8_t header[6] = {1, kRate + 2, 1, 0, 1, 96};
  KeccakXorBytes(state_, 0, header);
  KeccakXorBytes(state_, 6, AsBytes("STROBEv1.0.2"));
  KeccakF1600(state_);
  MetaAd(protocol_label, false);
}

Strobe128::~Strobe128() { SecureWipe(state_.data(), sizeof(state_)); }

void Strobe128::MetaAd(ByteView data, bool more) {
  BeginOp(kFlagM | kFlagA, more);
  Absorb(data);
}

void Strobe128::Ad(ByteView data, bool more) {
  BeginOp(kFlagA, more);
  Absorb(data);
}

void Strobe128::Prf(std::span<uint8_t> out, bool more) {
  BeginOp(kFlagI | kFlagA | kFlagC, more);
  Squeeze(out);
}

void Strobe128::Key(ByteView key, bool more) {
  BeginOp(kFlagA | kFlagC, more);
  Overwrite(key);
}

void Strobe128::BeginOp(uint8_t flags, bool more) {
  if (more) {
    CHECK(cur_flags_ == flags) << "STROBE: continued operation with different flags";
    return;
  }
  CHECK((flags & kFlagT) == 0) << "STROBE: transport operations are not supported";
  const uint8_t old_begin = pos_begin_;
  pos_begin_ = static_cast<uint8_t>(pos_ + 1);
  cur_flags_ = flags;
  const uint8_t frame[2] = {old_begin, flags};
  Absorb(frame);
  // Operations with C or K must start on a fresh block (STROBE §6.3 "forceF").
  if ((flags & (kFlagC | kFlagK)) != 0 && pos_ != 0) RunF();
}

void Strobe128::Absorb(ByteView data) {
  for (uint8_t byte : data) {
    KeccakXorBytes(state_, pos_, ByteView(&byte, 1));
    if (++pos_ == kRate) RunF();
  }
}

void Strobe128::Overwrite(ByteView data) {
  for (uint8_t byte : data) {
    KeccakSetByte(state_, pos_, byte);
    if (++pos_ == kRate) RunF();
  }
}

void Strobe128::Squeeze(std::span<uint8_t> out) {
  for (uint8_t& byte : out) {
    byte = KeccakGetByte(state_, pos_);
    KeccakSetByte(state_, pos_, 0);
    if (++pos_ == kRate) RunF();
  }
}

void Strobe128::RunF() {
  const uint8_t begin = pos_begin_, pad = 0x04, last = 0x80;
  KeccakXorBytes(state_, pos_, ByteView(&begin, 1));
  KeccakXorBytes(state_, pos_ + 1, ByteView(&pad, 1));
  KeccakXorBytes(state_, kRate + 1, ByteView(&last, 1));
  KeccakF1600(state_);
  pos_ = 0;
  pos_begin_ = 0;
}

}  // namespace signet::crypto
