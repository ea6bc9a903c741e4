#include "crypto/x25519.h"

#include <sodium.h>

#include <algorithm>

#include "base/check.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

// InitSodium runs sodium_init once (it is idempotent and thread-safe).
void InitSodium() {
  static const bool kReady = sodium_init() >= 0;
  CHECK(kReady) << "libsodium initialisation failed";
}

}  // namespace

Result<X25519PublicKey> X25519PublicKey::FromBytes(ByteView bytes) {
  if (bytes.size() != kSize) return InvalidArgument("x25519: public key must be 32 bytes");
  std::array<uint8_t, kSize> b{};
  std::copy(bytes.begin(), bytes.end(), b.begin());
  return X25519PublicKey(b);
}

Result<X25519PrivateKey> X25519PrivateKey::FromBytes(const SecretBytes& scalar) {
  static_assert(kSize == crypto_scalarmult_curve25519_SCALARBYTES);
  InitSodium();
  if (scalar.size() != kSize) return InvalidArgument("x25519: private key must be 32 bytes");
  std::array<uint8_t, X25519PublicKey::kSize> pk{};
  // Fails only for a scalar that clamps to zero, which clamping makes impossible.
  CHECK(crypto_scalarmult_curve25519_base(pk.data(), scalar.Reveal(SecretAccess::Get()).data()) ==
        0);
  return X25519PrivateKey(scalar.Clone(SecretAccess::Get()), X25519PublicKey(pk));
}

X25519PrivateKey X25519PrivateKey::Generate() { return FromBytes(RandomSecret(kSize)).value(); }

Result<SecretBytes> X25519PrivateKey::SharedSecret(const X25519PublicKey& peer) const {
  InitSodium();
  const SecretAccess access = SecretAccess::Get();
  SecretBytes shared(crypto_scalarmult_curve25519_BYTES);
  // libsodium returns -1 when the output is all zero (RFC 7748 §6.1's check).
  if (crypto_scalarmult_curve25519(shared.MutableData(access), scalar_.Reveal(access).data(),
                                   peer.bytes().data()) != 0) {
    return InvalidArgument("x25519: invalid public key");
  }
  return shared;
}

}  // namespace signet::crypto
