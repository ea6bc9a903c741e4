// Fuzz target: opening attacker-supplied sealed boxes (device ceremonies, key release) and
// AES-256-GCM envelopes. Neither may crash, and neither may accept what it did not seal.
#include <cstddef>
#include <cstdint>

#include "base/check.h"
#include "crypto/aead.h"
#include "crypto/sealed_box.h"
#include "crypto/x25519.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace signet;
  static const auto kRecipient = [] {
    crypto::SecretBytes scalar(32);
    for (size_t i = 0; i < 32; ++i) scalar.MutableData(crypto::SecretAccess::Get())[i] =
        static_cast<uint8_t>(i + 1);
    return std::move(crypto::X25519PrivateKey::FromBytes(scalar)).value();
  }();
  static const auto kAead = [] {
    crypto::SecretBytes key(32);
    return std::move(crypto::Aes256Gcm::Create(key)).value();
  }();
  const ByteView in(data, size);
  CHECK(!crypto::SealedBoxOpen(kRecipient, in, {})) << "forged sealed box accepted";
  CHECK(!kAead.Open(in, {})) << "forged AES-GCM envelope accepted";
  return 0;
}
