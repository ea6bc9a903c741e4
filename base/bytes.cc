#include "base/bytes.h"

namespace signet {

bool ByteReader::Read(size_t n, ByteView* out) {
  if (n > remaining()) return false;
  *out = data_.subspan(pos_, n);
  pos_ += n;
  return true;
}

bool ByteReader::ReadU8(uint8_t* out) {
  if (remaining() < 1) return false;
  *out = data_[pos_++];
  return true;
}

bool ByteReader::ReadU16BE(uint16_t* out) {
  uint64_t v = 0;
  if (remaining() < 2) return false;
  for (int i = 0; i < 2; ++i) v = (v << 8) | data_[pos_++];
  *out = static_cast<uint16_t>(v);
  return true;
}

bool ByteReader::ReadU32BE(uint32_t* out) {
  uint64_t v = 0;
  if (remaining() < 4) return false;
  for (int i = 0; i < 4; ++i) v = (v << 8) | data_[pos_++];
  *out = static_cast<uint32_t>(v);
  return true;
}

bool ByteReader::ReadU64BE(uint64_t* out) {
  uint64_t v = 0;
  if (remaining() < 8) return false;
  for (int i = 0; i < 8; ++i) v = (v << 8) | data_[pos_++];
  *out = v;
  return true;
}

bool ByteReader::ReadU64LE(uint64_t* out) {
  uint64_t v = 0;
  if (remaining() < 8) return false;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(data_[pos_++]) << (8 * i);
  *out = v;
  return true;
}

bool ByteReader::ReadLengthPrefixed32(ByteView* out) {
  const size_t saved = pos_;
  uint32_t n = 0;
  if (!ReadU32BE(&n) || !Read(n, out)) {
    pos_ = saved;
    return false;
  }
  return true;
}

Status ByteReader::ExpectEnd(std::string_view what) const {
  if (remaining() != 0) {
    return InvalidArgument(std::string(what) + ": " + std::to_string(remaining()) +
                           " unexpected trailing bytes");
  }
  return OkStatus();
}

void AppendU16BE(Bytes* out, uint16_t v) {
  out->push_back(static_cast<uint8_t>(v >> 8));
  out->push_back(static_cast<uint8_t>(v));
}

void AppendU32BE(Bytes* out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<uint8_t>(v >> s));
}

void AppendU64BE(Bytes* out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out->push_back(static_cast<uint8_t>(v >> s));
}

void AppendU64LE(Bytes* out, uint64_t v) {
  for (int s = 0; s < 64; s += 8) out->push_back(static_cast<uint8_t>(v >> s));
}

}  // namespace signet
