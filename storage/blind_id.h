#pragma once

// BlindId: the only address a storage backend ever sees. It is 32 opaque bytes (in Signet an
// HMAC-SHA256 of a label under the vault's addressing key, ARCHITECTURE.md §3), so a backend
// learns neither the label, the tenant nor which records belong together (invariant 1).

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace signet::storage {

// BlindId is a strong 32-byte identifier. Value type; comparable; hashable; hex for display.
class BlindId {
 public:
  static constexpr size_t kSize = 32;
  using Array = std::array<uint8_t, kSize>;

  // The all-zero id (valid, but callers normally derive ids).
  BlindId() : bytes_{} {}
  explicit BlindId(const Array& bytes) : bytes_(bytes) {}

  // FromBytes copies exactly 32 bytes; any other length is kInvalidArgument.
  static Result<BlindId> FromBytes(ByteView b);
  // FromHex parses 64 hex digits.
  static Result<BlindId> FromHex(std::string_view hex);

  const Array& bytes() const { return bytes_; }
  ByteView view() const { return {bytes_.data(), bytes_.size()}; }
  // Hex renders the id as 64 lowercase hex digits (not secret: it is what the server stores).
  std::string Hex() const;

  friend bool operator==(const BlindId&, const BlindId&) = default;
  // clang-tidy 14 misreads the defaulted <=> as a 0 literal (modernize-use-nullptr).
  friend auto operator<=>(const BlindId&,
                          const BlindId&) = default;  // NOLINT(modernize-use-nullptr)

 private:
  Array bytes_;
};

// BlobDigest is the SHA-256 of a blob's bytes: its content address.
using BlobDigest = std::array<uint8_t, 32>;

// DigestHex renders a digest as 64 lowercase hex digits.
std::string DigestHex(const BlobDigest& d);
// DigestFromHex parses 64 hex digits into a digest.
Result<BlobDigest> DigestFromHex(std::string_view hex);

}  // namespace signet::storage

template <>
struct std::hash<signet::storage::BlindId> {
  size_t operator()(const signet::storage::BlindId& id) const noexcept {
    size_t h = 0;
    for (size_t i = 0; i < sizeof(size_t); ++i) h = (h << 8) | id.bytes()[i];
    return h;
  }
};
