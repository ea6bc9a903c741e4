#include "base/encoding.h"

#include <array>

namespace signet {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kUrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kStdAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::array<int8_t, 256> ReverseTable(const char* alphabet) {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  return t;
}

std::string Encode64(ByteView b, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((b.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8) | b[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
  }
  const size_t rest = b.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{b[i]} << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

// Decode64 decodes unpadded input `s` with reverse table `t`; `what` names the encoding. Four
// characters make three bytes; a final group of 2 or 3 characters makes 1 or 2 bytes, and the
// bits it carries beyond them must be zero (one encoding per byte string).
Result<Bytes> Decode64(std::string_view s, const std::array<int8_t, 256>& t,
                       std::string_view what) {
  const size_t rest = s.size() % 4;
  if (rest == 1) return InvalidArgument(std::string(what) + ": invalid length");
  const auto invalid_at = [&](size_t from) -> Error {
    size_t i = from;
    while (t[static_cast<uint8_t>(s[i])] >= 0) ++i;
    return InvalidArgument(std::string(what) + ": invalid character at offset " +
                           std::to_string(i));
  };
  Bytes out(s.size() / 4 * 3 + (rest == 0 ? 0 : rest - 1));
  const size_t full = s.size() - rest;
  size_t o = 0;
  for (size_t i = 0; i < full; i += 4) {
    const int8_t a = t[static_cast<uint8_t>(s[i])], b = t[static_cast<uint8_t>(s[i + 1])],
                 c = t[static_cast<uint8_t>(s[i + 2])], d = t[static_cast<uint8_t>(s[i + 3])];
    if ((a | b | c | d) < 0) return invalid_at(i);
    const uint32_t v = (static_cast<uint32_t>(a) << 18) | (static_cast<uint32_t>(b) << 12) |
                       (static_cast<uint32_t>(c) << 6) | static_cast<uint32_t>(d);
    out[o++] = static_cast<uint8_t>(v >> 16);
    out[o++] = static_cast<uint8_t>(v >> 8);
    out[o++] = static_cast<uint8_t>(v);
  }
  if (rest != 0) {
    uint32_t v = 0;
    for (size_t i = full; i < s.size(); ++i) {
      const int8_t x = t[static_cast<uint8_t>(s[i])];
      if (x < 0) return invalid_at(full);
      v = (v << 6) | static_cast<uint32_t>(x);
    }
    const unsigned spare = rest == 2 ? 4 : 2;  // 12 bits carry 1 byte, 18 bits carry 2
    if ((v & ((1U << spare) - 1)) != 0) {
      return InvalidArgument(std::string(what) + ": non-canonical trailing bits");
    }
    v >>= spare;
    if (rest == 3) out[o++] = static_cast<uint8_t>(v >> 8);
    out[o++] = static_cast<uint8_t>(v);
  }
  return out;
}

}  // namespace

std::string HexEncode(ByteView b) {
  std::string out;
  out.reserve(b.size() * 2);
  for (uint8_t c : b) {
    out.push_back(kHexDigits[c >> 4]);
    out.push_back(kHexDigits[c & 15]);
  }
  return out;
}

Result<Bytes> HexDecode(std::string_view s) {
  if (s.size() % 2 != 0) return InvalidArgument("hex: odd length");
  Bytes out(s.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(s[2 * i]);
    const int lo = HexValue(s[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return InvalidArgument("hex: invalid character at offset " + std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return out;
}

std::string Base64UrlEncode(ByteView b) { return Encode64(b, kUrlAlphabet, false); }

Result<Bytes> Base64UrlDecode(std::string_view s) {
  static const auto kTable = ReverseTable(kUrlAlphabet);
  return Decode64(s, kTable, "base64url");
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

std::string Base64Encode(ByteView b) { return Encode64(b, kStdAlphabet, true); }

Result<Bytes> Base64Decode(std::string_view s) {
  static const auto kTable = ReverseTable(kStdAlphabet);
  if (s.size() % 4 != 0) return InvalidArgument("base64: invalid length");
  size_t pad = 0;
  while (pad < 2 && pad < s.size() && s[s.size() - 1 - pad] == '=') ++pad;
  return Decode64(s.substr(0, s.size() - pad), kTable, "base64");
}

}  // namespace signet
