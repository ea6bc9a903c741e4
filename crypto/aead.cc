#include "crypto/aead.h"

#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "base/check.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

// Fetched once: the fetched cipher is immutable and thread-safe.
const EVP_CIPHER* Cipher() {
  static const EVP_CIPHER* const kCipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  CHECK(kCipher != nullptr) << "OpenSSL AES-256-GCM unavailable";
  return kCipher;
}

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

Error DecryptionFailed() { return DataLoss("decryption failed"); }

Status CheckSizes(size_t nonce, size_t text, size_t aad) {
  static_assert(Aes256Gcm::kMaxPlaintextSize < INT_MAX && Aes256Gcm::kMaxAadSize < INT_MAX);
  if (nonce == 0 || nonce > Aes256Gcm::kMaxExplicitNonceSize) {
    return InvalidArgument("aes-256-gcm: nonce must be 1..128 bytes");
  }
  if (text > Aes256Gcm::kMaxPlaintextSize) {
    return TooLarge("aes-256-gcm: plaintext exceeds 64 MiB");
  }
  if (aad > Aes256Gcm::kMaxAadSize) return TooLarge("aes-256-gcm: associated data exceeds 1 MiB");
  return OkStatus();
}

// NewContext returns a context keyed for encryption or decryption with `nonce` as the IV, with
// `aad` already absorbed. Null on an OpenSSL failure.
CtxPtr NewContext(ByteView key, ByteView nonce, ByteView aad, bool encrypt) {
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return nullptr;
  auto init = encrypt ? EVP_EncryptInit_ex2 : EVP_DecryptInit_ex2;
  if (nonce.size() == Aes256Gcm::kNonceSize) {
    // The default IV length: one init call (the provider round trip dominates small messages).
    if (init(ctx.get(), Cipher(), key.data(), nonce.data(), nullptr) != 1) return nullptr;
  } else {
    size_t iv_len = nonce.size();
    OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t("ivlen", &iv_len), OSSL_PARAM_END};
    if (init(ctx.get(), Cipher(), nullptr, nullptr, params) != 1 ||
        init(ctx.get(), nullptr, key.data(), nonce.data(), nullptr) != 1) {
      return nullptr;
    }
  }
  int len = 0;
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  if (!aad.empty() &&
      update(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1) {
    return nullptr;
  }
  return ctx;
}

// SealInto writes ciphertext || tag (plaintext.size() + 16 bytes) to `out`. False on an OpenSSL
// failure. Sizes were checked by the caller.
bool SealInto(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad, uint8_t* out) {
  CtxPtr ctx = NewContext(key, nonce, aad, /*encrypt=*/true);
  if (!ctx) return false;
  int len = 0;
  if (!plaintext.empty() && (EVP_EncryptUpdate(ctx.get(), out, &len, plaintext.data(),
                                               static_cast<int>(plaintext.size())) != 1 ||
                             static_cast<size_t>(len) != plaintext.size())) {
    return false;
  }
  uint8_t* tag = out + plaintext.size();
  return EVP_EncryptFinal_ex(ctx.get(), tag, &len) == 1 && len == 0 &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, Aes256Gcm::kTagSize, tag) == 1;
}

}  // namespace

Result<Aes256Gcm> Aes256Gcm::Create(const SecretBytes& key) {
  if (key.size() != kKeySize) return InvalidArgument("aes-256-gcm: key must be 32 bytes");
  return Aes256Gcm(key.Clone(SecretAccess::Get()));
}

Result<Bytes> Aes256Gcm::SealWithNonce(ByteView nonce, ByteView plaintext, ByteView aad) const {
  if (Status s = CheckSizes(nonce.size(), plaintext.size(), aad.size()); !s) {
    return std::move(s).error();
  }
  Bytes out(plaintext.size() + kTagSize);
  if (!SealInto(key_.Reveal(SecretAccess::Get()), nonce, plaintext, aad, out.data())) {
    return Internal("aes-256-gcm: seal failed");
  }
  return out;
}

Result<SecretBytes> Aes256Gcm::OpenWithNonce(ByteView nonce, ByteView ciphertext_and_tag,
                                             ByteView aad) const {
  if (ciphertext_and_tag.size() < kTagSize) return DecryptionFailed();
  const size_t text_size = ciphertext_and_tag.size() - kTagSize;
  if (Status s = CheckSizes(nonce.size(), text_size, aad.size()); !s) return std::move(s).error();
  CtxPtr ctx = NewContext(key_.Reveal(SecretAccess::Get()), nonce, aad, /*encrypt=*/false);
  if (!ctx) return Internal("aes-256-gcm: open failed");
  SecretBytes out(text_size);
  uint8_t* dst = out.MutableData(SecretAccess::Get());
  int len = 0;
  if (text_size > 0 && EVP_DecryptUpdate(ctx.get(), dst, &len, ciphertext_and_tag.data(),
                                         static_cast<int>(text_size)) != 1) {
    return DecryptionFailed();
  }
  // OpenSSL takes a non-const pointer for the expected tag but only reads it.
  auto* tag = const_cast<uint8_t*>(ciphertext_and_tag.data() + text_size);
  uint8_t unused[16];
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), unused, &len) != 1) {
    return DecryptionFailed();  // `out` is wiped by its destructor
  }
  return out;
}

Result<Bytes> Aes256Gcm::Seal(ByteView plaintext, ByteView aad) const {
  if (Status s = CheckSizes(kNonceSize, plaintext.size(), aad.size()); !s) {
    return std::move(s).error();
  }
  Bytes out(kNonceSize + plaintext.size() + kTagSize);
  FillRandom(std::span<uint8_t>(out.data(), kNonceSize));
  const ByteView nonce(out.data(), kNonceSize);
  if (!SealInto(key_.Reveal(SecretAccess::Get()), nonce, plaintext, aad, out.data() + kNonceSize)) {
    return Internal("aes-256-gcm: seal failed");
  }
  return out;
}

Result<SecretBytes> Aes256Gcm::Open(ByteView sealed, ByteView aad) const {
  if (sealed.size() < kOverhead) return DecryptionFailed();
  return OpenWithNonce(sealed.first(kNonceSize), sealed.subspan(kNonceSize), aad);
}

}  // namespace signet::crypto
