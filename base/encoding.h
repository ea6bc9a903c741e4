#pragma once

// Text encodings of bytes: lowercase hex and base64url (RFC 4648 §5, unpadded). Decoders are
// strict: they reject padding, whitespace, characters outside the alphabet and non-canonical
// trailing bits, because the same bytes must always have exactly one accepted encoding (token
// formats compare encoded strings).

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace signet {

// HexEncode renders `b` as lowercase hex.
std::string HexEncode(ByteView b);
// HexDecode parses hex (either case); odd length or a non-hex character is an error.
Result<Bytes> HexDecode(std::string_view s);

// Base64UrlEncode renders `b` as unpadded base64url.
std::string Base64UrlEncode(ByteView b);
// Base64UrlDecode parses unpadded base64url; anything else is an error.
Result<Bytes> Base64UrlDecode(std::string_view s);

// IsValidUtf8 reports whether `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// Base64Encode renders `b` as standard, padded base64 (RFC 4648 §4).
std::string Base64Encode(ByteView b);
// Base64Decode parses standard padded base64 strictly.
Result<Bytes> Base64Decode(std::string_view s);

}  // namespace signet
