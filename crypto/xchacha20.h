#pragma once

// The XChaCha20 stream cipher (draft-irtf-cfrg-xchacha §2.3: HChaCha20 subkey + ChaCha20 with a
// 24-byte nonce), unauthenticated, through libsodium's crypto_stream_xchacha20_xor. It is only a
// building block: PASETO v4.local (credentials/paseto.h) authenticates it with BLAKE2b-MAC.

#include <cstddef>
#include <span>

#include "base/bytes.h"
#include "base/result.h"

namespace signet::crypto {

inline constexpr size_t kXChaCha20KeySize = 32;
inline constexpr size_t kXChaCha20NonceSize = 24;

// XChaCha20Xor XORs `in` with the keystream for (`key`, `nonce`) starting at block 0 and writes
// the result to `out` (same size as `in`; `out` may alias `in`). InvalidArgument on a wrong key,
// nonce or output size.
Status XChaCha20Xor(ByteView key, ByteView nonce, ByteView in, std::span<uint8_t> out);

}  // namespace signet::crypto
