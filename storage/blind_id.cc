#include "storage/blind_id.h"

#include <algorithm>

#include "base/encoding.h"

namespace signet::storage {

Result<BlindId> BlindId::FromBytes(ByteView b) {
  if (b.size() != kSize) return InvalidArgument("blind id must be 32 bytes");
  Array a;
  std::copy(b.begin(), b.end(), a.begin());
  return BlindId(a);
}

Result<BlindId> BlindId::FromHex(std::string_view hex) {
  if (hex.size() != 2 * kSize) return InvalidArgument("blind id must be 64 hex digits");
  Result<Bytes> b = HexDecode(hex);
  if (!b) return InvalidArgument("blind id must be 64 hex digits");
  return FromBytes(*b);
}

std::string BlindId::Hex() const { return HexEncode(view()); }

std::string DigestHex(const BlobDigest& d) { return HexEncode(ByteView(d.data(), d.size())); }

Result<BlobDigest> DigestFromHex(std::string_view hex) {
  Result<BlindId> id = BlindId::FromHex(hex);
  if (!id) return InvalidArgument("digest must be 64 hex digits");
  return id->bytes();
}

}  // namespace signet::storage
