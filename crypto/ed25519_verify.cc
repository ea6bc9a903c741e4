#include "crypto/ed25519_verify.h"

#include <sodium.h>

#include "base/check.h"

namespace signet::crypto {

Status Ed25519VerifyEncodedKey(ByteView public_key, ByteView message, ByteView signature) {
  static const bool kReady = sodium_init() >= 0;
  CHECK(kReady) << "libsodium initialisation failed";
  if (public_key.size() != crypto_sign_ed25519_PUBLICKEYBYTES ||
      signature.size() != crypto_sign_ed25519_BYTES ||
      crypto_sign_ed25519_verify_detached(signature.data(), message.data(), message.size(),
                                          public_key.data()) != 0) {
    return InvalidArgument("invalid signature");
  }
  return OkStatus();
}

}  // namespace signet::crypto
