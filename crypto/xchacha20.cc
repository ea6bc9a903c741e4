#include "crypto/xchacha20.h"

#include <sodium.h>

#include "base/check.h"

namespace signet::crypto {

Status XChaCha20Xor(ByteView key, ByteView nonce, ByteView in, std::span<uint8_t> out) {
  static_assert(kXChaCha20KeySize == crypto_stream_xchacha20_KEYBYTES);
  static_assert(kXChaCha20NonceSize == crypto_stream_xchacha20_NONCEBYTES);
  if (key.size() != kXChaCha20KeySize) return InvalidArgument("xchacha20: key must be 32 bytes");
  if (nonce.size() != kXChaCha20NonceSize) {
    return InvalidArgument("xchacha20: nonce must be 24 bytes");
  }
  if (out.size() != in.size()) return InvalidArgument("xchacha20: output size mismatch");
  CHECK(sodium_init() >= 0) << "libsodium initialisation failed";
  CHECK(crypto_stream_xchacha20_xor(out.data(), in.data(), in.size(), nonce.data(), key.data()) ==
        0);
  return OkStatus();
}

}  // namespace signet::crypto
