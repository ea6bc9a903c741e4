#pragma once

// Byte buffers and views, and a bounds-checked reader for parsing untrusted input.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace signet {

// Bytes is an owned, growable byte buffer (not for secrets: see crypto::SecretBytes).
using Bytes = std::vector<uint8_t>;
// ByteView is a non-owning view of bytes.
using ByteView = std::span<const uint8_t>;

// AsBytes views the characters of `s` as bytes (no copy).
inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
// AsStringView views `b` as characters (no copy).
inline std::string_view AsStringView(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
// ToBytes copies `s` into a new buffer.
inline Bytes ToBytes(std::string_view s) { return {s.begin(), s.end()}; }
// ToString copies `b` into a new string.
inline std::string ToString(ByteView b) { return std::string(AsStringView(b)); }

// Append appends `b` to `out`.
inline void Append(Bytes* out, ByteView b) { out->insert(out->end(), b.begin(), b.end()); }

// ByteReader consumes bytes from a view, front to back, never past its end. Every read reports
// failure instead of reading out of bounds; callers finish with ExpectEnd() so trailing garbage
// is rejected. Modelled on BoringSSL's CBS.
class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return remaining() == 0; }

  // Read copies the next `n` bytes into `out`.
  bool Read(size_t n, ByteView* out);
  // ReadU8 / ReadU16BE / ReadU32BE / ReadU64BE read big-endian integers.
  bool ReadU8(uint8_t* out);
  bool ReadU16BE(uint16_t* out);
  bool ReadU32BE(uint32_t* out);
  bool ReadU64BE(uint64_t* out);
  // ReadU64LE reads a little-endian 64-bit integer.
  bool ReadU64LE(uint64_t* out);
  // ReadLengthPrefixed32 reads a big-endian u32 length, then that many bytes.
  bool ReadLengthPrefixed32(ByteView* out);
  // ExpectEnd is OK only if every byte was consumed.
  Status ExpectEnd(std::string_view what) const;

 private:
  ByteView data_;
  size_t pos_ = 0;
};

// Big- and little-endian appenders.
void AppendU16BE(Bytes* out, uint16_t v);
void AppendU32BE(Bytes* out, uint32_t v);
void AppendU64BE(Bytes* out, uint64_t v);
void AppendU64LE(Bytes* out, uint64_t v);

}  // namespace signet
