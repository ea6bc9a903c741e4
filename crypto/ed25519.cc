#include "crypto/ed25519.h"

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

Result<Ed25519PublicKey> Ed25519PublicKey::FromBytes(ByteView bytes) {
  InitSodium();
  if (bytes.size() != kSize || crypto_core_ed25519_is_valid_point(bytes.data()) != 1) {
    return InvalidArgument("ed25519: invalid public key");
  }
  std::array<uint8_t, kSize> b{};
  std::copy(bytes.begin(), bytes.end(), b.begin());
  return Ed25519PublicKey(b);
}

Status Ed25519PublicKey::Verify(ByteView message, ByteView signature) const {
  InitSodium();
  if (signature.size() != crypto_sign_ed25519_BYTES ||
      crypto_sign_ed25519_verify_detached(signature.data(), message.data(), message.size(),
                                          bytes_.data()) != 0) {
    return InvalidArgument("invalid signature");
  }
  return OkStatus();
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(const SecretBytes& seed) {
  static_assert(kSeedSize == crypto_sign_ed25519_SEEDBYTES);
  InitSodium();
  if (seed.size() != kSeedSize) return InvalidArgument("ed25519: seed must be 32 bytes");
  const SecretAccess access = SecretAccess::Get();
  SecretBytes expanded(crypto_sign_ed25519_SECRETKEYBYTES);
  std::array<uint8_t, Ed25519PublicKey::kSize> pk{};
  CHECK(crypto_sign_ed25519_seed_keypair(pk.data(), expanded.MutableData(access),
                                         seed.Reveal(access).data()) == 0);
  return Ed25519PrivateKey(std::move(expanded), Ed25519PublicKey(pk));
}

Ed25519PrivateKey Ed25519PrivateKey::Generate() {
  return FromSeed(RandomSecret(kSeedSize)).value();
}

Ed25519Signature Ed25519PrivateKey::Sign(ByteView message) const {
  Ed25519Signature sig{};
  CHECK(crypto_sign_ed25519_detached(sig.data(), nullptr, message.data(), message.size(),
                                     expanded_.Reveal(SecretAccess::Get()).data()) == 0);
  return sig;
}

SecretBytes Ed25519PrivateKey::ExportSeed(SecretAccess access) const {
  return SecretBytes::CopyFrom(expanded_.Reveal(access).first(kSeedSize));
}

}  // namespace signet::crypto
